"""Blocks of neighbouring features (the units a map keeps drawn paths for), without Qt."""

from __future__ import annotations

import numpy as np

from layers.draw_blocks import BLOCK_FEATURES, DrawBlocks
from layers.grid_index import GridIndex
from layers.ranges import concat_ranges


def town(seed: int = 3) -> np.ndarray:
    """Bounds of 5,000 buildings (dense centre, sparse country), a river corridor, empty rows."""
    rng = np.random.default_rng(seed)
    centres = np.vstack([rng.normal(0, 300, (3000, 2)), rng.uniform(-5000, 5000, (2000, 2))])
    half = rng.uniform(3, 12, (len(centres), 2))
    river = np.array([[-6000.0, -40.0, 6000.0, 40.0]])
    return np.vstack([np.hstack([centres - half, centres + half]), river, np.full((2, 4), np.nan)])


def test_every_feature_with_a_geometry_is_in_one_block_largest_first_within_its_bounds() -> None:
    bounds = town()
    blocks = DrawBlocks.build(bounds, GridIndex.build(bounds).big)
    assert sorted(blocks.order.tolist()) == list(range(len(bounds) - 2)), "each once; the empty rows in none"
    counts = np.diff(blocks.starts)
    assert counts.min() >= 1 and counts.max() == BLOCK_FEATURES
    river = len(bounds) - 3
    assert counts[np.flatnonzero(blocks.order[blocks.starts[:-1]] == river)].tolist() == [1], "the river is a block of its own"
    for b in range(len(blocks)):
        members = blocks.order[blocks.starts[b] : blocks.starts[b + 1]]
        sizes = blocks.sizes[blocks.starts[b] : blocks.starts[b + 1]]
        assert (np.diff(sizes) <= 0).all()
        own = bounds[members]
        assert np.allclose(sizes, np.maximum(own[:, 2] - own[:, 0], own[:, 3] - own[:, 1]))
        assert (own[:, :2].min(axis=0) == blocks.bounds[b, :2]).all() and (own[:, 2:].max(axis=0) == blocks.bounds[b, 2:]).all()
    assert blocks.median_size == np.median(blocks.sizes)


def test_blocks_are_compact_squares_along_the_hilbert_curve() -> None:
    """On a 64 × 64 grid of 1 m squares every block of 64 is an 8 × 8 square (a Hilbert curve
    fills aligned squares one after another); an order without locality would not."""
    x, y = np.meshgrid(np.arange(64.0), np.arange(64.0))
    bounds = np.column_stack([x.ravel(), y.ravel(), x.ravel() + 1, y.ravel() + 1])
    blocks = DrawBlocks.build(bounds, np.empty(0, dtype=np.int64))
    spans = blocks.bounds[:, 2:] - blocks.bounds[:, :2]
    assert len(blocks) == 64 and (spans == 8).all()


def test_blocks_meeting_a_box_and_their_features_at_least_a_size_are_a_bounds_test_over_all() -> None:
    bounds = town()
    blocks = DrawBlocks.build(bounds, GridIndex.build(bounds).big)
    b = blocks.bounds
    for box in [(-400.0, -250.0, 400.0, 250.0), (-9000.0, -9000.0, 9000.0, 9000.0), (7000.0, 7000.0, 8000.0, 8000.0), (10.0, 10.0, 11.0, 11.0)]:
        x0, y0, x1, y1 = box
        found = blocks.meeting(*box)
        assert found.tolist() == np.flatnonzero((b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0)).tolist()
        for size in (0.0, 15.0, 21.0, 1000.0):
            counts = blocks.counts_at_least(found, size)
            expected = [int((blocks.sizes[blocks.starts[k] : blocks.starts[k + 1]] >= size).sum()) for k in found]
            assert counts.tolist() == expected
            members = blocks.members(found, counts)
            sizes = np.maximum(bounds[members, 2] - bounds[members, 0], bounds[members, 3] - bounds[members, 1])
            assert len(members) == sum(expected) and (sizes >= size).all()


def test_concat_ranges_gathers_the_slices() -> None:
    starts, counts = np.array([5, 0, 9, 2]), np.array([2, 0, 3, 1])
    assert concat_ranges(starts, counts).tolist() == [5, 6, 9, 10, 11, 2]
    assert concat_ranges(np.empty(0, np.int64), np.empty(0, np.int64)).tolist() == []
