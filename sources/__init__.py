"""Every hazard source the app reads, opened into the one hazard model, and the ``hazard-sample`` job.

:mod:`hazards` reads rasters, 国土数値情報 vectors and tile sets; :mod:`plateau_import` reads
PLATEAU CityGML. The two are independent siblings, so the code that opens *any* source —
PLATEAU included — lives here, one layer above both (see ``[tool.importlinter]``).
"""

from sources.open import open_source

__all__ = ["open_source"]
