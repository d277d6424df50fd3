"""What the map needs from the drawer of one layer: bounds, and an image per view (cached).

Images are made on the canvas's render thread (:mod:`app.map2d.render_thread`), never on the
GUI thread: painting a ``QImage`` is thread-safe, and a drawer only reads its layer's cached
arrays. The GUI thread only calls :meth:`MapItem.invalidate`, which bumps a version number the
render thread compares, so the two never share a half-made image.
"""

from __future__ import annotations

import math
from functools import cached_property

from pyproj.transformer import Transformer
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.map2d.viewport import Viewport
from layers.base import Layer

ViewKey = tuple[Viewport, float, int]
"""(view, device pixel ratio, version) an image was drawn for."""


def pixel_shift(old: Viewport, new: Viewport) -> tuple[int, int] | None:
    """How many whole pixels the content moved from ``old`` to ``new`` (x right, y down), or
    None when the views differ otherwise (scale, size) or by a fraction of a pixel."""
    if (old.scale, old.width, old.height) != (new.scale, new.width, new.height):
        return None
    dx, dy = (old.cx - new.cx) / new.scale, (new.cy - old.cy) / new.scale
    rx, ry = round(dx), round(dy)
    if abs(dx - rx) > 1e-6 or abs(dy - ry) > 1e-6:
        return None
    return rx, ry


def exposed_rects(width: int, height: int, dx: int, dy: int) -> list[QRectF]:
    """The parts of a ``width`` × ``height`` view not covered by the old image moved by (dx, dy)."""
    rects = []
    if dx:
        rects.append(QRectF(0 if dx > 0 else width + dx, 0, abs(dx), height))
    if dy:
        x0, x1 = max(0, dx), min(width, width + dx)
        rects.append(QRectF(x0, 0 if dy > 0 else height + dy, x1 - x0, abs(dy)))
    return [r for r in rects if r.width() > 0 and r.height() > 0]


def device_size(view: Viewport, ratio: float) -> tuple[int, int]:
    """Width and height in device pixels of an image of ``view`` at pixel ratio ``ratio``."""
    return round(view.width * ratio), round(view.height * ratio)


def reusable_image(spare: QImage | None, view: Viewport, ratio: float, fill: QColor | Qt.GlobalColor | None) -> QImage:
    """An image for ``view`` filled with ``fill`` (None: left as it is, for a caller that paints
    or clears every pixel): ``spare`` when it has the size, else a new one.

    A new full-window image costs more to fill than the fill itself: the system hands its memory
    out page by page on first touch (~2 ms for 1600 × 1000 on the render thread, measured),
    so frames and layer images reuse the buffer before last. If another holder still shares
    ``spare`` (the GUI thread showing a frame), painting on it copies it first (Qt's copy on write).
    """
    width, height = device_size(view, ratio)
    image = spare
    if image is None or (image.width(), image.height()) != (width, height):
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    if fill is not None:
        image.fill(fill)
    return image


def clear(painter: QPainter, rect: QRectF) -> None:
    """Make ``rect`` of the painter's image transparent."""
    painter.save()
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.fillRect(rect, Qt.GlobalColor.transparent)
    painter.restore()


class MapItem:
    """Draws one layer in the view CRS ``crs``; keeps the image of the last view it drew.

    The canvas composes these images with each layer's opacity, so changing opacity,
    visibility or order never redraws geometry; a style change drops only that layer's image
    (:meth:`invalidate`). A pan by whole pixels reuses the last image moved and draws only the
    strips that came into view (clipped), so its cost follows the exposed area, not the view.
    """

    def __init__(self, layer: Layer, crs: str) -> None:
        self.layer = layer
        self.crs = crs
        self.version = 0
        self._image: QImage | None = None
        self._image_key: ViewKey | None = None
        self._spare: QImage | None = None

    def world_bounds(self) -> tuple[float, float, float, float] | None:
        """(min x, min y, max x, max y) of the layer in the view CRS, or None if empty.

        From the lon/lat extent (a corner transform, cheap), so asking never waits for a big
        layer to be projected: the GUI thread asks it when fitting the view.
        """
        if (extent := self.layer.extent) is None:
            return None
        box = self._to_view.transform_bounds(*extent)
        return box if all(math.isfinite(v) for v in box) else None

    @cached_property
    def _to_view(self) -> Transformer:
        return Transformer.from_crs("EPSG:6668", self.crs, always_xy=True)

    def draw(self, painter: QPainter, view: Viewport) -> None:
        """Paint the layer for ``view`` (logical pixels) at full opacity."""
        raise NotImplementedError

    def draw_full(self, painter: QPainter, view: Viewport) -> None:
        """Paint all of ``view`` into this drawer's own image, which still holds an older
        frame's pixels: clear it, then :meth:`draw`. A drawer may share the work out, clearing
        only what it paints itself (:class:`~app.map2d.vector_item.VectorItem`)."""
        clear(painter, QRectF(0, 0, view.width, view.height))
        self.draw(painter, view)

    def image(self, view: Viewport, device_pixel_ratio: float = 1.0) -> QImage:
        """The layer drawn for ``view`` on a transparent image (render thread only)."""
        key = (view, device_pixel_ratio, self.version)
        if self._image is not None and self._image_key == key:
            return self._image
        shift = self._reusable_shift(view, device_pixel_ratio)
        image = self._blank_image(view, device_pixel_ratio, None if shift is None else Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            if shift is None:
                self.draw_full(painter, view)
            else:
                painter.drawImage(QPointF(*shift), self._image)  # type: ignore[arg-type]
                for rect in exposed_rects(view.width, view.height, *shift):
                    painter.save()
                    painter.setClipRect(rect)
                    self.draw(painter, StripViewport(view, rect))
                    painter.restore()
        finally:
            painter.end()
        self._spare, self._image, self._image_key = self._image, image, key
        return image

    def _blank_image(self, view: Viewport, ratio: float, fill: Qt.GlobalColor | None) -> QImage:
        """The image the next draw goes into (:func:`reusable_image`, the spare)."""
        return reusable_image(self._spare, view, ratio, fill)

    def _reusable_shift(self, view: Viewport, ratio: float) -> tuple[int, int] | None:
        if self._image is None or self._image_key is None or self._image_key[1:] != (ratio, self.version):
            return None
        shift = pixel_shift(self._image_key[0], view)
        if shift is None or abs(shift[0]) >= view.width or abs(shift[1]) >= view.height:
            return None
        return shift

    def invalidate(self) -> None:
        """Forget the cached image (the layer's look changed); safe from the GUI thread."""
        self.version += 1

    def close(self) -> None:
        """Release what the drawer holds beyond images (threads, connections); the map calls it
        when the layer leaves the view."""


class StripViewport(Viewport):
    """A view whose :attr:`box` is only the strip ``rect`` (screen pixels) of ``view``, plus a
    pixel; everything else (transform, size) is ``view``'s. Drawers query features in
    ``view.box`` (widened by their symbols' overhang) and place them with ``to_screen``, so
    drawing a strip through it paints exactly what a full draw paints there."""

    def __init__(self, view: Viewport, rect: QRectF) -> None:
        super().__init__(view.cx, view.cy, view.scale, view.width, view.height)
        x0, y1 = view.to_world(rect.left() - 1, rect.top() - 1)
        x1, y0 = view.to_world(rect.right() + 1, rect.bottom() + 1)
        object.__setattr__(self, "_strip_box", (x0, y0, x1, y1))

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self._strip_box  # type: ignore[attr-defined]
