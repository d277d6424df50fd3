"""layers/deck.py without Qt: heights, scenarios, binary specs, the page template."""

from __future__ import annotations

import base64
import io
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from affine import Affine
from PIL import Image

from hazards.ranks import DEPTH_RANKS
from layers.base import Layer
from layers.deck import (
    DEFAULT_HEIGHT_M,
    TILE_DEG,
    WORST,
    LayerSpec,
    Scenario,
    building_colors,
    building_heights,
    buildings_spec,
    data_url,
    layer_spec,
    page_html,
    polygons_spec,
    scenario_ranks,
    scenarios,
    supports,
)
from layers.details import ChildTable, FeatureDetails
from layers.raster import RasterLayer
from layers.styles import NO_FLOOD_COLOR, VectorStyle, flood_rank_palette, flood_rank_style
from layers.vector import VectorLayer

RANK_RGBA = {b.rank: (*b.colour, 255) for b in DEPTH_RANKS}
LON, LAT = 131.47, 34.17


def square(x: float, y: float, size: float = 0.0001) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)


def buildings_frame() -> gpd.GeoDataFrame:
    geoms = [
        square(LON, LAT),
        square(LON + 0.001, LAT),
        shapely.MultiPolygon([square(LON + 0.02, LAT + 0.01), square(LON + 0.0202, LAT + 0.01)]),
        None,
        square(LON - 0.02, LAT - 0.01),
    ]
    return gpd.GeoDataFrame(
        {
            "gml_id": ["b0", "b1", "b2", "b3", "b4"],
            "measured_height": [12.5, -9999.0, np.nan, 9999.0, np.nan],
            "storeys_above": pd.array([4, 3, 9999, None, None], dtype="Int64"),
            "max_flood_rank": pd.array([2, 5, None, 1, 3], dtype="Int64"),
        },
        geometry=geoms,
        crs="EPSG:6668",
    )


def risks_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "owner_id": ["b0", "b0", "b1", "b1", "b4", "fld1"],
            "owner_class": ["Building"] * 5 + ["WaterBody"],
            "kind": ["river_flood"] * 4 + ["landslide", "river_flood"],
            "description": ["椹野川", "椹野川", "仁保川", "椹野川", "土砂", "椹野川"],
            "rank": pd.array([1, 2, 5, 3, 2, 6], dtype="Int64"),
            "scale": ["L1", "L2", "L2", "L1", None, "L2"],
        }
    )


def buildings_layer(with_risks: bool = True) -> VectorLayer:
    details = FeatureDetails("gml_id", children=(ChildTable("risks", risks_frame(), "gml_id", "owner_id", ("rank",)),))
    return VectorLayer(
        buildings_frame(), name="bldg", kind="buildings", style=flood_rank_style("max_flood_rank"),
        details=details if with_risks else None,
    )  # fmt: skip


def test_heights_use_measured_then_storeys_and_never_sentinels() -> None:
    heights = building_heights(buildings_frame())
    assert heights.dtype == np.float32
    # 12.5 measured; -9999 → 3 storeys × 3 m; NaN and 9999 storeys → default; 9999 m → default.
    np.testing.assert_allclose(heights, [12.5, 9.0, DEFAULT_HEIGHT_M, DEFAULT_HEIGHT_M, DEFAULT_HEIGHT_M])


def test_heights_without_columns_are_the_default() -> None:
    np.testing.assert_allclose(building_heights(pd.DataFrame(index=range(3))), [DEFAULT_HEIGHT_M] * 3)


def test_scenario_ranks_pick_scale_and_river_and_ignore_other_owners_and_kinds() -> None:
    frame, risks = buildings_frame(), risks_frame()
    assert scenario_ranks(frame, risks, WORST).tolist()[:2] == [2, 5]
    l1 = scenario_ranks(frame, risks, Scenario("L1"))
    assert l1.iloc[0] == 1 and l1.iloc[1] == 3 and l1.isna().tolist() == [False, False, True, True, True]
    river = scenario_ranks(frame, risks, Scenario(None, "仁保川"))
    assert river.isna().tolist() == [True, False, True, True, True] and river.iloc[1] == 5
    assert scenario_ranks(frame, risks, Scenario("L2", "椹野川")).iloc[1] is pd.NA


