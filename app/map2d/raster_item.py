"""Draws a :class:`~layers.raster.RasterLayer`: its warped grid, coloured once, as an image.

The palette is applied once per style (per item version) into a ``QImage``; each frame draws
only the part of it in view, scaled without smoothing so class boundaries stay crisp.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from app.map2d.base_item import MapItem
from app.map2d.qt_arrays import image_from_rgba
from app.map2d.viewport import Viewport
from layers.raster import RasterLayer


class RasterItem(MapItem):
    layer: RasterLayer

    def __init__(self, layer: RasterLayer, crs: str) -> None:
        super().__init__(layer, crs)
        self._colored: tuple[int, QImage] | None = None

    def draw(self, painter: QPainter, view: Viewport) -> None:
        warped = self.layer.warped(self.crs)
        if self._colored is None or self._colored[0] != self.version:
            self._colored = (self.version, image_from_rgba(self.layer.palette.colorize(warped.values)))
        colored = self._colored[1]
        left, bottom, right, top = warped.bounds
        vx0, vy0, vx1, vy1 = view.box
        x0, x1 = max(left, vx0), min(right, vx1)
        y0, y1 = max(bottom, vy0), min(top, vy1)
        if x0 >= x1 or y0 >= y1:
            return
        cols, rows = colored.width(), colored.height()
        px, py = cols / (right - left), rows / (top - bottom)  # image pixels per metre
        source = QRectF((x0 - left) * px, (top - y1) * py, (x1 - x0) * px, (y1 - y0) * py)
        sx0, sy0 = view.to_screen(x0, y1)
        sx1, sy1 = view.to_screen(x1, y0)
        painter.drawImage(QRectF(sx0, sy0, sx1 - sx0, sy1 - sy0), colored, source)
