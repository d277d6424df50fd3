"""PLATEAU hazard areas → hazard sources: frames built by hand, and the real fld/tnm/htd/ifld/lsld files."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import i18n
from hazards.mesh import mesh_bounds
from hazards.plateau import areas_from_plateau
from jobs.feedback import Feedback
from tests.hazards.builders import probe_points

MESH = "523855"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def _frame(rows: list[dict[str, object]]) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(rows, geometry=[r.pop("geometry") for r in rows], crs="EPSG:6668")
    frame["rank"] = pd.array(frame["rank"], dtype="Int64")
    frame["rank_org"] = pd.array(frame["rank_org"], dtype="Int64")
    return frame


def test_one_source_per_kind_and_scale_with_mesh_data_area() -> None:
    west, south, east, north = mesh_bounds(MESH)
    a = shapely.box(west + 0.01, south + 0.01, west + 0.02, south + 0.02)
    b = shapely.box(west + 0.015, south + 0.01, west + 0.03, south + 0.02)
    file = f"udx/fld/natl/x/{MESH}_fld_6697_l2_op.gml"
    frame = _frame([
        {"gml_id": "a", "kind": "river_flood", "rank": 2, "rank_org": None, "scale": "L2", "file": file, "geometry": a},
        {"gml_id": "b", "kind": "river_flood", "rank": 5, "rank_org": None, "scale": "L2", "file": file, "geometry": b},
        {"gml_id": "c", "kind": "river_flood", "rank": 1, "rank_org": None, "scale": "L1", "file": file, "geometry": a},
        {"gml_id": "d", "kind": "landslide", "rank": 2, "rank_org": 2, "scale": None, "file": "x_lsld.gml", "geometry": b},
    ])  # fmt: skip
    sources = areas_from_plateau(frame)
    assert [(s.info.kind, s.info.scenario, s.info.measure) for s in sources] == [
        ("river_flood", "L2", "depth"), ("river_flood", "L1", "depth"), ("landslide", None, "zone"),
    ]  # fmt: skip
    points = np.array([[west + 0.012, south + 0.015], [west + 0.017, south + 0.015], [west + 0.05, south + 0.05], [west - 0.1, south]])
    assert sources[0].sample(points).tolist() == [2, 5, 0, -1]
    assert sources[2].sample(points).tolist() == [-1, 2, -1, -1]  # no mesh in the name: the areas' extent


def test_rank_org_is_used_when_rank_is_missing_and_reported_once_per_file() -> None:
    box = shapely.box(*mesh_bounds(MESH))
    frame = _frame([
        {"gml_id": "a", "kind": "tsunami", "rank": None, "rank_org": 3, "scale": None, "file": f"{MESH}_tnm.gml", "geometry": box},
        {"gml_id": "b", "kind": "tsunami", "rank": None, "rank_org": 9, "scale": None, "file": f"{MESH}_tnm.gml", "geometry": box},
    ])  # fmt: skip
    feedback = Feedback()
    (source,) = areas_from_plateau(frame, feedback)
    assert len(source.frame) == 1
    assert [(p.where, p.message) for p in feedback.problems] == [
        (None, "no standard rank; rankOrg (the data's own scale) used as the rank"),
        ("b", "no usable rank; area left out"),
    ]


def test_missing_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="missing rank_org, scale"):
        areas_from_plateau(gpd.GeoDataFrame({"kind": [], "rank": [], "file": []}, geometry=[], crs="EPSG:6668"))


PLATEAU_HAZARD_FILES = [
    ("22203_numazu-shi_2021/udx/fld/52385721_fld_6697_l1_op.gml", "river_flood", "L1"),
    ("22203_numazu-shi_2021/udx/tnm/523855_tnm_6697_op.gml", "tsunami", None),
    ("22203_numazu-shi_2021/udx/lsld/523857_lsld_6668_op.gml", "landslide", None),
    ("12206_kisarazu-shi_city_2024_citygml_1_op/udx/htd/12_1/523977_htd_6697_op.gml", "high_tide", None),
    ("11100_saitama-shi_city_2024_citygml_1_op/udx/ifld/11_1/533955_ifld_6697_op.gml", "inland_flood", None),
]


@pytest.mark.shared_data
@pytest.mark.parametrize(("relative", "kind", "scenario"), PLATEAU_HAZARD_FILES)
def test_real_plateau_hazard_files(shared_data: Path, relative: str, kind: str, scenario: str | None) -> None:
    from plateau_import import read_plateau

    data = read_plateau([shared_data / "plateau" / relative])
    (source,) = areas_from_plateau(data.hazard_areas)
    assert (source.info.kind, source.info.scenario) == (kind, scenario)
    mesh = shapely.box(*mesh_bounds(Path(relative).name.split("_")[0]))
    points, expected = probe_points(source.frame, mesh)
    assert source.sample(points).tolist() == expected
    assert shapely.equals(source.data_area, mesh)
    assert set(source.frame["rank"]) <= ({1, 2} if kind == "landslide" else {1, 2, 3, 4, 5, 6})
