"""The 避難判断ボード dock's widget: the moment, counts by state and by area, the filtered list,
the 安否確認 and 避難情報 forms and the export button. It shows a board; the controller
(:mod:`app.board.controller`) computes it and saves what is entered."""

from __future__ import annotations

import html

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alerts.board import STATE_LABELS, Board
from alerts.board_lists import counts_by
from app.board.forms import Clock, IssuedForm, SafetyCheckForm
from app.board.map_layer import STATE_COLORS
from app.board.table_model import PERSON_ROLE, REASON_COLUMN, REASON_WIDTH_PX, URGENCY, BoardFilterModel, BoardTableModel
from evac_plans.repository import PersonRecord
from i18n import t

AREA_KINDS = (("area", ("町内会別", "by association")), ("district", ("民生委員地区別", "by welfare district")))


class BoardPanel(QWidget):
    """``clock`` gives the board's moment (the forms' default time). Signals ``person_selected(str)`` (a person id; "" when none), ``moment_typed(str)`` (the
    time field, "" to follow the live panel) and ``recompute_requested()``."""

    person_selected = Signal(str)
    moment_typed = Signal(str)
    recompute_requested = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None
        self.moment = QLineEdit()
        self.moment.setPlaceholderText(t("判定時刻 (空欄: ライブ・再生に追従)", "board time (empty: follow live / replay)"))
        self.moment.returnPressed.connect(lambda: self.moment_typed.emit(self.moment.text().strip()))
        self.follow_button = QPushButton(t("ライブに追従", "Follow live"))
        self.follow_button.clicked.connect(lambda: (self.moment.clear(), self.moment_typed.emit("")))
        self.recompute_button = QPushButton(t("再計算", "Recompute"))
        self.recompute_button.clicked.connect(self.recompute_requested)
        self.at_label = QLabel()
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setWordWrap(True)
        self.area_kind = QComboBox()
        for key, label in AREA_KINDS:
            self.area_kind.addItem(t(*label), key)
        self.area_kind.currentIndexChanged.connect(self._show_areas)
        self.areas = QTableWidget()
        self.areas.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.search = QLineEdit()
        self.search.setPlaceholderText(t("絞り込み (氏名・地区・理由…)", "filter (name, area, reason…)"))
        self.state_filter = QComboBox()
        self.state_filter.addItem(t("すべての状態", "all states"), None)
        for state in URGENCY:
            self.state_filter.addItem(t(*STATE_LABELS[state]), state)
        self.model = BoardTableModel()
        self.proxy = BoardFilterModel()
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.state_filter.currentIndexChanged.connect(lambda _: self.proxy.set_state(self.state_filter.currentData()))
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(REASON_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(REASON_COLUMN, REASON_WIDTH_PX)  # the whole reason is in the tooltip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.check_form = SafetyCheckForm(clock)
        self.issued_form = IssuedForm(clock)
        self.export_button = QPushButton(t("今すぐ避難の一覧 CSV (支援者別)…", "Leave-now list CSV (per supporter)…"))
        self.pdf_button = QPushButton(t("印刷用 PDF (支援者ごと)…", "Printable PDF (per supporter)…"))
        self._layout()

    def _layout(self) -> None:
        """The list on the left (time, counts, filter); counts by area, the forms and export on the right."""
        top = QHBoxLayout()
        top.addWidget(self.moment, 1)
        top.addWidget(self.follow_button)
        top.addWidget(self.recompute_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.state_filter)
        left = QWidget()
        lbox = QVBoxLayout(left)
        lbox.addLayout(top)
        lbox.addWidget(self.at_label)
        lbox.addWidget(self.counts)
        lbox.addLayout(filters)
        lbox.addWidget(self.table, 1)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.addWidget(self.area_kind)
        rbox.addWidget(self.areas, 1)
        exports = QHBoxLayout()
        exports.addWidget(self.export_button)
        exports.addWidget(self.pdf_button)
        for widget in (self.check_form, self.issued_form):
            rbox.addWidget(widget)
        rbox.addLayout(exports)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(splitter)

    def show_board(self, board: Board, records: list[PersonRecord], note: str = "") -> None:
        """Show ``board`` (``records`` in its order); ``note`` says where its moment comes from."""
        self.board = board
        current = self.selected_person()
        self.model.set_board(board, records)
        self.at_label.setText(t("判定時刻 {a} {n}", "Board time {a} {n}", a=board.at.strftime("%Y-%m-%d %H:%M"), n=note))
        counts = board.counts()
        self.counts.setText(" ".join(_chip(state, counts[state]) for state in URGENCY))
        self._show_areas()
        if current:
            self.select_person(current)

    def selected_person(self) -> str:
        """The selected person's id ("" when none)."""
        index = self.table.currentIndex()
        return str(index.data(PERSON_ROLE)) if index.isValid() else ""

    def select_person(self, person_id: str) -> bool:
        """Select a person's row (False when the filter hides them or they are not on the board)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(PERSON_ROLE) == person_id:
                self.table.selectRow(row)
                self.table.setCurrentIndex(index)
                return True
        return False

    def _on_current(self, current, _previous) -> None:  # noqa: ANN001 (Qt indexes)
        self.person_selected.emit(str(current.data(PERSON_ROLE)) if current.isValid() else "")

    def _show_areas(self) -> None:
        if self.board is None:
            return
        table: pd.DataFrame = counts_by(self.board, str(self.area_kind.currentData()))
        shown = [s for s in URGENCY if table[s].sum() > 0] or list(URGENCY)
        self.areas.setRowCount(len(table))
        self.areas.setColumnCount(len(shown))
        self.areas.setHorizontalHeaderLabels([t(*STATE_LABELS[s]) for s in shown])
        self.areas.setVerticalHeaderLabels([str(a) or t("(未設定)", "(not set)") for a in table.index])
        for r, (_, row) in enumerate(table.iterrows()):
            for c, state in enumerate(shown):
                self.areas.setItem(r, c, QTableWidgetItem(str(int(row[state]))))


def _chip(state: str, n: int) -> str:
    """A coloured count for the counts line."""
    r, g, b, _ = STATE_COLORS[state]
    text_color = "black" if state in ("no_action", "prepare", "unknown") else "white"
    label = html.escape(t(*STATE_LABELS[state]))
    return f'<span style="background-color: rgb({r},{g},{b}); color: {text_color};">&nbsp;{label} {n}&nbsp;</span>'
