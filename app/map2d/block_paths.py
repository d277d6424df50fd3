"""Qt paths of a layer's blocks of features (:mod:`layers.draw_blocks`) in world coordinates,
kept from frame to frame.

A frame asks for the blocks it shows, each with how many of its (largest first) features are
drawn as shapes at its scale; a block's paths are built the first time, and again only when
that count changes, and are placed by the painter's transform (:func:`world_transform`). A
district's 3,600 footprints then cost no path building on a repaint, a pan or a zoom step that
keeps them shapes (~1 ms of each half of the frame, measured). The paths of one build are
made in one numpy pass (:func:`~app.map2d.qt_arrays.paths_from_rings`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from PySide6.QtGui import QPainterPath, QTransform

from app.map2d.qt_arrays import paths_from_rings
from app.map2d.viewport import Viewport
from layers.geometry import FeatureArrays
from layers.ranges import concat_ranges

FEATURES_PER_PATH = 8
"""Shapes are drawn in paths of about this many features (see :func:`rings_in_paths`). Qt's
scanline fill sorts the edge crossings of a path on every scanline, so thousands of
footprints in one path per colour fill in 2.5 times the time they take in paths of 16
spread over the view (3,600 footprints of ~40 px: 10.9 ms against 4 ms). Paths of 8 draw a
half of that district in 5.5 ms against 5.7 ms with 16 (the whole in 12.9 against 13.1);
paths of 4 cost more in calls than they save. Eight paths spread over a block of 64 draw as
fast as paths spread over the view, eight neighbours in a path 12 % slower (measured)."""
MAX_KEPT_VERTICES = 4_000_000
"""Kept paths hold at most this many vertices (~100 MB); past it they are all dropped and
built again as views need them (a city of 150,000 buildings holds ~900,000)."""


def world_transform(view: Viewport) -> QTransform:
    """The transform placing world coordinates as :meth:`Viewport.to_screen` does."""
    s = view.scale
    return QTransform(1 / s, 0, 0, -1 / s, view.width / 2 - view.cx / s, view.height / 2 + view.cy / s)


def rings_in_paths(first_rings: np.ndarray, features: np.ndarray, keys: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rings of ``features`` in drawing order, where each path begins among them, and each
    path's key.

    A path holds features of one key (keys in ascending order), about :data:`FEATURES_PER_PATH`
    of them, every k-th of that key from south to north (``y``, their centres' northing): its
    features spread over the key's area and seldom share a scanline. A feature's rings stay in
    one path, so its holes stay open. ``first_rings[f]`` is feature ``f``'s first ring (and
    ``first_rings[f + 1]`` the end of its rings).
    """
    starts, ends = first_rings[features], first_rings[features + 1]
    drawn = ends > starts  # empty geometries draw nothing
    order = np.lexsort((y[drawn], keys[drawn]))
    keys, starts, ends = keys[drawn][order], starts[drawn][order], ends[drawn][order]
    per_key = np.bincount(keys)
    rank = np.arange(len(keys)) - (np.cumsum(per_key) - per_key)[keys]
    path = rank % -(-per_key // FEATURES_PER_PATH)[keys]
    by_path = np.lexsort((rank, path, keys))
    keys, path, starts, ends = keys[by_path], path[by_path], starts[by_path], ends[by_path]
    new_path = np.ones(len(keys), dtype=bool)
    new_path[1:] = (keys[1:] != keys[:-1]) | (path[1:] != path[:-1])
    counts = ends - starts
    ring_at = np.cumsum(counts) - counts
    return concat_ranges(starts, counts), ring_at[new_path], keys[new_path]


class BlockPaths:
    """The kept paths of one layer's features coloured by ``codes`` (class per feature)."""

    def __init__(self, arrays: FeatureArrays, codes: np.ndarray) -> None:
        self._arrays = arrays
        self._codes = codes
        self._held: dict[int, _Kept] = {}
        self._vertices = 0

    def made_for(self, arrays: FeatureArrays, codes: np.ndarray) -> bool:
        """Whether the kept paths draw ``arrays`` classed by ``codes``: a new style that only
        changes colours or outline gives new codes equal to the old, and keeps them."""
        if arrays is not self._arrays or (codes is not self._codes and not np.array_equal(codes, self._codes)):
            return False
        self._codes = codes
        return True

    def paths(self, blocks: np.ndarray, counts: np.ndarray) -> tuple[list[int], list[QPainterPath]]:
        """The code and path of the first ``counts[i]`` features of each block ``blocks[i]``
        (counts above 0), in drawing order: by code, so a higher class lies on top, then by block."""
        held = self._held
        stale = np.array([b not in held or held[b].count != n for b, n in zip(blocks.tolist(), counts.tolist(), strict=True)], dtype=bool)
        if stale.any():
            if self._vertices > MAX_KEPT_VERTICES:
                held.clear()
                self._vertices = 0
                stale[:] = True
            self._build(blocks[stale], counts[stale])
        kept = [held[b] for b in blocks.tolist()]
        if not kept:
            return [], []
        codes = np.concatenate([k.codes for k in kept])
        every = [path for k in kept for path in k.paths]
        order = np.argsort(codes, kind="stable")
        return codes[order].tolist(), [every[i] for i in order.tolist()]

    def _build(self, blocks: np.ndarray, counts: np.ndarray) -> None:
        arrays, first_rings = self._arrays, self._arrays.first_rings
        features = arrays.blocks.members(blocks, counts)
        codes = self._codes[features]
        code_count = int(self._codes.max()) + 1
        nth_block = np.repeat(np.arange(len(blocks)), counts)
        rings, path_starts, path_keys = rings_in_paths(first_rings, features, nth_block * code_count + codes, arrays.anchors[features, 1])
        ring_counts = arrays.ring_offsets[rings + 1] - arrays.ring_offsets[rings]
        index = concat_ranges(arrays.ring_offsets[rings], ring_counts)
        xy = arrays.coords[index]
        made = paths_from_rings(xy[:, 0], xy[:, 1], np.cumsum(ring_counts) - ring_counts, path_starts) if len(index) else []
        feature_vertices = arrays.ring_offsets[first_rings[features + 1]] - arrays.ring_offsets[first_rings[features]]
        block_vertices = np.add.reduceat(feature_vertices, np.cumsum(counts) - counts).tolist()
        ends = np.searchsorted(path_keys // code_count, np.arange(len(blocks)), side="right").tolist()
        begin = 0
        for block, count, end, vertices in zip(blocks.tolist(), counts.tolist(), ends, block_vertices, strict=True):
            old = self._held.get(block)
            self._vertices += vertices - (old.vertices if old else 0)
            self._held[block] = _Kept(count, path_keys[begin:end] % code_count, made[begin:end], vertices)
            begin = end


class _Kept(NamedTuple):
    """A block's kept paths: of its first ``count`` features, each path's code, the paths, and
    how many vertices they hold."""

    count: int
    codes: np.ndarray
    paths: list[QPainterPath]
    vertices: int
