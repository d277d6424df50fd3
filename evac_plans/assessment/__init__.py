"""Automatic assessment of people needing evacuation support (pure domain code, no Qt).

:func:`assess_project` assesses everyone in a project against its recorded hazard sources
plus any others; :func:`~evac_plans.assessment.engine.assess` does the work on columns. The
rules and numbers used are in :mod:`evac_plans.assessment.rules`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from evac_plans.assessment.engine import Assessment, assess
from evac_plans.assessment.hazard_inputs import HazardInputs, open_hazard_inputs
from evac_plans.assessment.people import PeopleColumns, load_people_columns, people_columns
from evac_plans.repository import PersonRecord, load_shelters
from jobs.feedback import Feedback
from store.connection import ProjectStore
from store.hazard_sources import hazard_source_paths


def assess_project(
    store: ProjectStore, extra_sources: Sequence[str | os.PathLike[str]] = (), feedback: Feedback | None = None
) -> tuple[list[PersonRecord], list[Assessment]]:
    """Assess every person in the project against its recorded hazard sources and ``extra_sources``.

    Sources that cannot be read are reported to ``feedback`` as errors; the rest are used.

    Returns
    -------
    (list of PersonRecord, list of Assessment)
        The people (not soft-deleted) and their assessments, in the same order.
    """
    feedback = feedback if feedback is not None else Feedback()
    paths = [*hazard_source_paths(store), *extra_sources]
    inputs = open_hazard_inputs(paths, feedback.step(0, 40))
    people, columns = load_people_columns(store)
    return people, assess(columns, inputs, load_shelters(store), feedback.step(40, 100))


__all__ = ["Assessment", "HazardInputs", "PeopleColumns", "assess", "assess_project", "open_hazard_inputs", "people_columns"]
