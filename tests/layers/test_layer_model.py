"""The layer model without Qt: validation messages, events, legends, projected arrays."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from affine import Affine

from hazards.ranks import DEPTH_RANKS
from layers import LayerDataError, LayerValueError, RasterLayer, VectorLayer, VectorStyle, geometry
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


def test_box_queries_ask_only_the_chunks_that_reach_the_box_and_miss_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Features in file order, area after area (as a city's files are read), in chunks of 4:
    a box over one area is answered from its chunk alone, with what a bounds test over every
    feature finds; an empty geometry is never found."""
    monkeypatch.setattr(geometry, "CHUNK", 4)
    boxes = [shapely.box(131.40 + 0.01 * i, 34.10, 131.405 + 0.01 * i, 34.105) for i in range(10)]
    layer = VectorLayer(gpd.GeoDataFrame(geometry=[*boxes, shapely.Polygon()], crs=6668), name="x")
    arrays = layer.arrays("EPSG:6671")
    assert len(arrays.trees) == 3
    asked = []
    for tree in arrays.trees:
        monkeypatch.setattr(tree, "query", lambda box, tree=tree, real=tree.query: asked.append(tree) or real(box))
    b = arrays.bounds
    for box in (tuple(b[5]), (b[2, 0], b[2, 1], b[9, 2], b[9, 3]), (0.0, 0.0, 1.0, 1.0)):
        brute = np.flatnonzero((b[:, 0] <= box[2]) & (b[:, 2] >= box[0]) & (b[:, 1] <= box[3]) & (b[:, 3] >= box[1]))
        assert sorted(arrays.in_box(*box).tolist()) == brute.tolist()
    assert asked[0] is arrays.trees[1] and len(asked) == 1 + 3  # the one area, then all three chunks


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
