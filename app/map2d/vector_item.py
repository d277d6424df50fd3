"""Draws a :class:`~layers.vector.VectorLayer`: polygons, lines or point markers.

Per frame: the layer's grid index (:mod:`layers.grid_index`) picks the features in view;
features smaller than :data:`LOD_PIXELS` on screen are drawn as squares of their size at their
anchor (level of detail: at city extent 150,000 buildings are stamped into one image with
numpy, about ten times faster than ``QPainter.drawPoints``); the rest are drawn from paths kept
per block of neighbouring features in world coordinates (:mod:`app.map2d.block_paths`), placed
by the painter's transform, antialiased only when zoomed in closer than :data:`ANTIALIAS_SCALE`
(Qt's antialiased fill costs ~8 µs per polygon: 27 ms for a district's 3,600 buildings, 4 ms
without). The choices depend on the scale alone, so a strip drawn after a pan matches the rest.

Where a district's time goes (3,600 footprints of ~40 px, 1600 × 1000, ``bench/bench_render2d.py``):
fill ~4 ms and the 1 px outline ~3 ms, both inside Qt's raster engine and growing with the
spans and outline pixels drawn (one ``drawPolygon`` per footprint or Pillow's polygon fill were
slower; two threads gain nothing, PySide6 holding the interpreter lock through each call);
building the paths took another ~3.5 ms per frame before they were kept. So a whole view of many
features is split at a row: the render thread paints above it, the paint helper process below
(:meth:`VectorItem.draw_full`), each part as a strip after a pan is painted. The outline stays:
without it a building on a flood area of its own rank vanishes into it.
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
from app.map2d.block_paths import BlockPaths, world_transform
from app.map2d.qt_arrays import polygon_from_points
from app.map2d.viewport import Viewport
from layers.geometry import FeatureArrays
from layers.vector import VectorLayer

LOD_PIXELS = 5.0
"""Features whose bounds are smaller than this many pixels are drawn as 2 or 3 px squares (by
size): below this an outline and shape carry nothing a square does not."""
OUTLINE_PIXELS = 8.0
"""Polygons get the style's outline only when the layer's median feature size on screen exceeds
this (else the outline would hide the fill colour that carries the meaning)."""
SMALL_DARKER = 135
"""Smaller polygons and LOD dots are edged or drawn in their colour darkened by this factor
(``QColor.darker``), so a building keeps its hue yet stands out on a flood area of the
same colour."""
ANTIALIAS_SCALE = 0.3
"""Polygons are antialiased at this many metres per pixel or closer (about 1:1,100: a few
hundred buildings in view); lines up to ten times farther out (a stroke is cheaper than a fill)."""
SPLIT_FEATURES = 2_500
"""A whole view with at least this many features is painted on two cores
(:mod:`app.map2d.paint_helper`): a district's 3,600 buildings take 12 ms on one. Below it the
hand-off (~1 ms) would eat most of the gain, and small projects never start the helper."""
_COPY_KEYS = itertools.count()


class VectorItem(MapItem):
    layer: VectorLayer
    _kept: BlockPaths | None = None
    _drawing: paint_helper.SharedImage | None = None
    """The shared image :meth:`_blank_image` handed out for the draw under way, if any."""
    _in_view = 0
    """Features the last whole-view draw painted (whether the next one is worth splitting)."""

    @cached_property
    def _split(self) -> paint_helper.SplitBalance:
        return paint_helper.SplitBalance()

    @cached_property
    def _shared_images(self) -> paint_helper.SharedImages:
        return paint_helper.SharedImages()

    @cached_property
    def _copy_key(self) -> int:
        """This drawer's name for its layer copy in the paint helper."""
        return next(_COPY_KEYS)

    def _overhang(self, view: Viewport) -> float:
        """How far (world units) a feature's symbol may reach past its bounds: a feature this
        near the view, or a part of it, is drawn there."""
        style = self.layer.style
        return max(LOD_PIXELS, style.point_size + 2 * style.stroke_width, style.stroke_width) * view.scale

    def _query_box(self, view: Viewport) -> tuple[float, float, float, float]:
        """``view.box`` widened by the symbols' overhang: the features meeting it are drawn."""
        margin = self._overhang(view)
        x0, y0, x1, y1 = view.box
        return x0 - margin, y0 - margin, x1 + margin, y1 + margin

    def draw(self, painter: QPainter, view: Viewport) -> None:
        self.draw_part(painter, view, None)

    def _blank_image(self, view: Viewport, ratio: float, fill: Qt.GlobalColor | None) -> QImage:
        """In shared memory when the last whole view held at least :data:`SPLIT_FEATURES`
        features and the paint helper runs, so :meth:`draw_full` can share the work out."""
        self._drawing = None
        if self._in_view < SPLIT_FEATURES or paint_helper.shared() is None:
            return super()._blank_image(view, ratio, fill)
        self._drawing = self._shared_images.next(view, ratio)
        if fill is not None:
            self._drawing.image.fill(fill)
        return self._drawing.image

    def draw_full(self, painter: QPainter, view: Viewport) -> None:
        """Paint the whole view: the lower part in the paint helper process while this thread
        paints the upper part, when the image is in shared memory and the helper is free; else
        all here, on one core."""
        target, self._drawing = self._drawing, None
        job = None
        if target is not None and (helper := paint_helper.shared()) is not None:
            job = helper.begin(self._copy_key, self._layer_copy, view, target, self._split.row(view, target.image.devicePixelRatio()))
        if job is None:
            clear(painter, QRectF(0, 0, view.width, view.height))
            self._in_view = self.draw_part(painter, view, None)
            return
        try:
            clear(painter, job.upper)  # the helper clears and paints the lower part
            mine = self.draw_part(painter, view, job.upper)
            my_ms = job.ms_since_asked(time.perf_counter())
        finally:
            theirs = job.finish()
        if theirs is None:
            clear(painter, job.lower)
            self._in_view = mine + self.draw_part(painter, view, job.lower)
        else:
            self._split.update(my_ms, job.helper_ms(theirs))
            self._in_view = mine + theirs.features

    def draw_part(self, painter: QPainter, view: Viewport, rect: QRectF | None) -> int:
        """Paint the part ``rect`` of ``view`` (None: all of it), as a strip after a pan is
        painted; how many features were drawn."""
        if rect is not None:
            painter.save()
            painter.setClipRect(rect)
            view = StripViewport(view, rect)
        drawn = self.draw_features(painter, view, self._query_box(view))
        if rect is not None:
            painter.restore()
        return drawn

    def _layer_copy(self) -> paint_helper.LayerCopy:
        layer = self.layer
        return paint_helper.LayerCopy(self.crs, layer.geometry_type, layer.style, layer.class_codes(), layer.arrays(self.crs))

    def draw_features(self, painter: QPainter, view: Viewport, box: tuple[float, float, float, float]) -> int:
        """Paint the features meeting ``box`` (world) as they look in ``view``; how many there are."""
        arrays = self.layer.arrays(self.crs)
        features = arrays.in_box(*box)
        if features.size == 0:
            return 0
        codes = self.layer.class_codes()[features]
        colors = [QColor(*c) for c in self.layer.style.colors]
        if self.layer.geometry_type == "point":
            self._draw_markers(painter, view, arrays.anchors[features], codes, colors)
            return len(features)
        bounds = arrays.bounds[features]
        sizes = np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
        small = sizes < LOD_PIXELS * view.scale
        self._draw_dots(painter, view, arrays.anchors[features[small]], sizes[small] / view.scale, codes[small], colors)
        if not small.all():
            self._draw_shapes(painter, view, arrays, box, colors)
        return len(features)

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

    def _draw_shapes(self, painter: QPainter, view: Viewport, arrays: FeatureArrays, box: tuple[float, float, float, float], colors: list[QColor]) -> None:
        """Paint the features at least :data:`LOD_PIXELS` across of the blocks meeting ``box``,
        from their kept world-coordinate paths."""
        blocks = arrays.blocks
        found = blocks.meeting(*box)
        counts = blocks.counts_at_least(found, LOD_PIXELS * view.scale)
        shaped = counts > 0
        codes = self.layer.class_codes()
        if self._kept is None or not self._kept.made_for(arrays, codes):
            self._kept = BlockPaths(arrays, codes)
        path_codes, paths = self._kept.paths(found[shaped], counts[shaped])
        style = self.layer.style
        is_polygon = self.layer.geometry_type == "polygon"
        outline = None
        if is_polygon and style.stroke is not None and blocks.median_size / view.scale > OUTLINE_PIXELS:
            outline = _cosmetic(QPen(QColor(*style.stroke), style.stroke_width))
        painter.save()
        painter.setTransform(world_transform(view), True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, view.scale <= ANTIALIAS_SCALE * (1 if is_polygon else 10))
        drawn_code = None
        for code, path in zip(path_codes, paths, strict=True):
            if code != drawn_code:
                drawn_code = code
                if is_polygon:
                    edge = outline
                    if edge is None and style.stroke is not None:
                        edge = _cosmetic(QPen(colors[code].darker(SMALL_DARKER), 1.0))
                    painter.setPen(edge or Qt.PenStyle.NoPen)
                    painter.setBrush(QBrush(colors[code]))
                else:
                    cap, join = Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
                    painter.setPen(_cosmetic(QPen(colors[code], style.stroke_width, Qt.PenStyle.SolidLine, cap, join)))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.restore()

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


def _cosmetic(pen: QPen) -> QPen:
    """``pen`` with its width in pixels, whatever the painter's transform (paths are drawn in
    world coordinates)."""
    pen.setCosmetic(True)
    return pen
