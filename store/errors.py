"""Errors of the project store."""


class StoreError(Exception):
    """Root of the project store's errors."""


class StoreLockedError(StoreError, PermissionError):
    """Another Nigezero already has this project open for writing."""


class StoreVersionError(StoreError, ValueError):
    """The file was written by a newer Nigezero with migrations this one does not know."""
