"""Plans for the demo residents, made the same way every time (tests, the bench, a demo project).

The demo roster (``residents/residents.csv``, 住民ID D0001–D0050) and shelters must be in the
project first. Person *k* (D000k) gets, by rule:

* no plan when k ends in 9 (D0009, D0019 …);
* trigger by k mod 5: 0 → DEMO001 避難判断水位, 1 → 警戒レベル3, 2 → DEMO001 氾濫危険水位,
  3 → 土砂災害警戒情報 for 山口市 (3520300), 4 → 警戒レベル4;
* vertical evacuation to floor 2 when k is a multiple of 3 and they walk (独歩, 杖), else the
  nearest shelter designated for floods, by an L-shaped route (north–south, then east–west);
* preparation time by mobility (独歩 20, 杖 30, 歩行器 40, 車いす 60, 寝たきり 90 minutes) and
  a welfare vehicle (送迎) for 寝たきり.

The whole city's reference gauge for 警戒レベル triggers is DEMO001 (``board_areas`` row ``*``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from evac_plans.model import (
    AlertLevelTrigger,
    Destination,
    EvacuationPlan,
    GaugeTrigger,
    LandslideAlertTrigger,
    Route,
    Shelter,
    Trigger,
)
from evac_plans.repository import PersonRecord, load_roster, load_shelters, save_plan
from evac_plans.roster_import import import_roster
from evac_plans.shelters import import_shelter_file
from store import open_store
from store import board as board_table
from store.connection import ProjectStore

MUNICIPALITY = "3520300"
"""山口市 (JMA class20 code)."""
PREPARATION_MIN = {"独歩": 20, "杖": 30, "歩行器": 40, "車いす": 60, "寝たきり": 90}
TRIGGERS: tuple[Trigger, ...] = (
    GaugeTrigger("DEMO001", "evacuation"),
    AlertLevelTrigger(3),
    GaugeTrigger("DEMO001", "danger"),
    LandslideAlertTrigger(MUNICIPALITY),
    AlertLevelTrigger(4),
)
"""Trigger of person k by k mod 5."""


def demo_plan(record: PersonRecord, shelters: list[Shelter]) -> EvacuationPlan | None:
    """The demo plan of one demo resident (rules in the module docstring), or None."""
    person = record.person
    k = int(person.external_id.lstrip("D") or 0)
    if k % 10 == 9:
        return None
    mobility = record.care.mobility if record.care is not None else ""
    common = {"trigger": TRIGGERS[k % 5], "preparation_min": PREPARATION_MIN.get(mobility, 60)}
    if k % 3 == 0 and mobility in ("独歩", "杖"):
        return EvacuationPlan(person.id, Destination("vertical", floor=2), travel_means="", **common)  # type: ignore[arg-type]
    home = (person.home_lon, person.home_lat)
    if None in home or not shelters:
        return EvacuationPlan(person.id, Destination("shelter"), **common)  # type: ignore[arg-type]
    flood = [s for s in shelters if "flood" in s.hazards and s.lon is not None and s.lat is not None] or shelters
    shelter = min(flood, key=lambda s: np.hypot((s.lon - home[0]) * 0.83, s.lat - home[1]))  # type: ignore[operator]
    route = Route((home, (home[0], shelter.lat), (shelter.lon, shelter.lat)))  # type: ignore[arg-type]
    means = "福祉車両 (送迎)" if mobility == "寝たきり" else "徒歩"
    return EvacuationPlan(person.id, Destination("shelter", shelter_id=shelter.common_id), route, travel_means=means, **common)  # type: ignore[arg-type]


def save_demo_plans(store: ProjectStore) -> dict[str, EvacuationPlan]:
    """Save the demo plans and the reference gauge; return the plans as stored, by person id."""
    shelters = load_shelters(store)
    plans = {}
    for record in load_roster(store):
        plan = demo_plan(record, shelters)
        if plan is not None:
            plans[record.person.id] = save_plan(store, plan)
    board_table.save_areas(store, [board_table.AreaRow("*", ("DEMO001",))])
    return plans


def create_demo_project(
    path: str | os.PathLike[str], demo_dir: str | os.PathLike[str], staff: str = "demo"
) -> dict[str, EvacuationPlan]:
    """A project file at ``path`` with the demo residents, shelters and plans (from a folder
    written by :func:`demo.generate.generate_demo`); returns the plans by person id."""
    demo = Path(demo_dir)
    with open_store(path, staff=staff) as store:
        import_roster(store, demo / "residents" / "residents.csv")
        import_shelter_file(store, demo / "shelters" / "shelters.csv")
        return save_demo_plans(store)
