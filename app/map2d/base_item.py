"""What the map needs from the drawer of one layer: bounds, and an image per view (cached)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from app.map2d.viewport import Viewport
from layers.base import Layer


class MapItem:
    """Draws one layer in the view CRS ``crs``; keeps the image of the last view it drew.

    The canvas composes these images with each layer's opacity, so changing opacity,
    visibility or order never redraws geometry; a pan or zoom redraws each visible layer
    once; a style change drops only that layer's image (:meth:`invalidate`).
    """

    def __init__(self, layer: Layer, crs: str) -> None:
        self.layer = layer
        self.crs = crs
        self._image: QImage | None = None
        self._image_key: tuple[Viewport, float] | None = None

    def world_bounds(self) -> tuple[float, float, float, float] | None:
        """(min x, min y, max x, max y) of the layer in the view CRS, or None if empty."""
        raise NotImplementedError

    def draw(self, painter: QPainter, view: Viewport) -> None:
        """Paint the layer for ``view`` (logical pixels) at full opacity."""
        raise NotImplementedError

    def image(self, view: Viewport, device_pixel_ratio: float = 1.0) -> QImage:
        """The layer drawn for ``view`` on a transparent image (reused while the view is the same)."""
        key = (view, device_pixel_ratio)
        if self._image is None or self._image_key != key:
            image = QImage(
                round(view.width * device_pixel_ratio),
                round(view.height * device_pixel_ratio),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            image.setDevicePixelRatio(device_pixel_ratio)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            try:
                self.draw(painter, view)
            finally:
                painter.end()
            self._image, self._image_key = image, key
        return self._image

    def invalidate(self) -> None:
        """Forget the cached image (the layer's look changed)."""
        self._image = None
        self._image_key = None
