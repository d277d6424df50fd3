"""A second process that paints the lower part of a big layer's image, so one frame uses two cores.

PySide6 holds the interpreter lock for the whole of every ``QPainter`` call, so two threads
painting one layer take longer than one (measured: twice the work took 2.3 times as long), and
Qt's raster fill and outline are most of a district's frame. A process is not bound by that
lock. The helper holds a copy of each big layer's flat arrays with their grid index (sent once
per layer and view CRS: numpy arrays only) and its classes (sent again after a style change).
Per frame the render thread sends the view and the row where it splits (see
:class:`SplitBalance`); the helper picks and paints what lies below with the same
:meth:`~app.map2d.vector_item.VectorItem.draw_part` while the render thread paints the upper
part, both into the layer's image, which lives in shared memory (:class:`SharedImage`). Each part is painted
like a strip after a pan: where features do not overlap (building footprints seldom do) the
image is the one-thread image, pixel for pixel; where two of one class overlap, which outline
lies on top may differ, as it may between paths of one frame.

Nothing here is needed for a correct map: while the helper starts (about a second, from the
first big layer on), while another thread uses it, or after it failed, :meth:`PaintHelper.begin`
returns None and the caller paints everything itself. The helper gets what the map draws
(geometry, classes, colours: a residents layer's homes too) and keeps it in memory only; what it
reports of a failure is the exception's type, never its message.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import logging
import mmap
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from app.map2d.base_item import clear, device_size
from app.map2d.viewport import Viewport
from layers.geometry import FeatureArrays, GeometryType
from layers.styles import VectorStyle

log = logging.getLogger(__name__)

PAINT_TIMEOUT_S = 5.0
"""A part not back after this long means the helper is stuck: it is stopped and not used again."""
MAX_LAYERS = 8
"""Layer copies the helper keeps (the least recently painted goes first)."""
_FORMAT = QImage.Format.Format_ARGB32_Premultiplied


@dataclass(frozen=True)
class LayerCopy:
    """What the helper needs of a vector layer to draw it; it answers as the layer does
    (``arrays``, ``class_codes``, ``style``, ``geometry_type``) for the drawing code."""

    crs: str
    geometry_type: GeometryType
    style: VectorStyle
    codes: np.ndarray
    features: FeatureArrays

    def arrays(self, crs: str) -> FeatureArrays:
        return self.features

    def class_codes(self) -> np.ndarray:
        return self.codes


@dataclass
class SplitBalance:
    """Where a view is split between the caller (above) and the helper (below): a share of its
    height, moved after every split frame towards the one at which both are done at once
    (assuming even density, halfway each time, so one odd frame does not swing it)."""

    share: float = 0.5

    def row(self, view: Viewport, ratio: float) -> float:
        """The split row in logical pixels, on a whole device pixel (so the parts meet exactly)."""
        rows = round(view.height * ratio)
        return min(max(round(rows * self.share), 1), rows - 1) / ratio

    def update(self, mine_ms: float, theirs_ms: float) -> None:
        mine_per_share, theirs_per_share = mine_ms / self.share, theirs_ms / (1 - self.share)
        even = theirs_per_share / max(mine_per_share + theirs_per_share, 1e-9)
        self.share = min(0.9, max(0.1, (self.share + even) / 2))


class PartDone(NamedTuple):
    """The helper's report on a part: its painting time, the features it drew, and when it was
    done by ``time.perf_counter``, a clock the processes share (``CLOCK_MONOTONIC`` on Linux,
    ``QueryPerformanceCounter`` on Windows)."""

    ms: float
    features: int
    done_at: float


class PaintJob:
    """A part being painted by the helper; :meth:`finish` must follow :meth:`PaintHelper.begin`.

    ``upper`` is what the caller paints meanwhile, ``lower`` what the helper paints. Both are
    painted in place on the one view-sized image in shared memory (:class:`SharedImage`) and
    clipped at the split row: Qt's raster clipping is exact (measured: a district drawn in two
    clipped parts, at any row or column, with or without antialiasing, is the one-pass image),
    whereas a translated painter rounded some edge pixels differently.
    """

    def __init__(self, helper: PaintHelper, view: Viewport, target: SharedPixels, top: float) -> None:
        self._helper, self._target = helper, target
        self.upper = QRectF(0, 0, view.width, top)
        self.lower = _below(view, top)
        self.asked_at = time.perf_counter()

    def ms_since_asked(self, moment: float) -> float:
        return (moment - self.asked_at) * 1000

    def helper_ms(self, done: PartDone) -> float:
        """How long after it was asked the helper's part was done: the time to balance against
        the caller's, start-up and hand-over included (about half a millisecond a caller would
        otherwise wait each frame). Its painting time if the clocks disagree."""
        since = self.ms_since_asked(done.done_at)
        return since if done.ms <= since <= done.ms + PAINT_TIMEOUT_S * 1000 else done.ms

    def finish(self) -> PartDone | None:
        """Wait until ``lower`` is painted; None if the helper failed (then the caller paints
        ``lower`` itself)."""
        try:
            reply = self._helper.receive()
            if reply is not None:
                self._target.unname()  # the helper has it mapped
            return reply
        finally:
            self._helper.release()


class SharedPixels:
    """A file in memory (``/dev/shm`` where there is one) mapped by both processes. Its name is
    removed once the helper has mapped it, so nothing is left if both processes die; when it is
    dropped, the helper is told to let go of it with the next part it paints."""

    _serials = itertools.count()

    def __init__(self, size: int) -> None:
        fd, self.path = tempfile.mkstemp(prefix="nigezero-map-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        try:
            os.ftruncate(fd, size)
            self.buf = mmap.mmap(fd, size)
        finally:
            os.close(fd)
        self.serial = next(self._serials)
        """Tells the helper this file from the others it has mapped."""
        self._named = True
        weakref.finalize(self, _let_go, self.path, self.serial)

    def unname(self) -> None:
        if self._named:
            _unlink(self.path)
            self._named = False


_released: deque[int] = deque()
"""Serials of dropped :class:`SharedPixels`, for the helper to unmap (appended from any thread)."""


def _let_go(path: str, serial: int) -> None:
    _unlink(path)
    _released.append(serial)


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class SharedImage:
    """A layer image whose pixels are :class:`SharedPixels`, so the helper paints its part in
    place (copying it over took ~0.4 ms of a district's frame). The ``QImage`` does not own
    its pixels: this object must outlive every use of ``image``."""

    def __init__(self, width: int, height: int, ratio: float) -> None:
        self.pixels = SharedPixels(width * height * 4)
        self.image = QImage(self.pixels.buf, width, height, width * 4, _FORMAT)
        self.image.setDevicePixelRatio(ratio)


class SharedImages:
    """The two images a drawer paints in turn (the last one stays whole for a pan to move),
    made again when the view's size changes. The pair before is kept one change longer: the
    drawer may still hold its last image from it."""

    def __init__(self) -> None:
        self._pair: list[SharedImage] = []
        self._retired: list[SharedImage] = []
        self._turn = 0

    def next(self, view: Viewport, ratio: float) -> SharedImage:
        width, height = device_size(view, ratio)
        shape = self._pair[0].image if self._pair else None
        if shape is None or (shape.width(), shape.height(), shape.devicePixelRatio()) != (width, height, ratio):
            self._retired, self._pair = self._pair, [SharedImage(width, height, ratio) for _ in range(2)]
        self._turn ^= 1
        return self._pair[self._turn]


class PaintHelper:
    """The client side: starts the helper process and talks to it (one caller at a time).

    The helper is a fresh interpreter running :func:`serve` (not ``multiprocessing``'s spawn,
    which imports the caller's main module again: a script without a ``__main__`` guard would
    start helpers without end).
    """

    def __init__(self) -> None:
        if getattr(sys, "frozen", False):
            raise OSError("a frozen build has no interpreter to start the helper with")
        ours, theirs = socket.socketpair()
        code = f"import sys; sys.path[:0] = {json.dumps(sys.path)}; from app.map2d.paint_helper import serve; serve({theirs.fileno()})"
        self._process = subprocess.Popen(
            [sys.executable, "-c", code], pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
        )
        theirs.close()
        self._conn = Connection(ours.detach())
        self._lock = threading.Lock()
        self._ready = False
        self._failed = False
        self._sent: OrderedDict[int, tuple[object, object, object]] = OrderedDict()
        """Per layer key, the (arrays, codes, style) objects the helper holds a copy of."""

    def begin(self, key: int, layer_copy: Callable[[], LayerCopy], view: Viewport, target: SharedImage, top: float) -> PaintJob | None:
        """Have the helper paint layer ``key`` in ``view`` below row ``top`` of ``target`` (it
        picks the features there with its own index); None when it cannot now (starting, busy,
        failed). ``layer_copy`` is sent when the helper's copy is missing or out of date. The
        caller paints ``job.upper`` meanwhile, then calls ``job.finish``."""
        if self._failed or not self._lock.acquire(blocking=False):
            return None
        try:
            if not self._is_ready():
                self._lock.release()
                return None
            job = PaintJob(self, view, target.pixels, top)
            self._send_layer(key, layer_copy())
            pixels, released = target.pixels, [_released.popleft() for _ in range(len(_released))]
            self._conn.send(("paint", key, view, target.image.devicePixelRatio(), top, pixels.path, pixels.serial, released))
        except Exception as error:  # whatever stops the hand-off must not cost the frame: paint it here
            self._fail(f"sending a part failed: {type(error).__name__}: {error}")
            self._lock.release()
            return None
        return job

    def wait_ready(self, timeout: float) -> bool:
        """Block until the helper has started (benchmarks and tests; the map never waits)."""
        with self._lock:
            try:
                if not self._ready and not self._failed:
                    self._conn.poll(timeout)
            except (OSError, EOFError):
                pass  # _is_ready says why
            return self._is_ready()

    def receive(self) -> PartDone | None:
        """The helper's reply to the last paint request, or None if it failed (then it is not
        used again, except for a reported paint error, which affects only that part)."""
        try:
            if not self._conn.poll(PAINT_TIMEOUT_S):
                self._fail(f"no part within {PAINT_TIMEOUT_S:.0f} s")
                return None
            reply = self._conn.recv()
        except (OSError, EOFError) as error:
            self._fail(f"the helper is gone: {error}")
            return None
        if reply[0] != "done":
            log.warning("the map paint helper could not paint a part: %s", reply[1])
            self._sent.clear()  # whatever it lost, it gets again with the next part
            return None
        return PartDone(*reply[1:])

    def release(self) -> None:
        self._lock.release()

    def close(self) -> None:
        """Stop the helper and free the shared memory (at exit)."""
        with self._lock:
            try:
                self._conn.send(("close",))
            except (OSError, ValueError):
                pass
            try:
                self._process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._process.kill()
            self._conn.close()
            self._failed = True

    def _is_ready(self) -> bool:
        if not self._ready and not self._failed:
            try:
                if self._conn.poll():
                    self._ready = self._conn.recv() == ("ready",)
            except (OSError, EOFError) as error:
                self._fail(f"it did not start: {error}")
        return self._ready and not self._failed

    def _send_layer(self, key: int, copy: LayerCopy) -> None:
        held = self._sent.get(key)
        if held is None or held[0] is not copy.features:
            self._conn.send(("layer", key, copy))
        elif held[1] is not copy.codes or held[2] is not copy.style:
            self._conn.send(("classes", key, copy.style, copy.codes))
        self._sent[key] = (copy.features, copy.codes, copy.style)
        self._sent.move_to_end(key)
        while len(self._sent) > MAX_LAYERS:
            self._conn.send(("forget", self._sent.popitem(last=False)[0]))

    def _fail(self, why: str) -> None:
        log.warning("the map paint helper is not used any more (%s); the map is painted on one core", why)
        self._failed = True
        self._process.kill()
        self._process.wait(timeout=2)


_shared: PaintHelper | None = None
_shared_lock = threading.Lock()


def shared() -> PaintHelper | None:
    """The process-wide helper, started on first use and stopped at exit; None if it could not
    be started (then nothing tries again)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            try:
                _shared = PaintHelper()
            except (OSError, ValueError) as error:  # ValueError: no fd passing (not POSIX)
                log.warning("the map paint helper could not start (%s); the map is painted on one core", error)
                _shared = False  # type: ignore[assignment]
            else:
                atexit.register(_shared.close)
        return _shared or None


