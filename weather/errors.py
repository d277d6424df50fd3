"""Exceptions of the weather package.

Every error raised on purpose derives from :class:`WeatherError` and also from the builtin a
caller already catches (``ValueError`` for bad content), as rasterio's
``RasterioIOError(RasterioError, OSError)`` does. Messages are bilingual (through
:func:`i18n.t`) and say what was given and what was expected.
"""

from __future__ import annotations


class WeatherError(Exception):
    """Root of the errors raised on purpose by :mod:`weather`."""


class MalformedInputError(WeatherError, ValueError):
    """The content cannot be read: truncated or broken JSON/XML, an HTML error page, empty."""


class UnsafeXMLError(MalformedInputError):
    """The XML declares a DTD or entities (XXE, billion laughs); refused without expanding them."""


class UnsupportedInputError(WeatherError, ValueError):
    """The content is readable but is not an input of the asking command (e.g. ``area.json``).

    ``kind`` names what the content is (a :class:`weather.detect.Kind` value), so a folder walk
    can skip it quietly instead of reporting it as an error.
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class AreaTableError(WeatherError, ValueError):
    """A file given as JMA's area table (``area.json``) is not one."""
