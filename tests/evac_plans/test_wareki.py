"""西暦 and 和暦 dates as rosters write them; era boundaries; messages that never repeat the date."""

from __future__ import annotations

from datetime import date

import pytest

import i18n
from evac_plans.wareki import ERAS, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1940-04-01", date(1940, 4, 1)),
        ("1940/4/1", date(1940, 4, 1)),
        ("19400401", date(1940, 4, 1)),
        ("1940年4月1日", date(1940, 4, 1)),
        ("昭和15年4月1日", date(1940, 4, 1)),
        ("昭和１５年４月１日", date(1940, 4, 1)),
        ("昭15.4.1", date(1940, 4, 1)),
        ("S15.4.1", date(1940, 4, 1)),
        ("s15/04/01", date(1940, 4, 1)),
        ("Ｓ１５．４．１", date(1940, 4, 1)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("H31.4.30", date(2019, 4, 30)),
        ("R1.5.1", date(2019, 5, 1)),
        ("大正14年3月3日", date(1925, 3, 3)),
        ("明治45年7月29日", date(1912, 7, 29)),
    ],
)
def test_accepted_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("昭和64年1月8日", r"outside 昭和 \(1926-12-25 – 1989-01-07\)"),
        ("平成元年1月7日", "outside 平成"),
        ("大正1年7月29日", "outside 大正"),
        ("1940-13-45", "no such day"),
        ("昭和15年2月30日", "no such day"),
        ("昭和16年", "expected a date such as"),
        ("4/1/1940", "expected a date such as"),
        ("明治5年1月1日", "outside 明治"),
        ("1850-01-01", "before 1873-01-01"),
    ],
)
def test_refused_with_a_clear_message(text, message):
    i18n.set_language("en")
    with pytest.raises(ValueError, match=message) as info:
        parse_date(text)
    assert text not in str(info.value)


def test_eras_follow_each_other_without_gaps():
    for before, after in zip(ERAS, ERAS[1:]):
        assert (after.first - before.last).days == 1
