"""Standard depth ranks, the detailed variant and colour decoding."""

from __future__ import annotations

import numpy as np
import pytest

from hazards.ranks import (
    COLOUR_TO_RANK,
    DEPTH_RANKS,
    DETAILED_DEPTH_BANDS,
    LANDSLIDE_COLOURS,
    depth_range_for_rank,
    rank_for_colour,
    rank_for_depth,
    rank_for_duration,
)


def test_depth_band_edges_belong_to_the_upper_rank() -> None:
    depths = np.array([-1.0, 0.0, 0.01, 0.499, 0.5, 2.99, 3.0, 5.0, 9.99, 10.0, 20.0, 100.0, np.nan])
    assert rank_for_depth(depths).tolist() == [0, 0, 1, 1, 2, 2, 3, 4, 4, 5, 6, 6, -1]


def test_rank_for_depth_keeps_the_shape() -> None:
    assert rank_for_depth(np.full((3, 4), 1.0)).shape == (3, 4)


def test_depth_range_round_trips_through_rank_for_depth() -> None:
    for band in DEPTH_RANKS:
        low, high = depth_range_for_rank(band.rank)
        assert rank_for_depth(np.array([low + 1e-9]))[0] == band.rank
        if high is not None:
            assert rank_for_depth(np.array([high]))[0] == band.rank + 1
    with pytest.raises(ValueError, match="depth rank should be 1 to 6, got 7 instead"):
        depth_range_for_rank(7)


def test_every_legend_colour_decodes_including_the_detailed_variant() -> None:
    standard = np.array([b.colour for b in DEPTH_RANKS])
    assert rank_for_colour(standard).tolist() == [1, 2, 3, 4, 5, 6]
    detailed = np.array([b.colour for b in DETAILED_DEPTH_BANDS])
    assert rank_for_colour(detailed).tolist() == [1, 1, 2, 2, 3, 4, 5, 6]
    assert rank_for_colour(np.array([[[255, 255, 179], [0, 0, 0]]])).tolist() == [[1, -1]]
    assert len(COLOUR_TO_RANK) == 8


def test_duration_ranks_and_landslide_colours() -> None:
    assert rank_for_duration(np.array([0, 11.9, 12, 24, 72, 168, 336, 672])).tolist() == [0, 1, 2, 3, 4, 5, 6, 7]
    assert LANDSLIDE_COLOURS[("debris_flow", 2)] == (165, 0, 33)
    assert LANDSLIDE_COLOURS[("steep_slope", 1)] == (250, 230, 0)
