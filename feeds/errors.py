"""Exceptions of the feeds package; each also subclasses the builtin callers already catch."""


class FeedError(Exception):
    """Root of the errors raised on purpose by :mod:`feeds`."""


class FeedFormatError(FeedError, ValueError):
    """A feed or gauge file was read but is not in a format this package understands."""


class NotAFeedError(FeedError, ValueError):
    """A file that is no river-level feed at all (a README, a lookup table): skipped in folders."""
