"""The layer model (no Qt): layers, their styles and legends, and the project that orders them.

Views (the 2D Qt map, the 3D deck.gl view, exports) read these models and subscribe to
their psygnal events; nothing here knows how it is drawn.
"""

from layers.base import Color, Extent, Layer, LayerEvents, LegendEntry
from layers.errors import LayerDataError, LayerError, LayerValueError
from layers.project import Project
from layers.raster import RasterLayer
from layers.styles import ColorClass, Palette, RangeClass, VectorStyle
from layers.vector import VectorLayer

__all__ = [
    "Color",
    "ColorClass",
    "Extent",
    "Layer",
    "LayerDataError",
    "LayerError",
    "LayerEvents",
    "LayerValueError",
    "LegendEntry",
    "Palette",
    "Project",
    "RangeClass",
    "RasterLayer",
    "VectorLayer",
    "VectorStyle",
]
