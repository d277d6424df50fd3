"""One update of the desktop board, read through a read-only store of its own so that it can run
on a worker thread while the window's store stays on the GUI thread (SQLite in WAL mode lets a
reader work beside the writer): the roster (when asked), the board, the shelter load and the
counts per area, all ready to show.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from alerts.board import Board
from alerts.board_lists import counts_by
from alerts.board_roster import BoardRoster, board_at, load_board_roster
from alerts.conditions import WeatherPoll
from alerts.safety import HistoryEntry, person_history
from alerts.shelter_load import ShelterLoad, shelter_loads
from alerts.shelter_status import load_shelter_states, states_at
from feeds.series import LevelSeries
from store import open_store
from weather.states import WarningState


@dataclass(frozen=True)
class BoardUpdate:
    """The board at a moment with what the dock shows beside it: the shelter load and the counts
    per 町内会 (``by_area``) and per 民生委員 district (``by_district``)."""

    roster: BoardRoster
    board: Board
    shelters: list[ShelterLoad]
    by_area: pd.DataFrame
    by_district: pd.DataFrame


def update_board(
    path: str | os.PathLike[str],
    roster: BoardRoster | None,
    at: pd.Timestamp,
    series: Sequence[LevelSeries] = (),
    reports: Sequence[WarningState] = (),
    weather_poll: WeatherPoll | None = None,
    vertical_ok: Mapping[str, bool | None] | None = None,
) -> BoardUpdate:
    """Compute the board at ``at`` from the project at ``path`` (read-only); ``roster`` None reads
    the people and plans again (with ``vertical_ok`` from the assessment).

    Raises
    ------
    store.StoreError
        If the project cannot be opened.
    """
    with open_store(path, read_only=True) as store:
        roster = roster if roster is not None else load_board_roster(store, vertical_ok)
        entered = load_shelter_states(store, roster.shelter_names())
        board = board_at(store, roster, at, series, reports, weather_poll=weather_poll, shelters=entered)
    loads = shelter_loads(board, roster, states_at(entered, at))
    return BoardUpdate(roster, board, loads, counts_by(board, "area"), counts_by(board, "district"))


def read_history(path: str | os.PathLike[str], person_id: str) -> list[HistoryEntry]:
    """One person's safety-check history, newest first, from the project at ``path`` (read-only)."""
    with open_store(path, read_only=True) as store:
        return person_history(store, person_id)
