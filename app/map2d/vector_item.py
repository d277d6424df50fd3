"""Draws a :class:`~layers.vector.VectorLayer`: polygons, lines or point markers.

Per frame: the spatial index picks the features in view; features smaller than
:data:`LOD_PIXELS` on screen are drawn as 2 × 2-pixel dots at their anchor (level of detail:
at city extent 150,000 buildings are stamped into one image with numpy, about ten times
faster than ``QPainter.drawPoints``); the rest become one ``QPainterPath`` per colour built
from numpy (:mod:`app.map2d.qt_arrays`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen

from app.map2d.base_item import MapItem
from app.map2d.qt_arrays import path_from_rings, polygon_from_points
from app.map2d.viewport import Viewport
from layers.geometry import FeatureArrays
from layers.vector import VectorLayer

LOD_PIXELS = 3.0
"""Features whose bounds are smaller than this many pixels are drawn as dots."""
OUTLINE_PIXELS = 8.0
"""Polygons get the style's outline only when their median size on screen exceeds this (else
the outline would hide the fill colour that carries the meaning)."""
SMALL_DARKER = 135
"""Smaller polygons and LOD dots are edged or drawn in their colour darkened by this factor
(``QColor.darker``), so a building keeps its hue yet stands out on a flood area of the
same colour."""
ANTIALIAS_VERTICES = 200_000
"""Above this many vertices in view, shapes are drawn without antialiasing (speed)."""


def _vertex_indices(offsets: np.ndarray, rings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the vertices of ``rings`` (in order) and where each ring starts among them."""
    starts = offsets[rings]
    counts = offsets[rings + 1] - starts
    ring_starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    index = np.repeat(starts - ring_starts, counts) + np.arange(counts.sum())
    return index, ring_starts


class VectorItem(MapItem):
    layer: VectorLayer

    def world_bounds(self) -> tuple[float, float, float, float] | None:
        return self.layer.arrays(self.crs).total_bounds

    def draw(self, painter: QPainter, view: Viewport) -> None:
        arrays = self.layer.arrays(self.crs)
        features = arrays.in_box(*view.box)
        if features.size == 0:
            return
        all_codes = self.layer.class_codes()
        codes = all_codes[features]
        colors = [QColor(*c) for c in self.layer.style.colors]
        if self.layer.geometry_type == "point":
            self._draw_markers(painter, view, arrays.anchors[features], codes, colors)
            return
        bounds = arrays.bounds[features]
        size_px = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) / view.scale
        small = size_px < LOD_PIXELS
        self._draw_dots(painter, view, arrays.anchors[features[small]], codes[small], colors)
        if not small.all():
            median_px = float(np.median(size_px[~small]))
            self._draw_shapes(painter, view, arrays, features[~small], all_codes, colors, median_px)

    def _draw_dots(self, painter: QPainter, view: Viewport, anchors: np.ndarray, codes: np.ndarray, colors: list[QColor]) -> None:
        if anchors.size == 0:
            return
        ratio = painter.device().devicePixelRatioF()
        height, width = round(view.height * ratio), round(view.width * ratio)
        sx, sy = view.to_screen(anchors[:, 0], anchors[:, 1])
        col = np.floor(sx * ratio).astype(np.int64)
        row = np.floor(sy * ratio).astype(np.int64)
        premultiplied = np.array([colors[c].darker(SMALL_DARKER).rgba() for c in range(len(colors))], dtype=np.uint32)
        pixels = np.zeros((height + 1, width + 1), dtype=np.uint32)  # one spare row/column for the 2 × 2 stamp
        inside = (col >= 0) & (col < width) & (row >= 0) & (row < height)
        col, row, value = col[inside], row[inside], premultiplied[codes[inside]]
        for dr, dc in ((0, 0), (0, 1), (1, 0), (1, 1)):
            pixels[row + dr, col + dc] = value
        dots = QImage(pixels.data, width + 1, height + 1, (width + 1) * 4, QImage.Format.Format_ARGB32)
        dots.setDevicePixelRatio(ratio)
        painter.drawImage(QPointF(0, 0), dots)

    def _draw_shapes(
        self,
        painter: QPainter,
        view: Viewport,
        arrays: FeatureArrays,
        features: np.ndarray,
        all_codes: np.ndarray,
        colors: list[QColor],
        median_px: float,
    ) -> None:
        style = self.layer.style
        rings = arrays.rings_of(features)
        ring_codes = all_codes[arrays.ring_feature[rings]]
        is_polygon = self.layer.geometry_type == "polygon"
        outline = None
        if is_polygon and style.stroke is not None and median_px > OUTLINE_PIXELS:
            outline = QPen(QColor(*style.stroke), style.stroke_width)
        antialias = arrays.ring_offsets[rings + 1].sum() - arrays.ring_offsets[rings].sum() < ANTIALIAS_VERTICES
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(antialias))
        for code in np.unique(ring_codes):
            index, ring_starts = _vertex_indices(arrays.ring_offsets, rings[ring_codes == code])
            sx, sy = view.to_screen(arrays.coords[index, 0], arrays.coords[index, 1])
            path = path_from_rings(sx, sy, ring_starts)
            if is_polygon:
                edge = outline
                if edge is None and style.stroke is not None:
                    edge = QPen(colors[code].darker(SMALL_DARKER), 1.0)
                painter.setPen(edge or Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(colors[code]))
            else:
                pen = QPen(colors[code], style.stroke_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)

    def _draw_markers(self, painter: QPainter, view: Viewport, anchors: np.ndarray, codes: np.ndarray, colors: list[QColor]) -> None:
        style = self.layer.style
        sx, sy = view.to_screen(anchors[:, 0], anchors[:, 1])
        cap = Qt.PenCapStyle.SquareCap if style.marker == "square" else Qt.PenCapStyle.RoundCap
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if style.stroke is not None:
            painter.setPen(QPen(QColor(*style.stroke), style.point_size + 2 * style.stroke_width, Qt.PenStyle.SolidLine, cap))
            painter.drawPoints(polygon_from_points(sx, sy))
        for code in np.unique(codes):
            pick = codes == code
            painter.setPen(QPen(colors[code], style.point_size, Qt.PenStyle.SolidLine, cap))
            painter.drawPoints(polygon_from_points(sx[pick], sy[pick]))