def serve(fd: int) -> None:
    """The helper process: keep layer copies, paint parts until told to close or the socket ends."""
    from app.map2d.vector_item import VectorItem  # imported here: vector_item imports this module

    conn = Connection(fd)
    items: dict[int, VectorItem] = {}
    mapped: dict[int, mmap.mmap] = {}
    """The caller's shared images by serial, until it drops them."""
    conn.send(("ready",))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        kind, key = message[0], message[1] if len(message) > 1 else None
        if kind == "close":
            return
        try:
            if kind == "layer":
                items[key] = VectorItem(message[2], message[2].crs)
            elif kind == "classes":
                items[key].layer = replace(items[key].layer, style=message[2], codes=message[3])
            elif kind == "forget":
                items.pop(key, None)
            elif kind == "paint":
                _, _, view, ratio, top, path, serial, released = message
                for gone in released:
                    if gone in mapped:
                        mapped.pop(gone).close()
                if serial not in mapped:
                    with Path(path).open("r+b") as file:
                        mapped[serial] = mmap.mmap(file.fileno(), 0)
                buf = mapped[serial]
                width, height = device_size(view, ratio)
                started = time.perf_counter()
                drawn = _paint_part(items[key], view, ratio, top, QImage(buf, width, height, width * 4, _FORMAT))
                done_at = time.perf_counter()
                conn.send(("done", (done_at - started) * 1000, drawn, done_at))
        except Exception as error:  # a bad message must not end the helper; the layer is sent again
            items.pop(key, None)
            if kind == "paint":
                conn.send(("error", type(error).__name__))


def _below(view: Viewport, top: float) -> QRectF:
    """The part of ``view`` below row ``top``: what the helper paints."""
    return QRectF(0, top, view.width, view.height - top)


def _paint_part(item: Any, view: Viewport, ratio: float, top: float, image: QImage) -> int:
    """Paint what lies below row ``top`` of ``view`` as the caller paints its part, in place;
    how many features were drawn."""
    image.setDevicePixelRatio(ratio)
    painter = QPainter(image)
    try:
        part = _below(view, top)
        clear(painter, part)
        return item.draw_part(painter, view, part)
    finally:
        painter.end()
