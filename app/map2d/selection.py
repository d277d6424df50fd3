"""The identified feature, outlined over the map (drawn on the GUI thread: a few vertices).

A selection is a layer, the feature's row position (None for a raster cell) and the world point
that was asked about. It is drawn every paint from the layer's cached arrays, so it follows pans
at once and costs nothing to clear.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from app.map2d.qt_arrays import path_from_rings
from app.map2d.viewport import Viewport
from layers.base import Layer
from layers.vector import VectorLayer

HALO = QColor(255, 255, 255, 230)
INK = QColor(0, 170, 255)
"""A cyan no hazard colour uses, so the outline reads on every flood rank."""


@dataclass(frozen=True)
class Selection:
    """What is selected: ``feature`` of ``layer`` (row position; None for a raster cell) found
    at world ``point`` (easting, northing in the view CRS)."""

    layer: Layer
    feature: int | None
    point: tuple[float, float]


def draw_selection(painter: QPainter, view: Viewport, crs: str, selection: Selection) -> None:
    """Outline the selected feature (white halo, cyan line), or ring the point of a raster cell."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    layer = selection.layer
    if isinstance(layer, VectorLayer) and selection.feature is not None and layer.geometry_type != "point":
        arrays = layer.arrays(crs)
        rings = arrays.rings_of(np.array([selection.feature]))
        starts, ends = arrays.ring_offsets[rings], arrays.ring_offsets[rings + 1]
        index = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
        ring_starts = np.concatenate([[0], np.cumsum(ends - starts)[:-1]])
        sx, sy = view.to_screen(arrays.coords[index, 0], arrays.coords[index, 1])
        path = path_from_rings(sx, sy, ring_starts)
        for pen in (QPen(HALO, 6), QPen(INK, 3)):
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPath(path)
    else:
        x, y = selection.point
        if isinstance(layer, VectorLayer) and selection.feature is not None:
            x, y = layer.arrays(crs).anchors[selection.feature]
        sx, sy = view.to_screen(x, y)
        radius = (layer.style.point_size / 2 + 6) if isinstance(layer, VectorLayer) else 9
        for pen in (QPen(HALO, 6), QPen(INK, 3)):
            painter.setPen(pen)
            painter.drawEllipse(QPointF(float(sx), float(sy)), radius, radius)
    painter.restore()
