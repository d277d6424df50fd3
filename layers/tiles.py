"""Tile layers (no Qt): what the map needs of any tiled layer, and the XYZ base map with a disk cache.

:class:`TiledLayer` is what the 2D map draws (``app/map2d/tile_item.py``): which tiles cover
a view (:meth:`~TiledLayer.tiles_for`), where each lies (:meth:`~TiledLayer.tile_points`,
fractions of the image → the layer's ``tile_crs``) and its bytes (:meth:`~TiledLayer.load`).
A ``local`` layer's tiles are on this machine (e.g. hazard tile sets, :mod:`layers.hazard_tiles`)
and are read where they are drawn; the others are fetched by a :class:`TileFetcher`.

:class:`TileLayer` is the optional XYZ base map (e.g. 地理院タイル). Machines in a city office
are often offline, so its tiles are a convenience, never a dependency:
the layer starts ``unknown``, becomes ``online`` when a tile arrives and ``offline`` when a
fetch fails (then the fetcher waits :data:`RETRY_AFTER_S` before trying the network again and
serves what the disk cache holds). Tile maths is mercantile's (Web Mercator XYZ); fetching is
httpx on one plain worker thread (:class:`TileFetcher`), never on the GUI thread.
"""

from __future__ import annotations

import hashlib
import math
import os
import queue
import sys
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx
import mercantile
import numpy as np
from psygnal import Signal

from i18n import t
from jobs.feedback import Problem
from layers.base import Extent, Layer, LayerEvents, LayerKind, LegendEntry
from layers.errors import LayerError, LayerValueError

Tile = mercantile.Tile
TileKey = Hashable
"""A tile as its layer names it (a :class:`mercantile.Tile` for XYZ grids)."""
MAX_TILES_PER_VIEW = 150
"""Above this many tiles a view is too far out for the layer's zooms: nothing is drawn or requested."""
TIMEOUT_S = 5.0
"""Per-request timeout: long enough for a slow office line, short enough to notice offline."""
RETRY_AFTER_S = 30.0
"""After a failed fetch, tiles not on disk are not requested again for this long."""
TILE_PIXELS = 256
GSI_ATTRIBUTION = "出典：国土地理院（地理院タイル）"
TileStatus = str
""""unknown" (nothing fetched yet), "online" or "offline"."""


class TileFetchError(LayerError, OSError):
    """A tile could not be fetched (the message names the URL and the reason)."""


def user_cache_dir() -> Path:
    """Where tiles are cached: ``$NIGEZERO_CACHE_DIR/tiles``, else the platform cache folder."""
    if env := os.environ.get("NIGEZERO_CACHE_DIR"):
        return Path(env) / "tiles"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "nigezero" / "tiles"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "nigezero" / "tiles"


def check_template(url_template: str) -> str:
    """``url_template`` if it is an http(s) URL holding ``{z}``, ``{x}`` and ``{y}``.

    Raises
    ------
    LayerValueError
        Saying what was given and what a template looks like.
    """
    parsed = urlparse(url_template)
    if parsed.scheme not in ("http", "https") or not all(k in url_template for k in ("{z}", "{x}", "{y}")):
        raise LayerValueError(
            t("タイルURLは {{z}}/{{x}}/{{y}} を含む http(s) のURLのはずですが「{u}」でした (例 https://cyberjapandata.gsi.go.jp/xyz/std/{{z}}/{{x}}/{{y}}.png)",
              "a tile URL should be an http(s) URL holding {{z}}, {{x}} and {{y}}, got {u!r} (e.g. https://cyberjapandata.gsi.go.jp/xyz/std/{{z}}/{{x}}/{{y}}.png)",
              u=url_template)
        )  # fmt: skip
    return url_template


def zoom_for(metres_per_pixel: float, lat: float, max_zoom: int) -> int:
    """The tile zoom whose pixels are closest to (not coarser than) ``metres_per_pixel`` at ``lat``."""
    at_zero = 2 * math.pi * 6378137.0 * math.cos(math.radians(lat)) / TILE_PIXELS
    return max(0, min(max_zoom, math.ceil(math.log2(at_zero / max(metres_per_pixel, 1e-6)))))