def test_a_chosen_scenario_without_risks_is_refused() -> None:
    with pytest.raises(ValueError, match="needs the risk table"):
        scenario_ranks(buildings_frame(), None, Scenario("L1"))


def test_scenarios_list_worst_scales_then_rivers_with_labels() -> None:
    found = scenarios(risks_frame())
    assert found[:3] == [WORST, Scenario("L1"), Scenario("L2")]
    assert Scenario("L2", "仁保川") in found and Scenario("L1", "椹野川") in found
    assert all(s.description != "土砂" for s in found)  # landslides are no flood scenario
    assert scenarios(None) == [WORST]
    assert WORST.label() == "最大（全シナリオ）"
    assert Scenario("L2", "仁保川").label() == "仁保川 想定最大規模 (L2)"


def test_building_colours_follow_the_scenario_in_the_standard_colours() -> None:
    layer = buildings_layer()
    worst = building_colors(layer)
    assert tuple(worst[1]) == RANK_RGBA[5] and tuple(worst[2]) == NO_FLOOD_COLOR
    l1 = building_colors(layer, risks_frame(), Scenario("L1"))
    assert tuple(l1[0]) == RANK_RGBA[1] and tuple(l1[1]) == RANK_RGBA[3] and tuple(l1[4]) == NO_FLOOD_COLOR


def test_buildings_spec_is_binary_tiled_and_offsets_rebuild_the_coordinates() -> None:
    layer = buildings_layer()
    spec = buildings_spec(layer, "L1")
    positions, starts = spec.buffers["positions"], spec.buffers["starts"]
    assert spec.kind == "buildings" and positions.dtype == np.float32 and starts.dtype == np.uint32
    parts = 5  # b0, b1, two parts of b2, b4; the row without geometry is left out
    assert spec.props["count"] == parts and len(starts) == parts + 1 and starts[-1] == len(positions)
    assert sorted(spec.feature_index.tolist()) == [0, 1, 2, 2, 4]
    # each part is its feature's closed outer ring, counter-clockwise, at sub-millimetre precision
    origin = np.asarray(spec.props["origin"])
    for part, feature in enumerate(spec.feature_index):
        ring = positions[starts[part] : starts[part + 1]].astype(np.float64) + origin
        assert np.allclose(ring[0], ring[-1])
        assert shapely.LinearRing(ring).is_ccw
        originals = shapely.get_parts(shapely.orient_polygons(layer.data.geometry.iloc[feature], exterior_cw=False))
        assert any(shapely.equals_exact(shapely.Polygon(ring), p, tolerance=1e-8) for p in originals)  # ~1 mm
    # tiles are contiguous runs covering every part once, with bounds that hold their parts
    tiles = spec.props["tiles"]
    assert tiles[0][0] == 0 and tiles[-1][1] == parts
    assert all(a[1] == b[0] for a, b in zip(tiles, tiles[1:], strict=False))
    assert len(tiles) == 3  # three places more than a tile apart
    assert all(t[4] - t[2] < TILE_DEG[0] * 2 for t in tiles)
    heights = spec.buffers["heights"]
    assert heights.dtype == np.float32 and heights[list(spec.feature_index).index(0)] == 12.5
    colors = spec.buffers["colors"]
    assert colors.shape == (parts, 4) and tuple(colors[list(spec.feature_index).index(1)]) == RANK_RGBA[5]


def test_recolouring_sends_only_a_colour_array() -> None:
    layer = buildings_layer()
    spec = buildings_spec(layer, "L1")
    recoloured = spec.with_colors(building_colors(layer, risks_frame(), Scenario("L1")))
    assert all(recoloured.buffers[k] is spec.buffers[k] for k in ("positions", "starts", "heights"))
    assert tuple(recoloured.buffers["colors"][list(spec.feature_index).index(1)]) == RANK_RGBA[3]


