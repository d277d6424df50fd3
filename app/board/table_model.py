"""The board's list: one row per person (state, name, areas, reason, time of the inputs).

Sorting by the state column follows :data:`URGENCY` (今すぐ避難 first), not the alphabet; the filter proxy matches the search text in any column and an optional state.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from alerts.board import STATE_LABELS, Board
from alerts.labels import clock
from app.board.map_layer import STATE_COLORS
from evac_plans.repository import PersonRecord
from i18n import t

COLUMNS = (("状態", "State"), ("住民ID", "ID"), ("氏名", "Name"), ("町内会", "Association"),
           ("民生委員地区", "Welfare district"), ("理由", "Reason"), ("入力の時刻", "Input times"))  # fmt: skip
URGENCY = ("leave_now", "prepare", "unknown", "stay_vertical", "evacuated", "safe_at_home", "no_action")
"""Board states in the order staff act on them (the list's sort, the counts line)."""
REASON_COLUMN, REASON_WIDTH_PX = 5, 440
INPUTS_COLUMN = 6
"""Worded when shown (or sorted on), not for every row on each recompute."""
STATE_ROLE = Qt.ItemDataRole.UserRole + 1
"""The state code of a row (any column)."""
PERSON_ROLE = Qt.ItemDataRole.UserRole + 2
"""The person id of a row (any column)."""
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class BoardTableModel(QAbstractTableModel):
    """The people of one :class:`~alerts.board.Board` (set with :meth:`set_board`)."""

    def __init__(self) -> None:
        super().__init__()
        self._board: Board | None = None
        self._rows: list[tuple[str, ...]] = []
        self._states: list[str] = []
        self._ids: list[str] = []

    def set_board(self, board: Board, records: list[PersonRecord]) -> None:
        """Show ``board`` (``records`` in its order)."""
        self.beginResetModel()
        self._board = board
        self._states = [str(s) for s in board.state]
        self._ids = [str(p) for p in board.people.ids]
        self._rows = [
            (t(*STATE_LABELS[self._states[i]]), r.person.external_id, r.person.name, r.person.area, r.person.welfare_district,
             str(board.reason[i]))
            for i, r in enumerate(records)
        ]  # fmt: skip
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(*COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _input_times(self._board, row) if col == INPUTS_COLUMN and self._board else self._rows[row][col]
        if role == STATE_ROLE:
            return self._states[row]
        if role == PERSON_ROLE:
            return self._ids[row]
        if role == Qt.ItemDataRole.BackgroundRole and col == 0:
            return QColor(*STATE_COLORS[self._states[row]])
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return (
                QColor("white")
                if self._states[row] in ("leave_now", "stay_vertical", "evacuated", "safe_at_home")
                else QColor("black")
            )
        return None


class BoardFilterModel(QSortFilterProxyModel):
    """Search text in any column, and one state (None: all); state sorts by :data:`URGENCY`."""

    def __init__(self) -> None:
        super().__init__()
        self.state: str | None = None
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_state(self, state: str | None) -> None:
        self.beginFilterChange()
        self.state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt API)
        model = self.sourceModel()
        if self.state is not None and model.index(source_row, 0, source_parent).data(STATE_ROLE) != self.state:
            return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802 (Qt API)
        if left.column() == 0:
            return URGENCY.index(left.data(STATE_ROLE)) < URGENCY.index(right.data(STATE_ROLE))
        return str(left.data()) < str(right.data())


def _input_times(board: Board, i: int) -> str:
    """``gauge:DEMO001 06/02 17:20 (古い)`` for each input the person's state rests on."""
    parts = []
    for ref in board.inputs(i):
        when = clock(ref.time) if ref.time is not None else t("なし", "none")
        parts.append(f"{ref.source} {when}" + (t(" (古い)", " (stale)") if ref.stale else ""))
    return ", ".join(parts)
