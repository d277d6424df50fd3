"""Errors of the layer model. Each also subclasses the builtin callers already catch."""


class LayerError(Exception):
    """Root of the errors the layer model raises on purpose."""


class LayerValueError(LayerError, ValueError):
    """A layer property was given a value outside what it allows (the message says both)."""


class LayerDataError(LayerError, ValueError):
    """A layer cannot be built from the data given (e.g. no CRS, wrong array shape)."""
