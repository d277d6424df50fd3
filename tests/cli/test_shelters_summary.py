"""``shelters-summary`` as a subprocess: real GSI GeoJSON, the demo CSV, generated and broken files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import jsonschema
import pytest

from evac_plans.shelters import HAZARD_COLUMNS

COUNTS = {"type": "integer", "minimum": 0}
HAZARDS = list(HAZARD_COLUMNS.values())
SCHEMA = {
    "type": "object",
    "required": ["file", "kind", "count", "hazards", "upper_floor_only", "invalid"],
    "additionalProperties": False,
    "properties": {
        "file": {"type": "string"},
        "kind": {"enum": ["emergency", "evacuation"]},
        "count": COUNTS,
        "hazards": {
            "oneOf": [
                {"type": "null"},
                {"type": "object", "required": HAZARDS, "additionalProperties": COUNTS, "properties": {h: COUNTS for h in HAZARDS}},
            ]
        },
        "upper_floor_only": {"oneOf": [{"type": "null"}, {"type": "object", "additionalProperties": COUNTS}]},
        "invalid": COUNTS,
    },
}
EMERGENCY_HEADER = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所," + ",".join(HAZARD_COLUMNS) + ",指定避難所との住所同一,緯度,経度,備考"
EVACUATION_HEADER = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,緯度,経度,備考"
ROWS = (
    "1,E3520300001201,山口県山口市,甲,住所,1,1,,1,1,,,,1,34.1,131.4,「洪水」では２階以上に避難\n"
    "2,E3520300002201,山口県山口市,乙,住所,1,,,1,1,,,,1,,,「津波」では3階以上に避難\n"
    "3,E3520300003201,山口県山口市,丙,住所,○,,,,1,,,,,131.4,34.1,\n"
    "4,E3520300004201,山口県山口市,丁,住所,1,1\n"
)


def records(result) -> list[dict]:
    out = result.records()
    for record in out:
        jsonschema.validate(record, SCHEMA)
    return out


def test_real_shelter_folder(cli, shared_data: Path) -> None:
    result = cli("shelters-summary", str(shared_data / "shelters"), "--lang", "en")
    assert result.code == 0, result.stderr
    emergency, evacuation = records(result)
    assert emergency == {
        "file": str(shared_data / "shelters" / "jp-shelter-api/emergency/352039.json"),
        "kind": "emergency",
        "count": 208,
        "hazards": {"flood": 176, "landslide": 173, "high_tide": 192, "earthquake": 190, "tsunami": 205, "large_fire": 0, "inland_flood": 0, "volcano": 0},
        "upper_floor_only": {"flood": 24, "high_tide": 8},
        "invalid": 0,
    }
    assert evacuation["kind"] == "evacuation" and evacuation["count"] == 208
    assert evacuation["hazards"] is None and evacuation["upper_floor_only"] is None and evacuation["invalid"] == 0
    problems = result.problems()
    assert [p["severity"] for p in problems] == ["info"]
    assert "skipped 1 files that are not shelter data (PROVENANCE.md)" in problems[0]["message"]


def test_demo_csv(cli, demo_dir: Path) -> None:
    path = demo_dir / "shelters/shelters.csv"
    result = cli("shelters-summary", str(path))
    assert result.code == 0 and result.stderr == ""
    (record,) = records(result)
    assert record["file"] == str(path) and record["kind"] == "emergency" and record["count"] == 10
    assert record["hazards"]["flood"] == 10 and record["hazards"]["high_tide"] == 0
    assert record["upper_floor_only"] == {"flood": 5} and record["invalid"] == 0


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig"])
def test_generated_csv_with_bad_rows(cli, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes((EMERGENCY_HEADER + "\n" + ROWS).encode(encoding))
    result = cli("shelters-summary", str(path), "--lang", "en")
    assert result.code == 0
    (record,) = records(result)
    assert record["count"] == 3 and record["invalid"] == 2
    assert record["hazards"] == {"flood": 3, "landslide": 1, "high_tide": 0, "earthquake": 2, "tsunami": 3, "large_fire": 0, "inland_flood": 0, "volcano": 0}
    assert record["upper_floor_only"] == {"flood": 1, "tsunami": 1}
    assert [(p["where"], p["severity"]) for p in result.problems()] == [
        ("line 5", "warning"),  # wrong number of fields: not counted
        ("line 3", "warning"),  # no coordinates
        ("line 4", "warning"),  # swapped, outside Japan
    ]


def test_evacuation_csv_and_zip(cli, tmp_path: Path) -> None:
    csv_text = EVACUATION_HEADER + "\n1,E3520300001111,山口県山口市,甲,住所,1,,高齢者,34.1,131.4,\n"
    (tmp_path / "e.csv").write_text(csv_text, encoding="cp932")
    with zipfile.ZipFile(tmp_path / "s.zip", "w") as zf:
        zf.writestr("gsi/e.csv", csv_text.encode("cp932"))
        zf.writestr("gsi/readme.txt", "共通ID の説明")
    result = cli("shelters-summary", str(tmp_path / "e.csv"), str(tmp_path / "s.zip"))
    assert result.code == 0
    a, b = records(result)
    assert a["kind"] == b["kind"] == "evacuation" and a["hazards"] is None and a["upper_floor_only"] is None
    assert b["file"] == f"{tmp_path / 's.zip'}!gsi/e.csv" and b["count"] == 1
    assert "readme.txt" in result.problems()[0]["message"]


def test_unreadable_inputs_exit_1_and_the_others_still_print(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(EMERGENCY_HEADER + "\n" + ROWS.splitlines()[0] + "\n", encoding="utf-8")
    truncated = tmp_path / "t.json"
    truncated.write_text('{"type": "FeatureCollection", "features": [{"properties": {"共通ID": "E1"', encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = cli("shelters-summary", str(tmp_path / "missing.csv"), str(truncated), str(other), str(good), "--lang", "en")
    assert result.code == 1
    assert [r["file"] for r in records(result)] == [str(good)]
    errors = {p["file"]: p["message"] for p in result.problems() if p["severity"] == "error"}
    assert errors == {
        str(tmp_path / "missing.csv"): "no such file or folder",
        str(truncated): errors[str(truncated)],
        str(other): errors[str(other)],
    }
    assert "not valid JSON" in errors[str(truncated)] and "missing columns" in errors[str(other)]


def test_usage_errors_exit_2(cli) -> None:
    assert cli("shelters-summary").code == 2
