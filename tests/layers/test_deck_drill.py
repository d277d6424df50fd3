"""Deck specs of a drill (trips, flood areas by time), the outcome colours, and building specs
built a chunk of geometries at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from alerts.drill_trips import DrillTrips, FloodTimeline
from layers import deck
from layers.deck import DRILL_TRAIL_S, floods_spec, trips_spec, vector_spec
from layers.outcomes import FLOODED_COLOR, OTHER_OUTCOME_COLOR, OUTCOME_COLORS, outcome_colors
from layers.styles import flood_rank_style
from layers.vector import VectorLayer
from tests.layers.test_deck import LAT, LON, buildings_frame

START = pd.Timestamp("2026-06-02T12:00", tz="Asia/Tokyo")


def three_trips() -> DrillTrips:
    """An arrival over three vertices, someone at home whose home is not located, a cut-off."""
    coords = np.array([[131.46, 34.15], [131.46, 34.152], [131.462, 34.152], [np.nan, np.nan], [131.47, 34.16], [131.4705, 34.16]])
    return DrillTrips(
        np.array(["a", "b", "c"]), np.array([0, 3, 4, 6]), coords, np.array([100.0, 400.0, 700.0, 0.0, 50.0, 80.0]),
        np.array(["arrived", "no_plan", "cut_off"]), START, START + pd.Timedelta(hours=18),
    )  # fmt: skip


def test_trips_are_offsets_starts_times_and_outcome_colours_without_unlocated_people() -> None:
    spec = trips_spec(three_trips(), "drill-trips")
    assert spec.kind == "trips" and spec.props["count"] == 2 and spec.props["trailS"] == DRILL_TRAIL_S
    assert spec.feature_index.tolist() == [0, 2]  # b has no located home
    assert spec.buffers["starts"].tolist() == [0, 3, 5] and spec.buffers["starts"].dtype == np.uint32
    assert spec.buffers["timestamps"].tolist() == [100.0, 400.0, 700.0, 50.0, 80.0]
    back = spec.buffers["positions"].astype(float) + spec.props["origin"]
    assert back == pytest.approx(three_trips().coords[[0, 1, 2, 4, 5]], abs=1e-6)
    assert [tuple(c) for c in spec.buffers["colors"]] == [OUTCOME_COLORS["arrived"], OUTCOME_COLORS["cut_off"]]


def test_flood_areas_are_drawn_once_in_flood_time_order() -> None:
    early, late, never = shapely.box(0, 0, 2, 2), shapely.box(1, 0, 3, 2), shapely.box(10, 10, 11, 11)
    spec = floods_spec(FloodTimeline([never, late, early], np.array([np.inf, 200.0, 100.0])), "drill-floods")
    times = spec.buffers["floodTimes"]
    assert spec.props["color"] == list(FLOODED_COLOR) and times.tolist() == sorted(times.tolist()) and times[-1] == np.inf
    starts, positions = spec.buffers["starts"], spec.buffers["positions"].astype(float) + spec.props["origin"]
    triangles = [shapely.Polygon(positions[starts[i] : starts[i + 1]]) for i in range(len(times))]
    area = {when: sum(tri.area for tri, at in zip(triangles, times, strict=True) if at == when) for when in (100, 200, np.inf)}
    assert area == pytest.approx({100: 4.0, 200: 2.0, np.inf: 1.0})  # the late square minus the early one


def test_outcomes_other_than_arrived_and_cut_off_are_neutral() -> None:
    colors = outcome_colors(np.array(["arrived", "cut_off", "stayed_vertical", "no_plan"], dtype=object))
    assert [tuple(c) for c in colors] == [OUTCOME_COLORS["arrived"], OUTCOME_COLORS["cut_off"], OTHER_OUTCOME_COLOR, OTHER_OUTCOME_COLOR]


def as_kind(kind: str) -> VectorLayer:
    """The test buildings (one with two parts, one without geometry) as buildings, draped
    polygons (one with a hole), outlines or markers."""
    frame = buildings_frame()
    if kind == "polygons":
        frame.loc[0, "geometry"] = shapely.box(LON - 0.001, LAT - 0.001, LON + 0.001, LAT + 0.001).difference(frame.geometry[0])
    elif kind == "paths":
        frame["geometry"] = frame.geometry.boundary
    elif kind == "points":
        frame["geometry"] = frame.geometry.centroid
    return VectorLayer(frame, name=kind, kind="buildings" if kind == "buildings" else "other", style=flood_rank_style("max_flood_rank"))


@pytest.mark.parametrize("kind", ["buildings", "polygons", "paths", "points"])
def test_specs_built_in_chunks_are_the_same_spec(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    whole = vector_spec(as_kind(kind), "L1")
    monkeypatch.setattr(deck, "GEOS_CHUNK", 2)  # three chunks; the second holds the two-part feature
    chunked = vector_spec(as_kind(kind), "L1")
    assert chunked.kind == whole.kind and whole.props["count"] >= 4
    assert chunked.props == whole.props and np.array_equal(chunked.feature_index, whole.feature_index)
    assert all(np.array_equal(chunked.buffers[k], whole.buffers[k]) for k in whole.buffers)
