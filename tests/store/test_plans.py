"""Plan versions (never overwritten), history, soft delete and restore, in a real project file."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from evac_plans.model import (
    Destination,
    EvacuationPlan,
    GaugeTrigger,
    OwnDecisionTrigger,
    Person,
    Route,
)
from evac_plans.repository import PersonRecord, load_plan, plan_history, plans_of, save_person, save_plan
from store import StoreError, open_store
from store.plans import delete_plan, restore_plan

PERSON = Person(name="山口 太郎", birth_date=date(1938, 1, 2))


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "p.nigezero", staff="職員B") as s:
        save_person(s, PersonRecord(PERSON))
        yield s


def plan() -> EvacuationPlan:
    return EvacuationPlan(
        PERSON.id,
        destination=Destination("shelter", shelter_id="E3520300001201"),
        route=Route(((131.45, 34.16), (131.452, 34.161), (131.455, 34.163))),
        trigger=GaugeTrigger("fushino-01", "evacuation"),
        preparation_min=30,
        travel_means="車いす (家族が押す)",
        items=("薬", "お薬手帳"),
        review_date=date(2027, 4, 1),
        author="ケアマネ 佐藤",
    )


def test_each_save_is_a_new_version_and_history_is_kept(store):
    first = save_plan(store, plan())
    second = save_plan(store, replace(first, trigger=OwnDecisionTrigger("雨が強まったら早めに"), notes="夜間は長男宅へ"))
    assert (first.version, second.version) == (1, 2)
    assert load_plan(store, first.id) == second
    history = plan_history(store, first.id)
    assert [p.version for p in history] == [1, 2]
    assert history[0] == first and history[0].trigger == GaugeTrigger("fushino-01", "evacuation")
    assert plans_of(store, PERSON.id) == [second]
    audit = list(store.db.query("select action, entity_id, staff, detail from audit where entity = 'plan' order by id"))
    assert [json.loads(a["detail"]) for a in audit] == [
        {"version": 1, "fields": ["author", "destination", "route_wkt", "trigger", "preparation_min", "travel_means", "items", "review_date"]},
        {"version": 2, "fields": ["trigger", "notes"]},
    ]
    assert {a["staff"] for a in audit} == {"職員B"}


def test_soft_delete_and_restore_plan(store):
    saved = save_plan(store, plan())
    delete_plan(store, saved.id)
    assert load_plan(store, saved.id) is None and plans_of(store, PERSON.id) == []
    assert plan_history(store, saved.id) == [saved]
    restore_plan(store, saved.id)
    assert load_plan(store, saved.id) == saved


def test_a_plan_never_changes_person(store):
    saved = save_plan(store, plan())
    other = Person(name="別 人")
    save_person(store, PersonRecord(other))
    with pytest.raises(StoreError, match="別の人の計画"):
        save_plan(store, replace(saved, person_id=other.id))
    assert [p.version for p in plan_history(store, saved.id)] == [1]


def test_vertical_and_relative_destinations_round_trip(store):
    vertical = save_plan(store, EvacuationPlan(PERSON.id, destination=Destination("vertical", floor=2)))
    relative = save_plan(store, EvacuationPlan(PERSON.id, destination=Destination("relative_home", address="宇部市", lon=131.25, lat=33.95)))
    assert load_plan(store, vertical.id).destination.floor == 2
    assert load_plan(store, relative.id) == relative
