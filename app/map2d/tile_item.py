"""Draws a :class:`~layers.tiles.TiledLayer` (the XYZ base map, hazard tile sets) warped into the map's zone.

Tiles are north-up images in the layer's ``tile_crs`` (Web Mercator squares, SVGMap lon/lat
boxes); the map is a plane-rectangular zone. Each tile is drawn into the quadrilateral its
corners project to (``QTransform.quadToQuad``), exact at the corners and within a fraction of a
pixel inside at city scale; a tile shown much larger than its pixels (over-zoom) is cut into a
grid of pieces, each placed by its own corners, so it stays as exact. Decoded tiles are kept in
memory. A ``local`` layer's missing tiles are read and decoded where the frame is drawn (the
render thread, so exports and prints get them too); the others are requested from a
:class:`~layers.tiles.TileFetcher` (disk cache, then network, on its own thread). Replies come
back to the GUI thread through a queued signal, which updates the layer's status (online /
offline), reports a tile that cannot be read (a problem, drawn as nothing, never asked for
again) and asks the map to redraw.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np
from pyproj import Transformer
from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QImage, QPainter, QPolygonF, QTransform

from app.background import emit_from_worker
from app.map2d.base_item import MapItem
from app.map2d.viewport import Viewport
from i18n import t
from layers.tiles import TILE_PIXELS, TiledLayer, TileFetcher, TileKey, TileReply

MEMORY_TILES = 512
"""Decoded tiles kept in memory (about 130 MB at most); older ones are read from disk again."""
MAX_PIECES = 16
"""A tile is cut into at most this many pieces per side when shown enlarged."""
PIECE_PX = 512
"""A piece spans at most about this many screen pixels (a tile shown at up to 2× is one piece)."""


class _Replies(QObject):
    """Carries fetcher replies (made on its thread) to the GUI thread."""

    arrived = Signal(object, object)


class TileItem(MapItem):
    layer: TiledLayer

    def __init__(self, layer: TiledLayer, crs: str) -> None:
        super().__init__(layer, crs)
        self._to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        self._tile_to_view = Transformer.from_crs(layer.tile_crs, crs, always_xy=True)
        self._tiles: OrderedDict[TileKey, QImage] = OrderedDict()
        self._failed: set[TileKey] = set()
        self._lock = threading.Lock()
        self._replies = _Replies()
        self._replies.arrived.connect(self._on_reply)
        self._fetcher = None
        if not layer.local:
            self._fetcher = TileFetcher(layer, lambda reply: emit_from_worker(self._replies.arrived, reply, _decode(reply)))

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def tiles_for(self, view: Viewport) -> list[TileKey]:
        """The tiles covering ``view`` at the level matching its scale (empty when too many)."""
        x0, y0, x1, y1 = view.box
        lons, lats = self._to_lonlat.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
        return self.layer.tiles_for(min(lons), min(lats), max(lons), max(lats), view.scale)

    def draw(self, painter: QPainter, view: Viewport) -> None:
        missing = []
        for tile in self.tiles_for(view):
            with self._lock:
                image = self._tiles.get(tile)
                if image is not None:
                    self._tiles.move_to_end(tile)
                failed = tile in self._failed
            if image is None and self.layer.local and not failed:
                image = self._load_here(tile)
            if image is not None:
                self._draw_tile(painter, view, tile, image)
            elif not self.layer.local:
                missing.append(tile)
        if missing and self._fetcher is not None:
            self._fetcher.request(missing)

    def _load_here(self, tile: TileKey) -> QImage | None:
        """Read and decode a local tile on the drawing thread; a failure goes to the GUI thread to be reported."""
        reply = self.layer.load(tile, None)
        image = _decode(reply)
        with self._lock:
            if image is None:
                self._failed.add(tile)
            else:
                self._keep(tile, image)
        if image is None:
            emit_from_worker(self._replies.arrived, reply, None)
        return image

    def _keep(self, tile: TileKey, image: QImage) -> None:
        self._tiles[tile] = image
        while len(self._tiles) > MEMORY_TILES:
            self._tiles.popitem(last=False)

    def _draw_tile(self, painter: QPainter, view: Viewport, tile: TileKey, image: QImage) -> None:
        corners = self._screen_points(view, tile, np.array([0.0, 1.0, 1.0, 0.0]), np.array([0.0, 0.0, 1.0, 1.0]))
        span = max(np.ptp(corners[0]), np.ptp(corners[1]))
        n = min(MAX_PIECES, max(1, math.ceil(span / PIECE_PX)))
        steps = np.linspace(0.0, 1.0, n + 1)
        u, v = np.meshgrid(steps, steps)
        sx, sy = (a.reshape(n + 1, n + 1) for a in self._screen_points(view, tile, u.ravel(), v.ravel()))
        w, h = image.width() / n, image.height() / n
        for row in range(n):
            for col in range(n):
                xs = (sx[row, col], sx[row, col + 1], sx[row + 1, col + 1], sx[row + 1, col])
                ys = (sy[row, col], sy[row, col + 1], sy[row + 1, col + 1], sy[row + 1, col])
                if max(xs) < 0 or min(xs) > view.width or max(ys) < 0 or min(ys) > view.height:
                    continue
                source = QRectF(col * w, row * h, w, h)
                cell = QPolygonF([source.topLeft(), source.topRight(), source.bottomRight(), source.bottomLeft()])
                transform = QTransform()
                if QTransform.quadToQuad(cell, QPolygonF([QPointF(x, y) for x, y in zip(xs, ys, strict=True)]), transform):
                    painter.save()
                    painter.setTransform(transform, combine=True)
                    if n > 1:  # overlap the neighbours by half a tile pixel: no hairline where pieces meet
                        source = source.adjusted(-0.5, -0.5, 0.5, 0.5).intersected(QRectF(image.rect()))
                    painter.drawImage(source.topLeft(), image, source)
                    painter.restore()

    def _screen_points(self, view: Viewport, tile: TileKey, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = self._tile_to_view.transform(*self.layer.tile_points(tile, u, v))
        return view.to_screen(np.asarray(x), np.asarray(y))

    def _on_reply(self, reply: TileReply, image: QImage | None) -> None:
        """GUI thread: keep the tile, say whether the network answered, report a tile that cannot be read, redraw."""
        if reply.from_network:
            self.layer.status = "online"
        elif reply.error is not None and not reply.broken:
            self.layer.status = "offline"
        if image is None:
            if reply.broken or reply.data is not None:
                self.layer.report(reply.tile, reply.error or t("画像として読めません (壊れた PNG?)", "not readable as an image (a broken PNG?)"))
            return
        with self._lock:
            self._keep(reply.tile, image)
        self.invalidate()
        self.layer.events.data.emit()


def _decode(reply: TileReply) -> QImage | None:
    """The tile's image (decoded on the thread that read it), or None when absent or unreadable."""
    if reply.data is None:
        return None
    image = QImage.fromData(reply.data)
    if image.isNull():
        return None
    if image.width() != TILE_PIXELS:
        image = image.scaled(TILE_PIXELS, TILE_PIXELS)
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
