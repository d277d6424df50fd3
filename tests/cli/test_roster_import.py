"""``roster-import`` as a subprocess: output shape (no names), duplicates, all-or-nothing, exit codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import jsonschema
import openpyxl

SCHEMA = {
    "type": "object",
    "required": ["row", "person", "status"],
    "additionalProperties": False,
    "properties": {
        "row": {"type": "integer", "minimum": 2},
        "person": {"type": ["string", "null"]},
        "status": {"enum": ["imported", "duplicate", "invalid"]},
    },
}
HEADER = "住民ID,氏名,ふりがな,生年月日,性別,住所,電話番号,避難支援等を必要とする事由,移動"
ROWS = ["R1,山口 花子,やまぐち はなこ,昭和15年4月1日,女,山口市1,083-000-0001,要介護3,車いす", "R2,湯田 一郎,ゆだ いちろう,S10.2.3,男,山口市2,083-000-0002,独居,杖"]
SECRETS = ("山口 花子", "やまぐち", "湯田", "083-000", "昭和15年4月1日", "S10.2.3", "山口市1")


def records(result) -> list[dict]:
    out = result.records()
    for record in out:
        jsonschema.validate(record, SCHEMA)
    for secret in SECRETS:
        assert secret not in result.stdout and secret not in result.stderr
    return out


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="cp932")
    return path


def people(store: Path) -> int:
    return sqlite3.connect(store).execute("select count(*) from people").fetchone()[0]


def test_import_then_duplicates(cli, tmp_path):
    roster, store = write(tmp_path / "r.csv", ROWS), tmp_path / "p.nigezero"
    result = cli("roster-import", str(roster), "--store", str(store), "--staff", "職員A")
    assert result.code == 0 and result.stderr == ""
    first = records(result)
    assert [(r["row"], r["status"]) for r in first] == [(2, "imported"), (3, "imported")]
    again = cli("roster-import", str(roster), "--store", str(store), "--lang", "en")
    assert again.code == 0
    assert records(again) == [{**r, "status": "duplicate"} for r in first]
    assert [p["where"] for p in again.problems()] == ["line 2", "line 3"]
    assert people(store) == 2
    staff = sqlite3.connect(store).execute("select distinct staff from audit").fetchall()
    assert staff == [("職員A",)]


def test_xlsx(cli, tmp_path):
    book = openpyxl.Workbook()
    for line in [HEADER, *ROWS]:
        book.active.append(line.split(","))
    book.save(tmp_path / "r.xlsx")
    result = cli("roster-import", str(tmp_path / "r.xlsx"), "--store", str(tmp_path / "p.nigezero"))
    assert result.code == 0
    assert [r["status"] for r in records(result)] == ["imported", "imported"]


def test_invalid_row_imports_nothing_and_exits_1(cli, tmp_path):
    roster = write(tmp_path / "r.csv", [ROWS[0], ROWS[1].replace("S10.2.3", "昭和64年1月8日")])
    store = tmp_path / "p.nigezero"
    result = cli("roster-import", str(roster), "--store", str(store), "--lang", "en")
    assert result.code == 1
    assert records(result) == [{"row": 3, "person": None, "status": "invalid"}]
    problems = result.problems()
    assert (problems[0]["where"], problems[0]["message"]) == ("line 3, column 生年月日", "the date is outside 昭和 (1926-12-25 – 1989-01-07)")
    assert problems[-1]["severity"] == "error" and "nothing was imported" in problems[-1]["message"]
    assert not store.exists()  # a roster that cannot be saved creates no project file


def test_unreadable_roster_and_missing_file_exit_1(cli, tmp_path):
    (tmp_path / "notes.csv").write_text("メモ,日付\na,b\n", encoding="utf-8")
    result = cli("roster-import", str(tmp_path / "notes.csv"), "--store", str(tmp_path / "p.nigezero"), "--lang", "en")
    assert result.code == 1 and "missing columns: 氏名, 生年月日" in result.stderr and result.stdout == ""
    missing = cli("roster-import", str(tmp_path / "nope.csv"), "--store", str(tmp_path / "p.nigezero"), "--lang", "en")
    assert missing.code == 1 and "cannot read" in missing.stderr
    assert not (tmp_path / "p.nigezero").exists()


def test_usage_errors_exit_2(cli, tmp_path):
    roster = write(tmp_path / "r.csv", ROWS)
    assert cli("roster-import", str(roster)).code == 2  # --store is required
    (tmp_path / "map.json").write_text('{"氏名": "birthday"}', encoding="utf-8")
    bad_map = cli("roster-import", str(roster), "--store", str(tmp_path / "p.nigezero"), "--mapping", str(tmp_path / "map.json"), "--lang", "en")
    assert bad_map.code == 2 and "unknown fields: birthday" in bad_map.stderr
