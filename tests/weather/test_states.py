"""Merging reports: the 土砂災害警戒情報 replays, since-times, late reports, levels per area."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from weather import read_weather
from weather.states import apply, area_level, replay

KANAGAWA = ("17_04_01_250630_VXWW50.xml", "17_04_02_250630_VXWW50.xml", "17_04_03_250630_VXWW50.xml")
ODAWARA, HAKONE, KEY = "1420600", "1438200", ("1420600", "jma-xml-landslide", None)


def _reports(samples, names, feedback):
    return [read_weather(samples / name, feedback) for name in names]


def test_kanagawa_replay_issued_continued_lifted(samples, feedback):
    reports = _reports(samples, KANAGAWA, feedback)
    first = replay(reports[:1])[KEY]
    assert [(e.code, e.status, e.level) for e in first.in_force] == [("landslide", "発表", 4)]
    issued_at = first.report_time
    second = replay(reports[:2])[KEY]
    assert [(e.status, e.since) for e in second.in_force] == [("継続", issued_at)]  # since carried over
    assert second.alert_level == 4
    states = replay(reports)
    third = states[KEY]
    assert third.in_force == ()
    assert [(e.code, e.status) for e in third.cancelled] == [("landslide", "解除")]
    assert third.alert_level is None
    assert third.report_time.isoformat() == "2024-11-02T23:27:00+09:00"
    # 箱根町: issued in the second report (1 発表 + 3 継続), lifted in the third.
    hakone = [replay(reports[:n])[(HAKONE, "jma-xml-landslide", None)] for n in (1, 2, 3)]
    assert [[e.status for e in s.in_force + s.cancelled] for s in hakone] == [[], ["発表"], ["解除"]]
    assert sorted(k[0] for k, s in states.items() if s.cancelled) == ["1420600", "1438200", "1438300", "1438400"]


def test_okayama_replay(samples, feedback):
    names = [f"17_03_0{i}_190529_VXWW50.xml" for i in range(1, 6)]
    reports = _reports(samples, names, feedback)
    takahashi = ("3320900", "jma-xml-landslide", None)
    assert replay(reports[:1])[takahashi].alert_level == 4
    assert replay(reports[:2])[takahashi].alert_level is None
    final = replay(reports)
    assert sum(1 for s in final.values() if s.in_force) == 26
    assert final[("3320400", "jma-xml-landslide", None)].in_force == ()  # 玉野市 only なし


def test_a_late_report_never_rolls_a_state_back(samples, feedback):
    first, second, third = _reports(samples, KANAGAWA, feedback)
    states = apply(apply({}, third), first)
    assert states[KEY].in_force == ()
    assert states[KEY].report_time == third[0].report_time


def test_apply_does_not_modify_the_previous_states(samples, feedback):
    first, second, _ = _reports(samples, KANAGAWA, feedback)
    before = apply({}, first)
    snapshot = dict(before)
    apply(before, second)
    assert before == snapshot


def test_states_of_different_sources_stay_apart_and_the_area_takes_the_highest(samples, feedback):
    landslide = read_weather(samples / KANAGAWA[0], feedback)
    odawara = next(s for s in landslide if s.area_code == ODAWARA)
    warning = replace(odawara, source="jma-xml-warning", alert_level=3, report_time=odawara.report_time + timedelta(minutes=5))
    states = apply(apply({}, landslide), [warning])
    assert len([k for k in states if k[0] == ODAWARA]) == 2
    assert area_level(states.values(), ODAWARA) == 4
    assert area_level(states.values(), "0000000") is None