def xyz_tiles(west: float, south: float, east: float, north: float, zoom: int) -> list[Tile]:
    """The XYZ tiles of ``zoom`` covering a lon/lat box (clipped to the Web Mercator world);
    empty when there are more than :data:`MAX_TILES_PER_VIEW`."""
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -85.0), min(north, 85.0)
    tiles = list(mercantile.tiles(west, south, east, north, zoom))
    return tiles if len(tiles) <= MAX_TILES_PER_VIEW else []


def xyz_points(tile: Tile, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator (EPSG:3857) points at fractions ``u`` (right) and ``v`` (down) of ``tile``."""
    b = mercantile.xy_bounds(tile)
    return b.left + np.asarray(u) * (b.right - b.left), b.top - np.asarray(v) * (b.top - b.bottom)


class TileEvents(LayerEvents):
    """A tile layer also announces its network ``status`` and each tile it cannot read (a :class:`Problem`)."""

    status = Signal(str)
    problem = Signal(object)


@dataclass(frozen=True)
class TileReply:
    """What became of one request: the bytes (None on failure), why not, whether they came over
    the network (only that proves the layer is online), and whether the tile is ``broken``
    (listed but unreadable: reported once, never asked for again)."""

    tile: TileKey
    data: bytes | None
    error: str | None = None
    from_network: bool = False
    broken: bool = False


class TiledLayer(Layer):
    """A layer drawn from image tiles, north up, each placed by :meth:`tile_points`.

    Subclasses set ``tile_crs`` and ``local`` and implement :meth:`tiles_for`,
    :meth:`tile_points` and :meth:`load`. ``status`` and :meth:`report` are called by whoever
    draws the layer, on the thread that owns it; ``problems`` lists the tiles that could not be
    read, once each.
    """

    events: TileEvents
    events_type = TileEvents
    tile_crs = "EPSG:3857"
    local = False

    def __init__(self, name: str, *, kind: LayerKind, attribution: str, visible: bool = True, opacity: float = 1.0) -> None:
        super().__init__(name, kind=kind, attribution=attribution, visible=visible, opacity=opacity)
        self._status: TileStatus = "unknown"
        self.problems: list[Problem] = []
        self._reported: set[TileKey] = set()

    @property
    def status(self) -> TileStatus:
        return self._status

    @status.setter
    def status(self, value: TileStatus) -> None:
        if value not in ("unknown", "online", "offline"):
            raise LayerValueError(f"tile status must be one of unknown, online, offline, got {value!r}")
        if value != self._status:
            self._status = value
            self.events.status.emit(value)

    @property
    def extent(self) -> Extent | None:
        return None

    def legend(self) -> list[LegendEntry]:
        return []

    def prepare(self, crs: str) -> None:
        """Nothing to project ahead: tiles are placed as they are drawn."""

    def tiles_for(self, west: float, south: float, east: float, north: float, metres_per_pixel: float) -> list[TileKey]:
        """The tiles to draw for a view of this lon/lat box at ``metres_per_pixel`` (empty when too many)."""
        raise NotImplementedError

    def tile_points(self, tile: TileKey, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points in ``tile_crs`` at fractions ``u`` (right) and ``v`` (down) of the tile's image."""
        raise NotImplementedError

    def load(self, tile: TileKey, client: httpx.Client | None) -> TileReply:
        """The tile's bytes (``client`` is None for local layers); never raises."""
        raise NotImplementedError

    def report(self, tile: TileKey, message: str) -> None:
        """Keep and announce a problem with ``tile`` (once per tile)."""
        if tile in self._reported:
            return
        self._reported.add(tile)
        problem = Problem(self.describe(tile), None, message)
        self.problems.append(problem)
        self.events.problem.emit(problem)

    def describe(self, tile: TileKey) -> str:
        """How problems name ``tile`` (its file or URL)."""
        return f"{self.name}: {tile}"


class TileLayer(TiledLayer):
    """Raster tiles from ``url_template`` (``{z}/{x}/{y}``), cached on disk under ``cache_dir``.

    The layer has no extent (tiles cover the world), so it never changes what "show everything"
    fits. ``status`` is set by whoever fetches (the map view), on the thread that owns the layer.
    """

    def __init__(
        self,
        url_template: str,
        *,
        name: str | None = None,
        cache_dir: Path | None = None,
        max_zoom: int = 18,
        attribution: str | None = None,
        visible: bool = True,
        opacity: float = 1.0,
    ) -> None:
        self.url_template = check_template(url_template)
        host = urlparse(url_template).hostname or ""
        if attribution is None:
            attribution = GSI_ATTRIBUTION if host.endswith("gsi.go.jp") else t("背景地図: {h}", "Base map: {h}", h=host)
        super().__init__(name or t("背景地図 (タイル)", "Base map (tiles)"), kind="basemap", attribution=attribution,
                         visible=visible, opacity=opacity)  # fmt: skip
        key = hashlib.sha256(url_template.encode()).hexdigest()[:16]
        self.cache_dir = (cache_dir or user_cache_dir()) / key
        self.max_zoom = max_zoom
        self._offline_until = 0.0

    def tiles_for(self, west: float, south: float, east: float, north: float, metres_per_pixel: float) -> list[TileKey]:
        return xyz_tiles(west, south, east, north, zoom_for(metres_per_pixel, (south + north) / 2, self.max_zoom))

    def tile_points(self, tile: TileKey, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        assert isinstance(tile, Tile)
        return xyz_points(tile, u, v)

    def load(self, tile: TileKey, client: httpx.Client | None) -> TileReply:
        """From the disk cache, else (unless a fetch failed less than :data:`RETRY_AFTER_S` ago) the network."""
        assert isinstance(tile, Tile) and client is not None
        if (data := self.cached(tile)) is not None:
            return TileReply(tile, data)
        if time.monotonic() < self._offline_until:
            return TileReply(tile, None, t("オフライン (再試行待ち)", "offline (waiting to retry)"))
        try:
            return TileReply(tile, self.fetch(tile, client), from_network=True)
        except TileFetchError as exc:
            self._offline_until = time.monotonic() + RETRY_AFTER_S
            return TileReply(tile, None, str(exc))

    def describe(self, tile: TileKey) -> str:
        assert isinstance(tile, Tile)
        return self.url(tile)

    def url(self, tile: Tile) -> str:
        return self.url_template.format(z=tile.z, x=tile.x, y=tile.y)

    def cache_path(self, tile: Tile) -> Path:
        return self.cache_dir / str(tile.z) / str(tile.x) / f"{tile.y}.img"

    def cached(self, tile: Tile) -> bytes | None:
        """The tile's bytes from the disk cache, or None."""
        try:
            return self.cache_path(tile).read_bytes()
        except OSError:
            return None

    def fetch(self, tile: Tile, client: httpx.Client) -> bytes:
        """Download ``tile`` and store it in the disk cache (written whole, then renamed).

        Raises
        ------
        TileFetchError
            On a network error, a timeout or a status other than 200.
        """
        url = self.url(tile)
        try:
            response = client.get(url, timeout=TIMEOUT_S)
        except httpx.HTTPError as exc:
            raise TileFetchError(f"{url}: {type(exc).__name__} {exc}") from exc
        if response.status_code != 200:
            raise TileFetchError(f"{url}: HTTP {response.status_code}, expected 200 with an image")
        path = self.cache_path(tile)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".part{threading.get_ident()}")
        partial.write_bytes(response.content)
        partial.replace(path)
        return response.content


TileResult = Callable[[TileReply], None]
"""Called on the fetcher's thread with each :class:`TileReply`."""


class TileFetcher:
    """One daemon thread that fetches requested tiles, newest request first.

    Requests already queued or known to fail recently are ignored, so a view may ask for every
    tile it lacks on every frame. ``on_result`` runs on the fetcher's thread: a GUI must pass the
    result on to its own thread (a queued signal). :meth:`close` stops the thread.
    """

    def __init__(self, layer: TiledLayer, on_result: TileResult) -> None:
        self._layer = layer
        self._on_result = on_result
        self._queue: queue.LifoQueue[TileKey | None] = queue.LifoQueue()
        self._pending: set[TileKey] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="tile fetcher", daemon=True)
        self._thread.start()

    def request(self, tiles: list[TileKey]) -> None:
        """Ask for ``tiles`` (those already pending are skipped)."""
        with self._lock:
            for tile in tiles:
                if tile not in self._pending:
                    self._pending.add(tile)
                    self._queue.put(tile)

    def close(self) -> None:
        self._queue.put(None)

    def _run(self) -> None:
        with httpx.Client(follow_redirects=True, headers={"User-Agent": "nigezero"}) as client:
            while (tile := self._queue.get()) is not None:
                reply = self._layer.load(tile, client)
                with self._lock:
                    self._pending.discard(tile)
                self._on_result(reply)
