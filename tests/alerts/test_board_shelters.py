"""Shelter load, closed shelters in the board's reasons, weather polling staleness and the safety-check
history, on the demo city (:mod:`alerts.demo_plans`: shelters are the nearest flood shelter of each home;
who needs a 福祉避難所 follows the default rule, :mod:`alerts.welfare`; no demo shelter is one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from alerts.board_roster import board_at, load_board_roster
from alerts.jobs import BoardJob, ShelterLoadJob
from alerts.conditions import WeatherPoll, take_snapshot
from alerts.safety import SafetyCheck, add_check, person_history
from alerts.shelter_load import shelter_loads
from alerts.shelter_status import ShelterState, load_shelter_states, save_shelter_state, states_at
from alerts.people import compile_people
from alerts.board import evaluate_board
from alerts.welfare import DEFAULT_WELFARE_NEEDS
from evac_plans.model import CareProfile, WeatherWarningTrigger
from jobs.feedback import Feedback
from store import open_store
from store.package_keys import CheckRow, add_checks

from tests.alerts.test_board_demo import at, weather

AT = at("17:20")


def copy_city(demo_city, tmp_path: Path) -> Path:
    path = tmp_path / "city.nigezero"
    shutil.copy(demo_city.path, path)
    return path


def test_shelter_load_counts_people_states_and_welfare_needs(demo_city, tmp_path):
    path = copy_city(demo_city, tmp_path)
    with open_store(path, staff="田中") as store:
        roster = load_board_roster(store)
        board = board_at(store, roster, AT, demo_city.series, weather("11:00", "10"))
        loads = shelter_loads(board, roster, {})
    assigned = [p for p in demo_city.plans.values() if p.destination and p.destination.shelter_id]
    assert sum(s.assigned for s in loads) == len(assigned) > 0
    busiest = max(loads, key=lambda s: s.assigned)
    ids = [pid for pid, p in demo_city.plans.items() if p.destination and p.destination.shelter_id == busiest.shelter_id]
    rows = {pid: i for i, pid in enumerate(board.people.ids)}
    assert busiest.by_state["leave_now"] == sum(board.state[rows[pid]] == "leave_now" for pid in ids)
    assert sum(busiest.by_state.values()) == busiest.assigned == len(ids)
    needing = [r for r in demo_city.people if r.person.id in ids and DEFAULT_WELFARE_NEEDS.needs(r.care)]
    assert busiest.needs_welfare == len(needing) > 0
    assert not busiest.welfare and busiest.welfare_unmet == len(needing) and busiest.flagged
    assert busiest.status is None and not busiest.closed_with_people
    record = busiest.record()
    assert record["open"] is None and record["assigned"] == len(ids) and "name" in record and "states" in record


def test_a_closed_shelter_is_flagged_and_named_in_the_reason(demo_city, tmp_path):
    path = copy_city(demo_city, tmp_path)
    with open_store(path, staff="田中") as store:
        roster = load_board_roster(store)
        first = board_at(store, roster, AT, demo_city.series, weather("11:00", "10"))
        target = next(
            str(roster.people.shelter[i]) for i in range(len(roster.people)) if first.state[i] == "leave_now" and roster.people.shelter[i]
        )
        save_shelter_state(store, ShelterState(target, True, at("16:00")))
        save_shelter_state(store, ShelterState(target, False, at("17:10")))
        states = load_shelter_states(store, roster.shelter_names())
        assert [(s.open, s.staff) for s in states] == [(True, "田中"), (False, "田中")]
        audit = list(store.db.query("select action, entity_id, detail from audit where action like '%_shelter'"))
        board = board_at(store, roster, AT, demo_city.series, weather("11:00", "10"))
        before = board_at(store, roster, at("17:00"), demo_city.series, weather("11:00", "10"))
        load = next(s for s in shelter_loads(board, roster, states_at(states, AT)) if s.shelter_id == target)
    assert [a["action"] for a in audit] == ["open_shelter", "close_shelter"] and all(a["entity_id"] == target for a in audit)
    heading = [i for i in range(len(board.state)) if roster.people.shelter[i] == target and board.state[i] == "leave_now"]
    name = roster.shelter_names()[target]
    assert heading and all(f"避難先 {name} は 06/02 17:10 に閉鎖" in board.reason[i] for i in heading)
    assert list(board.state) == list(first.state)  # the state does not change, the reason says what to do
    assert not any("閉鎖" in r for r in before.reason)  # at 17:00 it was open
    assert load.closed_with_people and load.flagged and load.status.staff == "田中"


def test_weather_never_goes_stale_by_age_but_a_failing_poll_does(demo_city):
    trigger = WeatherWarningTrigger("3520300", "03")
    plans = {pid: p.__class__(**{**p.__dict__, "trigger": trigger}) for pid, p in demo_city.plans.items()}
    people = compile_people([r.person for r in demo_city.people], plans, {})
    reports = weather("11:00", "10")  # a report eight hours old at 19:00, nothing in force for the trigger
    fresh = evaluate_board(people, take_snapshot(at("19:00"), [], reports, []), {})
    assert set(fresh.state[[i for i, p in enumerate(people.ids) if p in plans]]) == {"no_action"}
    assert not any(r.stale for r in fresh.inputs(0) if r.source.startswith("weather:"))

    polled = WeatherPoll(at("18:40"), pd.Timedelta(minutes=10))  # 20 min ago: exactly 2 intervals, not stale yet
    ok = evaluate_board(people, take_snapshot(at("19:00"), [], reports, [], weather_poll=polled), {})
    assert list(ok.state) == list(fresh.state)
    late = WeatherPoll(at("18:39"), pd.Timedelta(minutes=10))
    stale = evaluate_board(people, take_snapshot(at("19:00"), [], reports, [], weather_poll=late), {})
    planned = [i for i, p in enumerate(people.ids) if p in plans]
    assert set(stale.state[planned]) == {"unknown"}
    reason = stale.reason[planned[0]]
    assert "06/02 18:39 から成功していません" in reason and "取得間隔 10 分" in reason and "20 分を超えると古い" in reason
    assert [r.stale for r in stale.inputs(planned[0]) if r.source == "weather:3520300"] == [True]
    never = evaluate_board(people, take_snapshot(at("19:00"), [], reports, [], weather_poll=WeatherPoll(None, pd.Timedelta(minutes=10))), {})
    assert "一度も成功していません" in never.reason[planned[0]]
    met = evaluate_board(people, take_snapshot(at("19:00"), [], weather("11:00", "03"), [], weather_poll=late), {})
    assert set(met.state[planned]) == {"leave_now"}  # a warning in force still counts when the poll is late


def test_history_keeps_every_mark_with_who_and_where_from(demo_city, tmp_path):
    path = copy_city(demo_city, tmp_path)
    pid = demo_city.people[0].person.id
    with open_store(path, staff="佐藤") as store:
        add_check(store, SafetyCheck(pid, "absent", at("17:00"), "留守"))
        add_checks(store, [CheckRow(pid, "evacuated", "2026-06-02T17:30:00+09:00", "", "pkg123456789abc")], "pkg123456789abc", "return_湯田.json")
        add_check(store, SafetyCheck(pid, "safe_home", at("17:45")))
        history = person_history(store, pid)
        audit = [r["detail"] for r in store.db.query("select detail from audit where entity_id = ? or entity = 'package'", [pid])]
    assert [(h.check.status, h.check.time, h.staff, h.source_label()) for h in history] == [
        ("safe_home", at("17:45"), "佐藤", "手入力"),
        ("evacuated", at("17:30"), "佐藤", "返送ファイル return_湯田.json"),
        ("absent", at("17:00"), "佐藤", "手入力"),
    ]
    assert not any("留守" in (d or "") or "absent" in (d or "") for d in audit)


def test_the_default_welfare_rule():
    needs = DEFAULT_WELFARE_NEEDS.needs
    assert needs(CareProfile("p", mobility="寝たきり")) and needs(CareProfile("p", care_level="要介護3"))
    assert needs(CareProfile("p", medical_care=("人工呼吸器",)))
    assert not needs(CareProfile("p", mobility="車いす", care_level="要介護2", medical_care=("透析",))) and not needs(None)


def test_the_shelter_load_command_prints_one_object_per_shelter(demo_city, demo_dir, tmp_path):
    path = copy_city(demo_city, tmp_path)
    values = {"store": path, "at": "2026-06-02T17:20", "feeds": [demo_dir / "river" / "levels.csv"], "gauges": demo_dir / "river" / "gauges.csv"}
    first = list(ShelterLoadJob().run(values, Feedback()))
    target = max(first, key=lambda r: r["states"]["leave_now"])
    with open_store(path, staff="田中") as store:
        save_shelter_state(store, ShelterState(target["shelter"], False, at("17:10")))
    records = list(ShelterLoadJob().run(values, Feedback()))
    with open_store(path) as store:
        shelters = store.db.execute("select count(*) from shelters").fetchone()[0]
    assert len(records) == len(first) >= shelters
    assert sum(r["assigned"] for r in records) == sum(1 for p in demo_city.plans.values() if p.destination and p.destination.shelter_id)
    top = records[0]
    assert top["shelter"] == target["shelter"] and top["open"] is False and top["flagged"]
    assert top["status_time"] == "2026-06-02T17:10:00+09:00" and top["status_staff"] == "田中"
    assert set(top) == {"shelter", "name", "capacity", "welfare", "assigned", "needs_welfare", "welfare_unmet", "open",
                        "status_time", "status_staff", "states", "flagged"}  # fmt: skip
    board = list(BoardJob().run(values, Feedback()))
    closing = [r for r in board if f"避難先 {target['name']} は 06/02 17:10 に閉鎖" in r["reason"]]
    assert len(closing) == target["states"]["leave_now"] + target["states"]["prepare"]
    assert set(board[0]) == {"person", "state", "reason", "inputs"}  # the board command's shape is unchanged
