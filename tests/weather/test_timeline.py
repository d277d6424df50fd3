"""Per-municipality timelines from the real JMA sample telegram sequences (Okayama 2013, Kanagawa 2024)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from weather import read_weather
from weather.states import WarningEntry, WarningState
from weather.timeline import periods, timeline
from weather.times import JST

OKAYAMA = [f"17_03_0{i}_190529_VXWW50.xml" for i in range(1, 6)]
KANAGAWA = ("17_04_01_250630_VXWW50.xml", "17_04_02_250630_VXWW50.xml", "17_04_03_250630_VXWW50.xml")
TAKAHASHI, HAKONE, TAMANO = "3320900", "1438200", "3320400"


def _states(samples, names, feedback):
    return [s for name in names for s in read_weather(samples / name, feedback)]


def test_takahashi_issued_lifted_issued_again(samples, feedback):
    states = _states(samples, reversed(OKAYAMA), feedback)  # any order: sorted by report time
    events = timeline(states, TAKAHASHI)
    rows = [(e.time.strftime("%m-%d %H:%M"), e.name, e.change, e.status, e.level) for e in events]
    assert rows == [
        ("09-02 15:37", "土砂災害警戒情報", "issued", "発表", 4),
        ("09-02 17:50", "土砂災害警戒情報", "lifted", "解除", 4),
        ("09-04 08:12", "土砂災害警戒情報", "issued", "継続", 4),  # JMA says 継続; the history saw it lifted
        ("09-04 09:22", "土砂災害警戒情報", "continued", "継続", 4),
        ("09-04 09:49", "土砂災害警戒情報", "continued", "継続", 4),
    ]
    assert [e.label for e in events[:3]] == ["発表", "解除", "発表"]
    spans = periods(events)
    assert [(p.start.strftime("%d %H:%M"), p.end and p.end.strftime("%d %H:%M"), p.last_seen.strftime("%H:%M")) for p in spans] == [
        ("02 15:37", "02 17:50", "15:37"),
        ("04 08:12", None, "09:49"),
    ]


def test_tamano_never_in_force_has_no_period(samples, feedback):
    events = timeline(_states(samples, OKAYAMA, feedback), TAMANO)
    assert all(e.change != "issued" for e in events) and periods(events) == []


def test_kanagawa_level_named_sequence(samples, feedback):
    events = timeline(_states(samples, KANAGAWA, feedback), HAKONE)
    assert [(e.time.strftime("%H:%M"), e.name, e.change, e.level) for e in events] == [
        ("20:50", "レベル４土砂災害危険警報", "issued", 4),
        ("23:27", "レベル４土砂災害危険警報", "lifted", 4),
    ]


def test_a_report_read_twice_counts_once_and_areas_are_separate(samples, feedback):
    states = _states(samples, OKAYAMA[:1] * 2, feedback)
    assert len(timeline(states, TAKAHASHI)) == 1
    assert {e.area_code for e in timeline(states)} == {TAKAHASHI}


def test_an_entry_dropped_without_kaijo_is_lifted_with_no_status():
    base = WarningState("3520300", "山口市", "jma-warning-json", _time(0), (WarningEntry("03", "大雨警報", "発表", 3),), alert_level=3)
    later = replace(base, report_time=_time(1), in_force=(WarningEntry("10", "大雨注意報", "警報から注意報", 2),), alert_level=2)
    events = timeline([base, later])
    assert [(e.code, e.change, e.status) for e in events] == [("03", "issued", "発表"), ("10", "issued", "警報から注意報"), ("03", "lifted", None)]
    assert [(p.code, p.end is None) for p in periods(events)] == [("03", False), ("10", True)]


def _time(hours: int) -> datetime:
    return datetime(2026, 6, 3, 5, 0, tzinfo=JST) + timedelta(hours=hours)
