"""Draws a :class:`~layers.tiles.TileLayer`: XYZ tiles warped into the map's zone.

Tiles are Web Mercator squares; the map is a plane-rectangular zone. Each tile is drawn into
the quadrilateral its four corners project to (``QTransform.quadToQuad``), which is exact at
the corners and within a fraction of a pixel inside a tile at city scale. Tiles the memory
cache lacks are requested from a :class:`~layers.tiles.TileFetcher` (disk cache, then network,
on its own thread); a reply comes back to the GUI thread through a queued signal, which
updates the layer's status (online / offline) and asks the map to redraw.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import mercantile
from pyproj import Transformer
from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QImage, QPainter, QPolygonF, QTransform

from app.map2d.base_item import MapItem
from app.map2d.viewport import Viewport
from layers.tiles import TILE_PIXELS, Tile, TileFetcher, TileLayer, TileReply, zoom_for

MEMORY_TILES = 512
"""Decoded tiles kept in memory (about 130 MB at most); older ones are read from disk again."""
MAX_TILES_PER_VIEW = 150
"""Above this many tiles a view is too far out for this zoom range: nothing is requested."""


class _Replies(QObject):
    """Carries fetcher replies (made on its thread) to the GUI thread."""

    arrived = Signal(object, object)


class TileItem(MapItem):
    layer: TileLayer

    def __init__(self, layer: TileLayer, crs: str) -> None:
        super().__init__(layer, crs)
        self._to_lonlat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        self._from_lonlat = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self._tiles: OrderedDict[Tile, QImage] = OrderedDict()
        self._lock = threading.Lock()
        self._replies = _Replies()
        self._replies.arrived.connect(self._on_reply)
        self._fetcher = TileFetcher(layer, lambda reply: self._replies.arrived.emit(reply, _decode(reply)))

    def world_bounds(self) -> tuple[float, float, float, float] | None:
        return None  # the world: never part of "show everything"

    def close(self) -> None:
        self._fetcher.close()

    def tiles_for(self, view: Viewport) -> list[Tile]:
        """The tiles covering ``view`` at the zoom matching its scale (empty when too many)."""
        x0, y0, x1, y1 = view.box
        lons, lats = self._to_lonlat.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
        zoom = zoom_for(view.scale, sum(lats) / 4, self.layer.max_zoom)
        west, east = max(min(lons), -180.0), min(max(lons), 180.0)
        south, north = max(min(lats), -85.0), min(max(lats), 85.0)
        tiles = list(mercantile.tiles(west, south, east, north, zoom))
        return tiles if len(tiles) <= MAX_TILES_PER_VIEW else []

    def draw(self, painter: QPainter, view: Viewport) -> None:
        missing = []
        for tile in self.tiles_for(view):
            with self._lock:
                image = self._tiles.get(tile)
                if image is not None:
                    self._tiles.move_to_end(tile)
            if image is None:
                missing.append(tile)
            else:
                self._draw_tile(painter, view, tile, image)
        if missing:
            self._fetcher.request(missing)

    def _draw_tile(self, painter: QPainter, view: Viewport, tile: Tile, image: QImage) -> None:
        b = mercantile.bounds(tile)
        xs, ys = self._from_lonlat.transform([b.west, b.east, b.east, b.west], [b.north, b.north, b.south, b.south])
        corners = [QPointF(*map(float, view.to_screen(x, y))) for x, y in zip(xs, ys, strict=True)]
        w, h = float(image.width()), float(image.height())
        source = QPolygonF([QPointF(0, 0), QPointF(w, 0), QPointF(w, h), QPointF(0, h)])
        transform = QTransform()
        if QTransform.quadToQuad(source, QPolygonF(corners), transform):
            painter.save()
            painter.setTransform(transform, combine=True)
            painter.drawImage(QPointF(0, 0), image)
            painter.restore()

    def _on_reply(self, reply: TileReply, image: QImage | None) -> None:
        """GUI thread: keep the tile, say whether the network answered, ask for a redraw."""
        if reply.from_network:
            self.layer.status = "online"
        elif reply.error is not None:
            self.layer.status = "offline"
        if image is None:
            return
        with self._lock:
            self._tiles[reply.tile] = image
            while len(self._tiles) > MEMORY_TILES:
                self._tiles.popitem(last=False)
        self.invalidate()
        self.layer.events.data.emit()


def _decode(reply: TileReply) -> QImage | None:
    """The tile's image (decoded on the fetcher's thread), or None when absent or unreadable."""
    if reply.data is None:
        return None
    image = QImage.fromData(reply.data)
    if image.isNull():
        return None
    if image.width() != TILE_PIXELS:
        image = image.scaled(TILE_PIXELS, TILE_PIXELS)
    return image
