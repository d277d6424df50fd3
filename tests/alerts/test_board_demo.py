"""The board on the demo city at moments of the demo hydrograph, against values read off the demo files.

Hand values (seed 20260603; ``river/levels.csv`` and ``river/gauges.csv``):

* DEMO001 湯田（デモ）: 避難判断水位 2.80 m, 氾濫危険水位 3.20 m. Readings 16:10–17:10 on 06/02:
  2.37, 2.44, 2.50, 2.58, 2.63, 2.69, 2.75; the first at or above 2.80 is 2.82 at 17:20, the first at
  or above 3.20 is 3.22 at 18:40. The last readings of the record are on 06/03 at 23:50.
* Trend at 17:10 (least squares over the last hour): Σ(x − 3)·y over x = 0…6 (10-minute steps) is
  −7.11 − 4.88 − 2.50 + 0 + 2.63 + 5.38 + 8.25 = 1.77, Σ(x − 3)² = 28, so 0.0632 m per 10 minutes =
  0.379 m/h; (2.80 − 2.75) / 0.379 h = 7.9 minutes → about 17:17.
* Demo plans (:mod:`alerts.demo_plans`): k mod 5 = 0 → DEMO001 避難判断水位, 1 → 警戒レベル3,
  2 → DEMO001 氾濫危険水位, 3 → 土砂災害警戒情報 (山口市 3520300), 4 → 警戒レベル4; no plan when k ends
  in 9; the reference gauge of 警戒レベル triggers is DEMO001.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

import i18n
from alerts.board import STATES, evaluate_board
from alerts.conditions import take_snapshot
from alerts.issued import IssuedLevel
from alerts.people import compile_people
from alerts.safety import SafetyCheck, latest_at
from evac_plans.model import AlertLevelTrigger, GaugeTrigger, LandslideAlertTrigger
from weather.states import WarningEntry, make_state
from weather.times import JST

DAY = "2026-06-02T"
YAMAGUCHI = "3520300"


def at(clock: str) -> pd.Timestamp:
    return pd.Timestamp(clock if "T" in clock else DAY + clock, tz="Asia/Tokyo")


def weather(clock: str, *codes: str) -> list:
    """A JMA report for 山口市 at ``clock`` with ``codes`` in force (10 大雨注意報, landslide …)."""
    levels = {"10": 2, "03": 3, "landslide": 4}
    entries = [WarningEntry(c, None, "発表", levels[c]) for c in codes]
    return [make_state(YAMAGUCHI, "山口市", "jma-warning-json", datetime.fromisoformat(DAY + clock).replace(tzinfo=JST), entries)]


def kind(city, person_id: str) -> str:
    plan = city.plans.get(person_id)
    if plan is None:
        return "none"
    trigger = plan.trigger
    if isinstance(trigger, GaugeTrigger):
        return f"gauge_{trigger.threshold}"
    if isinstance(trigger, AlertLevelTrigger):
        return f"level{trigger.level}"
    assert isinstance(trigger, LandslideAlertTrigger)
    return "landslide"


def board(city, clock, reports=(), issued=(), checks=(), vertical=None, series=None):
    people = compile_people([r.person for r in city.people], city.plans, city.refs, vertical)
    snap = take_snapshot(at(clock), series if series is not None else city.series, reports, issued)
    result = evaluate_board(people, snap, latest_at(checks, at(clock)))
    return {pid: (result.state[i], result.reason[i], result.record(i)) for i, pid in enumerate(result.people.ids)}


def by_kind(city, states):
    out: dict[str, set[str]] = {}
    for pid, (state, _, _) in states.items():
        out.setdefault(kind(city, pid), set()).add(state)
    return out


def test_every_kind_of_trigger_occurs_in_the_demo_plans(demo_city):
    kinds = {kind(demo_city, r.person.id) for r in demo_city.people}
    assert kinds == {"none", "gauge_evacuation", "gauge_danger", "level3", "level4", "landslide"}


def test_before_any_threshold_nobody_needs_to_act(demo_city):
    states = board(demo_city, "12:00", weather("11:00", "10"))
    assert {s for s, _, _ in states.values()} == {"no_action"}
    some = next(r for s, r, _ in states.values() if "避難判断水位" in r)
    assert "0.79 m (06/02 12:00)" in some and "2.80 m 未満" in some


def test_rising_just_before_the_evacuation_level_is_prepare_with_the_estimate(demo_city):
    states = board(demo_city, "17:10", weather("11:00", "10"))
    groups = by_kind(demo_city, states)
    for waiting in ("gauge_evacuation", "level3", "none"):
        assert groups[waiting] == {"prepare"}, waiting
    assert groups["gauge_danger"] == groups["level4"] == groups["landslide"] == {"no_action"}
    reason = next(r for s, r, _ in states.values() if s == "prepare")
    assert "2.75 m (06/02 17:10)" in reason and "毎時 +0.38 m" in reason and "06/02 17:17" in reason
    assert "約 7 分後" in reason and "直近1時間の傾き" in reason


def test_reaching_the_evacuation_level_at_1720_means_leave_now_for_its_triggers(demo_city):
    states = board(demo_city, "17:20", weather("11:00", "10"))
    groups = by_kind(demo_city, states)
    for fired in ("gauge_evacuation", "level3", "none"):
        assert groups[fired] == {"leave_now"}, fired
    assert groups["gauge_danger"] == groups["level4"] == {"no_action"}
    reason = next(r for pid, (s, r, _) in states.items() if kind(demo_city, pid) == "level3")
    assert "湯田（デモ） (DEMO001)が06/02 17:20に避難判断水位 (2.80 m) に到達" in reason
    assert reason.endswith("トリガー＝警戒レベル3") or "トリガー＝警戒レベル3。" in reason


def test_reasons_follow_the_language(demo_city):
    i18n.set_language("en")
    states = board(demo_city, "17:20", weather("11:00", "10"))
    reasons = {r for s, r, _ in states.values() if s == "leave_now"}
    assert any("reached the evacuation decision level (2.80 m) at 06/02 17:20" in r for r in reasons)


def test_the_flood_danger_level_at_1840_fires_the_level4_and_danger_triggers(demo_city):
    groups = by_kind(demo_city, board(demo_city, "18:40", weather("11:00", "10")))
    assert groups["gauge_danger"] == groups["level4"] == {"leave_now"}
    assert by_kind(demo_city, board(demo_city, "18:30", weather("11:00", "10")))["level4"] == {"prepare"}  # 3.18 m, rising


def test_a_gauge_that_stops_reporting_is_unknown_never_normal(demo_city):
    cut = [
        s.head(int(np.searchsorted(s.times, at("15:00").tz_convert("UTC").tz_localize(None).to_datetime64(), side="right")))
        for s in demo_city.series
    ]
    states = board(demo_city, "15:30", weather("11:00", "10"), series=cut)
    groups = by_kind(demo_city, states)
    for waiting in ("gauge_evacuation", "gauge_danger", "level3", "level4", "none"):
        assert groups[waiting] == {"unknown"}, waiting
    assert groups["landslide"] == {"no_action"}
    pid, (state, reason, record) = next((p, v) for p, v in states.items() if v[0] == "unknown")
    assert "DEMO001" in reason and "06/02 15:00 から更新されていません" in reason and "20 分" in reason
    assert record["inputs"] == [{"source": "gauge:DEMO001", "time": "2026-06-02T15:00:00+09:00", "stale": True}]


def test_after_the_record_ends_everyone_on_demo001_is_unknown(demo_city):
    groups = by_kind(demo_city, board(demo_city, "2026-06-04T01:00", weather("11:00", "10")))
    assert groups["level3"] == groups["gauge_evacuation"] == {"unknown"}


def test_a_landslide_alert_fires_the_landslide_trigger(demo_city):
    reports = weather("11:00", "10") + weather("18:30", "10", "03", "landslide")
    before = by_kind(demo_city, board(demo_city, "18:20", reports))
    assert before["landslide"] == {"no_action"}
    states = board(demo_city, "18:30", reports)
    assert by_kind(demo_city, states)["landslide"] == {"leave_now"}
    reason = next(r for pid, (s, r, _) in states.items() if kind(demo_city, pid) == "landslide")
    assert "山口市に土砂災害警戒情報が06/02 18:30から発表中" in reason
    assert "トリガー＝土砂災害警戒情報" in reason


def test_without_a_weather_report_a_landslide_trigger_is_unknown(demo_city):
    groups = by_kind(demo_city, board(demo_city, "12:00"))
    assert groups["landslide"] == {"unknown"}


def test_the_citys_evacuation_order_fires_every_plan_in_its_area(demo_city):
    area = demo_city.people[0].person.area
    issued = [IssuedLevel(area, 4, at("12:00")), IssuedLevel("*", 3, at("13:00"))]
    states = board(demo_city, "12:30", weather("11:00", "10"), issued)
    for record in demo_city.people:
        state, reason, _ = states[record.person.id]
        assert state == ("leave_now" if record.person.area == area else "no_action")
        if state == "leave_now":
            assert f"{area}に避難指示 (警戒レベル4) が06/02 12:00に発令" in reason
    assert by_kind(demo_city, board(demo_city, "11:59", weather("11:00", "10"), issued)) == {
        k: {"no_action"} for k in by_kind(demo_city, states)
    }


def test_issued_level3_for_the_whole_city_fires_level3_plans_only(demo_city):
    issued = [IssuedLevel("*", 3, at("13:00"))]
    groups = by_kind(demo_city, board(demo_city, "13:00", weather("11:00", "10"), issued))
    assert groups["level3"] == groups["none"] == {"leave_now"}
    assert groups["gauge_evacuation"] == groups["level4"] == {"no_action"}


def test_safety_checks_decide_before_the_plan(demo_city):
    ids = [pid for pid in (r.person.id for r in demo_city.people) if kind(demo_city, pid) == "gauge_evacuation"]
    evacuated, early, late = ids[:3]
    checks = [
        SafetyCheck(evacuated, "evacuated", at("17:40")),
        SafetyCheck(early, "safe_home", at("10:00")),
        SafetyCheck(late, "safe_home", at("17:45")),
    ]
    states = board(demo_city, "17:50", weather("11:00", "10"), checks=checks)
    assert states[evacuated][0] == "evacuated" and "17:40 安否確認: 避難済" in states[evacuated][1]
    assert states[early][0] == "leave_now"  # checked before the trigger fired at 17:20
    assert states[late][0] == "safe_at_home"
    assert states[late][2]["inputs"][-1] == {"source": "safety_check", "time": "2026-06-02T17:45:00+09:00", "stale": False}
    assert board(demo_city, "17:30", weather("11:00", "10"), checks=checks)[evacuated][0] == "leave_now"  # not yet checked


def test_a_feasible_vertical_plan_stays_upstairs(demo_city):
    vertical = {pid: True for pid, plan in demo_city.plans.items() if plan.destination and plan.destination.kind == "vertical"}
    fired = [pid for pid in vertical if kind(demo_city, pid) in ("gauge_evacuation", "level3")]
    assert fired
    states = board(demo_city, "17:20", weather("11:00", "10"), vertical=vertical)
    assert {states[pid][0] for pid in fired} == {"stay_vertical"}
    assert "自宅2階へ垂直避難" in states[fired[0]][1]
    unknown = board(demo_city, "17:20", weather("11:00", "10"))
    assert {unknown[pid][0] for pid in fired} == {"leave_now"}
    assert "計画は垂直避難ですが" in unknown[fired[0]][1]


def test_counts_list_every_state(demo_city):
    people = compile_people([r.person for r in demo_city.people], demo_city.plans, demo_city.refs)
    result = evaluate_board(people, take_snapshot(at("17:20"), demo_city.series, weather("11:00", "10"), []), {})
    counts = result.counts()
    assert list(counts) == list(STATES) and sum(counts.values()) == 50


@pytest.mark.parametrize("clock", ["12:00", "17:10", "17:20", "18:40"])
def test_a_naive_loop_gives_the_same_states(demo_city, clock):
    """Every person alone: the vectorised board agrees with a one-person board for each."""
    reports = weather("11:00", "10")
    whole = board(demo_city, clock, reports)
    for record in demo_city.people[:12]:
        people = compile_people([record.person], demo_city.plans, demo_city.refs)
        one = evaluate_board(people, take_snapshot(at(clock), demo_city.series, reports, []), {})
        assert (one.state[0], one.reason[0]) == whole[record.person.id][:2]
