"""Issued levels (CSV and store), safety checks with history, area references, and their audit."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import i18n
from alerts.errors import IssuedFormatError
from alerts.issued import IssuedLevel, in_force, load_issued, read_issued, save_issued
from alerts.safety import SafetyCheck, add_check, latest_at, load_checks
from jobs.feedback import Feedback
from store import open_store
from store.board import AreaRow, load_areas, save_areas
from store.migrations import known_names


def jst(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="Asia/Tokyo")


def test_the_issued_csv_accepts_level_or_info_and_reports_bad_rows(tmp_path):
    i18n.set_language("en")
    path = tmp_path / "issued.csv"
    path.write_text(
        "area,level,info,time\n全域,3,,2026-06-02T17:30\n朝倉町自治会,,避難指示,2026/06/02 19:00\n*,4,高齢者等避難,2026-06-02T19:00\n"
        "*,0,解除,2026-06-03T05:30:00+09:00\n,3,,2026-06-02T17:00\n*,5,,later\n",
        encoding="cp932",
    )
    feedback = Feedback()
    rows = read_issued(path, feedback)
    assert [(r.area, r.level, r.time.isoformat()) for r in rows] == [
        ("*", 3, "2026-06-02T17:30:00+09:00"),
        ("朝倉町自治会", 4, "2026-06-02T19:00:00+09:00"),
        ("*", 0, "2026-06-03T05:30:00+09:00"),
    ]
    assert [p.where for p in feedback.problems] == ["line 4, column level", "line 6, column area", "line 7, column time"]
    assert "got '4' and '高齢者等避難'" in feedback.problems[0].message


def test_a_file_without_the_columns_is_refused(tmp_path):
    i18n.set_language("en")
    path = tmp_path / "issued.csv"
    path.write_text("area,when\n*,17:30\n", encoding="utf-8")
    with pytest.raises(IssuedFormatError, match="level"):
        read_issued(path, Feedback())


def test_the_newest_issue_at_or_before_the_moment_is_in_force():
    rows = [
        IssuedLevel("*", 3, jst("2026-06-02T17:30")),
        IssuedLevel("*", 4, jst("2026-06-02T19:00")),
        IssuedLevel("*", 0, jst("2026-06-03T05:30")),
    ]
    assert in_force(rows, jst("2026-06-02T17:00")) == {}
    assert in_force(rows, jst("2026-06-02T18:00"))["*"].level == 3
    assert in_force(rows, jst("2026-06-02T19:00"))["*"].label == "避難指示"
    assert in_force(rows, jst("2026-06-03T06:00")) == {}


def test_store_round_trip_history_and_an_audit_without_personal_values(tmp_path):
    path = tmp_path / "p.nigezero"
    with open_store(path, staff="山口花子") as store:
        assert "m009_alert_board" in known_names()
        save_issued(store, [IssuedLevel("*", 3, jst("2026-06-02T17:30")), IssuedLevel("緑町自治会", 4, jst("2026-06-02T19:00"))])
        add_check(store, SafetyCheck("p1", "safe_home", jst("2026-06-02T18:00"), note="2階にいる"))
        add_check(store, SafetyCheck("p1", "evacuated", jst("2026-06-02T19:10"), note="公民館"))
        save_areas(store, [AreaRow("*", ("DEMO001",)), AreaRow("緑町自治会", ("DEMO001", "DEMO002"), "3520300")])
        audit = list(store.db.query("select * from audit where action in ('issue_level', 'safety_check', 'save_board_area')"))
    with open_store(path) as store:
        assert [(r.area, r.level, r.info) for r in load_issued(store)] == [
            ("*", 3, "高齢者等避難"),
            ("緑町自治会", 4, "避難指示"),
        ]
        checks = load_checks(store)
        assert load_areas(store)[1] == AreaRow("緑町自治会", ("DEMO001", "DEMO002"), "3520300")
    assert [c.status for c in checks] == ["safe_home", "evacuated"]
    assert latest_at(checks, jst("2026-06-02T18:30"))["p1"].status == "safe_home"
    assert latest_at(checks, jst("2026-06-02T19:30"))["p1"].status == "evacuated"
    assert latest_at(checks, jst("2026-06-02T17:00")) == {}
    assert {a["staff"] for a in audit} == {"山口花子"}
    details = " ".join(a["detail"] for a in audit if a["action"] == "safety_check")
    assert "safe_home" not in details and "evacuated" not in details and "公民館" not in details
    assert [json.loads(a["detail"]) for a in audit if a["action"] == "safety_check"] == [{"source": "board"}] * 2


def test_migrating_twice_changes_nothing(tmp_path):
    path = tmp_path / "p.nigezero"
    with open_store(path) as store:
        tables = set(store.db.table_names())
    with open_store(path) as store:
        assert set(store.db.table_names()) == tables >= {"issued_levels", "board_areas", "safety_checks"}
