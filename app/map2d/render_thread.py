"""One dedicated thread that renders the map's frames, so the GUI thread never waits for a layer.

The canvas posts a :class:`FrameRequest` (the view, and the drawers with their opacities, bottom
first); only the newest request matters, so a burst of pans costs one render. The thread asks
each drawer for its image (cached, or moved by whole pixels on a pan), composes them, and hands
the frame back through a queued Qt signal. Painting a ``QImage`` off the GUI thread is
thread-safe in Qt; widgets are never touched here.

It is a plain ``threading.Thread``, not a ``QThreadPool`` worker, for the reason in
:mod:`app.job_runner`: pyproj's per-thread context must live as long as the thread does, and a
drawer may project a layer that arrived unprepared.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QColor, QImage, QPainter

from app.background import emit_from_worker
from app.map2d.base_item import MapItem, reusable_image
from app.map2d.viewport import Viewport
from jobs.failure_log import log_failure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FrameRequest:
    """What to render: ``layers`` are (drawer, opacity) pairs, bottom first."""

    generation: int
    view: Viewport
    ratio: float
    background: QColor
    layers: tuple[tuple[MapItem, float], ...]


@dataclass(frozen=True)
class Frame:
    """A rendered frame for ``view``; ``ms`` is the render time on the render thread."""

    generation: int
    view: Viewport
    image: QImage = field(repr=False)
    ms: float


def compose(request: FrameRequest, spare: QImage | None = None) -> QImage:
    """The frame of ``request``: each layer's image over the background, with its opacity
    (drawn into ``spare`` when it has the size, see :func:`~app.map2d.base_item.reusable_image`)."""
    view, ratio = request.view, request.ratio
    frame = reusable_image(spare, view, ratio, request.background)
    painter = QPainter(frame)
    try:
        for item, opacity in request.layers:
            painter.setOpacity(opacity)
            painter.drawImage(QPointF(0, 0), item.image(view, ratio))
    finally:
        painter.end()
    return frame


class RenderThread(QObject):
    """Renders the newest :class:`FrameRequest` on its own thread; ``frame_ready(Frame)`` fires
    on the thread that created this object (the GUI thread)."""

    frame_ready = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._wake = threading.Condition()
        self._pending: FrameRequest | None = None
        self._done = 0
        self._last: Frame | None = None
        self._buffers: list[QImage] = []
        """The last two frames' images, drawn into again in turn (the GUI thread gets copies
        sharing their pixels, so one still shown is copied before it is drawn over)."""
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="map render", daemon=True)
        self._thread.start()

    def request(self, request: FrameRequest) -> None:
        """Render ``request`` next, dropping any older request not yet started."""
        with self._wake:
            self._pending = request
            self._wake.notify_all()

    def wait(self, generation: int, timeout: float = 60.0) -> Frame | None:
        """Block until the frame of ``generation`` (or a newer one) is rendered; None on timeout.

        For exports, tests and benchmarks that need the up-to-date frame now; the map itself
        never waits.
        """
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._done < generation and not self._closed:
                if not self._wake.wait(max(0.0, deadline - time.monotonic())):
                    return None
            return self._last

    def close(self) -> None:
        """Stop the thread after the frame it is rendering (if any)."""
        with self._wake:
            self._closed = True
            self._wake.notify_all()

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                request, self._pending = self._pending, None
            started = time.perf_counter()
            try:
                image = compose(request, self._buffers.pop(0) if len(self._buffers) == 2 else None)
                self._buffers.append(image)
            except Exception as exc:  # a drawer bug must not kill the map: log it, keep the last frame
                log_failure(log, "rendering the map failed", exc)
                image = None
            with self._wake:
                self._done = max(self._done, request.generation)
                if image is not None:  # the GUI thread gets its own QImage on the buffer's pixels (copy on write)
                    self._last = Frame(request.generation, request.view, QImage(image), (time.perf_counter() - started) * 1000)
                frame = self._last
                self._wake.notify_all()
            if frame is not None and frame.generation == request.generation:
                emit_from_worker(self.frame_ready, frame)
