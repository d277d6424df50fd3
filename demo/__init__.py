"""Synthetic demo data in real formats, set in Yamaguchi City (clearly labelled synthetic)."""
