"""A layer's features in blocks of close neighbours: the units a map keeps drawn paths for.

A district view of 3,600 footprints spends about a third of its frame building Qt paths from
the vertices (:mod:`app.map2d.qt_arrays`), the same paths every frame. A map can instead keep
each block's paths in world coordinates and place them with the painter's transform, so a
repaint or a pan only draws. Blocks are :data:`BLOCK_FEATURES` consecutive features along a
Hilbert curve through their centres (geopandas' encoding): small and compact where buildings
are dense, larger where they are sparse. A feature much larger than its neighbours (a river
area among houses, :attr:`layers.grid_index.GridIndex.big`) is a block of its own, so it
never drags a block of houses into every view.

Within a block the features are kept largest first: the features drawn as shapes at a scale
(those at least a few pixels across, the rest being dots) are then a prefix of each block,
and a kept path stays right while the zoom changes until that prefix does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from geopandas.tools.hilbert_curve import _continuous_to_discrete_coords, _encode

from layers.grid_index import boxes_meet
from layers.ranges import concat_ranges

BLOCK_FEATURES = 64
"""Features per block. A district (1600 × 1000 px, 3,600 footprints) meets ~70 blocks of 64,
drawing 4,500 features where 3,600 are in view; blocks of 32 draw 4,200 but make twice the
paths, blocks of 128 draw 5,400 (``bench/bench_render2d.py``, measured while choosing)."""
HILBERT_LEVEL = 16


@dataclass(frozen=True)
class DrawBlocks:
    """Features by block (see the module docstring).

    Attributes
    ----------
    order : (M,) int64
        The features with a geometry, block after block, largest first within a block.
    sizes : (M,) float64
        The larger side of each of those features' bounds (world units).
    starts : (B + 1,) int64
        Where each block begins in ``order``.
    bounds : (B, 4) float64
        Each block's bounds: min x, min y, max x, max y of its features.
    median_size : float
        The median of ``sizes``: the layer's typical feature size, for choices a map makes by
        scale alone (the same for every part of a view).
    """

    order: np.ndarray
    sizes: np.ndarray
    starts: np.ndarray
    bounds: np.ndarray
    median_size: float

    @classmethod
    def build(cls, bounds: np.ndarray, apart: np.ndarray) -> DrawBlocks:
        """Blocks of the features with ``bounds`` ((N, 4); NaN rows, empty geometries, are left
        out); the features in ``apart`` each get a block of their own."""
        known = np.isfinite(bounds).all(axis=1)
        alone = np.zeros(len(bounds), dtype=bool)
        alone[apart] = True
        grouped = np.flatnonzero(known & ~alone)
        grouped = grouped[np.argsort(_hilbert(bounds[grouped]))]
        single = np.flatnonzero(known & alone)
        block = np.concatenate([np.arange(len(grouped)) // BLOCK_FEATURES, -(np.arange(len(single)) + 1)])
        features = np.concatenate([grouped, single])
        box = bounds[features]
        sizes = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
        largest = float(sizes.max()) if len(sizes) else 0.0
        by_block = np.argsort(block - sizes / (2 * largest + 1))  # by block, largest first: a third of a lexsort's time
        features, sizes, block, box = features[by_block], sizes[by_block], block[by_block], box[by_block]
        first = np.flatnonzero(np.r_[True, block[1:] != block[:-1]]) if len(block) else np.empty(0, np.int64)
        if len(first):
            block_bounds = np.column_stack(
                [
                    np.minimum.reduceat(box[:, 0], first),
                    np.minimum.reduceat(box[:, 1], first),
                    np.maximum.reduceat(box[:, 2], first),
                    np.maximum.reduceat(box[:, 3], first),
                ]
            )
        else:
            block_bounds = np.empty((0, 4))
        median = float(np.median(sizes)) if len(sizes) else 0.0
        return cls(features, sizes, np.append(first, len(features)).astype(np.int64), block_bounds, median)

    def __len__(self) -> int:
        return len(self.bounds)

    def meeting(self, xmin: float, ymin: float, xmax: float, ymax: float) -> np.ndarray:
        """The blocks whose bounds meet the box, in block order."""
        return np.flatnonzero(boxes_meet(self.bounds, xmin, ymin, xmax, ymax))

    def counts_at_least(self, blocks: np.ndarray, size: float) -> np.ndarray:
        """Per block in ``blocks``, how many of its features are at least ``size`` across (its
        first that many)."""
        counts = self.starts[blocks + 1] - self.starts[blocks]
        large = self.sizes[concat_ranges(self.starts[blocks], counts)] >= size
        if large.size == 0:
            return np.zeros(len(blocks), dtype=np.int64)
        return np.add.reduceat(large, np.cumsum(counts) - counts)  # a block is never empty

    def members(self, blocks: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """The first ``counts[i]`` features of each block ``blocks[i]``, block after block."""
        return self.order[concat_ranges(self.starts[blocks], counts)]


def _hilbert(bounds: np.ndarray) -> np.ndarray:
    """Distance along a Hilbert curve of each bounds' centre (geopandas' encoder on arrays:
    its public ``GeoSeries.hilbert_distance`` would first make a shapely point per feature)."""
    if len(bounds) == 0:
        return np.empty(0, dtype=np.int64)
    x, y = _continuous_to_discrete_coords(bounds, HILBERT_LEVEL, None)
    return _encode(HILBERT_LEVEL, x, y)
