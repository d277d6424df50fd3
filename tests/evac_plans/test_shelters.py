"""GSI shelters: the real Yamaguchi City GeoJSON, the demo CSV (CP932) and broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

import i18n
from demo.site import BOUNDS
from evac_plans.errors import EvacPlansError, ShelterFormatError
from evac_plans.shelters import HAZARD_COLUMNS, read_shelters, upper_floor_only
from jobs.feedback import Feedback

EMERGENCY_HEADER = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所," + ",".join(HAZARD_COLUMNS) + ",指定避難所との住所同一,緯度,経度,備考"
EVACUATION_HEADER = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,緯度,経度,備考"
HAZARDS = list(HAZARD_COLUMNS.values())


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def test_real_emergency_geojson(shared_data: Path) -> None:
    feedback = Feedback()
    shelters = read_shelters(shared_data / "shelters/jp-shelter-api/emergency/352039.json", feedback)
    assert feedback.problems == []
    assert len(shelters) == 208 and set(shelters["kind"]) == {"emergency"}
    assert shelters.crs.to_epsg() == 6668 and shelters["location_ok"].all()
    assert shelters[HAZARDS].sum().to_dict() == {
        "flood": 176, "landslide": 173, "high_tide": 192, "earthquake": 190, "tsunami": 205,
        "large_fire": 0, "inland_flood": 0, "volcano": 0,
    }
    floors = [h for d in shelters["upper_floor_only"] for h in d]
    assert {h: floors.count(h) for h in set(floors)} == {"flood": 24, "high_tide": 8}
    assert shelters["common_id"].is_unique


def test_real_evacuation_geojson_has_no_hazard_flags(shared_data: Path) -> None:
    shelters = read_shelters(shared_data / "shelters/jp-shelter-api/evacuation/352039.json")
    assert len(shelters) == 208 and set(shelters["kind"]) == {"evacuation"}
    assert shelters[HAZARDS].isna().all().all()
    assert {"other_items", "accepted_persons", "same_address"} <= set(shelters.columns)


def test_demo_shelters_are_cp932_csv_inside_the_demo_area(demo_dir: Path) -> None:
    raw = (demo_dir / "shelters/shelters.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    feedback = Feedback()
    shelters = read_shelters(demo_dir / "shelters/shelters.csv", feedback)
    assert feedback.problems == [] and len(shelters) == 10
    west, south, east, north = BOUNDS
    assert shelters.geometry.x.between(west, east).all() and shelters.geometry.y.between(south, north).all()
    assert shelters["upper_floor_only"].map(bool).sum() >= 1
    assert shelters["common_id"].str.fullmatch(r"E35203\d{8}").all()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_every_encoding_with_bad_rows_kept_and_reported(tmp_path: Path, encoding: str) -> None:
    text = (
        f"{EMERGENCY_HEADER}\n"
        "1,E3520300001201,山口県山口市,甲,住所,1,1,,1,1,,,,1,34.1,131.4,「洪水」では２階以上に避難\n"
        "2,E3520300002201,山口県山口市,乙,住所,1,,,1,1,,,,1,,,\n"
        "3,E3520300003201,山口県山口市,丙,住所,○,,,x,1,,,,,131.4,34.1,\n"
    )
    path = tmp_path / "s.csv"
    path.write_bytes(text.encode(encoding))
    feedback = Feedback()
    shelters = read_shelters(path, feedback)
    assert shelters["common_id"].tolist() == ["E3520300001201", "E3520300002201", "E3520300003201"]
    assert shelters["location_ok"].tolist() == [True, False, False]
    assert shelters.geometry.isna().tolist() == [False, True, True]
    assert shelters["flood"].tolist() == [True, True, True]
    assert shelters["earthquake"].isna().tolist() == [False, False, True]
    assert shelters["upper_floor_only"][0] == {"flood": 2}
    assert [(p.where, p.message) for p in feedback.problems] == [
        ("line 3", "latitude/longitude missing"),
        ("line 4", "longitude/latitude (34.1, 131.4) outside Japan (columns swapped?)"),
        ("line 4, column 地震", "expected 1 or empty, got 'x'"),
    ]


def test_evacuation_csv(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(f"{EVACUATION_HEADER}\n1,E3520300001111,山口県山口市,甲,住所,1,,高齢者,34.1,131.4,\n", encoding="cp932")
    shelters = read_shelters(path)
    assert shelters["kind"].tolist() == ["evacuation"] and shelters["accepted_persons"].tolist() == ["高齢者"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"NO,\xe5\x85\xb1\xe9\x80\x9aID\n", "missing columns: 施設・場所名, 緯度, 経度"),
        ("共通ID,施設・場所名,緯度,経度\nE1,a,34,131\n".encode(), "neither 指定緊急避難場所"),
        (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        (b'{"type": ', "not valid JSON"),
    ],
)
def test_unreadable_shelter_files_raise(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x"
    path.write_bytes(content)
    with pytest.raises(ShelterFormatError, match=message) as info:
        read_shelters(path)
    assert isinstance(info.value, EvacPlansError) and isinstance(info.value, ValueError)


def test_upper_floor_notes() -> None:
    assert upper_floor_only("「洪水」「高潮」では2階以上に避難") == {"flood": 2, "high_tide": 2}
    assert upper_floor_only("「土砂災害」では3階以上、「洪水」では2階以上に避難") == {"landslide": 3, "flood": 2}
    assert upper_floor_only("「未知」では4階以上") == {"未知": 4}
    assert upper_floor_only("") == {}
