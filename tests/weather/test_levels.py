"""The 警戒レベル相当 table (issue 9) and level-named warnings."""

from __future__ import annotations

import pytest

from weather.levels import KIND_NAMES, LEVELS, alert_level, kind_name, level_in_name


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("33", 5), ("flood:50", 5),
        ("landslide", 4), ("flood:40", 4), ("38", 4), ("08", 4),
        ("03", 3), ("04", 3), ("flood:30", 3),
        ("10", 2), ("18", 2), ("flood:20", 2), ("19", 2),
        ("15", None), ("16", None), ("14", None), ("20", None), ("35", None), ("99", None),
    ],
)  # fmt: skip
def test_issue_table(code, level):
    assert alert_level(code) == level


def test_high_tide_advisory_that_may_become_a_warning_is_level_3():
    assert alert_level("19", "高潮注意報", may_become_warning=True) == 3
    assert alert_level("10", "大雨注意報", may_become_warning=True) == 2


@pytest.mark.parametrize(
    ("name", "level"),
    [("レベル４土砂災害危険警報", 4), ("レベル5大雨特別警報", 5), ("レベル３大雨警報", 3), ("レベル２氾濫注意報", 2), ("大雨警報", None), (None, None)],
)
def test_level_named_warnings_take_the_level_in_their_name(name, level):
    assert level_in_name(name) == level


def test_a_level_named_warning_overrides_the_table_and_unknown_codes():
    assert alert_level("03", "レベル４大雨危険警報") == 4
    assert alert_level("91", "レベル２土砂災害注意報") == 2


def test_every_levelled_kind_has_a_name():
    assert all(kind_name(code) for code in LEVELS)
    assert KIND_NAMES["33"] == "大雨特別警報"
    assert kind_name("99") is None
