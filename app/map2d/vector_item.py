"""Draws a :class:`~layers.vector.VectorLayer`: polygons, lines or point markers.

Per frame: the layer's grid index (:mod:`layers.grid_index`) picks the features in view;
features smaller than :data:`LOD_PIXELS` on screen are drawn as squares of their size at their
anchor (level of detail: at city extent 150,000 buildings are stamped into one image with
numpy, about ten times faster than ``QPainter.drawPoints``); the rest are drawn as paths of
about :data:`FEATURES_PER_PATH` features of one colour, built from numpy in one pass
(:mod:`app.map2d.qt_arrays`), antialiased only when zoomed in closer than
:data:`ANTIALIAS_SCALE` (Qt's antialiased fill costs ~8 µs per polygon: 27 ms for a
district's 3,600 buildings, 4 ms without). The choice depends on the scale alone, so a strip
drawn after a pan matches the rest.

Where a district's time goes (3,600 footprints of ~40 px, 1600 × 1000, ``bench/bench_render2d.py``):
fill ~4 ms and the 1 px outline ~4 ms, both inside Qt's raster engine and growing with the
spans and outline pixels drawn (one ``drawPolygon`` per footprint or Pillow's polygon fill were
slower; two threads gain nothing, PySide6 holding the interpreter lock through each call), path
building ~1.5 ms, query and ordering ~1 ms. So a whole view of many features is split at a row:
the render thread paints above it, the paint helper process below (:meth:`VectorItem.draw_full`),
each part as a strip after a pan is painted. The outline stays: without it a building on a
flood area of its own rank vanishes into it.
"""

from __future__ import annotations

import itertools
import time
from functools import cached_property

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen

from app.map2d import paint_helper
from app.map2d.base_item import MapItem, StripViewport, clear, device_size
from app.map2d.qt_arrays import paths_from_rings, polygon_from_points
from app.map2d.viewport import Viewport
from layers.geometry import FeatureArrays
from layers.vector import VectorLayer

LOD_PIXELS = 5.0
"""Features whose bounds are smaller than this many pixels are drawn as 2 or 3 px squares (by
size): below this an outline and shape carry nothing a square does not."""
OUTLINE_PIXELS = 8.0
"""Polygons get the style's outline only when their median size on screen exceeds this (else
the outline would hide the fill colour that carries the meaning)."""
SMALL_DARKER = 135
"""Smaller polygons and LOD dots are edged or drawn in their colour darkened by this factor
(``QColor.darker``), so a building keeps its hue yet stands out on a flood area of the
same colour."""
FEATURES_PER_PATH = 8
"""Shapes are drawn in paths of about this many features (see :func:`_rings_in_paths`). Qt's
scanline fill sorts the edge crossings of a path on every scanline, so thousands of
footprints in one path per colour fill in 2.5 times the time they take in paths of 16
spread over the view (3,600 footprints of ~40 px: 10.9 ms against 4 ms). Paths of 8 draw a
half of that district in 5.5 ms against 5.7 ms with 16 (the whole in 12.9 against 13.1);
paths of 4 cost more in calls than they save."""
ANTIALIAS_SCALE = 0.3
"""Polygons are antialiased at this many metres per pixel or closer (about 1:1,100: a few
hundred buildings in view); lines up to ten times farther out (a stroke is cheaper than a fill)."""
SPLIT_FEATURES = 2_500
"""A whole view with at least this many features is painted on two cores
(:mod:`app.map2d.paint_helper`): a district's 3,600 buildings take 12 ms on one. Below it the
hand-off (~1 ms) would eat most of the gain, and small projects never start the helper."""
_COPY_KEYS = itertools.count()


