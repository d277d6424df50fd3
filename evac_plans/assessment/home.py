"""Hazard at each home from every source and from the PLATEAU building's risk entries, per scenario.

Each source is sampled once for all homes (:meth:`hazards.model.HazardSource.sample`); its
ranks are folded into columns by what the source measures:

* flood depth (river, inland, high tide, tsunami, reservoir): the highest rank over sources
  and scenarios, with the kind and scenario of that highest rank, and the highest rank per
  (kind, scenario) for the reasons;
* landslide zones (1 警戒区域, 2 特別警戒区域), house-collapse zones, flood duration ranks.

A home whose building carries PLATEAU risk entries gets them too (flood kinds as depth ranks,
``landslide`` as a zone). -1 means no source covers the home (unknown), never "safe".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evac_plans.assessment.hazard_inputs import HazardInputs
from evac_plans.assessment.people import PeopleColumns
from plateau_import.risk_tables import FLOOD_KINDS

Scenario = tuple[str, str | None]
"""(hazard kind, scenario "L1" | "L2" | None)."""


@dataclass
class HomeHazards:
    """Hazard columns for n homes (-1: unknown).

    ``flood_kind`` / ``flood_scenario`` name where the highest ``flood_rank`` comes from;
    ``by_scenario`` keeps the highest depth rank per (kind, scenario); ``building`` is the row
    in :class:`~evac_plans.assessment.hazard_inputs.BuildingTable` (-1 none) and ``storeys``
    its storeys above ground (NaN unknown).
    """

    flood_rank: np.ndarray
    flood_kind: np.ndarray
    flood_scenario: np.ndarray
    landslide_rank: np.ndarray
    collapse: np.ndarray
    duration_rank: np.ndarray
    building: np.ndarray
    storeys: np.ndarray
    by_scenario: dict[Scenario, np.ndarray] = field(default_factory=dict)

    @classmethod
    def unknown(cls, n: int) -> HomeHazards:
        """Columns for n homes about which nothing is known."""
        minus = np.full(n, -1, dtype=np.int8)
        return cls(minus.copy(), np.full(n, "", dtype=object), np.full(n, None, dtype=object), minus.copy(),
                   np.zeros(n, dtype=bool), minus.copy(), np.full(n, -1, dtype=np.int64), np.full(n, np.nan))  # fmt: skip

    def add_depth(self, kind: str, scenario: str | None, ranks: np.ndarray) -> None:
        """Fold in depth ranks of one kind and scenario."""
        key = (kind, scenario)
        self.by_scenario[key] = np.maximum(self.by_scenario.get(key, np.full(len(ranks), -1, dtype=np.int8)), ranks)
        higher = ranks > self.flood_rank
        self.flood_rank = np.where(higher, ranks, self.flood_rank).astype(np.int8)
        self.flood_kind[higher] = kind
        self.flood_scenario[higher] = scenario

    def add_zone(self, kind: str, ranks: np.ndarray) -> None:
        """Fold in zone ranks: landslide (1/2) or house collapse (1); other zones are ignored."""
        if kind == "landslide":
            self.landslide_rank = np.maximum(self.landslide_rank, ranks).astype(np.int8)
        elif kind == "house_collapse":
            self.collapse |= ranks >= 1

    def hazards_present(self, i: int) -> set[str]:
        """The hazard kinds at home ``i`` (flood kinds with rank ≥ 1, landslide, house_collapse)."""
        found = {kind for (kind, _), ranks in self.by_scenario.items() if ranks[i] >= 1}
        if self.landslide_rank[i] >= 1:
            found.add("landslide")
        if self.collapse[i]:
            found.add("house_collapse")
        return found


def home_hazards(people: PeopleColumns, inputs: HazardInputs) -> HomeHazards:
    """Hazard at every home from every source in ``inputs`` and the homes' PLATEAU buildings.

    Homes without a point are sampled nowhere (their columns stay unknown unless their
    building, matched by ID, carries risk entries).
    """
    n = len(people)
    home = HomeHazards.unknown(n)
    located = people.located
    points = people.lonlat[located]
    for source in inputs.sources:
        ranks = np.full(n, -1, dtype=np.int8)
        if len(points):
            ranks[located] = np.maximum(source.sample(points), -1)
        info = source.info
        if info.measure == "depth" and info.kind in FLOOD_KINDS:
            home.add_depth(info.kind, info.scenario, ranks)
        elif info.measure == "zone":
            home.add_zone(info.kind, ranks)
        elif info.measure == "duration":
            home.duration_rank = np.maximum(home.duration_rank, ranks).astype(np.int8)
    if inputs.buildings is not None:
        _add_building_entries(home, people, inputs)
    return home


def _add_building_entries(home: HomeHazards, people: PeopleColumns, inputs: HazardInputs) -> None:
    buildings = inputs.buildings
    assert buildings is not None
    if not len(buildings.building_id):
        return
    home.building = buildings.locate(people.building_id, people.lonlat)
    has = home.building >= 0
    home.storeys = np.where(has, buildings.storeys[np.maximum(home.building, 0)], np.nan)
    homes = pd.DataFrame({"person": np.flatnonzero(has), "building": home.building[has]})
    joined = homes.merge(buildings.risks, on="building")  # several people may share a building
    if not len(joined):
        return
    best = joined.groupby(["kind", "scale", "person"], dropna=False)["rank"].max()
    n = len(people)
    for (kind, scale), group in best.groupby(level=[0, 1], dropna=False):
        ranks = np.full(n, -1, dtype=np.int8)
        ranks[group.index.get_level_values("person").to_numpy()] = group.to_numpy(dtype=np.int8)
        scenario = scale if isinstance(scale, str) else None
        if kind == "landslide":
            home.add_zone(kind, ranks)
        else:
            home.add_depth(kind, scenario, ranks)
