"""Roster import from CSV and xlsx made in tmp_path: mapping, 和暦, validation, duplicates, no partial commit."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

import i18n
from evac_plans.errors import RosterFormatError, RosterMappingError
from evac_plans.repository import list_people, load_person
from evac_plans.roster_import import import_roster, load_mapping
from evac_plans.shelters import import_shelter_file
from jobs.feedback import Feedback
from store import open_store

HEADER = ["宛名番号", "氏名", "フリガナ", "生年月日", "性別", "住所", "連絡先", "事由", "要介護度", "障害", "移動", "医療的ケア", "世帯", "自治会", "経度", "緯度", "名簿提供同意", "同意日"]
ROWS = [
    ["A1", "山口 花子", "ヤマグチ ハナコ", "昭和15年4月1日", "女性", "山口市湯田温泉1-1", "083-000-0001", "要介護3", "要介護3", "身体障害者手帳1級（下肢）", "車いす", "人工呼吸器、吸引", "独居", "湯田自治会", "131.45", "34.16", "同意", "R5.4.1"],
    ["A2", "湯田 一郎", "ﾕﾀﾞ ｲﾁﾛｳ", "1935/2/3", "男", "山口市湯田温泉2-2", "083-000-0002", "75歳以上独居", "", "", "杖", "", "独居", "湯田自治会", "34.16", "131.45", "0", ""],
    ["A3", "椹野 春子", "ふしの はるこ", "S20.12.1", "女", "山口市吉敷1", "083-000-0003", "視覚障害", "要支援1", "", "独歩", "", "", "", "", "", "", ""],
]  # fmt: skip
SECRETS = ("山口 花子", "ヤマグチ", "湯田温泉", "083-000", "昭和15年4月1日", "1935/2/3", "S20.12.1", "ほふく", "1940-13-45")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "p.nigezero", staff="職員A") as s:
        yield s


def write_csv(path: Path, rows: list[list[str]], encoding: str = "cp932", header: list[str] = HEADER) -> Path:
    path.write_bytes(("\r\n".join(",".join(r) for r in [header, *rows]) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])  # a blank first row, as hand-made sheets often have
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def assert_no_personal_values(feedback: Feedback) -> None:
    for problem in feedback.problems:
        for secret in SECRETS:
            assert secret not in problem.message and secret not in (problem.where or "")


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_csv_import(store, tmp_path, encoding):
    feedback = Feedback()
    results = import_roster(store, write_csv(tmp_path / "r.csv", ROWS, encoding), feedback=feedback)
    assert [(r.row, r.status) for r in results] == [(2, "imported"), (3, "imported"), (4, "imported")]
    assert [p.where for p in feedback.problems] == ["line 3"]  # the swapped point is kept off the map
    assert_no_personal_values(feedback)
    first = load_person(store, results[0].person_id)
    p, care = first.person, first.care
    assert (p.external_id, p.kana, p.birth_date, p.sex, p.area, p.home_lon) == ("A1", "やまぐち はなこ", date(1940, 4, 1), "女", "湯田自治会", 131.45)
    assert care.care_level == "要介護3" and care.mobility == "車いす" and care.power_dependent
    assert care.medical_care == ("人工呼吸器", "吸引") and care.disabilities[0].grade == "1" and care.disabilities[0].note == "下肢"
    assert first.consents["roster_sharing"].status == "given" and first.consents["roster_sharing"].date == date(2023, 4, 1)
    second = load_person(store, results[1].person_id)
    assert second.person.kana == "ゆだ いちろう" and second.person.home_lon is None
    assert second.consents["roster_sharing"].status == "refused"
    assert load_person(store, results[2].person_id).consents["roster_sharing"].status == "unknown"


def test_xlsx_import_with_excel_dates_and_numbers(store, tmp_path):
    rows = [list(ROWS[0]), list(ROWS[2])]
    rows[0][3] = datetime(1940, 4, 1)  # a date cell
    rows[0][14], rows[0][15] = 131.45, 34.16
    rows[1][0] = 3  # a number cell: no ".0"
    results = import_roster(store, write_xlsx(tmp_path / "r.xlsx", rows))
    assert [(r.row, r.status) for r in results] == [(3, "imported"), (4, "imported")]
    people = {p.external_id: p for p in list_people(store)}
    assert people["A1"].birth_date == date(1940, 4, 1) and people["3"].birth_date == date(1945, 12, 1)


def test_invalid_rows_stop_the_whole_import(store, tmp_path):
    bad = [list(r) for r in ROWS]
    bad[0][3] = "1940-13-45"
    bad[1][10] = "ほふく"
    bad[2][1] = ""
    path = write_csv(tmp_path / "r.csv", bad)
    with path.open("ab") as f:
        f.write("A9,x\r\n".encode("cp932"))  # a broken row
    feedback = Feedback()
    results = import_roster(store, path, feedback=feedback)
    assert [(r.row, r.person_id, r.status) for r in results] == [(2, None, "invalid"), (3, None, "invalid"), (4, None, "invalid"), (5, None, "invalid")]
    assert list_people(store) == [] and store.db["audit"].count == 0
    assert [(p.where, p.severity) for p in feedback.problems] == [
        ("line 5", "warning"),
        ("line 2, column 生年月日", "warning"),
        ("line 3, column 移動", "warning"),
        ("line 3", "warning"),
        ("line 4, column 氏名", "warning"),
        (None, "error"),
    ]
    assert feedback.problems[-1].message == "4 rows have problems; nothing was imported"
    assert_no_personal_values(feedback)


def test_duplicates_in_the_file_and_in_the_project(store, tmp_path):
    import_roster(store, write_csv(tmp_path / "a.csv", ROWS[:1]))
    again = [list(ROWS[0]), list(ROWS[1]), list(ROWS[1]), list(ROWS[0])]
    again[1][1] = "湯田　一郎"  # same person spelt with a full-width space: same name
    again[2][0] = "A2"
    again[3][0] = "B7"  # new id, but same name and birth date as A1
    feedback = Feedback()
    results = import_roster(store, write_csv(tmp_path / "b.csv", again), feedback=feedback)
    first = list_people(store)[0].id
    assert [(r.status, r.person_id == first) for r in results] == [("duplicate", True), ("imported", False), ("duplicate", False), ("duplicate", True)]
    assert results[2].person_id == results[1].person_id
    assert [(p.where, p.message) for p in feedback.problems if "same person" in p.message] == [
        ("line 2", "same person as one already in the project (住民ID, or name and date of birth); not imported"),
        ("line 4", "same person as line 3 (住民ID, or name and date of birth); not imported"),
        ("line 5", "same person as one already in the project (住民ID, or name and date of birth); not imported"),
    ]
    assert len(list_people(store)) == 2


def test_mapping_overrides_headers(store, tmp_path):
    header = ["番号", "おなまえ", "誕生日", "性別"]
    path = write_csv(tmp_path / "r.csv", [["X1", "吉敷 二郎", "平成元年1月8日", "男"]], header=header)
    with pytest.raises(RosterFormatError, match="missing columns: 氏名, 生年月日"):
        import_roster(store, path)
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(json.dumps({"番号": "external_id", "おなまえ": "name", "誕生日": "birth_date", "性別": None}), encoding="utf-8")
    results = import_roster(store, path, load_mapping(mapping_file))
    person = load_person(store, results[0].person_id).person
    assert (person.external_id, person.birth_date, person.sex) == ("X1", date(1989, 1, 8), "")


@pytest.mark.parametrize(
    ("content", "message"),
    [('{"氏名": "birthday"}', "unknown fields: birthday"), ("[1, 2]", "should be a JSON object"), ("{", "cannot read")],
)
def test_bad_mapping_files(tmp_path, content, message):
    path = tmp_path / "map.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RosterMappingError, match=message):
        load_mapping(path)


def test_unreadable_roster_files(store, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(RosterFormatError, match="the file is empty"):
        import_roster(store, tmp_path / "empty.csv")
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(RosterFormatError):
        import_roster(store, tmp_path / "fake.xlsx")


def test_demo_residents_import_and_shelters(store, demo_dir):
    results = import_roster(store, demo_dir / "residents/residents.csv")
    assert len(results) == 50 and {r.status for r in results} == {"imported"}
    assert import_shelter_file(store, demo_dir / "shelters/shelters.csv") == 10
    assert store.db.execute("select count(*) from shelters where hazards like '%flood%'").fetchone()[0] == 10


def test_real_shelters_key_on_common_id(store, shared_data):
    folder = shared_data / "shelters/jp-shelter-api"
    assert import_shelter_file(store, folder / "emergency/352039.json") == 208
    assert import_shelter_file(store, folder / "emergency/352039.json") == 208  # again: updated, not doubled
    assert store.db["shelters"].count == 208
    flood = store.db.execute("select count(*) from shelters where hazards like '%\"flood\"%'").fetchone()[0]
    upper = store.db.execute("select count(*) from shelters where upper_floor_only like '%flood%'").fetchone()[0]
    assert (flood, upper) == (176, 24)
