"""``assess`` as a subprocess: the issue-8 shape, names only on request, recorded and given sources, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest

from evac_plans.roster_import import import_roster
from store import open_store
from store.hazard_sources import add_hazard_source

SCHEMA = {
    "type": "object",
    "required": ["person", "priority", "reasons", "home_rank", "vertical_ok", "route_m", "walk_min", "route_max_rank"],
    "additionalProperties": False,
    "properties": {
        "person": {"type": "string", "minLength": 1},
        "priority": {"enum": ["high", "medium", "low"]},
        "reasons": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "text"],
                "additionalProperties": False,
                "properties": {"code": {"type": "string", "pattern": "^[a-z_]+$"}, "text": {"type": "string", "minLength": 1}},
            },
        },
        "home_rank": {"type": ["integer", "null"], "minimum": 0, "maximum": 6},
        "vertical_ok": {"type": ["boolean", "null"]},
        "route_m": {"type": ["number", "null"], "minimum": 0},
        "walk_min": {"type": ["number", "null"], "minimum": 0},
        "route_max_rank": {"type": ["integer", "null"], "minimum": 0, "maximum": 6},
    },
}
NAMED = {**SCHEMA, "required": [*SCHEMA["required"], "name", "kana", "address"],
         "properties": {**SCHEMA["properties"], "name": {"type": "string"}, "kana": {"type": "string"}, "address": {"type": "string"}}}  # fmt: skip


@pytest.fixture
def project(demo_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.nigezero"
    with open_store(path, staff="test") as store:
        import_roster(store, demo_dir / "residents" / "residents.csv")
        add_hazard_source(store, demo_dir / "plateau")
    return path


def names(demo_dir: Path) -> list[str]:
    import csv

    rows = list(csv.DictReader((demo_dir / "residents" / "residents.csv").open(encoding="utf-8-sig")))
    return [r["氏名"] for r in rows] + [r["住所"] for r in rows]


def test_shape_and_no_names(cli, project, demo_dir):
    result = cli("assess", "--store", str(project), "--lang", "en")
    assert result.code == 0, result.stderr
    records = result.records()
    assert len(records) == 50
    for record in records:
        jsonschema.validate(record, SCHEMA)
    assert {r["priority"] for r in records} == {"high", "medium", "low"}
    assert sum(r["home_rank"] is not None and r["home_rank"] > 0 for r in records) == 30  # from the recorded PLATEAU source
    assert any(reason["text"].startswith("home flood depth rank") for r in records for reason in r["reasons"])
    for secret in names(demo_dir):
        assert secret not in result.stdout and secret not in result.stderr


def test_with_names_and_japanese_text(cli, project, demo_dir):
    result = cli("assess", "--store", str(project), "--with-names")
    assert result.code == 0
    records = result.records()
    for record in records:
        jsonschema.validate(record, NAMED)
    assert {r["name"] for r in records} <= set(names(demo_dir))
    assert any("自宅の想定浸水深" in reason["text"] for r in records for reason in r["reasons"])


def test_given_source_adds_to_recorded_ones(cli, demo_dir, tmp_path):
    path = tmp_path / "p.nigezero"
    with open_store(path) as store:
        import_roster(store, demo_dir / "residents" / "residents.csv")
    bare = cli("assess", "--store", str(path)).records()
    assert {r["home_rank"] for r in bare} == {None}
    raster = cli("assess", "--store", str(path), "--hazard", str(demo_dir / "hazard" / "flood_depth_L2.tif"))
    assert raster.code == 0
    assert sorted({r["home_rank"] for r in raster.records()}) == [0, 1, 2, 3]


def test_missing_store_exits_1_without_creating_it(cli, tmp_path):
    missing = tmp_path / "nope.nigezero"
    result = cli("assess", "--store", str(missing), "--lang", "en")
    assert result.code == 1 and result.stdout == ""
    assert result.problems()[0]["message"] == f"no project file {missing}"
    assert not missing.exists()


def test_not_a_project_exits_1(cli, tmp_path):
    bogus = tmp_path / "bogus.nigezero"
    bogus.write_text("not sqlite at all " * 100, encoding="utf-8")
    result = cli("assess", "--store", str(bogus), "--lang", "en")
    assert result.code == 1
    assert "is not a Nigezero project file" in result.problems()[0]["message"]


def test_unreadable_source_exits_1_but_everyone_is_printed(cli, project, demo_dir, tmp_path):
    junk = shutil.copy(demo_dir / "README.md", tmp_path / "junk.tif")
    result = cli("assess", "--store", str(project), "--hazard", str(junk), str(tmp_path / "absent.tif"), "--lang", "en")
    assert result.code == 1
    assert len(result.records()) == 50
    errors = [p for p in result.problems() if p["severity"] == "error"]
    assert [p["file"] for p in errors] == [str(junk), str(tmp_path / "absent.tif")]


def test_usage_errors_exit_2(cli):
    assert cli("assess", "--lang", "en").code == 2
    assert cli("assess", "--store", "x", "--bogus").code == 2
