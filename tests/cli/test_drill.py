"""``drill`` as a subprocess with the demo scenario (``scenario/drill.json``): shape, outcomes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from alerts.demo_plans import create_demo_project

TIME = {"type": ["string", "null"], "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$"}
SCHEMA = {
    "type": "object",
    "required": [
        "person",
        "depart",
        "arrive",
        "route_flooded_at",
        "margin_min",
        "outcome",
        "trigger_at",
        "flood_area",
        "flood_rule",
    ],
    "additionalProperties": False,
    "properties": {
        "person": {"type": "string", "minLength": 1},
        "depart": TIME,
        "arrive": TIME,
        "route_flooded_at": TIME,
        "margin_min": {"type": ["number", "null"]},
        "outcome": {"enum": ["arrived", "cut_off", "stayed_vertical", "no_plan", "not_triggered", "no_transport"]},
        "trigger_at": TIME,
        "flood_area": {"type": ["string", "null"]},
        "flood_rule": {"enum": ["stated", "gauge_lag", None]},
    },
}


@pytest.fixture(scope="module")
def project(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("drill") / "demo.nigezero"
    create_demo_project(path, demo_dir)
    return path


def test_demo_scenario_shape_and_outcomes(cli, project, demo_dir):
    result = cli("drill", "--store", str(project), "--scenario", str(demo_dir / "scenario" / "drill.json"))
    assert result.code == 0, result.stderr
    records = result.records()
    assert len(records) == 50
    for record in records:
        jsonschema.validate(record, SCHEMA)
    outcomes = {r["outcome"] for r in records}
    assert {"arrived", "cut_off", "stayed_vertical", "no_plan"} <= outcomes
    for r in records:
        if r["outcome"] == "arrived":
            assert r["depart"] <= r["arrive"] and (r["margin_min"] is None or r["margin_min"] >= 0)
        if r["outcome"] == "cut_off":
            assert r["arrive"] is None and r["margin_min"] < 0 and r["flood_rule"] == "gauge_lag"
        if r["outcome"] == "no_plan":
            assert r["depart"] is None and r["margin_min"] is None
    # 警戒レベル3 and DEMO001 避難判断水位 plans fire at 17:20, when DEMO001 reaches 2.80 m
    assert min(r["trigger_at"] for r in records if r["trigger_at"]) == "2026-06-02T17:20:00+09:00"
    assert "氏名" not in result.stdout


def test_with_names_and_table_format(cli, project, demo_dir):
    result = cli(
        "drill",
        "--store",
        str(project),
        "--scenario",
        str(demo_dir / "scenario" / "drill.json"),
        "--with-names",
        "--format",
        "table",
    )
    assert result.code == 0 and "route_flooded_at" in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{broken", "cannot read the scenario file"),
        (json.dumps({"format": "nigezero-drill/1", "start": "2026-06-02T12:00"}), "a scenario value is missing or wrong"),
    ],
)
def test_bad_scenario_is_exit_1_with_a_message(cli, project, tmp_path, text, message):
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    result = cli("drill", "--store", str(project), "--scenario", str(path), "--lang", "en")
    assert result.code == 1 and result.stdout == ""
    problem = result.problems()[0]
    assert problem["file"] == str(path) and message in problem["message"]


def test_missing_project_and_missing_option(cli, tmp_path, demo_dir):
    result = cli(
        "drill", "--store", str(tmp_path / "none"), "--scenario", str(demo_dir / "scenario" / "drill.json"), "--lang", "en"
    )
    assert result.code == 1 and result.problems()[0]["message"].startswith("no project file ")
    assert cli("drill", "--store", str(tmp_path / "none"), "--lang", "en").code == 2
