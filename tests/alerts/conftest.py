"""The demo city as a project: the 50 fictional residents, the shelters and the demo plans
(:mod:`alerts.demo_plans`), and the demo hydrographs with their thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from alerts.demo_plans import create_demo_project
from alerts.people import area_refs
from alerts.sources import gauge_table, read_feeds
from evac_plans.model import EvacuationPlan
from evac_plans.repository import PersonRecord, current_plans, load_roster
from feeds.series import LevelSeries
from jobs.feedback import Feedback
from store import open_store
from store.board import AreaRow


@dataclass(frozen=True)
class DemoCity:
    """The demo project as loaded: people (records), current plans, area references, hydrographs."""

    path: Path
    people: list[PersonRecord]
    plans: dict[str, EvacuationPlan]
    refs: dict[str, AreaRow]
    series: list[LevelSeries]

    def by_resident(self) -> dict[str, str]:
        """住民ID (D0001 …) → the project's person id."""
        return {r.person.external_id: r.person.id for r in self.people}


@pytest.fixture(scope="session")
def demo_city(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> DemoCity:
    path = tmp_path_factory.mktemp("alerts") / "demo.nigezero"
    create_demo_project(path, demo_dir)
    with open_store(path) as store:
        people, plans, refs = load_roster(store), current_plans(store), area_refs(store)
    feedback = Feedback()
    series = read_feeds([demo_dir / "river" / "levels.csv"], gauge_table(demo_dir / "river" / "gauges.csv", feedback), feedback)
    return DemoCity(path, people, plans, refs, series)
