"""``hazard-sample SOURCE --points points.csv`` as scripts run it: output shape, sources, bad input, exit codes."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import shapely

from hazards.mesh import mesh_bounds
from tests.hazards.builders import probe_points, write_vector, write_xyz

RECORD_SCHEMA = {
    "type": "object",
    "required": ["id", "lon", "lat", "hazard", "rank", "depth_m", "scenario"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "lon": {"type": "number"},
        "lat": {"type": "number"},
        "hazard": {"enum": ["flood", "tsunami", "high_tide", "inland_flood", "reservoir_flood", "landslide", "house_collapse"]},
        "rank": {"oneOf": [{"type": "integer", "minimum": 0, "maximum": 6}, {"type": "null"}]},
        "depth_m": {
            "oneOf": [
                {"type": "null"},
                {"type": "array", "minItems": 2, "maxItems": 2,
                 "prefixItems": [{"type": "number"}, {"type": ["number", "null"]}]},
            ]
        },
        "scenario": {"enum": ["L1", "L2", None]},
    },
}  # fmt: skip
A31B_ROOT = "hazard_raster/ksjShinsui2023max/max_primary/A31b-20-23_10_5131/rootImgMap.svg"


def _points(path: Path, rows: list[str]) -> Path:
    path.write_text("id,lon,lat\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _valid(records: list[dict]) -> list[dict]:
    for record in records:
        jsonschema.validate(record, RECORD_SCHEMA)
    return records


@pytest.mark.shared_data
def test_real_svgmap_tiles(cli, shared_data: Path, tmp_path: Path) -> None:
    points = _points(tmp_path / "p.csv", ["a,131.0003972027539,34.1305088946289", "b,131.93118810279296,34.352552893613286",
                                          "c,131.5,34.6", "d,130.5,34.3"])  # fmt: skip
    result = cli("hazard-sample", str(shared_data / A31B_ROOT), "--points", str(points))
    assert (result.code, result.stderr) == (0, "")
    records = _valid(result.records())
    assert [(r["id"], r["rank"], r["depth_m"]) for r in records] == [
        ("a", 1, [0.0, 0.5]), ("b", 6, [20.0, None]), ("c", 0, [0.0, 0.0]), ("d", None, None),
    ]  # fmt: skip
    assert {(r["hazard"], r["scenario"]) for r in records} == {("flood", "L2")}


PLATEAU_HAZARD_FILES = [
    ("22203_numazu-shi_2021/udx/fld/52385721_fld_6697_l1_op.gml", "flood", "L1"),
    ("22203_numazu-shi_2021/udx/tnm/523855_tnm_6697_op.gml", "tsunami", None),
    ("22203_numazu-shi_2021/udx/lsld/523857_lsld_6668_op.gml", "landslide", None),
    ("12206_kisarazu-shi_city_2024_citygml_1_op/udx/htd/12_1/523977_htd_6697_op.gml", "high_tide", None),
    ("11100_saitama-shi_city_2024_citygml_1_op/udx/ifld/11_1/533955_ifld_6697_op.gml", "inland_flood", None),
]


@pytest.mark.shared_data
@pytest.mark.parametrize(("relative", "hazard", "scenario"), PLATEAU_HAZARD_FILES)
def test_real_plateau_hazard_files(cli, shared_data: Path, tmp_path: Path, relative: str, hazard: str, scenario: str | None) -> None:
    from plateau_import import read_plateau

    path = shared_data / "plateau" / relative
    areas = read_plateau([path]).hazard_areas
    areas = areas.assign(rank=areas["rank"].fillna(areas["rank_org"]))  # i-UR 2.0 files give only rankOrg
    points, expected = probe_points(areas, shapely.box(*mesh_bounds(path.name.split("_")[0])))
    csv = _points(tmp_path / "p.csv", [f"p{i},{lon!r},{lat!r}" for i, (lon, lat) in enumerate(points.tolist())])
    result = cli("hazard-sample", str(path), "--points", str(csv))
    assert result.code == 0
    records = _valid(result.records())
    assert [r["rank"] for r in records] == [r if r >= 0 else None for r in expected]
    assert {(r["hazard"], r["scenario"]) for r in records} == {(hazard, scenario)}
    assert all((r["depth_m"] is None) == (hazard == "landslide" or r["rank"] is None) for r in records)


def test_generated_sources_and_a_broken_row(cli, tmp_path: Path) -> None:
    a33 = write_vector(tmp_path / "A33-22_35Polygon.geojson", [{"A33_001": 2, "A33_002": 2}],
                       [shapely.box(131.46, 34.17, 131.47, 34.18)], "GeoJSON")  # fmt: skip
    xyz = write_xyz(tmp_path / "01_flood_l1_shinsuishin", 15, [(131.4652, 34.1751, (255, 183, 183, 255))])
    points = _points(tmp_path / "p.csv", ["1,131.4652,34.1751", "2,not-a-number,34", "3,131.9,34.9"])
    landslide = cli("hazard-sample", str(a33), "--points", str(points), "--lang", "en")
    assert landslide.code == 0
    assert [(r["id"], r["hazard"], r["rank"], r["depth_m"], r["scenario"]) for r in _valid(landslide.records())] == [
        ("1", "landslide", 2, None, None), ("3", "landslide", None, None, None),
    ]  # fmt: skip
    assert landslide.problems() == [
        {"file": str(points), "where": "line 3", "message": "lon/lat is not a number: 'not-a-number,34'", "severity": "warning"}
    ]
    tiles = cli("hazard-sample", str(xyz), "--points", str(points), "--format", "csv")
    assert tiles.stdout.splitlines()[:2] == ["id,lon,lat,hazard,rank,depth_m,scenario", '1,131.4652,34.1751,flood,3,"[3.0, 5.0]",L1']


def test_bad_input_and_exit_codes(cli, tmp_path: Path) -> None:
    points = _points(tmp_path / "p.csv", ["1,131.46,34.17"])
    missing = cli("hazard-sample", str(tmp_path / "nope.tif"), "--points", str(points), "--lang", "en")
    assert (missing.code, missing.stdout) == (1, "")
    assert missing.problems()[0]["message"] == "no such file or folder"
    (tmp_path / "notes.txt").write_text("plain text", encoding="utf-8")
    wrong = cli("hazard-sample", str(tmp_path / "notes.txt"), "--points", str(points), "--lang", "en")
    assert wrong.code == 1 and "not a hazard source format the app reads" in wrong.problems()[0]["message"]
    xyz = write_xyz(tmp_path / "t", 14, [(131.46, 34.17, (255, 216, 192, 255))])
    no_points = cli("hazard-sample", str(xyz), "--points", str(tmp_path / "none.csv"), "--lang", "en")
    assert no_points.code == 1 and no_points.problems()[0]["message"] == "no such file"
    (tmp_path / "bad.csv").write_text("name,x,y\na,1,2\n", encoding="utf-8")
    bad_header = cli("hazard-sample", str(xyz), "--points", str(tmp_path / "bad.csv"), "--lang", "en")
    assert bad_header.code == 1 and "columns id, lon, lat are required (missing: id, lon, lat)" in bad_header.stderr
    duration = write_vector(tmp_path / "A31b-30-23_10_5131.geojson", [{"A31b_301": 3}], [shapely.box(131.4, 34.1, 131.5, 34.2)],
                            "GeoJSON")  # fmt: skip
    refused = cli("hazard-sample", str(duration), "--points", str(points), "--lang", "en")
    assert (refused.code, refused.problems()[0]["message"]) == (1, "flood-duration data cannot be given as depth ranks")
    usage = cli("hazard-sample", str(xyz), "--lang", "en")
    assert usage.code == 2 and "usage error" in usage.stderr
