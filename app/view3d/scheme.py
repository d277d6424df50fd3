"""The ``app://`` scheme: the 3D page, its scripts and its binary arrays, served from memory.

Why a scheme and not files or ``setHtml``: ``setHtml`` fails above ~1.4 MB (deck.gl alone is
4.2 MB), ``fetch()`` refuses file:// URLs, and a scheme of our own keeps every request inside
the app (with ``LocalContentCanAccessRemoteUrls`` off nothing leaves the machine). Each 3D view
has its own profile and handler, which also carries the page's reports back
(``app://nigezero/event/<name>?d=<json>``) and serves hazard tiles from their layers
(``app://nigezero/tiles/<layer id>/<tile>.png``, :data:`layers.deck.TILE_URL`).

The scheme must be registered before the ``QApplication`` exists (:func:`register_scheme`,
called by ``app/main.py``); the view keeps the Python reference to its handler.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QObject, QUrl, QUrlQuery
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from i18n import t
from layers.deck import PAGE_ASSETS, page_html, tile_of_url
from layers.hazard_tiles import HazardTileLayer

SCHEME = b"app"
MIME = {".html": b"text/html", ".js": b"text/javascript", ".css": b"text/css", ".png": b"image/png"}

EventSink = Callable[[str, dict], None]
"""Receives the page's reports: the event name and its JSON data."""
TileSource = Callable[[str], HazardTileLayer | None]
"""The hazard tile layer the page knows by a layer id, if any."""


def no_tiles(layer_id: str) -> HazardTileLayer | None:
    """A :data:`TileSource` with no layers (a view that has let its project go)."""
    return None


def register_scheme() -> bool:
    """Register ``app://`` (secure, fetch and CORS allowed) once; False when it is too late.

    Must run before the ``QApplication`` is created; afterwards Chromium has started and a
    registration would be ignored, so it is refused here instead.
    """
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return True
    if QCoreApplication.instance() is not None:
        return False
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    flags = QWebEngineUrlScheme.Flag
    scheme.setFlags(flags.SecureScheme | flags.FetchApiAllowed | flags.CorsEnabled | flags.LocalAccessAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)
    return True


def scheme_registered() -> bool:
    """Whether :func:`register_scheme` ran in time (else the 3D view explains it cannot start)."""
    return QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME


class AppSchemeHandler(QWebEngineUrlSchemeHandler):
    """Serves one 3D view's ``app://nigezero/…``: the page and its assets, the view's binary
    arrays under ``blob/<key>`` (:attr:`blobs`), its page's reports under ``event/<name>``
    (passed to ``on_event``) and hazard tiles under ``tiles/<layer id>/…`` (read from the layer
    ``tile_source`` names)."""

    def __init__(self, on_event: EventSink, parent: QObject | None = None, tile_source: TileSource = no_tiles) -> None:
        super().__init__(parent)
        self.on_event = on_event
        self.tile_source = tile_source
        self.blobs: dict[str, bytes] = {}

    def drop(self, prefix: str) -> None:
        """Forget the arrays whose key starts with ``prefix`` (a replaced layer's)."""
        for key in [k for k in self.blobs if k.startswith(prefix)]:
            del self.blobs[key]

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt API)
        url = job.requestUrl()
        path = url.path().lstrip("/")
        if path.startswith("event/"):
            data = json.loads(QUrlQuery(url).queryItemValue("d", QUrl.ComponentFormattingOption.FullyDecoded) or "{}")
            self.on_event(path.removeprefix("event/"), data)
            _reply(job, b"text/plain", b"")
        elif path.startswith("blob/") and path.removeprefix("blob/") in self.blobs:
            _reply(job, b"application/octet-stream", self.blobs[path.removeprefix("blob/")])
        elif path.startswith("tiles/"):
            self._serve_tile(job, path.removeprefix("tiles/"))
        elif (body := _asset(path)) is not None:
            _reply(job, MIME.get(Path(path).suffix, b"application/octet-stream"), body)
        else:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)

    def _serve_tile(self, job: QWebEngineUrlRequestJob, path: str) -> None:
        """A tile's bytes from its layer (read and decoded on this thread: a local file of a few
        kB, under 1 ms); a tile the set lacks is not found (``UrlNotFound``: the page's fetch
        fails and nothing is drawn), one it lists but that cannot be decoded likewise, and is a
        problem of the layer (reported once, as the 2D map does)."""
        layer_id, _, key = path.partition("/")
        layer = self.tile_source(layer_id)
        tile = tile_of_url(layer, key) if layer is not None else None
        if layer is None or tile is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        reply = layer.load(tile, None)
        if reply.data is None or QImage.fromData(reply.data).isNull():
            layer.report(tile, reply.error or t("画像として読めません (壊れた PNG?)", "not readable as an image (a broken PNG?)"))
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        _reply(job, b"image/png", reply.data)


@cache
def _asset(path: str) -> bytes | None:
    """The page (``index.html``) or a file it links, read once per process."""
    if path == "index.html":
        return page_html().encode("utf-8")
    return PAGE_ASSETS[path].read_bytes() if path in PAGE_ASSETS else None


def _reply(job: QWebEngineUrlRequestJob, mime: bytes, body: bytes) -> None:
    buffer = QBuffer(job)  # the job owns it: alive until Chromium has read it
    buffer.setData(QByteArray(body))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    job.reply(mime, buffer)
