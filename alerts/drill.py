"""Virtual evacuation drills: everyone follows their plan through a scenario (:mod:`alerts.scenario`).

Each person's trigger fires at the first moment of the scenario when one of its conditions is met
(the same conditions and rules as the board, :mod:`alerts.people`); they leave after their
preparation time and travel their route at their speed:

=============================================  ==================================================
who                                            speed
=============================================  ==================================================
plan's travel means mentions 車 or 送迎, or a   :data:`VEHICLE_MPS` (15 km/h, flood-time traffic)
supporter holds the 搬送 role
otherwise, by mobility                         :data:`evac_plans.assessment.rules.WALK_SPEED_MPS`
                                               (独歩 1.0, 杖 0.8, 歩行器 0.6, 車いす pushed 0.5 m/s;
                                               寝たきり cannot walk); unknown mobility: 0.5 m/s
=============================================  ==================================================

Every point of the route (every ~10 m) floods at the earliest flood time of the scenario's areas
holding it; the person reaches it at departure + distance / speed. The margin is the smallest
(flood time − time reached) over the route's flooded points, in minutes.

===================  ===========================================================================
outcome              when
===================  ===========================================================================
``no_plan``          no plan, or a plan without a destination, or (not vertical) without a route
``not_triggered``    the trigger never fires within the scenario (``depart`` null)
``stayed_vertical``  the plan is vertical evacuation: they go upstairs at departure; the margin is
                     the home's flood time minus the departure
``no_transport``     they cannot walk and no vehicle is planned (``arrive`` null)
``cut_off``          some point of the route floods before they reach it (margin < 0)
``arrived``          otherwise (margin null when nothing on the route floods)
===================  ===========================================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely

from alerts.conditions import Condition, GaugeCondition, take_snapshot
from alerts.people import AreaRefs, compile_people
from alerts.scenario import Scenario
from alerts.times import iso_jst, to_ns
from evac_plans.assessment.route import route_lengths
from evac_plans.assessment.rules import WALK_SPEED_MPS
from evac_plans.model import EvacuationPlan
from evac_plans.repository import PersonRecord

VEHICLE_MPS = 15 / 3.6
"""Speed of a car or welfare vehicle through a town in a flood (m/s)."""
VEHICLE_WORDS = ("車", "送迎")
CARRY_ROLE = "搬送"
UNKNOWN_MOBILITY_MPS = 0.5
"""Walking speed assumed when mobility is unknown: the slowest walking speed."""
SAMPLE_DEG = 0.0001
"""Spacing of the points checked along a route, in degrees (about 10 m)."""
OUTCOMES = ("arrived", "cut_off", "stayed_vertical", "no_plan", "not_triggered", "no_transport")
NEVER = float(np.iinfo(np.int64).max)
"""A time (ns) later than any real one: a condition never met, an area that never floods."""


@dataclass(frozen=True)
class DrillResult:
    """Per person (in the order given): times as float ns since the epoch (NaN: none), margin in
    minutes, outcome, and the flood area (index into the scenario's areas, -1 none) behind the
    flood time and margin."""

    ids: np.ndarray
    trigger_at: np.ndarray
    depart: np.ndarray
    arrive: np.ndarray
    flooded_at: np.ndarray
    margin_min: np.ndarray
    outcome: np.ndarray
    area: np.ndarray
    scenario: Scenario

    def record(self, i: int) -> dict[str, Any]:
        """The ``drill`` command's object for person ``i`` (docs/CLI.md)."""
        area = self.scenario.areas[self.area[i]] if self.area[i] >= 0 else None
        return {
            "person": str(self.ids[i]),
            "depart": _iso(self.depart[i]),
            "arrive": _iso(self.arrive[i]),
            "route_flooded_at": _iso(self.flooded_at[i]),
            "margin_min": None if np.isnan(self.margin_min[i]) else round(float(self.margin_min[i]), 1),
            "outcome": str(self.outcome[i]),
            "trigger_at": _iso(self.trigger_at[i]),
            "flood_area": area.id if area else None,
            "flood_rule": area.rule if area else None,
        }


def _iso(value: float) -> str | None:
    return None if np.isnan(value) else iso_jst(pd.Timestamp(round(value / 1e9), unit="s", tz="UTC"))


class Drill:
    """A scenario ready to run many times (what-if changes rerun in well under a second).

    The first moment each condition is met, and each area's flood time, are worked out once and
    kept; :meth:`run` takes the people and plans (changed as the what-if asks) each time.
    """

    def __init__(self, scenario: Scenario, refs: AreaRefs) -> None:
        self.scenario = scenario
        self.refs = refs
        times = [to_ns(scenario.start), to_ns(scenario.end)]
        times += [int(x) for s in scenario.series for x in s.times.astype("datetime64[ns]").astype(np.int64)]
        times += [to_ns(pd.Timestamp(r.report_time)) for r in scenario.reports] + [to_ns(i.time) for i in scenario.issued]
        self._steps = sorted({x for x in times if to_ns(scenario.start) <= x <= to_ns(scenario.end)})
        self._first: dict[Condition | None, float] = {None: NEVER}
        self.area_floods = np.array([self._area_time(i) for i in range(len(scenario.areas))], dtype=float)

    def first_met(self, conditions: Sequence[Condition | None]) -> np.ndarray:
        """When each condition is first met in the scenario (ns; ``NEVER`` when never)."""
        todo = [c for c in dict.fromkeys(conditions) if c not in self._first]
        for step in self._steps:
            if not todo:
                break
            snap = take_snapshot(pd.Timestamp(step, tz="UTC"), self.scenario.series, self.scenario.reports, self.scenario.issued)
            for c in list(todo):
                found = c.evaluate(snap)  # type: ignore[union-attr]
                if found.met:
                    self._first[c] = float(to_ns(found.since if found.since is not None else snap.at))
                    todo.remove(c)
        self._first.update({c: NEVER for c in todo})
        return np.array([self._first[c] for c in conditions], dtype=float)

    def _area_time(self, i: int) -> float:
        area = self.scenario.areas[i]
        if area.floods_at is not None:
            return float(to_ns(area.floods_at))
        reached = self.first_met([GaugeCondition(area.gauge, threshold="danger")])[0]
        return reached + (area.lag_min or 0) * 6e10 if reached < NEVER else NEVER

    def run(
        self,
        records: Sequence[PersonRecord],
        plans: Mapping[str, EvacuationPlan],
        roles: Mapping[str, tuple[str, ...]] | None = None,
    ) -> DrillResult:
        """Everyone through the scenario (rules and outcomes in the module docstring).

        Parameters
        ----------
        records : sequence of PersonRecord
            The people with their care profiles (mobility).
        plans : mapping
            Each person's plan by person id (change them for a what-if).
        roles : mapping, optional
            Each person's supporters' roles (``搬送`` means a vehicle).
        """
        people = [r.person for r in records]
        board = compile_people(people, plans, self.refs)
        fired = self.first_met(board.conditions)[board.matrix].min(axis=1)
        trigger_at = np.where(fired < NEVER, fired, np.nan)
        depart = trigger_at + board.preparation_min * 6e10
        plan_of = [plans.get(p.id) for p in people]
        speed = np.array([travel_speed(r, plan, (roles or {}).get(r.person.id, ())) for r, plan in zip(records, plan_of, strict=True)])
        vertical = board.vertical_planned
        lines = np.array([_line(p, plan, v) for p, plan, v in zip(people, plan_of, vertical, strict=True)], dtype=object)
        length = np.where(vertical, 0.0, route_lengths(np.where(vertical, None, lines)))
        flooded_at, margin, area = self._exposure(lines, depart, length, np.where(vertical, np.inf, speed))
        usable = np.array([plan is not None and plan.destination is not None for plan in plan_of]) & (lines != None)  # noqa: E711
        no_speed = np.isnan(speed) & ~vertical
        arrive = np.where(vertical | no_speed | (margin < 0), np.nan, depart + length / speed * 1e9)
        outcome = np.select(
            [~usable, np.isnan(trigger_at), vertical, no_speed, margin < 0],
            ["no_plan", "not_triggered", "stayed_vertical", "no_transport", "cut_off"],
            default="arrived",
        ).astype(object)
        idle = ~usable | np.isnan(trigger_at)
        return DrillResult(
            board.ids,
            np.where(usable, trigger_at, np.nan),
            np.where(idle, np.nan, depart),
            np.where(idle, np.nan, arrive),
            np.where(usable, flooded_at, np.nan),
            np.where(idle | no_speed, np.nan, margin),
            outcome,
            np.where(usable, area, -1),
            self.scenario,
        )

    def _exposure(
        self, lines: np.ndarray, depart: np.ndarray, length: np.ndarray, speed: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per person: earliest flood time on the route (ns, NaN none), margin (min, NaN none),
        and the area behind them (-1 none)."""
        n = len(lines)
        flooded, margin, area = np.full(n, np.nan), np.full(n, np.nan), np.full(n, -1)
        has = np.flatnonzero(lines != None)  # noqa: E711
        if not len(has) or not self.scenario.areas:
            return flooded, margin, area
        dense = shapely.segmentize(lines[has].astype(object), SAMPLE_DEG)
        points, owner = shapely.get_coordinates(dense, return_index=True)
        fraction = route_fractions(points, owner)
        inside = np.array([a.contains(points) for a in self.scenario.areas])
        when = np.where(inside, self.area_floods[:, None], NEVER)
        which, point_flood = when.argmin(axis=0), when.min(axis=0)
        person = has[owner]
        reach = depart[person] + fraction * length[person] / speed[person] * 1e9
        point_margin = np.where(point_flood < NEVER, (point_flood - reach) / 6e10, np.inf)
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        first_flood = np.minimum.reduceat(point_flood, starts)
        worst = np.minimum.reduceat(np.where(np.isnan(point_margin), np.inf, point_margin), starts)
        pick = starts + _argmin_segments(np.where(point_flood < NEVER, point_margin, np.inf), starts)
        owners = has[owner[starts]]
        flooded[owners] = np.where(first_flood < NEVER, first_flood, np.nan)
        margin[owners] = np.where(np.isfinite(worst), worst, np.nan)
        area[owners] = np.where(first_flood < NEVER, which[pick], -1)
        return flooded, margin, area


def travel_speed(record: PersonRecord, plan: EvacuationPlan | None, roles: tuple[str, ...]) -> float:
    """Travel speed in m/s (NaN: cannot walk and no vehicle); table in the module docstring."""
    if plan is not None and any(w in plan.travel_means for w in VEHICLE_WORDS) or CARRY_ROLE in roles:
        return VEHICLE_MPS
    mobility = record.care.mobility if record.care is not None else ""
    if mobility not in WALK_SPEED_MPS:
        return UNKNOWN_MOBILITY_MPS
    return WALK_SPEED_MPS[mobility] or np.nan


def _line(person: Any, plan: EvacuationPlan | None, vertical: bool) -> shapely.Geometry | None:
    """The route of a plan, or the home point for a vertical plan (None: nothing to follow)."""
    if plan is None:
        return None
    if vertical:
        located = person.home_lon is not None and person.home_lat is not None
        return shapely.Point(person.home_lon, person.home_lat) if located else None
    return shapely.LineString(plan.route.coordinates) if plan.route is not None else None


def route_fractions(points: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """How far along its line (0–1) each point is, from local planar distances (lon scaled by cos lat)."""
    scale = np.cos(np.radians(points[:, 1]))
    step = np.hypot(np.diff(points[:, 0]) * scale[1:], np.diff(points[:, 1]))
    step = np.where(owner[1:] == owner[:-1], step, 0.0)
    walked = np.r_[0.0, np.cumsum(step)]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    base = np.repeat(walked[starts], np.diff(np.r_[starts, len(owner)]))
    total = np.repeat(np.maximum.reduceat(walked, starts), np.diff(np.r_[starts, len(owner)])) - base
    return np.divide(walked - base, total, out=np.zeros_like(walked), where=total > 0)


def _argmin_segments(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Position (within its segment) of each segment's smallest value."""
    ends = np.r_[starts[1:], len(values)]
    return np.array([int(values[a:b].argmin()) for a, b in zip(starts, ends, strict=True)], dtype=np.int64)
