"""What a drill reads from the project, for the ``drill`` command and the desktop's 避難訓練 dock alike."""

from __future__ import annotations

import os
from dataclasses import dataclass

from alerts.drill import Drill
from alerts.people import area_refs
from alerts.scenario import load_scenario
from alerts.sources import with_history
from evac_plans.model import EvacuationPlan
from evac_plans.repository import PersonRecord, current_plans, load_roster
from feeds.gauges import Gauge
from jobs.feedback import Feedback
from store.board import AreaRow, support_roles
from store.connection import ProjectStore


@dataclass(frozen=True)
class DrillInputs:
    """The people, their current plans and supporters' roles (by person id), the areas' reference
    gauges, and the gauges the project knows (thresholds a scenario may lack)."""

    people: list[PersonRecord]
    plans: dict[str, EvacuationPlan]
    roles: dict[str, tuple[str, ...]]
    refs: dict[str, AreaRow]
    known: dict[str, Gauge]


def load_drill_inputs(store: ProjectStore, feedback: Feedback) -> DrillInputs:
    """Read everything a drill needs from the project (on the thread that owns ``store``)."""
    known = {s.gauge.station_id: s.gauge for s in with_history(store, [], feedback)}
    return DrillInputs(load_roster(store), current_plans(store), support_roles(store), area_refs(store), known)


def prepare_drill(inputs: DrillInputs, scenario: str | os.PathLike[str], feedback: Feedback) -> Drill:
    """The drill of a scenario file on these inputs (raises :class:`alerts.errors.ScenarioError`)."""
    return Drill(load_scenario(scenario, inputs.known, feedback), inputs.refs)
