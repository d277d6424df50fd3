"""Exceptions of the feeds package; each also subclasses the builtin callers already catch."""


class FeedError(Exception):
    """Root of the errors raised on purpose by :mod:`feeds`."""


class FeedFormatError(FeedError, ValueError):
    """A feed or gauge file was read but is not in a format this package understands."""
