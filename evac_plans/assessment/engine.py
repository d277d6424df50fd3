"""The automatic assessment: hazard at home, vertical evacuation, route, shelter, priority and reasons.

Every step works on columns for all people (:mod:`~evac_plans.assessment.people`); only the
final wording of the reasons walks person by person. The rules and numbers are in
:mod:`evac_plans.assessment.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from evac_plans.assessment import rules
from evac_plans.assessment.hazard_inputs import HazardInputs
from evac_plans.assessment.home import HomeHazards, home_hazards
from evac_plans.assessment.people import PeopleColumns
from evac_plans.assessment.reasons import HAZARD_FLAG_EN, HAZARD_FLAG_JA, KIND_EN, KIND_JA, Reason, reason
from evac_plans.assessment.route import RouteMetrics, route_metrics
from evac_plans.assessment.suitability import needed_flags, shelter_issues
from evac_plans.assessment.vertical import Vertical, vertical_evacuation
from evac_plans.model import Shelter
from hazards.ranks import DEPTH_RANKS, DURATION_RANKS
from jobs.feedback import Feedback

LONG_WALK_MIN = 30.0
"""A walk this long (minutes) or longer is named as a reason."""


@dataclass(frozen=True)
class Assessment:
    """The assessment of one person (the ``assess`` command's record, see :meth:`record`)."""

    person_id: str
    priority: str
    reasons: tuple[Reason, ...]
    home_rank: int | None
    vertical_ok: bool | None
    route_m: float | None
    walk_min: float | None
    route_max_rank: int | None

    def record(self) -> dict[str, Any]:
        """The issue-8 shape, reason texts in the current language."""
        return {
            "person": self.person_id,
            "priority": self.priority,
            "reasons": [r.as_dict() for r in self.reasons],
            "home_rank": self.home_rank,
            "vertical_ok": self.vertical_ok,
            "route_m": self.route_m,
            "walk_min": self.walk_min,
            "route_max_rank": self.route_max_rank,
        }


@dataclass(frozen=True)
class _Columns:
    """Everything computed for everyone, handed to the per-person wording."""

    people: PeopleColumns
    home: HomeHazards
    vertical: Vertical
    route: RouteMetrics
    priority: np.ndarray
    climb: np.ndarray


def hazard_level(home: HomeHazards, vertical_ok: np.ndarray) -> np.ndarray:
    """0 none, 1 moderate, 2 severe per person (definitions in :mod:`~evac_plans.assessment.rules`)."""
    rank = home.flood_rank
    severe = home.collapse | (home.landslide_rank >= 2) | (rank >= 3) | ((rank == 2) & (vertical_ok == 0))
    moderate = (rank >= 1) | (home.landslide_rank == 1) | (rank < 0)
    return np.where(severe, 2, np.where(moderate, 1, 0))


def assess(
    people: PeopleColumns, inputs: HazardInputs, shelters: Sequence[Shelter], feedback: Feedback | None = None
) -> list[Assessment]:
    """Assess everyone.

    Parameters
    ----------
    people : PeopleColumns
        The people with their current plans.
    inputs : HazardInputs
        Hazard sources and PLATEAU buildings (:func:`~evac_plans.assessment.hazard_inputs.open_hazard_inputs`).
    shelters : sequence of Shelter
        The project's shelters (destinations are looked up by 共通ID).
    feedback : Feedback, optional
        Progress and cancel.

    Returns
    -------
    list of Assessment
        One per person, in the order of ``people``.

    Raises
    ------
    jobs.errors.Canceled
        If ``feedback`` is canceled.
    """
    feedback = feedback if feedback is not None else Feedback()
    home = home_hazards(people, inputs)
    feedback.check()
    feedback.set_progress(40)
    climb = rules.climb_code(people.mobility)
    vertical = vertical_evacuation(home, climb, people.power)
    route = route_metrics(people.routes, people.mobility, inputs.sources)
    feedback.check()
    feedback.set_progress(80)
    need = rules.mobility_level(people.mobility) + people.alone
    priority = rules.priority(hazard_level(home, vertical.ok), need, people.power)
    columns = _Columns(people, home, vertical, route, priority, climb)
    by_id = {s.common_id: s for s in shelters}
    out = [_one(columns, i, by_id) for i in range(len(people))]
    feedback.set_progress(100)
    return out


def _optional(value: float, digits: int) -> float | None:
    return None if np.isnan(value) else round(float(value), digits)


def _one(c: _Columns, i: int, shelters: dict[str, Shelter]) -> Assessment:
    ok = int(c.vertical.ok[i])
    rank, route_rank = int(c.home.flood_rank[i]), int(c.route.flood_max_rank[i])
    return Assessment(
        person_id=str(c.people.ids[i]),
        priority=str(c.priority[i]),
        reasons=tuple(_home_reasons(c, i) + _person_reasons(c, i) + _vertical_reasons(c, i) + _plan_reasons(c, i, shelters)),
        home_rank=rank if rank >= 0 else None,
        vertical_ok=None if ok < 0 else bool(ok),
        route_m=_optional(c.route.length_m[i], 1),
        walk_min=_optional(c.route.walk_min[i], 1),
        route_max_rank=route_rank if route_rank >= 0 else None,
    )


def _home_reasons(c: _Columns, i: int) -> list[Reason]:
    home, out = c.home, []
    if c.people.power[i]:
        out.append(reason("power_dependent"))
    if not c.people.located[i] and home.building[i] < 0:
        out.append(reason("no_home_location"))
    if home.collapse[i]:
        out.append(reason("collapse_zone"))
    if home.landslide_rank[i] >= 1:
        out.append(reason("landslide_special_zone" if home.landslide_rank[i] >= 2 else "landslide_zone"))
    rank = int(home.flood_rank[i])
    if rank >= 1:
        band = DEPTH_RANKS[rank - 1]
        kind, scenario = str(home.flood_kind[i]), home.flood_scenario[i] or ""
        out.append(reason("home_flood", {"band": band.label_ja, "kind": KIND_JA.get(kind, kind)},
                          {"band": band.label_en, "kind": KIND_EN.get(kind, kind)}, rank=rank, scenario=scenario))  # fmt: skip
    elif rank == 0:
        out.append(reason("home_dry"))
    elif c.people.located[i] or home.building[i] >= 0:
        out.append(reason("hazard_unknown"))
    duration = int(home.duration_rank[i])
    if duration >= rules.LONG_DURATION_RANK:
        band = DURATION_RANKS[duration - 1]
        out.append(reason("long_duration", {"band": band.label_ja}, {"band": band.label_en}, rank=duration))
    return out


def _person_reasons(c: _Columns, i: int) -> list[Reason]:
    mobility, out = str(c.people.mobility[i]), []
    if mobility not in rules.MOBILITY_LEVEL:
        out.append(reason("mobility_unknown"))
    elif rules.MOBILITY_LEVEL[mobility] > 0:
        out.append(reason("mobility", mobility=mobility))
    if c.people.alone[i]:
        out.append(reason("lives_alone"))
    if rules.WALK_SPEED_MPS.get(mobility, 0.0) is None:
        out.append(reason("needs_vehicle"))
    return out


def _vertical_reasons(c: _Columns, i: int) -> list[Reason]:
    code = str(c.vertical.code[i])
    if not code:
        return []
    floor = int(c.vertical.floor[i])
    storeys = c.home.storeys[i]
    return [reason(code, floor=floor, mobility=c.people.mobility[i], storeys=int(storeys) if not np.isnan(storeys) else "?")]


def _plan_reasons(c: _Columns, i: int, shelters: dict[str, Shelter]) -> list[Reason]:
    people, route = c.people, c.route
    if not people.has_plan[i]:
        return [reason("no_plan")]
    kind, out = str(people.destination_kind[i]), []
    if not kind:
        out.append(reason("no_destination"))
    if kind == "vertical" and c.vertical.ok[i] == 0:
        out.append(reason("plan_vertical_unsafe"))
    if kind != "vertical" and people.routes[i] is None:
        out.append(reason("no_route"))
    if route.wet_m[i] > 0:
        out.append(reason("route_flooded", metres=round(float(route.wet_m[i])), rank=int(route.flood_max_rank[i])))
    if route.landslide_m[i] > 0:
        out.append(reason("route_landslide", metres=round(float(route.landslide_m[i]))))
    if route.walk_min[i] >= LONG_WALK_MIN:
        out.append(reason("long_walk", minutes=round(float(route.walk_min[i]))))
    if kind in ("shelter", "welfare_shelter"):
        out += _shelter_reasons(c, i, shelters)
    return out


def _shelter_reasons(c: _Columns, i: int, shelters: dict[str, Shelter]) -> list[Reason]:
    shelter_id = str(c.people.shelter_id[i])
    shelter = shelters.get(shelter_id)
    if shelter is None:
        return [reason("shelter_unknown", shelter=shelter_id or "-")]
    out = []
    for issue in shelter_issues(shelter, needed_flags(c.home.hazards_present(i)), int(c.climb[i])):
        code = "shelter_not_designated" if issue.code == "not_designated" else "shelter_upper_floor"
        out.append(reason(code, hazard=HAZARD_FLAG_JA.get(issue.hazard, issue.hazard),
                          hazard_en=HAZARD_FLAG_EN.get(issue.hazard, issue.hazard), floor=issue.floor))  # fmt: skip
    return out
