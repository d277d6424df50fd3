"""The ``app://`` scheme: the 3D page, its scripts and its binary arrays, served from memory.

Why a scheme and not files or ``setHtml``: ``setHtml`` fails above ~1.4 MB (deck.gl alone is
4.2 MB), ``fetch()`` refuses file:// URLs, and a scheme of our own keeps every request inside
the app (with ``LocalContentCanAccessRemoteUrls`` off nothing leaves the machine). Each 3D view
has its own profile and handler, which also carries the page's reports back
(``app://nigezero/event/<name>?d=<json>``).

The scheme must be registered before the ``QApplication`` exists (:func:`register_scheme`,
called by ``app/main.py``); the view keeps the Python reference to its handler.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QObject, QUrl, QUrlQuery
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from layers.deck import PAGE_ASSETS, page_html

SCHEME = b"app"
MIME = {".html": b"text/html", ".js": b"text/javascript", ".css": b"text/css", ".png": b"image/png"}

EventSink = Callable[[str, dict], None]
"""Receives the page's reports: the event name and its JSON data."""


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
    arrays under ``blob/<key>`` (:attr:`blobs`), and its page's reports under ``event/<name>``
    (passed to ``on_event``)."""

    def __init__(self, on_event: EventSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_event = on_event
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
        elif (body := _asset(path)) is not None:
            _reply(job, MIME.get(Path(path).suffix, b"application/octet-stream"), body)
        else:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)


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
