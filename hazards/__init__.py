"""Hazard maps: standard depth ranks and colours, hazard rasters and point queries (no Qt)."""
