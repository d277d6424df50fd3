"""The roster reader on the demo residents and on broken rows; no personal data in messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import i18n
from demo.site import BOUNDS
from evac_plans.errors import RosterFormatError
from demo.residents import RESIDENT_HEADER
from evac_plans.residents import read_residents
from evac_plans.roster_fields import CONSENT_VALUES
from jobs.feedback import Feedback

HEADER = ",".join(RESIDENT_HEADER)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def test_demo_residents_read_clean_and_live_in_demo_buildings(demo_dir: Path) -> None:
    raw = (demo_dir / "residents/residents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").split("\r\n")[0] == HEADER
    feedback = Feedback()
    people = read_residents(demo_dir / "residents/residents.csv", feedback)
    assert feedback.problems == []
    assert len(people) == 50 and people["person_id"].is_unique and people["location_ok"].all()
    west, south, east, north = BOUNDS
    assert people.geometry.x.between(west, east).all() and people.geometry.y.between(south, north).all()
    ids = {
        e.text
        for p in (demo_dir / "plateau/udx/bldg").glob("*.gml")
        for e in etree.parse(str(p)).iter("{https://www.geospatial.jp/iur/uro/3.1}buildingID")
    }
    assert set(people["building_id"]) <= ids
    assert people["consent_roster"].any() and not people["consent_roster"].all()
    assert (people["consent_plan"] <= people["consent_roster"]).all()
    assert people["birth_date"].notna().all()


def test_bad_rows_are_reported_without_personal_values(tmp_path: Path) -> None:
    good = "D1,山口 太郎,やまぐち たろう,1940-01-02,男,山口県山口市湯田温泉1-2,083-000-0001,要介護3,要介護3,車いす,,独居,a,b,1,1,2025-01-01,35203-bldg-1,131.46,34.16"
    rows = [
        good,
        good.replace("1940-01-02", "1940-13-45"),
        good.replace("D1,", "D2,").replace("1940-01-02", "昭和16年").replace("車いす", "ほふく").replace(",1,1,", ",はい,1,"),
        good.replace("D1,", "D3,").replace("太郎", "次郎").replace("131.46,34.16", ","),
        good.replace("D1,", ","),
        good.replace("D1,", "D5,").replace("1940-01-02", "S15.4.1").replace("太郎", "三郎"),
    ]
    path = tmp_path / "r.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="cp932")
    feedback = Feedback()
    people = read_residents(path, feedback)
    assert people["person_id"].tolist() == ["D1", "D2", "D3", "D5"]
    assert people["birth_date"].dt.strftime("%Y-%m-%d").fillna("").tolist() == ["1940-01-02", "", "1940-01-02", "1940-04-01"]
    assert people["mobility"].tolist() == ["車いす", "ほふく", "車いす", "車いす"]
    assert people["consent_roster"].tolist() == [True, False, True, True]
    assert people["location_ok"].tolist() == [True, True, False, True]
    assert people.geometry.isna().tolist() == [False, False, True, False]
    assert [(p.where, p.message) for p in feedback.problems] == [
        ("line 3, column 生年月日", "no such day in the calendar"),
        ("line 4, column 生年月日", "expected a date such as 1940-04-01, 1940/4/1, 昭和15年4月1日 or S15.4.1"),
        ("line 4, column 移動", "expected one of: 独歩 / 杖 / 歩行器 / 車いす / 寝たきり"),
        ("line 4, column 名簿提供同意", "a consent cell should be one of: " + " / ".join(CONSENT_VALUES)),
        ("line 3", "same person as an earlier row; row skipped"),
        ("line 6", "same person as an earlier row; row skipped"),
    ]
    for problem in feedback.problems:
        for secret in ("山口 太郎", "やまぐち", "湯田温泉1-2", "083-000", "1940-01-02", "1940-13-45", "昭和16年", "ほふく", "はい", "131.46"):
            assert secret not in problem.message


def test_missing_required_column_raises(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("住民ID,氏名\nD1,x\n", encoding="utf-8")
    with pytest.raises(RosterFormatError, match="missing columns: 生年月日, 性別, 住所, 電話番号, 避難支援等を必要とする事由"):
        read_residents(path)