def _vertex_indices(offsets: np.ndarray, rings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the vertices of ``rings`` (in order) and where each ring starts among them."""
    starts = offsets[rings]
    counts = offsets[rings + 1] - starts
    ring_starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    index = np.repeat(starts - ring_starts, counts) + np.arange(counts.sum())
    return index, ring_starts


def _rings_in_paths(
    first_rings: np.ndarray, features: np.ndarray, codes: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rings of ``features`` (colour ``codes``, centres at northing ``y``) in drawing order,
    where each path begins among them, and each path's colour code.

    A path holds features of one colour (colours in code order, so a higher class is drawn on
    top), about :data:`FEATURES_PER_PATH` of them, every k-th of that colour from south to north:
    its features spread over the view and seldom share a scanline. A feature's rings stay in one
    path, so its holes stay open. ``first_rings[f]`` is feature ``f``'s first ring (and
    ``first_rings[f + 1]`` the end of its rings).
    """
    starts, ends = first_rings[features], first_rings[features + 1]
    drawn = ends > starts  # empty geometries draw nothing
    order = np.lexsort((y[drawn], codes[drawn]))
    codes, starts, ends = codes[drawn][order], starts[drawn][order], ends[drawn][order]
    per_code = np.bincount(codes)
    rank = np.arange(len(codes)) - (np.cumsum(per_code) - per_code)[codes]
    path = rank % -(-per_code // FEATURES_PER_PATH)[codes]
    by_path = np.lexsort((rank, path, codes))
    codes, path, starts, ends = codes[by_path], path[by_path], starts[by_path], ends[by_path]
    new_path = np.ones(len(codes), dtype=bool)
    new_path[1:] = (codes[1:] != codes[:-1]) | (path[1:] != path[:-1])
    counts = ends - starts
    ring_at = np.cumsum(counts) - counts
    rings = np.repeat(starts - ring_at, counts) + np.arange(counts.sum())
    return rings, ring_at[new_path], codes[new_path]


class VectorItem(MapItem):
    layer: VectorLayer
    _first_rings_of: tuple[FeatureArrays, np.ndarray] | None = None
    _in_view = 0
    """Features the last whole-view draw painted (whether the next one is worth splitting)."""

    @cached_property
    def _split(self) -> paint_helper.SplitBalance:
        return paint_helper.SplitBalance()

    @cached_property
    def _copy_key(self) -> int:
        """This drawer's name for its layer copy in the paint helper."""
        return next(_COPY_KEYS)

    def _first_rings(self, arrays: FeatureArrays) -> np.ndarray:
        """Per feature its first ring in ``arrays``, and the ring count at the end; kept with
        the arrays it was made for (found per frame, by two binary searches over every ring's
        feature, they cost ~0.7 ms of a district's frame)."""
        if self._first_rings_of is None or self._first_rings_of[0] is not arrays:
            self._first_rings_of = (arrays, np.searchsorted(arrays.ring_feature, np.arange(len(arrays) + 1)))
        return self._first_rings_of[1]

    def _overhang(self, view: Viewport) -> float:
        """How far (world units) a feature's symbol may reach past its bounds: a feature this
        near the view, or a part of it, is drawn there."""
        style = self.layer.style
        return max(LOD_PIXELS, style.point_size + 2 * style.stroke_width, style.stroke_width) * view.scale

    def features_in(self, view: Viewport) -> np.ndarray:
        """Indices of the features to draw for ``view`` (those whose symbols reach into it)."""
        margin = self._overhang(view)
        x0, y0, x1, y1 = view.box
        return self.layer.arrays(self.crs).in_box(x0 - margin, y0 - margin, x1 + margin, y1 + margin)

    def draw(self, painter: QPainter, view: Viewport) -> None:
        self.draw_part(painter, view, None)

    def draw_full(self, painter: QPainter, view: Viewport) -> None:
        """Paint the whole view: the lower part in the paint helper process while this thread
        paints the upper part, when the last whole view held at least :data:`SPLIT_FEATURES`
        features and the helper is free; else all here, on one core."""
        helper = paint_helper.shared() if self._in_view >= SPLIT_FEATURES else None
        ratio = painter.device().devicePixelRatioF()
        top = self._split.row(view, ratio)
        job = helper and helper.begin(self._copy_key, self._layer_copy, view, ratio, top)
        if job is None:
            clear(painter, QRectF(0, 0, view.width, view.height))
            self._in_view = self.draw_part(painter, view, None)
            return
        try:
            started = time.perf_counter()
            clear(painter, job.upper)  # the lower part is replaced whole by the helper's pixels
            mine = self.draw_part(painter, view, job.upper)
            my_ms = (time.perf_counter() - started) * 1000
        finally:
            theirs = job.finish(painter)
        if theirs is None:
            clear(painter, job.lower)
            self._in_view = mine + self.draw_part(painter, view, job.lower)
        else:
            self._split.update(my_ms, theirs.ms)
            self._in_view = mine + theirs.features

    def draw_part(self, painter: QPainter, view: Viewport, rect: QRectF | None) -> int:
        """Paint the part ``rect`` of ``view`` (None: all of it), as a strip after a pan is
        painted; how many features were drawn."""
        if rect is not None:
            painter.save()
            painter.setClipRect(rect)
            view = StripViewport(view, rect)
        features = self.features_in(view)
        self.draw_features(painter, view, features)
        if rect is not None:
            painter.restore()
        return len(features)

    def _layer_copy(self) -> paint_helper.LayerCopy:
        layer = self.layer
        return paint_helper.LayerCopy(self.crs, layer.geometry_type, layer.style, layer.class_codes(), layer.arrays(self.crs))

    def draw_features(self, painter: QPainter, view: Viewport, features: np.ndarray) -> None:
        """Paint ``features`` (indices into the layer's arrays) as they look in ``view``."""
        if features.size == 0:
            return
        arrays = self.layer.arrays(self.crs)
        all_codes = self.layer.class_codes()
        codes = all_codes[features]
        colors = [QColor(*c) for c in self.layer.style.colors]
        if self.layer.geometry_type == "point":
            self._draw_markers(painter, view, arrays.anchors[features], codes, colors)
            return
        bounds = arrays.bounds[features]
        size_px = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]) / view.scale
        small = size_px < LOD_PIXELS
        self._draw_dots(painter, view, arrays.anchors[features[small]], size_px[small], codes[small], colors)
        if not small.all():
            big = ~small
            y = (bounds[big, 1] + bounds[big, 3]) / 2  # the anchors' northing, without another gather
            self._draw_shapes(painter, view, arrays, features[big], codes[big], y, colors, float(np.median(size_px[big])))

    def _draw_dots(
        self, painter: QPainter, view: Viewport, anchors: np.ndarray, size_px: np.ndarray, codes: np.ndarray, colors: list[QColor]
    ) -> None:
        """Stamp each small feature as a 2 × 2 or 3 × 3 pixel square (by its size) on its anchor."""
        if anchors.size == 0:
            return
        ratio = painter.device().devicePixelRatioF()
        width, height = device_size(view, ratio)
        side = np.where(size_px * ratio >= 3, 3, 2)
        sx, sy = view.to_screen(anchors[:, 0], anchors[:, 1])
        col = np.floor(sx * ratio).astype(np.int64) - side // 2 + 1
        row = np.floor(sy * ratio).astype(np.int64) - side // 2 + 1
        opaque = np.array([colors[c].darker(SMALL_DARKER).rgba() for c in range(len(colors))], dtype=np.uint32)
        stride = width + 4  # a 1-pixel border each side for the stamps
        pixels = np.zeros((height + 4) * stride, dtype=np.uint32)
        inside = (col >= 0) & (col < width + 1) & (row >= 0) & (row < height + 1)
        for size in (2, 3):
            pick = np.flatnonzero(inside & (side == size))
            at, value = row[pick] * stride + col[pick], opaque[codes[pick]]  # flat indices: a third faster than (row, col)
            for offset in (dr * stride + dc for dr in range(size) for dc in range(size)):
                pixels[at + offset] = value
        dots = QImage(pixels.data, width + 4, height + 4, stride * 4, QImage.Format.Format_ARGB32_Premultiplied)
        dots.setDevicePixelRatio(ratio)
        painter.drawImage(QPointF(-1 / ratio, -1 / ratio), dots)

    def _draw_shapes(
        self,
        painter: QPainter,
        view: Viewport,
        arrays: FeatureArrays,
        features: np.ndarray,
        codes: np.ndarray,
        y: np.ndarray,
        colors: list[QColor],
        median_px: float,
    ) -> None:
        style = self.layer.style
        rings, path_starts, path_codes = _rings_in_paths(self._first_rings(arrays), features, codes, y)
        if rings.size == 0:
            return
        index, ring_starts = _vertex_indices(arrays.ring_offsets, rings)
        xy = arrays.coords[index]
        sx, sy = view.to_screen(xy[:, 0], xy[:, 1])
        is_polygon = self.layer.geometry_type == "polygon"
        outline = None
        if is_polygon and style.stroke is not None and median_px > OUTLINE_PIXELS:
            outline = QPen(QColor(*style.stroke), style.stroke_width)
        antialias = view.scale <= ANTIALIAS_SCALE * (1 if is_polygon else 10)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(antialias))
        drawn_code = None
        for code, path in zip(path_codes.tolist(), paths_from_rings(sx, sy, ring_starts, path_starts), strict=True):
            if code != drawn_code:
                drawn_code = code
                if is_polygon:
                    edge = outline
                    if edge is None and style.stroke is not None:
                        edge = QPen(colors[code].darker(SMALL_DARKER), 1.0)
                    painter.setPen(edge or Qt.PenStyle.NoPen)
                    painter.setBrush(QBrush(colors[code]))
                else:
                    cap, join = Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
                    painter.setPen(QPen(colors[code], style.stroke_width, Qt.PenStyle.SolidLine, cap, join))
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