def test_draped_polygons_keep_their_holes() -> None:
    shell = shapely.box(LON, LAT, LON + 0.01, LAT + 0.01)
    holed = shell.difference(shapely.box(LON + 0.004, LAT + 0.004, LON + 0.006, LAT + 0.006))
    frame = gpd.GeoDataFrame({"rank": [2]}, geometry=[holed], crs="EPSG:6668")
    layer = VectorLayer(frame, name="fld", kind="hazard_area", style=flood_rank_style("rank", stroke=None))
    spec = polygons_spec(layer, "L2")
    positions, starts = spec.buffers["positions"].astype(np.float64) + spec.props["origin"], spec.buffers["starts"]
    triangles = [shapely.Polygon(positions[starts[i] : starts[i + 1]]) for i in range(spec.props["count"])]
    assert sum(t.area for t in triangles) == pytest.approx(holed.area, rel=1e-6)
    assert not any(t.contains(shapely.Point(LON + 0.005, LAT + 0.005)) for t in triangles)
    assert {tuple(c) for c in spec.buffers["colors"]} == {RANK_RGBA[2]}


def test_points_lines_and_rasters_by_the_table() -> None:
    points = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[shapely.Point(LON, LAT), shapely.Point()], crs="EPSG:6668")
    shelters = VectorLayer(points, name="s", kind="shelters", style=VectorStyle(color=(0, 140, 70, 255), marker="square"))
    spec = layer_spec(shelters, "L3")
    assert spec.kind == "points" and spec.props["count"] == 1 and spec.props["marker"] == "square"
    roads = VectorLayer(
        gpd.GeoDataFrame(geometry=[shapely.LineString([(LON, LAT), (LON + 0.01, LAT)])], crs="EPSG:6668"), name="r", kind="roads"
    )
    assert layer_spec(roads, "L4").kind == "paths"
    raster = RasterLayer(
        np.array([[1, 2], [0, 6]], dtype=np.uint8), Affine(0.001, 0, LON, 0, -0.001, LAT), "EPSG:6668",
        name="rank", palette=flood_rank_palette(), nodata=0,
    )  # fmt: skip
    bitmap = layer_spec(raster, "L5")
    image = np.asarray(Image.open(io.BytesIO(bitmap.buffers["image"])))
    assert bitmap.kind == "bitmap" and image.shape == (2, 2, 4)
    assert tuple(image[0, 0]) == RANK_RGBA[1] and image[1, 0, 3] == 0  # nodata stays transparent
    assert bitmap.props["bounds"] == pytest.approx([LON, LAT - 0.002, LON + 0.002, LAT])


def test_an_unknown_layer_class_is_named_in_the_error() -> None:
    class Odd(Layer):
        pass

    odd = Odd("odd")
    assert not supports(odd) and supports(buildings_layer())
    with pytest.raises(TypeError, match="no 3D view for Odd; known: VectorLayer, RasterLayer"):
        layer_spec(odd, "L9")


def test_specs_serialise_buffers_through_the_callers_urls() -> None:
    spec = layer_spec(buildings_layer(), "L1")
    seen: dict[str, object] = {}

    def ref(key: str, value: np.ndarray | bytes) -> str:
        seen[key] = value
        return f"app://v/blob/{key}"

    doc = spec.to_json(ref, version=3)
    assert doc["id"] == "L1" and doc["version"] == 3 and doc["kind"] == "buildings"
    assert doc["buffers"]["positions"] == {"url": "app://v/blob/L1/3/positions", "dtype": "float32"}
    assert set(seen) == {f"L1/3/{n}" for n in ("positions", "starts", "heights", "colors")}
    url = data_url("k", np.arange(3, dtype=np.float32))
    assert np.frombuffer(base64.b64decode(url.split(",", 1)[1]), dtype=np.float32).tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match="no per-feature colours"):
        LayerSpec("x", "bitmap", {}, {}).colors(np.zeros((1, 4), np.uint8))


def test_the_page_has_no_remote_links_linked_or_inlined() -> None:
    linked = page_html()
    assert '<script src="deck.js"></script>' in linked and '<script src="view3d.js"></script>' in linked
    inlined = page_html(inline=True, boot={"layers": [], "note": "</script><b>"})
    assert 'src="deck.js"' not in inlined and "globalThis" in inlined and len(inlined) > 4_000_000
    assert "<\\/script><b>" in inlined  # boot data cannot close the script element
    markup = re.sub(r"<script>.*?</script>|<style>.*?</style>", "", inlined, flags=re.S)  # the bundle's own strings aside
    for html in (linked, markup):
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
