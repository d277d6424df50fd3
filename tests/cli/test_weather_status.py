"""``weather-status`` as scripts run it: the output shape (a contract), exit codes, folders."""

from __future__ import annotations

import jsonschema
import pytest

ENTRY = {
    "type": "object",
    "required": ["code", "name", "status"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "string", "pattern": r"^(\d{1,2}|landslide|flood:[2-5]0)$"},
        "name": {"type": ["string", "null"]},
        "status": {"type": ["string", "null"]},
    },
}
RECORD = {
    "type": "object",
    "required": ["file", "source", "time", "area", "name", "in_force", "cancelled", "alert_level"],
    "properties": {
        "file": {"type": "string"},
        "source": {"enum": ["jma-warning-json", "jma-xml-warning", "jma-xml-landslide", "jma-xml-flood-forecast"]},
        "time": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"},
        "area": {"type": "string", "pattern": r"^\d{7}$"},
        "name": {"type": ["string", "null"]},
        "in_force": {"type": "array", "items": ENTRY},
        "cancelled": {"type": "array", "items": {**ENTRY, "properties": {**ENTRY["properties"], "status": {"const": "解除"}}}},
        "alert_level": {"enum": [2, 3, 4, 5, None]},
    },
}


def _check(records):
    for record in records:
        jsonschema.validate(record, RECORD)
        assert list(record)[:8] == RECORD["required"]


@pytest.fixture
def weather(shared_data):
    return shared_data / "weather"


def test_yamaguchi_json(cli, weather):
    path = str(weather / "infomation-receiver" / "data" / "350000.json")
    result = cli("weather-status", path)
    assert result.code == 0, result.stderr
    records = result.records()
    _check(records)
    assert len(records) == 19
    by_area = {r["area"]: r for r in records}
    assert by_area["3520300"] == {
        "file": path, "source": "jma-warning-json", "time": "2026-05-28T03:32:00+09:00", "area": "3520300",
        "name": "山口市", "in_force": [], "cancelled": [], "alert_level": None,
    }  # fmt: skip
    assert by_area["3520100"]["cancelled"] == [{"code": "15", "name": "強風注意報", "status": "解除"}]
    assert result.stderr == ""


def test_landslide_and_flood_entries(cli, weather):
    samples = weather / "jmaxml" / "assets" / "sample_xmls"
    result = cli("weather-status", str(samples / "17_04_01_250630_VXWW50.xml"), str(samples / "16_06_01_220728_VXKOii.xml"))
    assert result.code == 0
    records = result.records()
    _check(records)
    odawara = next(r for r in records if r["area"] == "1420600")
    assert odawara["in_force"] == [{"code": "landslide", "name": "レベル４土砂災害危険警報", "status": "発表"}]
    assert odawara["alert_level"] == 4
    floods = [r for r in records if r["source"] == "jma-xml-flood-forecast"]
    assert [r["name"] for r in floods] == ["○○市", "△△市", "◇◇市", "□□市"]
    assert {r["in_force"][0]["code"] for r in floods} == {"flood:40"}


def test_whole_data_folder(cli, weather):
    result = cli("weather-status", str(weather), "--lang", "en")
    assert result.code == 1  # the HTML error page
    records = result.records()
    _check(records)
    assert {r["source"] for r in records} == set(RECORD["properties"]["source"]["enum"])
    problems = result.problems()
    errors = [p for p in problems if p["severity"] == "error"]
    assert [p["file"] for p in errors] == [str(weather / "infomation-receiver" / "data" / "010000.json")]
    assert "HTML page" in errors[0]["message"]
    infos = [p["message"] for p in problems if p["severity"] == "info"]
    assert any("area.json" in m and "amedastable.json" in m for m in infos)
    assert any("PROVENANCE.md" in m for m in infos)
    assert any("浸水想定地区" in p["message"] for p in problems if p["file"].endswith("16_05_01_210630_VXKOii.xml"))
    assert records[0]["file"].startswith(str(weather) + "/")


def test_bad_file_is_reported_and_the_others_still_printed(cli, weather, tmp_path):
    cut = tmp_path / "cut.xml"
    cut.write_bytes((weather / "jmaxml/assets/sample_xmls/17_03_01_190529_VXWW50.xml").read_bytes()[:3000])
    good = weather / "infomation-receiver" / "data" / "350000.json"
    result = cli("weather-status", str(cut), str(good), "--lang", "en")
    assert result.code == 1
    assert len(result.records()) == 19
    (problem,) = result.problems()
    assert problem["file"] == str(cut) and "truncated" in problem["message"]


def test_a_named_file_that_carries_no_warnings_is_an_error(cli, weather):
    result = cli("weather-status", str(weather / "jma-analysis" / "area.json"), "--format", "table", "--lang", "en")
    assert result.code == 1
    assert "not a warning file: JMA's area table" in result.stderr


def test_missing_file_and_usage_errors(cli, tmp_path):
    assert cli("weather-status", str(tmp_path / "nothing.json")).code == 1
    assert cli("weather-status").code == 2
    bad_areas = tmp_path / "areas.json"
    bad_areas.write_text("[]", encoding="utf-8")
    result = cli("weather-status", str(tmp_path), "--areas", str(bad_areas), "--lang", "en")
    assert result.code == 2
    assert "--areas" in result.stderr


def test_other_area_table(cli, weather, tmp_path):
    areas = tmp_path / "area.json"
    areas.write_text('{"offices": {}, "class20s": {"3520300": {"name": "やまぐち", "parent": "350021"}}}', encoding="utf-8")
    result = cli("weather-status", str(weather / "infomation-receiver/data/350000.json"), "--areas", str(areas))
    assert result.code == 0
    names = {r["area"]: r["name"] for r in result.records()}
    assert names["3520300"] == "やまぐち" and names["3520100"] is None


def test_csv_output(cli, weather):
    result = cli("weather-status", str(weather / "infomation-receiver/data/350000.json"), "--format", "csv")
    assert result.code == 0
    header = result.stdout.splitlines()[0]
    assert header.lstrip("\ufeff") == "file,source,time,area,name,in_force,cancelled,alert_level"
