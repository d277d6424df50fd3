"""Shelters opened and closed by staff (開設 / 閉鎖), with the time and who entered it.

Every entry is kept in the project (``shelter_status``); a shelter's state at a moment is its
newest entry at or before it (the entry's time is when it opened or closed, typed by staff). A
shelter nobody entered has no state (未入力): the board then says nothing about it. The board's
reason says when a person who must leave is heading to a closed shelter
(:func:`alerts.board.evaluate_board`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from alerts.times import iso_jst, newest_at, parse_time
from store.connection import ProjectStore
from store.shelter_status import ShelterStatusRow, add_shelter_status, shelter_statuses


@dataclass(frozen=True)
class ShelterState:
    """A shelter (共通ID) opened (``open``) or closed at ``time`` (tz-aware) by ``staff``; ``name`` for reasons."""

    common_id: str
    open: bool
    time: pd.Timestamp
    staff: str = ""
    name: str = ""


def save_shelter_state(store: ProjectStore, state: ShelterState) -> None:
    """Keep an opening or closing entered by staff (who entered it is recorded: the staff name, else the OS user)."""
    add_shelter_status(store, ShelterStatusRow(state.common_id, state.open, iso_jst(state.time)))


def load_shelter_states(store: ProjectStore, names: Mapping[str, str] | None = None) -> list[ShelterState]:
    """Every opening and closing kept (entries with an unreadable time left out), named from ``names``."""
    out = []
    for row in shelter_statuses(store):
        time = parse_time(row.time)
        if time is not None:
            out.append(ShelterState(row.common_id, row.open, time, row.staff, (names or {}).get(row.common_id, "")))
    return out


def states_at(states: Iterable[ShelterState], at: pd.Timestamp) -> dict[str, ShelterState]:
    """Each shelter's newest entry at or before ``at``, by 共通ID."""
    return newest_at(states, at, lambda s: s.common_id)
