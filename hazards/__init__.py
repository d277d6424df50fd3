"""Hazard maps (no Qt): one hazard model over rasters, 国土数値情報 vectors, PNG tile sets and PLATEAU areas.

* :mod:`hazards.ranks` — standard depth ranks and colours, the detailed 8-band variant,
  duration ranks, landslide colours; colour and label decoding.
* :mod:`hazards.model` — :class:`~hazards.model.HazardSource` (``info`` + ``sample``) and the rank codes.
* Readers: :mod:`hazards.raster` (GeoTIFF / rasterio), :mod:`hazards.ksj` (A31 / A31a / A31b / A33),
  :mod:`hazards.xyz` and :mod:`hazards.svgmap` (tiles, via :mod:`hazards.tiles`),
  :mod:`hazards.plateau` (the PLATEAU importer's ``hazard_areas`` table); :mod:`hazards.sources`
  detects the format. Kind and scenario from names: :mod:`hazards.naming`; grid squares: :mod:`hazards.mesh`.
* Queries: ``sample`` (points), :func:`hazards.exposure.line_exposure` (routes),
  :meth:`hazards.areas.HazardAreas.intersecting` (areas). Legends: :mod:`hazards.legend`.
"""
