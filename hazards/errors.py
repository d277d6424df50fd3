"""Exceptions of the hazards package.

Every error the package raises on purpose derives from :class:`HazardError`; each also
subclasses the builtin a caller would already catch (``OSError`` for unreadable files,
``ValueError`` for content that is not what a hazard source must be).
"""


class HazardError(Exception):
    """Root of the errors raised on purpose by :mod:`hazards`."""


class HazardReadError(HazardError, OSError):
    """A hazard source could not be opened or read."""


class HazardFormatError(HazardError, ValueError):
    """A hazard source was read but its content is not a usable hazard layer."""
