"""The people on the board as columns, each with the conditions their trigger waits for.

Compiled once per change of the roster or the plans; every feed or weather update then reuses it
(:func:`alerts.board.evaluate_board`). Which conditions a trigger becomes:

=========================  =====================================================================
plan's trigger             conditions (any one met fires it)
=========================  =====================================================================
警戒レベル n               the reference gauges of the person's area at the lowest threshold of
                           level n or more; the area's municipality's weather at level n or more
                           (when one is set); the city's issue for the person's 町内会, 民生委員
                           district or the whole city at level min(n, 4)
gauge + threshold          that gauge at that threshold; the city's issue at level 4 or more
weather (土砂災害警戒情報,  that weather trigger in its municipality; the city's issue at level 4
warning code, level)       or more
own decision               the city's issue at level 4 or more
no plan                    as 警戒レベル3 (高齢者等避難 is meant for exactly these people)
=========================  =====================================================================

The city's 避難指示 (level 4) or higher for the person's area always fires, whatever the plan
says: it orders everyone in the area to leave. An area's reference gauges and municipality come
from the project (``board_areas``): the row for the person's 町内会, else their 民生委員 district,
else ``*``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from alerts.conditions import Condition, GaugeCondition, IssuedCondition, WeatherCondition
from alerts.issued import WHOLE_CITY
from evac_plans.model import AlertLevelTrigger, EvacuationPlan, GaugeTrigger, Person, Trigger, WeatherLevelTrigger, WeatherTrigger
from store import board as board_table
from store.connection import ProjectStore

ORDER_LEVEL = 4
"""The issued level from which everyone in the area leaves (避難指示), whatever the plan says."""
DEFAULT_TRIGGER = AlertLevelTrigger(3)
"""The trigger of a person without a plan (高齢者等避難)."""
DEFAULT_PREPARATION_MIN = 60
"""Preparation time (minutes) of a plan that states none."""
SHELTER_KINDS = ("shelter", "welfare_shelter")
"""Destination kinds that name a shelter by 共通ID."""

AreaRefs = Mapping[str, board_table.AreaRow]


@dataclass(frozen=True)
class BoardPeople:
    """n people as arrays; index i is the same person everywhere.

    ``conditions`` lists every distinct condition; entry 0 is None, a condition never met, used
    to pad ``matrix`` (n × k condition indices, the trigger's main condition in column 0).
    ``triggers`` lists the distinct triggers (None: no plan) and ``trigger`` indexes it.
    ``vertical_ok`` is 1 feasible, 0 not, -1 unknown (from the assessment); ``floor`` the floor a
    vertical plan names (0 when none); ``shelter`` the 共通ID of the shelter (or 福祉避難所) the
    plan sends the person to ("" when none).
    """

    ids: np.ndarray
    area: np.ndarray
    district: np.ndarray
    conditions: tuple[Condition | None, ...]
    matrix: np.ndarray
    triggers: tuple[Trigger | None, ...]
    trigger: np.ndarray
    preparation_min: np.ndarray
    vertical_planned: np.ndarray
    vertical_ok: np.ndarray
    floor: np.ndarray
    shelter: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def area_refs(store: ProjectStore) -> dict[str, board_table.AreaRow]:
    """The project's reference gauges and municipality per area (``*``: all)."""
    return {row.area: row for row in board_table.load_areas(store)}


def compile_people(
    people: Sequence[Person],
    plans: Mapping[str, EvacuationPlan],
    refs: AreaRefs,
    vertical_ok: Mapping[str, bool | None] | None = None,
) -> BoardPeople:
    """Columns and conditions of ``people`` (table in the module docstring).

    Parameters
    ----------
    people : sequence of Person
        Everyone on the board.
    plans : mapping
        Each person's current plan by person id (absent: no plan).
    refs : mapping
        Reference gauges and municipality per area (:func:`area_refs`).
    vertical_ok : mapping, optional
        Whether staying upstairs is feasible, by person id (the assessment's ``vertical_ok``);
        absent people count as unknown.
    """
    index: dict[Condition | None, int] = {None: 0}
    trigger_index: dict[Trigger | None, int] = {}
    rows: list[list[int]] = []
    triggers, prep, planned, floor, shelter = [], [], [], [], []
    for person in people:
        plan = plans.get(person.id)
        trigger = plan.trigger if plan is not None else None
        conditions = _conditions(trigger or DEFAULT_TRIGGER, person, refs)
        rows.append([index.setdefault(c, len(index)) for c in conditions])
        triggers.append(trigger_index.setdefault(trigger, len(trigger_index)))
        prep.append(plan.preparation_min if plan is not None and plan.preparation_min is not None else DEFAULT_PREPARATION_MIN)
        destination = plan.destination if plan is not None else None
        planned.append(destination is not None and destination.kind == "vertical")
        floor.append(destination.floor or 0 if destination is not None else 0)
        shelter.append(destination.shelter_id if destination is not None and destination.kind in SHELTER_KINDS else "")
    width = max((len(r) for r in rows), default=1)
    matrix = np.zeros((len(rows), width), dtype=np.int32)
    for i, row in enumerate(rows):
        matrix[i, : len(row)] = row
    known = vertical_ok or {}
    return BoardPeople(
        ids=np.array([p.id for p in people], dtype=object),
        area=np.array([p.area for p in people], dtype=object),
        district=np.array([p.welfare_district for p in people], dtype=object),
        conditions=tuple(index),
        matrix=matrix,
        triggers=tuple(trigger_index),
        trigger=np.array(triggers, dtype=np.int32),
        preparation_min=np.array(prep, dtype=float),
        vertical_planned=np.array(planned, dtype=bool),
        vertical_ok=np.array([-1 if known.get(p.id) is None else int(bool(known[p.id])) for p in people], dtype=np.int8),
        floor=np.array(floor, dtype=np.int32),
        shelter=np.array(shelter, dtype=object),
    )


def _conditions(trigger: Trigger, person: Person, refs: AreaRefs) -> list[Condition]:
    """The conditions of one person's trigger, the main one first."""
    areas = list(dict.fromkeys(a for a in (person.area, person.welfare_district, WHOLE_CITY) if a))
    if isinstance(trigger, AlertLevelTrigger):
        ref = next((refs[a] for a in areas if a in refs), None)
        gauges: list[Condition] = [GaugeCondition(g, level=trigger.level) for g in (ref.gauges if ref else ())]
        weather: list[Condition] = (
            [WeatherCondition(WeatherLevelTrigger(ref.municipality, trigger.level))] if ref and ref.municipality else []
        )
        return gauges + weather + [IssuedCondition(a, min(trigger.level, ORDER_LEVEL)) for a in areas]
    own: list[Condition] = []
    if isinstance(trigger, GaugeTrigger):
        own = [GaugeCondition(trigger.gauge_id, threshold=trigger.threshold)]
    elif isinstance(trigger, WeatherTrigger):
        own = [WeatherCondition(trigger)]
    return own + [IssuedCondition(a, ORDER_LEVEL) for a in areas]
