"""The board's list: one row per person (state, name, areas, reason, time of the inputs).

Sorting by the state column follows :data:`URGENCY` (今すぐ避難 first), not the alphabet; the filter
proxy matches the search text in any column and an optional state.
The rows are worded by :func:`board_rows` (no Qt: the dock calls it on its worker thread), so
showing a board of 10,000 people on the GUI thread is one model reset.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from alerts.board import STATE_LABELS, Board
from alerts.labels import clock
from app.board.map_layer import STATE_COLORS
from evac_plans.repository import PersonRecord
from app.widgets import ColumnsModel, Index
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


class BoardTableModel(ColumnsModel):
    """The people of one :class:`~alerts.board.Board` (set with :meth:`set_board`).

    The model sorts itself (:meth:`sort`, numpy over the column, kept across boards) and answers
    the filter (:meth:`accepts`) from prepared arrays: a Python comparison per pair of rows in a
    proxy would block the GUI thread for a second with 10,000 people.
    """

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        self._board: Board | None = None
        self._rows: list[tuple[str, ...]] = []
        self._states: list[str] = []
        self._ids: list[str] = []
        self._rank = np.zeros(0, dtype=np.int64)
        self._order = np.zeros(0, dtype=np.int64)
        self._search: list[str] | None = None
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def set_board(self, board: Board, rows: list[tuple[str, ...]]) -> None:
        """Show ``board`` with its rows worded by :func:`board_rows`, in the current sort order."""
        self.beginResetModel()
        self._board = board
        self._states = board.state.astype(str).tolist()
        self._ids = board.people.ids.astype(str).tolist()
        self._rows = rows
        self._rank = pd.Index(URGENCY).get_indexer(board.state).astype(np.int64)
        self._search = None
        self._order = self._sorted()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (the state and input-times columns by :data:`URGENCY`), keeping the selection."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self._order
        self._order = self._sorted()
        where = np.empty_like(self._order)
        where[self._order] = np.arange(len(self._order))
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [self.index(int(where[old[p.row()]]), p.column()) for p in persistent])
        self.layoutChanged.emit()

    def _sorted(self) -> np.ndarray:
        column, order = self._sort
        keys = self._rank if column in (0, INPUTS_COLUMN) else np.array([r[column] for r in self._rows], dtype=object)
        found = np.argsort(keys, kind="stable").astype(np.int64)
        return found[::-1].copy() if order == Qt.SortOrder.DescendingOrder else found

    def row_of(self, person_id: str) -> int:
        """The row showing ``person_id`` (-1 when not on the board)."""
        try:
            i = self._ids.index(person_id)
        except ValueError:
            return -1
        return int(np.flatnonzero(self._order == i)[0])

    def accepts(self, row: int, state: str | None, text: str) -> bool:
        """Whether row ``row`` has ``state`` (None: any) and ``text`` (casefolded; "" any) in a column."""
        i = int(self._order[row])
        if state is not None and self._states[i] != state:
            return False
        if not text:
            return True
        if self._search is None:
            self._search = ["\t".join(r).casefold() for r in self._rows]
        return text in self._search[i]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i, col = int(self._order[index.row()]), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _input_times(self._board, i) if col == INPUTS_COLUMN and self._board else self._rows[i][col]
        if role == STATE_ROLE:
            return self._states[i]
        if role == PERSON_ROLE:
            return self._ids[i]
        if role == Qt.ItemDataRole.BackgroundRole and col == 0:
            return QColor(*STATE_COLORS[self._states[i]])
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QColor("white") if self._states[i] in ("leave_now", "stay_vertical", "evacuated", "safe_at_home") else QColor("black")
        return None


class BoardFilterModel(QSortFilterProxyModel):
    """Search text in any column (:meth:`set_text`) and one state (None: all). Sorting is passed
    to the source model, which sorts with numpy; the proxy itself keeps the source's order."""

    def __init__(self) -> None:
        super().__init__()
        self.state: str | None = None
        self.text = ""

    def set_state(self, state: str | None) -> None:
        self.beginFilterChange()
        self.state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt API)
        return self.sourceModel().accepts(source_row, self.state, self.text)  # type: ignore[attr-defined]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


def board_rows(board: Board, records: list[PersonRecord]) -> list[tuple[str, ...]]:
    """The list's text per person (``records`` in the board's order), input times left to :meth:`BoardTableModel.data`."""
    labels = {state: t(*label) for state, label in STATE_LABELS.items()}
    return [
        (labels[str(board.state[i])], r.person.external_id, r.person.name, r.person.area, r.person.welfare_district, str(board.reason[i]))
        for i, r in enumerate(records)
    ]


def _input_times(board: Board, i: int) -> str:
    """``gauge:DEMO001 06/02 17:20 (古い)`` for each input the person's state rests on."""
    parts = []
    for ref in board.inputs(i):
        when = clock(ref.time) if ref.time is not None else t("なし", "none")
        parts.append(f"{ref.source} {when}" + (t(" (古い)", " (stale)") if ref.stale else ""))
    return ", ".join(parts)
