"""Shelter load on the board: per shelter, the people the plans send there against its capacity,
how many of them need a 福祉避難所 (:mod:`alerts.welfare`) and whether it is one, whether staff
entered it open or closed (and when, and who), and how many are in each board state now (how
many must leave for it now).

A shelter is flagged when it is closed with people assigned, when more people are assigned than
it holds, or when people who need a 福祉避難所 are sent to one that is not (their plan names an
ordinary shelter that is not marked 福祉避難所). Counts are gathered with pandas over the board's
arrays (one pass for 10,000 people), not per person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from alerts.board import STATES, Board
from alerts.board_roster import BoardRoster
from alerts.shelter_status import ShelterState
from alerts.times import iso_jst


@dataclass(frozen=True)
class ShelterLoad:
    """One shelter's load at the board's moment (see the module docstring).

    ``capacity`` None when the project does not know it; ``status`` the staff entry in force (None:
    nobody entered one); ``by_state`` the assigned people per board state; ``welfare_unmet`` those
    needing a 福祉避難所 whose destination is not one.
    """

    shelter_id: str
    name: str
    capacity: int | None
    welfare: bool
    assigned: int
    needs_welfare: int
    welfare_unmet: int
    by_state: dict[str, int]
    status: ShelterState | None

    @property
    def closed_with_people(self) -> bool:
        """Closed by staff while the plans still send people here."""
        return self.status is not None and not self.status.open and self.assigned > 0

    @property
    def over_capacity(self) -> bool:
        """More people assigned than the shelter holds."""
        return self.capacity is not None and self.assigned > self.capacity

    @property
    def flagged(self) -> bool:
        """Something staff must act on (closed with people, over capacity, 福祉避難所 needs unmet)."""
        return self.closed_with_people or self.over_capacity or self.welfare_unmet > 0

    def record(self) -> dict[str, Any]:
        """The shelter as one JSON object (no personal data: counts only)."""
        s = self.status
        return {
            "shelter": self.shelter_id, "name": self.name, "capacity": self.capacity, "welfare": self.welfare,
            "assigned": self.assigned, "needs_welfare": self.needs_welfare, "welfare_unmet": self.welfare_unmet,
            "open": None if s is None else s.open, "status_time": None if s is None else iso_jst(s.time),
            "status_staff": None if s is None else s.staff, "states": self.by_state, "flagged": self.flagged,
        }  # fmt: skip


def shelter_loads(board: Board, roster: BoardRoster, status: Mapping[str, ShelterState]) -> list[ShelterLoad]:
    """Every shelter of the project (and any unknown one a plan names), most urgent first: flagged,
    then by people who must leave for it now, then by people assigned.

    ``status`` is each shelter's staff entry in force (:func:`alerts.shelter_status.states_at`).
    """
    shelters = {s.common_id: s for s in roster.shelters}
    to_welfare_kind = np.array(
        [(p := roster.plans.get(str(i))) is not None and p.destination is not None and p.destination.kind == "welfare_shelter"
         for i in board.people.ids], dtype=bool,
    )  # fmt: skip
    frame = pd.DataFrame(
        {"shelter": board.people.shelter, "state": board.state, "needs": roster.needs_welfare, "to_welfare": to_welfare_kind}
    )
    frame = frame[frame["shelter"] != ""]
    welfare_ids = {k for k, s in shelters.items() if s.welfare}
    frame["unmet"] = frame["needs"] & ~frame["to_welfare"] & ~frame["shelter"].isin(welfare_ids)
    sums = frame.groupby("shelter")[["needs", "unmet"]].sum()
    sizes = frame.groupby("shelter").size()
    states = pd.crosstab(frame["shelter"], frame["state"]).reindex(columns=list(STATES), fill_value=0)
    out = []
    for sid in dict.fromkeys([*shelters, *sizes.index]):
        shelter = shelters.get(sid)
        assigned = int(sizes.get(sid, 0))
        by_state = {k: int(v) for k, v in states.loc[sid].items()} if assigned else dict.fromkeys(STATES, 0)
        out.append(
            ShelterLoad(
                sid, shelter.name if shelter else sid, shelter.capacity if shelter else None, bool(shelter and shelter.welfare),
                assigned, int(sums["needs"].get(sid, 0)), int(sums["unmet"].get(sid, 0)), by_state, status.get(sid),
            )
        )  # fmt: skip
    return sorted(out, key=lambda s: (not s.flagged, -s.by_state["leave_now"], -s.assigned, s.name))
