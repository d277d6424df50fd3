"""The open plans project: the store, its people, plans and shelters, and their assessment.

The store is used on the GUI thread only (an SQLite connection belongs to the thread that
opened it; reading 10,000 people takes well under a second). Opening the hazard sources and
assessing everyone run in a :class:`~app.job_runner.JobRunner`, on plain data.

The default project sits beside the demo data in the user data folder; on first use it gets
the demo residents through the roster import, the demo shelters, and the demo's hazard sources.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.job_runner import JobRunner
from evac_plans.assessment import Assessment, HazardInputs, assess, open_hazard_inputs, people_columns
from evac_plans.model import EvacuationPlan, Shelter, Supporter, SupportLink
from evac_plans.person_list import PersonTable
from evac_plans.repository import (
    PersonRecord,
    current_plans,
    link_supporters,
    load_roster,
    load_shelters,
    save_person,
    save_plan,
    save_supporter,
    supporters_of,
)
from evac_plans.roster_import import import_roster
from evac_plans.shelters import import_shelter_file
from i18n import t
from jobs.feedback import Feedback
from app.project_file import acquire, release
from store import ProjectStore
from store.hazard_sources import add_hazard_source, hazard_source_paths
from workspace.demo import ensure_demo


def seed_from_demo(store: ProjectStore, demo_dir: Path) -> None:
    """Give an empty project the residents (roster import), shelters and hazard sources of a
    folder laid out like the demo; parts the folder lacks are left out."""
    if (residents := demo_dir / "residents" / "residents.csv").is_file():
        import_roster(store, residents)
    if (shelters := demo_dir / "shelters" / "shelters.csv").is_file():
        import_shelter_file(store, shelters)
    for source in (demo_dir / "hazard" / "flood_depth_L2.tif", demo_dir / "plateau"):
        if source.exists():
            add_hazard_source(store, source)


class PlansSession(QObject):
    """Signals ``changed`` (people or plans reloaded) and ``assessed`` (assessments and hazard inputs ready)."""

    changed = Signal()
    assessed = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.store: ProjectStore | None = None
        self.people: list[PersonRecord] = []
        self.plans: dict[str, EvacuationPlan] = {}
        self.shelters: list[Shelter] = []
        self.assessments: dict[str, Assessment] = {}
        self.inputs = HazardInputs()
        self._runner: JobRunner | None = None

    # project -------------------------------------------------------------
    def open(self, path: Path, demo_dir: Path | None = None) -> None:
        """Open (or create) a project file; an empty one is seeded from ``demo_dir`` when given.

        Raises
        ------
        store.StoreError
            If the file is locked by another writer or is not a project file.
        """
        self.close()
        if demo_dir is not None:
            ensure_demo(demo_dir, Feedback())  # before the project file is created inside it
        self.store = acquire(path)
        if demo_dir is not None and not load_roster(self.store):
            seed_from_demo(self.store, demo_dir)
        self.inputs = HazardInputs()
        self.reload()

    def close(self) -> None:
        """Close the project file (the lock is released)."""
        if self._runner is not None:
            self._runner.cancel()
        if self.store is not None:
            release(self.store)
            self.store = None

    def reload(self) -> None:
        """Read people, plans and shelters again, then reassess everyone in the background."""
        assert self.store is not None
        self.people = load_roster(self.store)
        self.plans = current_plans(self.store)
        self.shelters = load_shelters(self.store)
        self.changed.emit()
        self.reassess()

    def table(self) -> PersonTable:
        """The person list's table with the latest assessments."""
        return PersonTable(self.people, self.plans, self.assessments)

    def record(self, person_id: str) -> PersonRecord | None:
        return next((r for r in self.people if r.person.id == person_id), None)

    def supporters(self, person_id: str) -> list[tuple[Supporter, SupportLink]]:
        assert self.store is not None
        return supporters_of(self.store, person_id)

    # saving --------------------------------------------------------------
    def save(self, record: PersonRecord, plan: EvacuationPlan, supporter: Supporter | None, roles: tuple[str, ...]) -> EvacuationPlan:
        """Save the person, their supporter and a new version of the plan; returns the stored plan."""
        assert self.store is not None
        save_person(self.store, record)
        if supporter is not None:
            save_supporter(self.store, supporter)
            link_supporters(self.store, record.person.id, [SupportLink(record.person.id, supporter.id, roles)])
        stored = save_plan(self.store, replace(plan, author=plan.author or self.store.staff))
        self.reload()
        return stored

    # assessment ----------------------------------------------------------
    def reassess(self) -> JobRunner | None:
        """Assess everyone off the GUI thread; ``assessed`` fires when done."""
        if self.store is None:
            return None
        paths = hazard_source_paths(self.store)
        columns, shelters, inputs = people_columns(self.people, self.plans), list(self.shelters), self.inputs

        def work(feedback: Feedback):
            ready = inputs if sorted(inputs.labels) == sorted(map(str, paths)) else open_hazard_inputs(paths, feedback.step(0, 50))
            yield ready, assess(columns, ready, shelters, feedback.step(50, 100))

        if self._runner is not None:
            self._runner.cancel()
        self._runner = runner = JobRunner(t("要支援者を評価しています", "Assessing people"), work, self._window)
        runner.item.connect(self._on_assessed)
        runner.start()
        return runner

    def _on_assessed(self, result: object) -> None:
        inputs, assessments = result  # type: ignore[misc]
        self.inputs = inputs
        self.assessments = {a.person_id: a for a in assessments}
        self.assessed.emit()
