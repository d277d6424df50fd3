"""An optional XYZ tile base map (e.g. 地理院タイル) with a disk cache; no Qt.

Machines in a city office are often offline, so tiles are a convenience, never a dependency:
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx
import mercantile
from psygnal import Signal

from i18n import t
from layers.base import Extent, Layer, LayerEvents, LegendEntry
from layers.errors import LayerError, LayerValueError

Tile = mercantile.Tile
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


class TileEvents(LayerEvents):
    """A tile layer also announces its network ``status``."""

    status = Signal(str)


class TileLayer(Layer):
    """Raster tiles from ``url_template`` (``{z}/{x}/{y}``), cached on disk under ``cache_dir``.

    The layer has no extent (tiles cover the world), so it never changes what "show everything"
    fits. ``status`` is set by whoever fetches (the map view), on the thread that owns the layer.
    """

    events: TileEvents
    events_type = TileEvents

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
        self._status: TileStatus = "unknown"

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
        """Nothing to project ahead: tiles are placed as they arrive."""

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


@dataclass(frozen=True)
class TileReply:
    """What became of one request: the bytes (None on failure), why not, and whether they
    came over the network (only that proves the layer is online)."""

    tile: Tile
    data: bytes | None
    error: str | None = None
    from_network: bool = False


TileResult = Callable[[TileReply], None]
"""Called on the fetcher's thread with each :class:`TileReply`."""


class TileFetcher:
    """One daemon thread that fetches requested tiles, newest request first.

    Requests already queued or known to fail recently are ignored, so a view may ask for every
    tile it lacks on every frame. ``on_result`` runs on the fetcher's thread: a GUI must pass the
    result on to its own thread (a queued signal). :meth:`close` stops the thread.
    """

    def __init__(self, layer: TileLayer, on_result: TileResult) -> None:
        self._layer = layer
        self._on_result = on_result
        self._queue: queue.LifoQueue[Tile | None] = queue.LifoQueue()
        self._pending: set[Tile] = set()
        self._lock = threading.Lock()
        self._offline_until = 0.0
        self._thread = threading.Thread(target=self._run, name="tile fetcher", daemon=True)
        self._thread.start()

    def request(self, tiles: list[Tile]) -> None:
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
                reply = self._get(tile, client)
                with self._lock:
                    self._pending.discard(tile)
                self._on_result(reply)

    def _get(self, tile: Tile, client: httpx.Client) -> TileReply:
        if (data := self._layer.cached(tile)) is not None:
            return TileReply(tile, data)
        if time.monotonic() < self._offline_until:
            return TileReply(tile, None, t("オフライン (再試行待ち)", "offline (waiting to retry)"))
        try:
            return TileReply(tile, self._layer.fetch(tile, client), from_network=True)
        except TileFetchError as exc:
            self._offline_until = time.monotonic() + RETRY_AFTER_S
            return TileReply(tile, None, str(exc))
