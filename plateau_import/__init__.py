"""PLATEAU CityGML importer: every spec year 2020–2025, every hazard package, streaming.

Pure domain code (no Qt). Public API::

    from plateau_import import read_plateau, PlateauData, summarize
    data = read_plateau(paths, feedback, cache_dir=None, workers=None)

See :mod:`plateau_import.frames` for the tables and :mod:`plateau_import.summary` for the
``plateau-summary`` record.
"""

from plateau_import.data import PlateauData, read_plateau
from plateau_import.errors import (
    MalformedXMLError,
    NotCityGMLError,
    PlateauError,
    UnsafeXMLError,
    UnsupportedVersionError,
)
from plateau_import.summary import summarize

__all__ = [
    "MalformedXMLError",
    "NotCityGMLError",
    "PlateauData",
    "PlateauError",
    "UnsafeXMLError",
    "UnsupportedVersionError",
    "read_plateau",
    "summarize",
]
