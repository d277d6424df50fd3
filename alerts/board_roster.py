"""What the board needs from the project, loaded once per change of the roster or the plans, and
the board at a moment from it plus the live gauge series and weather reports.

The ``board`` command (:mod:`alerts.jobs`) reads files; the desktop board takes the series and
reports the live panel holds. Both add the project's history (:func:`alerts.sources.with_history`,
:func:`alerts.sources.stored_weather`), the city's issues, the shelters staff opened or closed and
the safety checks kept in the project. The dock calls these on a worker thread with a read-only
store of its own (SQLite in WAL lets it read while the window's store writes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

import numpy as np

from alerts.board import Board, evaluate_board
from alerts.conditions import WeatherPoll, take_snapshot
from alerts.issued import load_issued
from alerts.people import BoardPeople, area_refs, compile_people
from alerts.safety import latest_at, load_checks
from alerts.shelter_status import ShelterState, load_shelter_states
from alerts.welfare import DEFAULT_WELFARE_NEEDS, WelfareNeeds
from alerts.sources import stored_weather, with_history
from evac_plans.model import EvacuationPlan, Shelter, Supporter, SupportLink
from evac_plans.repository import PersonRecord, current_plans, load_roster, load_shelters, supporters_of
from feeds.series import LevelSeries
from jobs.feedback import Feedback
from store.connection import ProjectStore
from weather.states import WarningState


@dataclass(frozen=True)
class BoardRoster:
    """The people (``records`` in the order of ``people``), their plans, shelters and supporters,
    and per person whether their care needs call for a 福祉避難所 (:mod:`alerts.welfare`)."""

    records: list[PersonRecord]
    plans: dict[str, EvacuationPlan]
    shelters: list[Shelter]
    supporters: dict[str, list[tuple[Supporter, SupportLink]]]
    people: BoardPeople
    needs_welfare: np.ndarray

    def shelter_names(self) -> dict[str, str]:
        """Shelter name by 共通ID."""
        return {s.common_id: s.name for s in self.shelters}


def load_board_roster(
    store: ProjectStore,
    vertical_ok: Mapping[str, bool | None] | None = None,
    welfare: WelfareNeeds = DEFAULT_WELFARE_NEEDS,
    with_supporters: bool = True,
) -> BoardRoster:
    """Read people, plans, shelters and supporters and compile the board's columns.

    ``vertical_ok`` is the assessment's feasibility of staying upstairs by person id (absent:
    unknown); ``welfare`` says which care needs call for a 福祉避難所; without ``with_supporters``
    nobody's supporters are read (the commands do not print them).
    """
    records = load_roster(store)
    plans = current_plans(store)
    people = compile_people([r.person for r in records], plans, area_refs(store), vertical_ok)
    supporters = {r.person.id: found for r in records if with_supporters and (found := supporters_of(store, r.person.id))}
    needs = np.array([welfare.needs(r.care) for r in records], dtype=bool)
    return BoardRoster(records, plans, load_shelters(store), supporters, people, needs)


def board_at(
    store: ProjectStore,
    roster: BoardRoster,
    at: pd.Timestamp,
    series: Sequence[LevelSeries] = (),
    reports: Sequence[WarningState] = (),
    feedback: Feedback | None = None,
    weather_poll: WeatherPoll | None = None,
    shelters: Sequence[ShelterState] | None = None,
) -> Board:
    """The board at ``at`` from ``series`` and ``reports`` (live), the project's gauge and weather
    history, the city's issues, the shelters opened or closed (``shelters``; read from the
    project when None) and the safety checks kept in the project; ``weather_poll`` when
    following live polling."""
    fb = feedback or Feedback()
    entered = load_shelter_states(store, roster.shelter_names()) if shelters is None else shelters
    snap = take_snapshot(
        at, with_history(store, series, fb), [*stored_weather(store), *reports], load_issued(store), entered, weather_poll
    )
    return evaluate_board(roster.people, snap, latest_at(load_checks(store), at))
