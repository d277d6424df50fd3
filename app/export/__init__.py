"""Exports of the 2D map: the view as a PNG, and print-ready A4/A3 images with legend and 出典."""
