"""Names → kind and scenario, grid squares, legends, area queries and the format-detecting opener."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
from affine import Affine

import i18n
from hazards.areas import HazardAreas
from hazards.errors import HazardFormatError, HazardReadError
from hazards.legend import depth_legend, landslide_legend, legend_for
from hazards.mesh import mesh_bounds, mesh_code_in_name
from hazards.model import SourceInfo, depth_band
from hazards.naming import Identity, identify
from hazards.ranks import rank_for_depth_label
from hazards.raster import RasterFile
from hazards.sources import open_hazard_source
from hazards.svgmap import SvgMapTiles
from hazards.xyz import XyzTiles
from tests.hazards.builders import write_svgmap, write_vector, write_xyz


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["A31a-10-22_10_35"], Identity("river_flood", "L1", "depth")),
        (["A31b-30-23_10_5131"], Identity("river_flood", "L2", "duration")),
        (["A33-22_35Polygon"], Identity("landslide", None, "zone")),
        (["05_dosekiryukeikaikuiki"], Identity("landslide", None, "zone")),
        (["04_tsunami_newlegend_data"], Identity("tsunami", "L2", "depth")),
        (["さいたま市内水浸水想定区域"], Identity("inland_flood", None, "depth")),
        (["flood_depth_L1.tif"], Identity(None, "L1", None)),
        (["depth.tif"], Identity()),
    ],
)
def test_identify_reads_ksj_codes_gsi_layers_and_words(texts: list[str], expected: Identity) -> None:
    assert identify(texts) == expected


def test_mesh_codes_of_every_level_and_bad_codes() -> None:
    assert mesh_bounds("513113") == pytest.approx((131.375, 34 + 1 / 12, 131.5, 34 + 1 / 6))
    assert mesh_bounds("5131138611") == pytest.approx((131.45, 34.15, 131.45 + 0.0125 / 4, 34.15 + 1 / 480))
    assert mesh_code_in_name("513113_fld_6697_l2_op.gml") == "513113"
    assert mesh_code_in_name("53392642_bldg_6697_op2.gml") == "53392642"
    for bad in ("51", "513183", "5131x1"):
        with pytest.raises(ValueError, match="mesh code should"):
            mesh_bounds(bad)


def test_depth_labels_and_bands() -> None:
    labels = ["0m以上0.5m未満", "0.5m以上3.0m未満", "３．０ｍ以上５．０ｍ未満", "5.0〜10.0m", "10m以上20m未満", "20m以上", "不明"]
    assert [rank_for_depth_label(s) for s in labels] == [1, 2, 3, 4, 5, 6, None]
    assert [depth_band(r) for r in (0, 1, 6, 7)] == [(0.0, 0.0), (0.0, 0.5), (20.0, None), None]


def test_legends_say_the_scenario_and_carry_the_standard_colours() -> None:
    legend = legend_for(SourceInfo("river_flood", "L1", "depth", "x", (0, 0, 1, 1)))
    assert legend.title() == "river flood, planned scale (L1)"
    assert [e.colour for e in legend.entries][0] == (247, 245, 169)
    assert depth_legend(scenario="L2", detailed=True).entries[1].label == "0.3 m to 0.5 m"
    assert depth_legend().title() == "river flood, scenario unknown"
    i18n.set_language("ja")
    assert depth_legend(scenario="L2").title() == "洪水浸水想定区域 想定最大規模 (L2)"
    assert landslide_legend().entries[3].label == "急傾斜地の崩壊 土砂災害特別警戒区域"
    house = legend_for(SourceInfo("house_collapse", "L2", "zone", "x", (0, 0, 1, 1)))
    assert [(e.rank, e.label) for e in house.entries] == [(1, "家屋倒壊等氾濫想定区域")]


def test_hazard_polygons_intersecting_an_area() -> None:
    boxes = [shapely.box(131.0, 34.0, 131.1, 34.1), shapely.box(131.2, 34.0, 131.3, 34.1), shapely.box(131.05, 34.05, 131.25, 34.06)]
    frame = gpd.GeoDataFrame({"rank": [1, 2, 3], "name": ["a", "b", "c"]}, geometry=boxes, crs=6668)
    areas = HazardAreas(frame, shapely.box(130, 33, 132, 35), SourceInfo("river_flood", None, "depth", "t", (0, 0, 0, 0)))
    assert areas.intersecting(shapely.box(131.15, 34.0, 131.16, 34.2))["name"].tolist() == ["c"]
    assert areas.intersecting(shapely.Point(131.22, 34.055))["name"].tolist() == ["b", "c"]
    assert areas.to_crs(6671).crs.to_epsg() == 6671
    with pytest.raises(ValueError, match="ranks should be 1 or more, got \\[0\\] instead"):
        HazardAreas(frame.assign(rank=[0, 1, 2]), shapely.box(130, 33, 132, 35), areas.info)


def test_open_detects_formats_from_content(tmp_path: Path) -> None:
    tif = tmp_path / "depth.data"
    with rasterio.open(tif, "w", driver="GTiff", width=2, height=2, count=1, dtype="float32", crs="EPSG:6668",
                       transform=Affine(0.01, 0, 131, 0, -0.01, 34)) as dst:  # fmt: skip
        dst.write(np.ones((2, 2), "float32"), 1)
    assert isinstance(open_hazard_source(tif), RasterFile)
    vector = write_vector(tmp_path / "v" / "flood.dat", [{"A31_201": 3}], [shapely.box(131, 34, 131.1, 34.1)], "GeoJSON")
    assert open_hazard_source(vector).sample(np.array([[131.05, 34.05]])).tolist() == [3]
    xyz = write_xyz(tmp_path / "xyz", 14, [(131.47, 34.17, (255, 216, 192, 255))])
    assert isinstance(open_hazard_source(xyz), XyzTiles)
    root = write_svgmap(tmp_path / "svg", [(131.41, 34.17, (255, 216, 192, 255))])
    assert isinstance(open_hazard_source(root), SvgMapTiles) and isinstance(open_hazard_source(root.parent), SvgMapTiles)


def test_open_rejects_what_is_no_hazard_source(tmp_path: Path) -> None:
    with pytest.raises(HazardReadError, match="no such file or folder"):
        open_hazard_source(tmp_path / "missing.tif")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(HazardFormatError, match="not a hazard source format the app reads"):
        open_hazard_source(tmp_path / "notes.txt")
    (tmp_path / "a.xml").write_text("<CityModel/>", encoding="utf-8")
    with pytest.raises(HazardFormatError, match="PLATEAU goes through the importer"):
        open_hazard_source(tmp_path / "a.xml")
    with pytest.raises(HazardFormatError, match="the folder holds no tile set"):
        open_hazard_source(tmp_path)
