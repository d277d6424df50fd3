"""The board's small tables: counts per area, the shelter load, one person's safety-check history.

Each is a read-only :class:`QTableWidget` whose columns stretch to the dock's width, so counts are
read without scrolling sideways (1366×768 and up); headers are short and every time is shown.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from alerts.board import STATE_LABELS
from alerts.labels import clock
from alerts.safety import STATUS_LABELS, HistoryEntry
from alerts.shelter_load import ShelterLoad
from app.board.table_model import URGENCY
from i18n import t

FLAG_COLOR = QColor(255, 215, 215)
"""Background of a shelter row staff must act on."""
SHELTER_COLUMNS = (("状態", "State"), ("避難所", "Shelter"), ("割当 / 定員", "Assigned / capacity"), ("今すぐ避難", "Leave now"),
                   ("避難準備", "Prepare"), ("要福祉避難所", "Need welfare shelter"), ("開設・閉鎖の入力", "Opened / closed entry"),
                   ("注意", "Attention"))  # fmt: skip
HISTORY_COLUMNS = (("時刻", "Time"), ("状況", "Status"), ("入力元", "Source"), ("入力者", "Staff"), ("メモ", "Note"))
SHELTER_ROLE = Qt.ItemDataRole.UserRole + 3
"""The shelter's 共通ID (column 0 of the shelter table)."""


class _Table(QTableWidget):
    """Read-only, whole rows selected, columns stretched to the width (no sideways scrolling)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def _fill(self, headers: list[str], rows: list[list[str]]) -> None:
        self.setSortingEnabled(False)
        self.clearContents()
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.setItem(r, c, QTableWidgetItem(text))


class AreaCounts(_Table):
    """People per board state (columns, those present) for each area (rows)."""

    def show_counts(self, table: pd.DataFrame) -> None:
        shown = [s for s in URGENCY if table[s].sum() > 0] or list(URGENCY)
        headers = [t("地区", "Area"), *(t(*STATE_LABELS[s]) for s in shown), t("計", "Total")]
        rows = [
            [str(area) or t("(未設定)", "(not set)"), *(str(int(row[s])) for s in shown), str(int(row.sum()))]
            for area, row in table.iterrows()
        ]
        self._fill(headers, rows)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in range(1, len(headers)):
            for r in range(len(rows)):
                self.item(r, c).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class ShelterTable(_Table):
    """The shelter load, flagged rows first and tinted (:mod:`alerts.shelter_load`)."""

    def show_loads(self, loads: list[ShelterLoad]) -> None:
        current = self.selected_shelter()
        rows = [_shelter_cells(s) for s in loads]
        self._fill([t(*c) for c in SHELTER_COLUMNS], rows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for c in range(len(SHELTER_COLUMNS)):
            mode = QHeaderView.ResizeMode.Stretch if c in (1, 7) else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(c, mode)
        for r, load in enumerate(loads):
            self.item(r, 0).setData(SHELTER_ROLE, load.shelter_id)
            if load.flagged:
                for c in range(len(SHELTER_COLUMNS)):
                    self.item(r, c).setBackground(FLAG_COLOR)
            if load.shelter_id == current:
                self.selectRow(r)
        self.resizeRowsToContents()

    def selected_shelter(self) -> str:
        """The selected shelter's 共通ID ("" when none)."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return str(self.item(rows[0].row(), 0).data(SHELTER_ROLE)) if rows else ""


def _shelter_cells(s: ShelterLoad) -> list[str]:
    state = (
        t("未入力", "not entered")
        if s.status is None
        else t("開設", "open")
        if s.status.open
        else t("閉鎖", "closed")
    )
    capacity = "?" if s.capacity is None else str(s.capacity)
    welfare = t("{n} 人 (うち福祉避難所以外 {u})", "{n} (at an ordinary shelter: {u})", n=s.needs_welfare, u=s.welfare_unmet)
    entry = f"{clock(s.status.time)} {s.status.staff}".strip() if s.status is not None else ""
    notes = []
    if s.closed_with_people:
        notes.append(t("閉鎖中に {n} 人が割当", "closed with {n} assigned", n=s.assigned))
    if s.over_capacity:
        notes.append(t("定員超過", "over capacity"))
    if s.welfare_unmet:
        notes.append(t("福祉避難所が必要な人 {n} 人", "{n} need a welfare shelter", n=s.welfare_unmet))
    name = s.name + (t(" (福祉避難所)", " (welfare shelter)") if s.welfare else "")
    return [state, name, f"{s.assigned} / {capacity}", str(s.by_state["leave_now"]), str(s.by_state["prepare"]), welfare, entry, t("、", ", ").join(notes)]


class HistoryTable(_Table):
    """One person's safety checks, newest first: time, status, where from, who, note."""

    def show_history(self, entries: list[HistoryEntry]) -> None:
        rows = [
            [clock(e.check.time), t(*STATUS_LABELS.get(e.check.status, (e.check.status, e.check.status))), e.source_label(), e.staff, e.check.note]
            for e in entries
        ]  # fmt: skip
        self._fill([t(*c) for c in HISTORY_COLUMNS], rows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for c in range(len(HISTORY_COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch if c in (2, 4) else QHeaderView.ResizeMode.ResizeToContents)
