"""numpy arrays → Qt drawing objects without a Python call per vertex.

A ``QPainterPath`` is filled from a little-endian ``QDataStream`` laid out as Qt serialises
paths (element count; per element int32 type, float64 x, float64 y; int32 start of the
current subpath; int32 fill rule), and a ``QPolygonF`` of points likewise (count, then
x, y pairs). Building these from numpy costs about 0.1 µs per vertex, against about 3 µs for
``QPointF`` objects made in Python; many paths are read from one stream, so cutting a layer
into small paths (which Qt fills faster than one big one) costs no Python call per feature.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QIODevice
from PySide6.QtGui import QImage, QPainterPath, QPolygonF

_MOVE_TO, _LINE_TO = 0, 1
_WINDING_FILL = 1
_PATH_ELEMENT = np.dtype([("type", "<i4"), ("x", "<f8"), ("y", "<f8")])


def _stream(data: bytes) -> tuple[QDataStream, QByteArray]:
    """A little-endian stream reading ``data``, and the buffer it reads (keep both alive)."""
    buffer = QByteArray(data)
    stream = QDataStream(buffer, QIODevice.OpenModeFlag.ReadOnly)
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    return stream, buffer


def path_from_rings(x: np.ndarray, y: np.ndarray, ring_starts: np.ndarray) -> QPainterPath:
    """One path of many subpaths, filled by non-zero winding: overlapping rings fill, holes
    (wound the other way, :class:`~layers.geometry.FeatureArrays`) stay open.

    Parameters
    ----------
    x, y : numpy.ndarray
        Screen coordinates of all vertices, the rings one after another.
    ring_starts : numpy.ndarray
        Index into ``x``/``y`` where each ring begins (sorted, first is 0).
    """
    if len(x) == 0:
        return QPainterPath()
    return paths_from_rings(x, y, ring_starts, np.zeros(1, dtype=np.int64))[0]


def paths_from_rings(x: np.ndarray, y: np.ndarray, ring_starts: np.ndarray, path_starts: np.ndarray) -> list[QPainterPath]:
    """Several paths as :func:`path_from_rings` makes them, from one array of rings: path ``i``
    holds rings ``path_starts[i]`` up to the next path's first ring. The element records are
    laid out once in numpy and each path's header and footer inserted between them in one
    ``np.insert``, so many small paths cost no more to build than one big one.

    Parameters
    ----------
    x, y, ring_starts
        As for :func:`path_from_rings` (``x`` not empty).
    path_starts : numpy.ndarray
        Index into ``ring_starts`` of each path's first ring (sorted, first is 0).
    """
    elements = np.empty(len(x), dtype=_PATH_ELEMENT)
    elements["type"] = _LINE_TO
    elements["type"][ring_starts] = _MOVE_TO
    elements["x"] = x
    elements["y"] = y
    vertex_starts = np.append(ring_starts[path_starts], len(x))
    last_ring = np.append(path_starts[1:], len(ring_starts)) - 1
    headers = np.diff(vertex_starts)
    framing = np.empty(3 * len(path_starts), dtype="<u4")  # header 0, then footer i and header i + 1, …, the last footer
    framing[0] = headers[0]
    framing[1::3] = ring_starts[last_ring] - vertex_starts[:-1]
    framing[2::3] = _WINDING_FILL
    framing[3::3] = headers[1:]
    at = np.repeat(vertex_starts * _PATH_ELEMENT.itemsize // 4, 3)[2:-1]  # in 4-byte words, before each path's first element
    stream, _buffer = _stream(np.insert(elements.view("<u4"), at, framing).tobytes())
    paths = [QPainterPath() for _ in range(len(path_starts))]
    for path in paths:
        stream >> path
    return paths


def polygon_from_points(x: np.ndarray, y: np.ndarray) -> QPolygonF:
    """A ``QPolygonF`` holding the points (for ``QPainter.drawPoints``)."""
    polygon = QPolygonF()
    if len(x) == 0:
        return polygon
    xy = np.empty((len(x), 2), dtype="<f8")
    xy[:, 0] = x
    xy[:, 1] = y
    stream, _buffer = _stream(np.array([len(x)], dtype="<u4").tobytes() + xy.tobytes())
    stream >> polygon
    return polygon


def image_from_rgba(rgba: np.ndarray) -> QImage:
    """A ``QImage`` owning a copy of an (rows, cols, 4) uint8 RGBA array."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    rows, cols, _ = rgba.shape
    return QImage(rgba.data, cols, rows, cols * 4, QImage.Format.Format_RGBA8888).copy()
