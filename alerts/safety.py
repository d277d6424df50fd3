"""Safety checks (安否確認): entered on the board or merged from returned offline packages.

Every mark is kept (the history); a person's status at a moment is their newest mark at or
before it. The status codes are those of the offline packages (:mod:`evac_plans.package.checks`):

=================  ===================================  =======================
code               meaning                              board state
=================  ===================================  =======================
``evacuated``      避難済: at a shelter or elsewhere    ``evacuated``
``safe_home``      無事・自宅: safe, staying at home    ``safe_at_home``
``needs_rescue``   要救助                               (the plan decides)
``absent``         不在                                 (the plan decides)
``unconfirmed``    未確認                               (the plan decides)
=================  ===================================  =======================

Other codes are kept as they are and do not change the board state. Each mark keeps who entered
or merged it and where it came from (typed on the board, or the return file's name), for the
dock's per-person history (:func:`person_history`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from alerts.times import iso_jst, newest_at, parse_time
from i18n import t
from store import board as board_table
from store.connection import ProjectStore

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "evacuated": ("避難済", "evacuated"),
    "safe_home": ("無事・自宅", "safe at home"),
    "needs_rescue": ("要救助", "needs rescue"),
    "absent": ("不在", "absent"),
    "unconfirmed": ("未確認", "unconfirmed"),
}
"""Status code → label (ja, en)."""
BOARD_STATES = {"evacuated": "evacuated", "safe_home": "safe_at_home"}
"""Status codes that decide the board state by themselves."""


@dataclass(frozen=True)
class SafetyCheck:
    """One mark: whose, which status, when (tz-aware), a free-text note (never logged), where from
    (a package id, "" when entered on the board)."""

    person_id: str
    status: str
    time: pd.Timestamp
    note: str = ""
    package_id: str = ""


def add_check(store: ProjectStore, check: SafetyCheck) -> None:
    """Keep a mark entered on the board (audited with the person's id only)."""
    board_table.add_check(
        store, board_table.CheckRow(check.person_id, check.status, iso_jst(check.time), check.note, check.package_id)
    )


def load_checks(store: ProjectStore) -> list[SafetyCheck]:
    """Every mark kept in the project (board and packages); marks with an unreadable time are left out."""
    out = []
    for row in board_table.all_checks(store):
        time = parse_time(row.time)
        if time is not None:
            out.append(SafetyCheck(row.person_id, row.status, time, row.note, row.package_id))
    return out


@dataclass(frozen=True)
class HistoryEntry:
    """One mark of a person's history: the mark, who entered or merged it, and where it came from
    (``source``: the return file's name, "" when typed on the board)."""

    check: SafetyCheck
    staff: str
    source: str

    def source_label(self) -> str:
        """手入力 for a mark typed on the board, else the return file (its name, or the package id for
        marks merged before file names were kept)."""
        if not self.check.package_id:
            return t("手入力", "typed")
        return t("返送ファイル {f}", "return file {f}", f=self.source or self.check.package_id[:12])


def person_history(store: ProjectStore, person_id: str) -> list[HistoryEntry]:
    """Every mark kept for one person, newest first (marks with an unreadable time left out)."""
    out = []
    for entry in board_table.check_entries(store, person_id):
        row = entry.check
        time = parse_time(row.time)
        if time is not None:
            out.append(HistoryEntry(SafetyCheck(row.person_id, row.status, time, row.note, row.package_id), entry.staff, entry.source))
    return out


def latest_at(checks: Iterable[SafetyCheck], at: pd.Timestamp) -> dict[str, SafetyCheck]:
    """Each person's newest mark at or before ``at``, by person id."""
    return newest_at(checks, at, lambda c: c.person_id)
