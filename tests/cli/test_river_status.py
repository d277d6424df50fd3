"""``python main.py river-status``: the output shape, real feeds, generated feeds, bad input, exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

NUMBER_OR_NULL = {"type": ["number", "null"]}
TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$"}
SCHEMA = {
    "type": "object",
    "required": ["file", "gauge", "name", "time", "level_m", "scheme", "status", "alert_level", "thresholds", "last_valid"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string"},
        "gauge": {"type": "string", "minLength": 1},
        "name": {"type": ["string", "null"]},
        "time": {"anyOf": [TIME, {"type": "null"}]},
        "level_m": NUMBER_OR_NULL,
        "scheme": {"enum": ["four", "three"]},
        "status": {"enum": ["normal", "standby", "caution", "evacuation", "danger", "flooding", "observing", "missing"]},
        "alert_level": {"enum": [2, 3, 4, 5, None]},
        "thresholds": {
            "type": "object",
            "required": ["standby_m", "caution_m", "evacuation_m", "danger_m", "flooding_m", "observing_m"],
            "additionalProperties": False,
            "properties": {k: NUMBER_OR_NULL for k in ("standby_m", "caution_m", "evacuation_m", "danger_m", "flooding_m", "observing_m")},
        },
        "last_valid": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["time", "level_m"],
                    "additionalProperties": False,
                    "properties": {"time": TIME, "level_m": {"type": "number"}},
                },
            ]
        },
    },
}
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
KOTOGAWA_GAUGES = (
    "station_id,name,river,lon,lat,standby_m,caution_m,evacuation_m,danger_m,flooding_m\n"
    "05067,持世寺,厚東川,131.2463,34.0405,3.80,5.00,5.10,5.50,\n"
    "8700000032,佐波川19.8k,佐波川,,,,,,45.00,\n"
)


def _valid(records: list[dict]) -> list[dict]:
    for record in records:
        VALIDATOR.validate(record)
    return records


@pytest.fixture
def gauges_csv(tmp_path: Path) -> Path:
    path = tmp_path / "gauges.csv"
    path.write_text(KOTOGAWA_GAUGES, encoding="cp932")
    return path


def test_real_snapshot_shape_and_sabagawa(cli, shared_data: Path, gauges_csv: Path) -> None:
    snapshot = shared_data / "river_levels/crisis-watcher-river-jp/2026-06-26-10.json"
    result = cli("river-status", str(snapshot), "--gauges", str(gauges_csv), "--lang", "en")
    assert result.code == 0, result.stderr
    records = _valid(result.records())
    assert len(records) == 657 and {r["file"] for r in records} == {str(snapshot)}
    saba = next(r for r in records if r["gauge"] == "8700000032")
    assert saba == {
        "file": str(snapshot),
        "gauge": "8700000032",
        "name": "佐波川19.8k右岸",
        "time": "2026-06-26T10:30:00+09:00",
        "level_m": 44.61,
        "scheme": "three",
        "status": "observing",
        "alert_level": None,
        "thresholds": {"standby_m": None, "caution_m": None, "evacuation_m": None, "danger_m": 45.13, "flooding_m": 45.84, "observing_m": 44.17},
        "last_valid": {"time": "2026-06-26T10:30:00+09:00", "level_m": 44.61},
    }
    problems = result.problems()
    assert any(p["where"] == "gauge 8700000032" and "threshold danger_m is 45.13 m in the feed and 45.0 m" in p["message"] for p in problems)
    assert sum(r["status"] == "flooding" for r in records) == 2


def test_real_folder_skips_lookup_tables_once(cli, shared_data: Path, gauges_csv: Path) -> None:
    folder = shared_data / "river_levels"
    result = cli("river-status", str(folder), "--gauges", str(gauges_csv), "--lang", "en")
    assert result.code == 0, result.stderr
    records = result.records()
    _valid(records[::25])  # every record's shape is pinned on one snapshot above; a sample keeps this fast
    assert len(records) == 10706 + 274
    kotogawa = [r for r in records if r["gauge"] == "05067"]
    assert len(kotogawa) == 274 and {r["status"] for r in kotogawa} == {"normal"}
    assert kotogawa[0]["thresholds"] == {"standby_m": 3.8, "caution_m": 5.0, "evacuation_m": 5.1, "danger_m": 5.5, "flooding_m": None, "observing_m": None}
    assert kotogawa[0]["file"] == str(folder / "kotogawa-monitor-streamlit/history/2025/07/13/0010.json")
    infos = " | ".join(p["message"] for p in result.problems() if p["severity"] == "info")
    for name in ("PROVENANCE.md", "pref.json", "twn.json"):
        assert infos.count(name) == 1  # each skipped file listed once, under its folder
    assert f"{folder}/crisis-watcher-river-jp/lookup: skipped 2 files that are not river-level feeds" in infos
    assert not any(p["severity"] == "error" for p in result.problems())


def _write_feeds(folder: Path) -> None:
    folder.mkdir()
    values = [
        {"obsTime": "2026/06/03 23:30", "stg": 2.10, "stgCcd": 0},
        {"obsTime": "2026/06/03 23:40", "stg": 2.30, "stgCcd": 0},
        {"obsTime": "2026/06/03 23:50", "stg": 2.35, "stgCcd": 0},
        {"obsTime": "2026/06/03 24:00", "stg": 0.00, "stgCcd": 1},
    ]
    (folder / "kawabou.json").write_text(json.dumps({"obsFcd": "G10", "min10Values": values}), encoding="utf-8")
    dat = (
        "時刻水位検索結果\n観測所名,湯田\n観測所記号,G20\n"
        "日付,時刻,データ,フラグ\n2026/06/03,23:50,2.90,\n2026/06/03,24:00,3.25,*\n"
    )
    (folder / "yuda.dat").write_bytes(dat.encode("cp932"))
    (folder / "levels.csv").write_text(
        "station_id,time,level_m\nG30,2026-06-03T05:00:00,1.0\nG30,2026-06-03T05:10:00,oops\nG30,2026-06-03T05:20:00\n",
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text("not a feed\n", encoding="utf-8")


def test_generated_feeds_with_gauge_table(cli, tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    _write_feeds(folder)
    table = tmp_path / "g.csv"
    table.write_text(
        "station_id,name,river,lon,lat,standby_m,caution_m,evacuation_m,danger_m,flooding_m\n"
        "G10,十,川,,,1.5,2.2,2.8,3.2,\nG20,,川,,,1.5,2.2,2.8,3.2,4.0\nG30,三十,川,,,0.5,0.8,,1.2,\n",
        encoding="utf-8",
    )
    result = cli("river-status", str(folder), "--gauges", str(table), "--lang", "en")
    assert result.code == 0, result.stderr
    by_gauge = {r["gauge"]: r for r in _valid(result.records())}
    assert list(by_gauge) == ["G10", "G30", "G20"]  # file order: kawabou.json, levels.csv, yuda.dat
    g10 = by_gauge["G10"]
    assert (g10["time"], g10["level_m"], g10["status"], g10["alert_level"]) == ("2026-06-04T00:00:00+09:00", None, "missing", None)
    assert g10["last_valid"] == {"time": "2026-06-03T23:50:00+09:00", "level_m": 2.35}
    g20 = by_gauge["G20"]
    assert (g20["name"], g20["time"], g20["level_m"], g20["status"], g20["alert_level"]) == ("湯田", "2026-06-04T00:00:00+09:00", 3.25, "danger", 4)
    g30 = by_gauge["G30"]
    assert (g30["level_m"], g30["status"], g30["last_valid"]["level_m"]) == (None, "missing", 1.0)
    problems = result.problems()
    assert any(p["where"] == "line 3, column level_m" for p in problems)
    assert any(p["severity"] == "info" and "notes.txt" in p["message"] for p in problems)


def test_table_and_csv_formats(cli, tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    _write_feeds(folder)
    table = cli("river-status", str(folder / "yuda.dat"), "--format", "table")
    assert table.code == 0 and "thresholds.danger_m" in table.stdout and "G20" in table.stdout
    csv_out = cli("river-status", str(folder / "yuda.dat"), "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("file,gauge,name,time,level_m,scheme,status,alert_level,thresholds.standby_m")


def test_bad_inputs_exit_1_and_the_rest_is_still_printed(cli, tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    _write_feeds(folder)
    truncated = tmp_path / "cut.json"
    truncated.write_text('{"min10Values": [{"obsTime": "2026/06/03 05:1', encoding="utf-8")
    notes = folder / "notes.txt"
    result = cli("river-status", str(tmp_path / "nope.json"), str(truncated), str(notes), str(folder / "yuda.dat"), "--lang", "en")
    assert result.code == 1
    assert [r["gauge"] for r in result.records()] == ["G20"]
    errors = {p["file"]: p["message"] for p in result.problems() if p["severity"] == "error"}
    assert errors[str(tmp_path / "nope.json")] == "no such file or folder"
    assert "broken or truncated JSON" in errors[str(truncated)]
    assert errors[str(notes)] == "not a water-level feed format"  # named directly: an error, not a skip


def test_zip_members_are_labelled_and_non_feeds_skipped(cli, tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    _write_feeds(folder)
    archive = tmp_path / "feeds.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, f"in/{path.name}")
    result = cli("river-status", str(archive))
    assert result.code == 0
    assert {r["file"] for r in result.records()} == {f"{archive}!in/kawabou.json", f"{archive}!in/levels.csv", f"{archive}!in/yuda.dat"}


def test_usage_errors_exit_2(cli, tmp_path: Path) -> None:
    assert cli("river-status", "--lang", "en").code == 2
    bad = cli("river-status", str(tmp_path), "--gauges", str(tmp_path / "missing.csv"), "--lang", "en")
    assert bad.code == 2 and "cannot read --gauges" in bad.stderr and bad.stdout == ""


def test_demo_data_without_and_with_gauges(cli, demo_dir: Path) -> None:
    river = demo_dir / "river"
    plain = cli("river-status", str(river / "levels.csv"), "--lang", "en")
    assert plain.code == 0
    assert {r["status"] for r in plain.records()} == {"normal"}
    assert sum("no thresholds" in p["message"] for p in plain.problems()) == 3
    result = cli("river-status", str(river), "--gauges", str(river / "gauges.csv"))
    assert result.code == 0
    records = _valid(result.records())
    assert [(r["gauge"], r["name"], r["time"]) for r in records] == [
        ("DEMO001", "湯田（デモ）", "2026-06-03T23:50:00+09:00"),
        ("DEMO002", "仁保（デモ）", "2026-06-03T23:50:00+09:00"),
        ("DEMO003", "吉敷（デモ）", "2026-06-03T23:50:00+09:00"),
    ]
    assert records[0]["thresholds"]["flooding_m"] == 4.3 and records[2]["thresholds"]["evacuation_m"] is None
    assert any(p["severity"] == "info" and "gauges.csv" in p["message"] for p in result.problems())
