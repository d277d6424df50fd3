"""``python main.py plateau-summary`` as a subprocess: output shape, exit codes, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from jobs.feedback import Feedback
from plateau_import import read_plateau, summarize

REPO = Path(__file__).resolve().parents[2]
KINDS = ["river_flood", "inland_flood", "high_tide", "tsunami", "reservoir_flood", "landslide"]
CLASSES = ["Building", "BuildingPart", "Road", "WaterBody", "SedimentDisasterProneArea", "GenericCityObject"]
COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
SCHEMA = {
    "type": "object",
    "required": ["file", "uro", "crs", "features", "risks", "warnings"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string"},
        "uro": {"type": ["string", "null"], "pattern": r"^\d+\.\d+$"},
        "crs": {"type": ["string", "null"], "pattern": r"^EPSG:\d+$"},
        "features": {**COUNTS, "required": CLASSES},
        "risks": {**COUNTS, "required": KINDS},
        "warnings": {"type": "integer", "minimum": 0},
    },
}
GOOD = b"""<?xml version="1.0" encoding="UTF-8"?>
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml"
 xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:uro="https://www.geospatial.jp/iur/uro/3.1">
<gml:boundedBy><gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/6697" srsDimension="3">
<gml:lowerCorner>34.18 131.47 0</gml:lowerCorner><gml:upperCorner>34.19 131.48 10</gml:upperCorner></gml:Envelope></gml:boundedBy>
<core:cityObjectMember><bldg:Building gml:id="b1"><bldg:measuredHeight uom="m">-9999</bldg:measuredHeight>
<bldg:lod0RoofEdge><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing>
<gml:posList>34.181 131.471 0 34.181 131.472 0 34.182 131.472 0 34.181 131.471 0</gml:posList>
</gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod0RoofEdge>
<uro:bldgDisasterRiskAttribute><uro:RiverFloodingRiskAttribute><uro:rank>3</uro:rank><uro:depth uom="m">x</uro:depth>
</uro:RiverFloodingRiskAttribute></uro:bldgDisasterRiskAttribute>
<core:cityObjectMember/></bldg:Building></core:cityObjectMember>
<core:cityObjectMember><bldg:Mystery gml:id="m1"/></core:cityObjectMember>
</core:CityModel>
"""
BAD = {
    "truncated.gml": GOOD[: len(GOOD) // 2],
    "other.xml": b'<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>',
    "xxe.gml": b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0">&x;</core:CityModel>',
    "laughs.gml": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0">&c;</core:CityModel>',
    "empty.gml": b"",
    "citygml3.gml": b'<?xml version="1.0"?><core:CityModel xmlns:core="http://www.opengis.net/citygml/3.0"/>',
    "notxml.gml": b"\x00\x01 definitely not xml",
}


def run_cli(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIGEZERO_CACHE_DIR": str(cache), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=REPO, capture_output=True, text=True, env=env, timeout=240
    )


def test_cli_on_every_real_file(plateau_dir: Path, tmp_path: Path) -> None:
    result = run_cli("plateau-summary", "--format", "json", str(plateau_dir), cache=tmp_path)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 13
    for record in records:
        jsonschema.validate(record, SCHEMA)
        assert record["file"].startswith(str(plateau_dir))
        assert list(record["features"])[:6] == CLASSES and list(record["risks"])[:6] == KINDS
    diagnostics = [json.loads(line) for line in result.stderr.splitlines()]
    assert {d["severity"] for d in diagnostics} == {"info", "warning"}
    skipped = [d for d in diagnostics if d["severity"] == "info"]
    assert any("PROVENANCE.md" in d["message"] for d in skipped)  # listed once, not an error
    warned = {}
    for d in diagnostics:
        if d["severity"] == "warning":
            warned[d["file"]] = warned.get(d["file"], 0) + 1
    assert {r["file"]: r["warnings"] for r in records if r["warnings"]} == warned


def test_cli_bad_input_is_reported_and_the_rest_still_printed(tmp_path: Path) -> None:
    good = tmp_path / "good.gml"
    good.write_bytes(GOOD)
    for name, content in BAD.items():
        (tmp_path / name).write_bytes(content)
    with zipfile.ZipFile(tmp_path / "slip.zip", "w") as zf:
        zf.writestr("../evil.gml", GOOD)
        zf.writestr("udx/bldg/inner.gml", GOOD)
    names = ["good.gml", *BAD, "slip.zip", "missing.gml"]
    result = run_cli("plateau-summary", "--lang", "en", "--format", "json", *(str(tmp_path / n) for n in names), cache=tmp_path / "c")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["file"].removeprefix(str(tmp_path) + os.sep) for r in records] == ["good.gml", "slip.zip!udx/bldg/inner.gml"]
    good_record = records[0]
    jsonschema.validate(good_record, SCHEMA)
    assert good_record["features"]["Building"] == 1 and good_record["features"]["Mystery"] == 1
    assert good_record["risks"]["river_flood"] == 1 and good_record["warnings"] == 1  # depth "x"
    prefix = str(tmp_path) + os.sep
    diagnostics = [json.loads(line) for line in result.stderr.splitlines()]
    errors = {d["file"].removeprefix(prefix): d["message"] for d in diagnostics if d["severity"] == "error"}
    assert "truncated" in errors["truncated.gml"]
    assert "root element is {http://www.opengis.net/kml/2.2}kml" in errors["other.xml"]
    assert "DTD" in errors["xxe.gml"] and "DTD" in errors["laughs.gml"]
    assert "empty" in errors["empty.gml"]
    assert "CityGML 3.0" in errors["citygml3.gml"]
    assert "not XML" in errors["notxml.gml"]
    assert "outside the archive" in errors["slip.zip!../evil.gml"]
    assert "no such file" in errors["missing.gml"]


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("plateau-summary", cache=tmp_path).returncode == 2
    assert run_cli("plateau-summary", "x.gml", "--workers", "two", cache=tmp_path).returncode == 2


def test_folder_skips_strangers_but_reports_broken_gml(tmp_path: Path) -> None:
    (tmp_path / "a.gml").write_bytes(GOOD)
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "codelist.xml").write_bytes(b'<gml:Dictionary xmlns:gml="http://www.opengis.net/gml"/>')
    (tmp_path / "broken.gml").write_bytes(BAD["truncated.gml"])
    feedback = Feedback()
    infos: list[str] = []
    feedback._on_info = infos.append  # type: ignore[method-assign]
    records = list(summarize([tmp_path], feedback, cache_dir=tmp_path / "cache"))
    assert [Path(r["file"]).name for r in records] == ["a.gml"]
    assert [Path(p.file).name for p in feedback.problems if p.severity == "error"] == ["broken.gml"]
    assert len(infos) == 1 and "codelist.xml" in infos[0] and "notes.txt" in infos[0]


def test_sentinels_and_dirty_values_in_generated_file(tmp_path: Path) -> None:
    (tmp_path / "a.gml").write_bytes(GOOD)
    feedback = Feedback()
    data = read_plateau([tmp_path / "a.gml"], feedback, cache_dir=tmp_path / "cache")
    building = data.buildings.iloc[0]
    assert building["gml_id"] == "b1" and building["measured_height"] != building["measured_height"]  # -9999 → NaN
    assert building["max_flood_rank"] == 3
    assert data.risks["depth_m"].isna().all()
    (warning,) = [p for p in feedback.problems]
    assert warning.where == "b1" and "'x'" in warning.message and warning.file.endswith("a.gml")
    assert building.geometry.bounds[0] == pytest.approx(131.471)  # x is longitude
