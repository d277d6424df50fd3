"""Exceptions of the PLATEAU importer.

Every error the importer raises on purpose derives from :class:`PlateauError` and also from
the builtin a caller would already catch (``ValueError`` for bad content), in the manner of
rasterio's ``RasterioIOError(RasterioError, OSError)``. Unreadable files raise ``OSError`` as is.
Messages are bilingual (Japanese first) and say what was given and what was expected.
"""

from __future__ import annotations


class PlateauError(Exception):
    """Root of the errors raised by :mod:`plateau_import`."""


class NotCityGMLError(PlateauError, ValueError):
    """The content is not a CityGML document (wrong root element, not XML, empty)."""


class UnsupportedVersionError(PlateauError, ValueError):
    """The document is CityGML, but of a version this importer does not read (CityGML 3.0)."""


class MalformedXMLError(PlateauError, ValueError):
    """The XML is broken: truncated, not well-formed, or carries a DTD with entities."""


class UnsafeXMLError(MalformedXMLError):
    """The XML declares a DTD or entities (XXE, billion laughs); refused without expanding them."""
