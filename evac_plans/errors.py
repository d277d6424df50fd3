"""Exceptions of the evac_plans package; each also subclasses the builtin callers already catch."""


class EvacPlansError(Exception):
    """Root of the errors raised on purpose by :mod:`evac_plans`."""


class ShelterFormatError(EvacPlansError, ValueError):
    """A file was read but is not GSI shelter data (CSV or GeoJSON) this package understands."""


class RosterFormatError(EvacPlansError, ValueError):
    """A roster (residents) file was read but cannot be used as one."""


class RosterMappingError(RosterFormatError):
    """A column mapping that names unknown fields or cannot be read."""
