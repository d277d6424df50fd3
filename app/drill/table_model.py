"""The drill's list: one row per person (ID, name, departure, arrival, margin, outcome, flood rule)
and, after a what-if, the outcome and margin before → after for the people it changed.

Sorting the margin or a time column sorts by value (empty last), the outcome column by
:data:`OUTCOMES` (the ones to act on first); the filter proxy matches the search text in any
column and an optional outcome.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from alerts.drill import DrillResult
from alerts.drill_report import OUTCOME_LABELS
from alerts.labels import clock, threshold_label
from evac_plans.repository import PersonRecord
from app.widgets import ColumnsModel, Index
from i18n import t
from layers.outcomes import OTHER_OUTCOME_COLOR, OUTCOME_COLORS

COLUMNS = (("住民ID", "ID"), ("氏名", "Name"), ("出発", "Departs"), ("到着", "Arrives"), ("余裕 (分)", "Margin (min)"),
           ("結果", "Outcome"), ("浸水の規則", "Flood rule"), ("変更前 → 変更後", "Before → after"))  # fmt: skip
NAME_COLUMN, MARGIN_COLUMN, OUTCOME_COLUMN, CHANGE_COLUMN = 1, 4, 5, 7
OUTCOMES = tuple(OUTCOME_LABELS)
"""Outcomes in the order staff act on them (the list's sort, the counts line; as the debrief report)."""
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
"""The person id of a row (any column)."""
OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 2
"""The outcome code of a row (any column)."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 3


def outcome_label(outcome: str) -> str:
    """An outcome in words."""
    return t(*OUTCOME_LABELS.get(outcome, (outcome, outcome)))


def margin_text(margin: float) -> str:
    """``+1.5`` / ``−33.5`` minutes, "" when there is none."""
    return "" if np.isnan(margin) else f"{margin:+.1f}".replace("-", "−")


def flood_rule_text(result: DrillResult, i: int) -> str:
    """Which flood area decided the margin, and by what rule (``L2-rank3+: DEMO001 氾濫危険水位 + 30 分``)."""
    if result.area[i] < 0:
        return ""
    area = result.scenario.areas[result.area[i]]
    if area.floods_at is not None:
        return t("{a}: {m} に浸水 (指定)", "{a}: floods at {m} (stated)", a=area.id, m=clock(area.floods_at))
    return t("{a}: {g} {th} + {n:g} 分", "{a}: {g} {th} + {n:g} min", a=area.id, g=area.gauge, th=threshold_label("danger"), n=area.lag_min or 0)


class DrillTableModel(ColumnsModel):
    """The people of a :class:`~alerts.drill.DrillResult` (set with :meth:`set_result`)."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[tuple[Any, ...]] = []
        self._ids: list[str] = []
        self._outcomes: list[str] = []

    def set_result(self, result: DrillResult, records: list[PersonRecord], before: DrillResult | None = None) -> None:
        """Show ``result`` (``records`` in its order); ``before`` fills the before → after column
        for the people whose outcome or margin it changes."""
        self.beginResetModel()
        self._ids = [str(x) for x in result.ids]
        self._outcomes = [str(o) for o in result.outcome]
        self._rows, self._keys = [], []
        for i, r in enumerate(records):
            margin = float(result.margin_min[i])
            change = _change(before, result, i) if before is not None else ""
            self._rows.append((r.person.external_id, r.person.name, _time(result.depart[i]), _time(result.arrive[i]),
                               margin_text(margin), outcome_label(self._outcomes[i]), flood_rule_text(result, i), change))  # fmt: skip
            self._keys.append((r.person.external_id, r.person.kana or r.person.name, _key(result.depart[i]), _key(result.arrive[i]),
                               _key(margin), OUTCOMES.index(self._outcomes[i]), self._rows[-1][6], change == ""))  # fmt: skip
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[row][col]
        if role == SORT_ROLE:
            return self._keys[row][col]
        if role == PERSON_ROLE:
            return self._ids[row]
        if role == OUTCOME_ROLE:
            return self._outcomes[row]
        if role == Qt.ItemDataRole.BackgroundRole and col == OUTCOME_COLUMN:
            return QColor(*OUTCOME_COLORS.get(self._outcomes[row], OTHER_OUTCOME_COLOR))
        if role == Qt.ItemDataRole.ForegroundRole and col == OUTCOME_COLUMN:
            return QColor("white")
        return None


class DrillFilterModel(QSortFilterProxyModel):
    """Search text in any column, and one outcome (None: all); columns sort by value."""

    def __init__(self) -> None:
        super().__init__()
        self.outcome: str | None = None
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)

    def set_outcome(self, outcome: str | None) -> None:
        self.beginFilterChange()
        self.outcome = outcome
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt API)
        model = self.sourceModel()
        if self.outcome is not None and model.index(source_row, 0, source_parent).data(OUTCOME_ROLE) != self.outcome:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


def _time(ns: float) -> str:
    return "" if np.isnan(ns) else clock(pd.Timestamp(int(ns), tz="UTC"))


def _key(value: float) -> float:
    """Sort key: the value, empty (NaN) after every value."""
    return np.inf if np.isnan(value) else float(value)


def _change(before: DrillResult, after: DrillResult, i: int) -> str:
    old, new = str(before.outcome[i]), str(after.outcome[i])
    old_m, new_m = float(before.margin_min[i]), float(after.margin_min[i])
    if old == new and (old_m == new_m or (np.isnan(old_m) and np.isnan(new_m))):
        return ""
    return f"{outcome_label(old)} {margin_text(old_m)} → {outcome_label(new)} {margin_text(new_m)}".replace("  ", " ")
