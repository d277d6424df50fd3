"""国土数値情報 A31 / A31a / A31b / A33 vectors in their attribute schemas, generated in tmp_path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

import i18n
from hazards.errors import HazardFormatError, HazardReadError
from hazards.ksj import read_ksj_hazard
from jobs.feedback import Feedback
from tests.hazards.builders import write_vector

INNER = shapely.box(131.46, 34.17, 131.47, 34.18)
OUTER = shapely.box(131.45, 34.16, 131.48, 34.19)
POINTS = np.array([[131.465, 34.175], [131.455, 34.165], [131.455, 34.185], [131.3, 34.1], [131.9, 34.6]])
"""In both polygons; in OUTER only; in OUTER only; in mesh 5131 but no polygon; beyond OUTER's extent."""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


@pytest.mark.parametrize(
    ("name", "driver", "field", "scenario"),
    [
        ("A31-10-22_10_5131.geojson", "GeoJSON", "A31_101", "L1"),
        ("A31-20-22_10_5131.gpkg", "GPKG", "A31_201", "L2"),
        ("A31b-20-23_10_5131.shp", "ESRI Shapefile", "A31b_201", "L2"),
    ],
)
def test_a31_depth_ranks_with_the_mesh_as_data_area(tmp_path: Path, name: str, driver: str, field: str, scenario: str) -> None:
    path = write_vector(tmp_path / name, [{field: 2}, {field: 4}], [OUTER, INNER], driver)
    areas = read_ksj_hazard(path)
    assert (areas.info.kind, areas.info.scenario, areas.info.measure) == ("river_flood", scenario, "depth")
    assert areas.info.bounds == pytest.approx((131.0, 34.0, 132.0, 34.0 + 2 / 3))
    assert areas.sample(POINTS).tolist() == [4, 2, 2, 0, 0]


def test_a31a_per_river_file_without_mesh_uses_the_feature_extent(tmp_path: Path) -> None:
    rows = [{"A31a_201": "8307050001", "A31a_202": "椹野川", "A31a_205": 1}, {"A31a_201": "8307050001", "A31a_205": 6}]
    areas = read_ksj_hazard(write_vector(tmp_path / "fushinogawa.shp", rows, [OUTER, INNER], "ESRI Shapefile"))
    assert areas.info.scenario == "L2"
    assert areas.sample(POINTS).tolist() == [6, 1, 1, -1, -1]


def test_depth_labels_are_read_and_unknown_codes_are_reported_and_left_out(tmp_path: Path) -> None:
    rows = [{"A31_201": "0.5m以上3.0m未満"}, {"A31_201": "20.0m以上"}, {"A31_201": "99"}, {"A31_201": None}]
    extra = shapely.box(131.2, 34.2, 131.21, 34.21)
    path = write_vector(tmp_path / "labels.geojson", rows, [OUTER, INNER, extra, extra], "GeoJSON")
    feedback = Feedback()
    areas = read_ksj_hazard(path, feedback)
    assert areas.sample(POINTS[:2]).tolist() == [6, 2]
    assert len(areas.frame) == 2
    assert [p.where for p in feedback.problems] == ["feature 3", "feature 4"]
    assert "A31_201 value '99' is not a rank; feature left out" in feedback.problems[0].message


def test_house_collapse_and_duration_themes(tmp_path: Path) -> None:
    house = read_ksj_hazard(write_vector(tmp_path / "A31b-41-23_10_5131.geojson", [{"A31b_401": 1}], [INNER], "GeoJSON"))
    assert (house.info.kind, house.info.measure) == ("house_collapse", "zone")
    assert house.sample(POINTS[:2]).tolist() == [1, 0]
    duration = read_ksj_hazard(write_vector(tmp_path / "d.geojson", [{"A31a_305": 7}], [INNER], "GeoJSON"))
    assert (duration.info.measure, duration.sample(POINTS[:1]).tolist()) == ("duration", [7])


def test_a33_landslide_zones(tmp_path: Path) -> None:
    rows = [{"A33_001": 2, "A33_002": 1, "A33_005": "○○沢"}, {"A33_001": 1, "A33_002": 2}, {"A33_001": "地すべり", "A33_002": "警戒区域"}]
    far = shapely.box(131.3, 34.3, 131.31, 34.31)
    areas = read_ksj_hazard(write_vector(tmp_path / "A33-22_35Polygon.shp", rows, [OUTER, INNER, far], "ESRI Shapefile"))
    assert (areas.info.kind, areas.info.scenario, areas.info.measure) == ("landslide", None, "zone")
    assert areas.frame["phenomenon"].tolist() == ["debris_flow", "steep_slope", "landslip"]
    assert areas.sample(np.vstack([POINTS[:2], [[131.305, 34.305]]])).tolist() == [2, 1, 1]


def test_files_that_are_no_ksj_hazard(tmp_path: Path) -> None:
    other = write_vector(tmp_path / "roads.geojson", [{"name": "x"}], [INNER], "GeoJSON")
    with pytest.raises(HazardFormatError, match="none of the 国土数値情報 A31/A33 attributes"):
        read_ksj_hazard(other)
    text = tmp_path / "x.shp"
    text.write_text("not a shapefile")
    with pytest.raises(HazardReadError, match="cannot read as vector data"):
        read_ksj_hazard(text)
