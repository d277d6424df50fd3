"""The layer model without Qt: validation messages, events, legends, projected arrays."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from affine import Affine

from hazards.ranks import DEPTH_RANKS
from layers import LayerDataError, LayerValueError, RasterLayer, VectorLayer, VectorStyle
from layers.grid_index import GridIndex
from layers.styles import NO_FLOOD_COLOR, flood_depth_palette, flood_rank_palette, flood_rank_style


def buildings(crs: int | str | None = 6668) -> gpd.GeoDataFrame:
    """Three footprints near 湯田温泉: a box, a polygon with a hole, a two-part multipolygon."""
    holed = shapely.Polygon(
        [(131.47, 34.17), (131.48, 34.17), (131.48, 34.18), (131.47, 34.18)],
        [[(131.472, 34.172), (131.474, 34.172), (131.474, 34.174), (131.472, 34.174)]],
    )
    multi = shapely.MultiPolygon([shapely.box(131.45, 34.15, 131.451, 34.151), shapely.box(131.452, 34.15, 131.453, 34.151)])
    return gpd.GeoDataFrame(
        {"max_flood_rank": pd.array([1, pd.NA, 3], dtype="Int64")},
        geometry=[shapely.box(131.46, 34.16, 131.461, 34.161), holed, multi],
        crs=crs,
    )


def test_opacity_outside_0_1_is_refused_with_the_value() -> None:
    layer = VectorLayer(buildings(), name="建物")
    with pytest.raises(LayerValueError, match=r"opacity must be between 0 and 1, got 1\.5"):
        layer.opacity = 1.5
    with pytest.raises(ValueError, match=r"got -0\.1"):
        layer.opacity = -0.1
    assert layer.opacity == 1.0


def test_opacity_and_visibility_announce_each_change_once() -> None:
    layer = VectorLayer(buildings(), name="建物")
    seen: list[tuple[str, object]] = []
    layer.events.opacity.connect(lambda v: seen.append(("opacity", v)))
    layer.events.visible.connect(lambda v: seen.append(("visible", v)))
    layer.opacity = 0.4
    layer.opacity = 0.4
    layer.visible = False
    layer.visible = False
    assert seen == [("opacity", 0.4), ("visible", False)]


def test_layer_without_crs_is_refused() -> None:
    with pytest.raises(LayerDataError, match="has no CRS; expected lon/lat"):
        VectorLayer(buildings(crs=None), name="建物")


def test_vector_data_is_kept_in_jgd2011_lonlat() -> None:
    layer = VectorLayer(buildings(crs=4326), name="建物")
    assert layer.data.crs.to_epsg() == 6668
    assert layer.extent == pytest.approx((131.45, 34.15, 131.48, 34.18))
    assert layer.geometry_type == "polygon"


def test_flood_rank_style_uses_the_standard_colours_and_lists_no_flooding_last() -> None:
    layer = VectorLayer(buildings(), name="建物", style=flood_rank_style("max_flood_rank"))
    legend = layer.legend()
    assert [e.color[:3] for e in legend[:6]] == [b.colour for b in DEPTH_RANKS]
    assert legend[0].label == "0.5m未満（ランク1）"
    assert (legend[-1].label, legend[-1].color) == ("浸水想定なし", NO_FLOOD_COLOR)
    assert {e.shape for e in legend} == {"fill"}
    assert layer.class_codes().tolist() == [0, 6, 2]  # rank 1, NA → other, rank 3


def test_style_change_announces_and_recomputes_codes() -> None:
    layer = VectorLayer(buildings(), name="建物", style=flood_rank_style("max_flood_rank"))
    fired: list[bool] = []
    layer.events.style.connect(lambda: fired.append(True))
    layer.style = VectorStyle(color=(1, 2, 3, 255), other_label="建物")
    assert fired == [True]
    assert layer.class_codes().tolist() == [0, 0, 0]
    assert layer.legend()[0].label == "建物"


def test_style_on_a_missing_column_fails_when_set() -> None:
    layer = VectorLayer(buildings(), name="建物")
    with pytest.raises(KeyError, match="style column 'rank' is not in the layer"):
        layer.style = flood_rank_style("rank")


def test_point_and_line_layers_have_their_legend_shapes() -> None:
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([131.46], [34.16]), crs=6668)
    lines = gpd.GeoDataFrame(geometry=[shapely.LineString([(131.46, 34.16), (131.47, 34.17)])], crs=6668)
    assert VectorLayer(points, name="p").legend()[0].shape == "circle"
    assert VectorLayer(points, name="p", style=VectorStyle(marker="square")).legend()[0].shape == "square"
    assert VectorLayer(lines, name="l").legend()[0].shape == "line"


def test_feature_arrays_flatten_rings_and_answer_box_queries() -> None:
    layer = VectorLayer(buildings(), name="建物")
    arrays = layer.arrays("EPSG:6671")
    assert len(arrays) == 3
    assert arrays.ring_feature.tolist() == [0, 1, 1, 2, 2]  # box; shell + hole; two parts
    assert np.diff(arrays.ring_offsets).tolist() == [5, 5, 5, 5, 5]
    # zone III: west of the origin meridian and south of 36°N, so both coordinates are negative
    assert (arrays.coords < 0).all()
    assert arrays.in_box(*arrays.bounds[1]).tolist() == [1]
    assert arrays.rings_of(np.array([1, 2])).tolist() == [1, 2, 3, 4]
    assert arrays.rings_of(np.array([2, 0])).tolist() == [3, 4, 0]
    assert layer.arrays("EPSG:6671") is arrays  # cached


def brute_force(bounds: np.ndarray, box: tuple[float, float, float, float]) -> list[int]:
    x0, y0, x1, y1 = box
    return np.flatnonzero((bounds[:, 0] <= x1) & (bounds[:, 2] >= x0) & (bounds[:, 1] <= y1) & (bounds[:, 3] >= y0)).tolist()


def test_the_grid_index_finds_what_a_bounds_test_over_every_feature_finds() -> None:
    """Buildings in a dense town and sparse country, points, a river corridor many cells long,
    features on the grid's edges, and empty geometries: every box (tiny, a district, all, off
    the layer, a click) gets exactly the features whose bounds meet it; an empty one never."""
    rng = np.random.default_rng(11)
    town = rng.normal(0, 300, (3000, 2))
    country = rng.uniform(-5000, 5000, (2000, 2))
    centres = np.vstack([town, country])
    half = rng.uniform(3, 12, (len(centres), 2))
    bounds = np.hstack([centres - half, centres + half])
    points = rng.uniform(-5000, 5000, (300, 2))
    river = np.array([[-6000.0, -40.0, 6000.0, 40.0], [-20.0, -5000.0, 20.0, 5000.0]])
    edges = np.array([[-5012.0, -5012.0, -5000.0, -5000.0], [5000.0, 5000.0, 5012.0, 5012.0]])
    empty = np.full((3, 4), np.nan)
    bounds = np.vstack([bounds, np.hstack([points, points]), river, edges, empty])
    index = GridIndex.build(bounds)
    assert len(index.big) == 2, "the river corridor is kept apart from the grid"
    boxes = [(-400.0, -250.0, 400.0, 250.0), (-6000.0, -6000.0, 6000.0, 6000.0), (8000.0, 8000.0, 9000.0, 9000.0), (-5001.0, -5001.0, -5000.5, -5000.5)]
    boxes += [tuple(c - 2) + tuple(c + 2) for c in rng.uniform(-5000, 5000, (40, 2))]
    (ox, oy), cell = index.origin, index.cell  # thin strips just past cell edges: only buildings sticking out reach them
    boxes += [(ox + k * cell + 0.1, -600.0, ox + k * cell + 0.5, 600.0) for k in range(int((-600 - ox) // cell), int((600 - ox) // cell) + 1)]
    boxes += [(-600.0, oy + k * cell - 0.5, 600.0, oy + k * cell - 0.1) for k in range(int((-600 - oy) // cell), int((600 - oy) // cell) + 1)]
    for box in boxes:
        assert sorted(index.query(bounds, *box).tolist()) == brute_force(bounds, box), box


def test_the_grid_index_of_nothing_finds_nothing() -> None:
    assert GridIndex.build(np.full((2, 4), np.nan)).query(np.full((2, 4), np.nan), -1, -1, 1, 1).tolist() == []
    point = np.array([[5.0, 5.0, 5.0, 5.0]])
    assert GridIndex.build(point).query(point, 4, 4, 6, 6).tolist() == [0]


def test_raster_layer_warps_to_the_zone_and_colours_by_rank() -> None:
    array = np.array([[1, 2], [6, 255]], dtype=np.uint8)
    layer = RasterLayer(array, Affine(0.001, 0, 131.46, 0, -0.001, 34.17), "EPSG:6668", name="r", palette=flood_rank_palette(), nodata=255)
    assert layer.extent == pytest.approx((131.46, 34.168, 131.462, 34.17))
    warped = layer.warped("EPSG:6671")
    assert warped.bounds[0] < warped.bounds[2] < 0
    rgba = layer.palette.colorize(array, layer.nodata)
    assert tuple(rgba[0, 0]) == (*DEPTH_RANKS[0].colour, 255)
    assert tuple(rgba[1, 0]) == (*DEPTH_RANKS[5].colour, 255)
    assert rgba[1, 1, 3] == 0  # nodata is transparent


def test_depth_palette_classes_metres_into_ranks_and_leaves_dry_cells_empty() -> None:
    rgba = flood_depth_palette().colorize(np.array([[0.0, 0.3, 0.5, 25.0]]))
    assert rgba[0, 0, 3] == 0
    assert [tuple(rgba[0, i, :3]) for i in (1, 2, 3)] == [DEPTH_RANKS[0].colour, DEPTH_RANKS[1].colour, DEPTH_RANKS[5].colour]


def test_raster_must_be_two_dimensional() -> None:
    with pytest.raises(LayerDataError, match=r"raster must be 2-D \(rows, cols\), got shape \(2, 2, 3\)"):
        RasterLayer(np.zeros((2, 2, 3)), Affine.identity(), "EPSG:6668", name="r", palette=flood_rank_palette())
