"""The people to assess as columns (one array per attribute), built once from records or the store.

Every later step works on whole columns, so the cost of a source or a rule is one vectorised
call for everybody, not one call per person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely

from evac_plans.assessment.rules import ALONE_WORD
from evac_plans.model import EvacuationPlan
from evac_plans.repository import PersonRecord, current_plans, load_roster
from store.connection import ProjectStore


@dataclass(frozen=True)
class PeopleColumns:
    """n people as arrays (index i is the same person everywhere).

    ``lonlat`` is (n, 2) JGD2011 degrees, NaN where the home has no point; ``routes`` holds a
    shapely LineString or None; text columns hold "" when unknown.
    """

    ids: np.ndarray
    lonlat: np.ndarray
    building_id: np.ndarray
    mobility: np.ndarray
    alone: np.ndarray
    power: np.ndarray
    has_plan: np.ndarray
    destination_kind: np.ndarray
    shelter_id: np.ndarray
    routes: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def located(self) -> np.ndarray:
        """True where the home has a point."""
        return ~np.isnan(self.lonlat).any(axis=1)


def people_columns(people: Sequence[PersonRecord], plans: Mapping[str, EvacuationPlan]) -> PeopleColumns:
    """Columns of ``people`` with their current plans (``plans`` by person id; absent: no plan)."""
    n = len(people)
    persons = [r.person for r in people]
    plan_of = [plans.get(p.id) for p in persons]
    destinations = [plan.destination if plan is not None else None for plan in plan_of]
    coords = [plan.route.coordinates if plan is not None and plan.route is not None else None for plan in plan_of]
    routes = np.full(n, None, dtype=object)
    with_route = np.array([c is not None for c in coords], dtype=bool)
    if with_route.any():
        given = [np.asarray(c, dtype=float) for c in coords if c is not None]
        owner = np.repeat(np.arange(len(given)), [len(c) for c in given])
        routes[with_route] = shapely.linestrings(np.concatenate(given), indices=owner)
    return PeopleColumns(
        ids=np.array([p.id for p in persons], dtype=object),
        lonlat=np.array(
            [(p.home_lon, p.home_lat) if p.home_lon is not None and p.home_lat is not None else (np.nan, np.nan) for p in persons],
            dtype=float,
        ).reshape(n, 2),
        building_id=np.array([p.building_id for p in persons], dtype=object),
        mobility=np.array([r.care.mobility if r.care is not None else "" for r in people], dtype=object),
        alone=np.array([ALONE_WORD in p.household for p in persons], dtype=bool),
        power=np.array([r.care is not None and r.care.power_dependent for r in people], dtype=bool),
        has_plan=np.array([plan is not None for plan in plan_of], dtype=bool),
        destination_kind=np.array([d.kind if d is not None else "" for d in destinations], dtype=object),
        shelter_id=np.array([d.shelter_id if d is not None else "" for d in destinations], dtype=object),
        routes=routes,
    )


def load_people_columns(store: ProjectStore) -> tuple[list[PersonRecord], PeopleColumns]:
    """Every person in the project (not soft-deleted) with their current plan, as records and columns."""
    people = load_roster(store)
    return people, people_columns(people, current_plans(store))
