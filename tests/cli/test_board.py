"""``board`` as a subprocess on the demo city: the shape, states at known times, inputs, exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import jsonschema
import pytest

from alerts.demo_plans import create_demo_project

INPUT = {
    "type": "object",
    "required": ["source", "time", "stale"],
    "additionalProperties": False,
    "properties": {
        "source": {"type": "string", "pattern": "^(gauge|weather|issued):.+$|^safety_check$"},
        "time": {"type": ["string", "null"], "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$"},
        "stale": {"type": "boolean"},
    },
}
SCHEMA = {
    "type": "object",
    "required": ["person", "state", "reason", "inputs"],
    "additionalProperties": False,
    "properties": {
        "person": {"type": "string", "minLength": 1},
        "state": {"enum": ["leave_now", "prepare", "stay_vertical", "evacuated", "safe_at_home", "no_action", "unknown"]},
        "reason": {"type": "string", "minLength": 1},
        "inputs": {"type": "array", "items": INPUT},
    },
}


@pytest.fixture(scope="module")
def project(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("board") / "demo.nigezero"
    create_demo_project(path, demo_dir)
    return path


def feeds(demo_dir: Path) -> list[str]:
    return ["--feeds", str(demo_dir / "river" / "levels.csv"), "--gauges", str(demo_dir / "river" / "gauges.csv")]


def states(records: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in records:
        out[r["state"]] = out.get(r["state"], 0) + 1
    return out


def test_shape_states_at_1720_and_no_names(cli, project, demo_dir):
    result = cli("board", "--store", str(project), *feeds(demo_dir), "--at", "2026-06-02T17:20")
    assert result.code == 0, result.stderr
    records = result.records()
    assert len(records) == 50
    for record in records:
        jsonschema.validate(record, SCHEMA)
    # 15 of the DEMO001 避難判断水位 / 警戒レベル3 / no-plan people leave; no weather: the 10 landslide ones are unknown
    assert states(records) == {"leave_now": 25, "no_action": 15, "unknown": 10}
    leaving = next(r for r in records if r["state"] == "leave_now")
    assert "06/02 17:20に避難判断水位" in leaving["reason"]
    assert leaving["inputs"] == [{"source": "gauge:DEMO001", "time": "2026-06-02T17:20:00+09:00", "stale": False}]
    rows = list(csv.DictReader((demo_dir / "residents" / "residents.csv").open(encoding="utf-8-sig")))
    assert not any(r["氏名"] in result.stdout or r["住所"] in result.stdout for r in rows)


def test_readings_after_at_are_ignored(cli, project, demo_dir):
    early = cli("board", "--store", str(project), *feeds(demo_dir), "--at", "2026-06-02T12:00:00+09:00", "--lang", "en").records()
    assert {r["state"] for r in early} == {"no_action", "unknown"}
    assert all(r["inputs"][0]["time"] in (None, "2026-06-02T12:00:00+09:00") for r in early)
    assert any("0.79 m (06/02 12:00), below the evacuation decision level 2.80 m" in r["reason"] for r in early)


def test_a_real_jma_file_answers_the_landslide_triggers(cli, project, demo_dir, shared_data):
    weather = shared_data / "weather" / "infomation-receiver" / "data" / "350000.json"
    result = cli("board", "--store", str(project), *feeds(demo_dir), "--weather", str(weather), "--at", "2026-06-02T12:00")
    assert result.code == 0, result.stderr
    records = result.records()
    assert {r["state"] for r in records} == {"no_action"}
    landslide = [r for r in records if any(i["source"] == "weather:3520300" for i in r["inputs"])]
    assert len(landslide) == 10
    assert landslide[0]["inputs"][0] == {"source": "weather:3520300", "time": "2026-05-28T03:32:00+09:00", "stale": False}


def test_after_the_feed_stops_the_gauge_is_unknown_with_its_age(cli, project, demo_dir):
    records = cli("board", "--store", str(project), *feeds(demo_dir), "--at", "2026-06-04T01:00", "--lang", "en").records()
    assert {r["state"] for r in records} == {"unknown"}
    gauge = next(r for r in records if r["inputs"][0]["source"] == "gauge:DEMO001")
    assert "has not reported since 06/03 23:50 (usually every 10 min; stale after 20 min)" in gauge["reason"]
    assert gauge["inputs"][0]["stale"] is True


def test_issued_levels_from_a_csv(cli, project, demo_dir, tmp_path):
    issued = tmp_path / "issued.csv"
    issued.write_text("area,level,info,time\n*,4,避難指示,2026-06-02T12:00\n*,0,解除,2026-06-02T14:00\n", encoding="cp932")
    during = cli(
        "board", "--store", str(project), *feeds(demo_dir), "--issued", str(issued), "--at", "2026-06-02T12:30"
    ).records()
    assert states(during) == {"leave_now": 50}
    assert during[0]["inputs"][-1] == {"source": "issued:*", "time": "2026-06-02T12:00:00+09:00", "stale": False}
    assert "市内全域に避難指示 (警戒レベル4) が06/02 12:00に発令" in during[0]["reason"]
    before = cli(
        "board", "--store", str(project), *feeds(demo_dir), "--issued", str(issued), "--at", "2026-06-02T11:59"
    ).records()
    assert "leave_now" not in states(before)
    lifted = cli(
        "board", "--store", str(project), *feeds(demo_dir), "--issued", str(issued), "--at", "2026-06-02T14:30"
    ).records()
    assert "leave_now" not in states(lifted)


def test_with_names(cli, project, demo_dir):
    records = cli("board", "--store", str(project), *feeds(demo_dir), "--at", "2026-06-02T17:20", "--with-names").records()
    assert all(r["name"] and r["kana"] and r["address"] for r in records)


def test_a_bad_issued_row_is_a_warning_and_a_broken_file_an_error(cli, project, demo_dir, tmp_path):
    issued = tmp_path / "issued.csv"
    issued.write_text("area,level,info,time\n*,7,避難指示,2026-06-02T12:00\n", encoding="utf-8")
    result = cli(
        "board", "--store", str(project), *feeds(demo_dir), "--issued", str(issued), "--at", "2026-06-02T12:30", "--lang", "en"
    )
    assert result.code == 0 and len(result.records()) == 50
    assert [p["where"] for p in result.problems()] == ["line 2, column level"]
    broken = tmp_path / "broken.csv"
    broken.write_text("area,when\n*,12:00\n", encoding="utf-8")
    result = cli("board", "--store", str(project), *feeds(demo_dir), "--issued", str(broken), "--at", "2026-06-02T12:30")
    assert result.code == 1 and len(result.records()) == 50
    assert result.problems()[0]["file"] == str(broken) and result.problems()[0]["severity"] == "error"


def test_a_feed_that_cannot_be_read_is_exit_1_and_the_rest_still_printed(cli, project, demo_dir, tmp_path):
    truncated = tmp_path / "feed.json"
    truncated.write_text('{"min10Values": [', encoding="utf-8")
    result = cli("board", "--store", str(project), *feeds(demo_dir), "--feeds", str(truncated), "--at", "2026-06-02T17:20")
    assert result.code == 1 and len(result.records()) == 50


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["--at", "yesterday"], 2, "usage error: --at should be an ISO 8601 time"),
        ([], 2, "the following arguments are required: --at"),
        (["--at", "2026-06-02T17:20", "--gauges", "/no/such/gauges.csv"], 2, "cannot read --gauges"),
    ],
)
def test_usage_errors(cli, project, args, code, text):
    result = cli("board", "--store", str(project), *args, "--lang", "en")
    assert result.code == code and text in result.stderr and result.stdout == ""


def test_missing_or_foreign_project_is_exit_1(cli, tmp_path):
    result = cli("board", "--store", str(tmp_path / "none.nigezero"), "--at", "2026-06-02T17:20", "--lang", "en")
    assert result.code == 1 and result.problems()[0]["message"].startswith("no project file ")
    other = tmp_path / "other.nigezero"
    other.write_text("not sqlite", encoding="utf-8")
    result = cli("board", "--store", str(other), "--at", "2026-06-02T17:20", "--lang", "en")
    assert result.code == 1 and "not a Nigezero project file" in result.problems()[0]["message"]
