"""What the board needs from the project, loaded once per change of the roster or the plans, and
the board at a moment from it plus the live gauge series and weather reports.

The ``board`` command (:mod:`alerts.jobs`) reads files; the desktop board takes the series and
reports the live panel holds. Both add the project's history (:func:`alerts.sources.with_history`,
:func:`alerts.sources.stored_weather`), the city's issues and the safety checks kept in the project.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from alerts.board import Board, evaluate_board
from alerts.conditions import take_snapshot
from alerts.issued import load_issued
from alerts.people import BoardPeople, area_refs, compile_people
from alerts.safety import latest_at, load_checks
from alerts.sources import stored_weather, with_history
from evac_plans.model import EvacuationPlan, Shelter, Supporter, SupportLink
from evac_plans.repository import PersonRecord, current_plans, load_roster, load_shelters, supporters_of
from feeds.series import LevelSeries
from jobs.feedback import Feedback
from store.connection import ProjectStore
from weather.states import WarningState


@dataclass(frozen=True)
class BoardRoster:
    """The people (``records`` in the order of ``people``), their plans, shelters and supporters."""

    records: list[PersonRecord]
    plans: dict[str, EvacuationPlan]
    shelters: list[Shelter]
    supporters: dict[str, list[tuple[Supporter, SupportLink]]]
    people: BoardPeople


def load_board_roster(store: ProjectStore, vertical_ok: Mapping[str, bool | None] | None = None) -> BoardRoster:
    """Read people, plans, shelters and supporters and compile the board's columns.

    ``vertical_ok`` is the assessment's feasibility of staying upstairs by person id (absent: unknown).
    """
    records = load_roster(store)
    plans = current_plans(store)
    people = compile_people([r.person for r in records], plans, area_refs(store), vertical_ok)
    supporters = {r.person.id: found for r in records if (found := supporters_of(store, r.person.id))}
    return BoardRoster(records, plans, load_shelters(store), supporters, people)


def board_at(
    store: ProjectStore,
    roster: BoardRoster,
    at: pd.Timestamp,
    series: Sequence[LevelSeries] = (),
    reports: Sequence[WarningState] = (),
    feedback: Feedback | None = None,
) -> Board:
    """The board at ``at`` from ``series`` and ``reports`` (live), the project's gauge and weather
    history, the city's issues and the safety checks kept in the project."""
    fb = feedback or Feedback()
    snap = take_snapshot(at, with_history(store, series, fb), [*stored_weather(store), *reports], load_issued(store))
    return evaluate_board(roster.people, snap, latest_at(load_checks(store), at))
