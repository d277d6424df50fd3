"""Errors of the alerts package. Each also subclasses the builtin a caller would already catch."""

from __future__ import annotations


class AlertsError(Exception):
    """Root of every error the alerts package raises on purpose."""


class IssuedFormatError(AlertsError, ValueError):
    """An issued-levels CSV (``area,level,info,time``) that cannot be read."""


class ScenarioError(AlertsError, ValueError):
    """A drill scenario file that cannot be read or refers to something unusable."""
