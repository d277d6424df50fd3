"""One person at a time, for the editor: live assessment and shelter suggestions while a plan is edited."""

from __future__ import annotations

from collections.abc import Sequence

from evac_plans.assessment.engine import Assessment, assess
from evac_plans.assessment.hazard_inputs import HazardInputs
from evac_plans.assessment.home import home_hazards
from evac_plans.assessment.people import people_columns
from evac_plans.assessment.rules import climb_code
from evac_plans.assessment.suitability import needed_flags, suggest_shelters
from evac_plans.model import EvacuationPlan, Shelter
from evac_plans.repository import PersonRecord


def assess_one(record: PersonRecord, plan: EvacuationPlan | None, inputs: HazardInputs, shelters: Sequence[Shelter]) -> Assessment:
    """The assessment of one person with the plan as edited (not yet saved)."""
    plans = {record.person.id: plan} if plan is not None else {}
    return assess(people_columns([record], plans), inputs, shelters)[0]


def suggestions(record: PersonRecord, inputs: HazardInputs, shelters: Sequence[Shelter], limit: int = 3) -> list[tuple[Shelter, float]]:
    """The nearest shelters suiting the hazards at the person's home and their mobility (empty without a home point).

    Returns
    -------
    list of (Shelter, float)
        Nearest first, with the straight-line distance in metres.
    """
    person = record.person
    if person.home_lon is None or person.home_lat is None:
        return []
    columns = people_columns([record], {})
    flags = needed_flags(home_hazards(columns, inputs).hazards_present(0))
    return suggest_shelters(person.home_lon, person.home_lat, flags, int(climb_code(columns.mobility)[0]), shelters, limit)
