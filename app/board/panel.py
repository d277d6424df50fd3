"""The 避難判断ボード dock's widget. Always in view: the moment, the counts by state and the time of
each input. Below, tabs:

* 状況: counts per 町内会 or 民生委員 district, the city's 避難情報 form and the exports;
* 一覧: the list (sortable, filtered by text and state) beside the selected person's 安否確認 form
  and history (a splitter: the list gets the room);
* 避難所: the shelter load (assigned vs capacity, 福祉避難所 needs, open / closed) and the form to
  enter a shelter opened or closed.

It shows what the controller (:mod:`app.board.controller`) computed off the GUI thread and saves
nothing itself.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alerts.board import STATE_LABELS, Board
from alerts.board_update import BoardUpdate
from alerts.labels import clock
from alerts.safety import HistoryEntry
from app.board.forms import Clock, IssuedForm, SafetyCheckForm, ShelterForm
from app.board.map_layer import STATE_COLORS
from app.board.table_model import PERSON_ROLE, REASON_COLUMN, REASON_WIDTH_PX, URGENCY, BoardFilterModel, BoardTableModel
from app.board.tables import AreaCounts, HistoryTable, ShelterTable
from app.widgets import sortable_table
from i18n import t

AREA_KINDS = (("area", ("町内会別", "by association")), ("district", ("民生委員地区別", "by welfare district")))
HEADLINE_PT = 14
"""Point size of the board time and the counts (read from across a room)."""
MOMENT_WIDTH_PX = 300
BUSY_DELAY_MS = 300
"""A computation shorter than this never shows 計算中 (no flicker on every feed update)."""


class BoardPanel(QWidget):
    """``clock`` gives the board's moment (the forms' default time). Signals ``person_selected(str)``
    (a person id; "" when none), ``moment_typed(str)`` (the time field, "" to follow the live
    panel) and ``recompute_requested()``."""

    person_selected = Signal(str)
    moment_typed = Signal(str)
    recompute_requested = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None
        self.shown: BoardUpdate | None = None
        self._restoring = False
        self.moment = QLineEdit()
        self.moment.setPlaceholderText(t("判定時刻 (空欄: ライブ・再生に追従)", "board time (empty: follow live / replay)"))
        self.moment.setMinimumWidth(MOMENT_WIDTH_PX)
        self.moment.returnPressed.connect(lambda: self.moment_typed.emit(self.moment.text().strip()))
        self.follow_button = QPushButton(t("ライブに追従", "Follow live"))
        self.follow_button.clicked.connect(lambda: (self.moment.clear(), self.moment_typed.emit("")))
        self.recompute_button = QPushButton(t("再計算", "Recompute"))
        self.recompute_button.clicked.connect(self.recompute_requested)
        self.busy = QLabel()
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.busy.setText(t("計算中…", "computing…")))
        headline = QFont(self.font())
        headline.setPointSize(max(headline.pointSize(), HEADLINE_PT))
        headline.setBold(True)
        self.at_label = QLabel(t("判定時刻: 未計算", "Board time: not computed yet"))
        self.at_label.setFont(headline)
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setWordWrap(True)
        self.counts.setFont(headline)
        self.inputs = QLabel()
        self.inputs.setWordWrap(True)
        self.inputs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.area_kind = QComboBox()
        for key, label in AREA_KINDS:
            self.area_kind.addItem(t(*label), key)
        self.area_kind.currentIndexChanged.connect(self._show_areas)
        self.areas = AreaCounts()
        self.search = QLineEdit()
        self.search.setPlaceholderText(t("絞り込み (氏名・地区・理由…)", "filter (name, area, reason…)"))
        self.state_filter = QComboBox()
        self.state_filter.addItem(t("すべての状態", "all states"), None)
        for state in URGENCY:
            self.state_filter.addItem(t(*STATE_LABELS[state]), state)
        self.model = BoardTableModel()
        self.proxy = BoardFilterModel()
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.set_text)
        self.state_filter.currentIndexChanged.connect(lambda _: self.proxy.set_state(self.state_filter.currentData()))
        self.table = sortable_table(self.proxy, 0, many=False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # ResizeToContents would measure 10,000 rows
        for column, width in enumerate((90, 70, 110, 150, 110)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(REASON_COLUMN, REASON_WIDTH_PX)  # the whole reason is in the tooltip
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.check_form = SafetyCheckForm(clock)
        self.history = HistoryTable()
        self.issued_form = IssuedForm(clock)
        self.shelters = ShelterTable()
        self.shelter_form = ShelterForm(clock)
        self.shelters.itemSelectionChanged.connect(self._on_shelter)
        self.export_button = QPushButton(t("今すぐ避難の一覧 CSV (支援者別)…", "Leave-now list CSV (per supporter)…"))
        self.pdf_button = QPushButton(t("印刷用 PDF (支援者ごと)…", "Printable PDF (per supporter)…"))
        self.tabs = QTabWidget()
        self._layout()

    def _layout(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.at_label)
        heading.addWidget(self.counts, 1)
        top = QHBoxLayout()
        top.addWidget(self.inputs, 1)
        top.addWidget(self.moment)
        top.addWidget(self.follow_button)
        top.addWidget(self.recompute_button)
        top.addWidget(self.busy)

        overview = QSplitter()
        areas = QWidget()
        abox = QVBoxLayout(areas)
        abox.setContentsMargins(0, 0, 0, 0)
        abox.addWidget(self.area_kind)
        abox.addWidget(self.areas, 1)
        side = QWidget()
        sbox = QVBoxLayout(side)
        sbox.setContentsMargins(0, 0, 0, 0)
        sbox.addWidget(self.issued_form)
        sbox.addWidget(self.export_button)
        sbox.addWidget(self.pdf_button)
        sbox.addStretch(1)
        overview.addWidget(areas)
        overview.addWidget(_scrolled(side))
        overview.setStretchFactor(0, 3)
        overview.setStretchFactor(1, 2)

        listing = QSplitter()
        people = QWidget()
        pbox = QVBoxLayout(people)
        pbox.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.state_filter)
        pbox.addLayout(filters)
        pbox.addWidget(self.table, 1)
        checks = QGroupBox(t("安否確認の履歴", "Safety-check history"))
        cbox = QVBoxLayout(checks)
        cbox.addWidget(self.history)
        right = QWidget()
        rbox = QVBoxLayout(right)
        rbox.setContentsMargins(0, 0, 0, 0)
        rbox.addWidget(self.check_form)
        rbox.addWidget(checks, 1)
        listing.addWidget(people)
        listing.addWidget(_scrolled(right))
        listing.setStretchFactor(0, 3)
        listing.setStretchFactor(1, 2)

        shelters = QSplitter()
        shelters.addWidget(self.shelters)
        shelters.addWidget(_scrolled(self.shelter_form))
        shelters.setStretchFactor(0, 4)
        shelters.setStretchFactor(1, 1)

        self.tabs.addTab(overview, t("状況", "Overview"))
        self.tabs.addTab(listing, t("一覧・安否確認", "List and safety checks"))
        self.tabs.addTab(shelters, t("避難所", "Shelters"))
        box = QVBoxLayout(self)
        box.addLayout(heading)
        box.addLayout(top)
        box.addWidget(self.tabs, 1)

    def set_busy(self, busy: bool) -> None:
        """Say that the board is being read or computed (off the GUI thread), once it takes a while."""
        if busy and not self._busy_timer.isActive() and not self.busy.text():
            self._busy_timer.start()
        elif not busy:
            self._busy_timer.stop()
            self.busy.clear()

    def show_update(self, update: BoardUpdate, rows: list[tuple[str, ...]], note: str = "") -> None:
        """Show one computed update (``rows`` worded by :func:`app.board.table_model.board_rows`);
        ``note`` says where its moment comes from."""
        self.shown, self.board = update, update.board
        board = update.board
        current = self.selected_person()
        self._restoring = True  # the same person stays selected: their form and history are kept
        self.model.set_board(board, rows)
        self.at_label.setText(t("判定時刻 {a} {n}", "Board time {a} {n}", a=board.at.strftime("%Y-%m-%d %H:%M"), n=note))
        counts = board.counts()
        self.counts.setText(" ".join(_chip(state, counts[state]) for state in URGENCY))
        self.inputs.setText(_input_line(board))
        self._show_areas()
        self.shelters.show_loads(update.shelters)
        if current:
            self.select_person(current)  # hidden by the filter now: the form and history stay with them
        self._restoring = False
        if current and self.model.row_of(current) < 0:
            self.person_selected.emit("")

    def show_history(self, entries: list[HistoryEntry]) -> None:
        """Show the selected person's safety-check history (newest first)."""
        self.history.show_history(entries)

    def selected_person(self) -> str:
        """The selected person's id ("" when none)."""
        index = self.table.currentIndex()
        return str(index.data(PERSON_ROLE)) if index.isValid() else ""

    def select_person(self, person_id: str) -> bool:
        """Select a person's row (False when the filter hides them or they are not on the board)."""
        row = self.model.row_of(person_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else None
        if index is None or not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.setCurrentIndex(index)
        return True

    def _on_current(self, current, _previous) -> None:  # noqa: ANN001 (Qt indexes)
        if not self._restoring:
            self.person_selected.emit(str(current.data(PERSON_ROLE)) if current.isValid() else "")

    def _on_shelter(self) -> None:
        sid = self.shelters.selected_shelter()
        load = next((s for s in self.shown.shelters if s.shelter_id == sid), None) if self.shown else None
        self.shelter_form.set_shelter(sid or None, load.name if load else "", load.capacity if load else None, bool(load and load.welfare))

    def _show_areas(self) -> None:
        if self.shown is not None:
            self.areas.show_counts(self.shown.by_area if self.area_kind.currentData() == "area" else self.shown.by_district)


def _scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a vertical scroll area, so forms never make the dock taller than a 768-pixel screen allows."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def _chip(state: str, n: int) -> str:
    """A coloured count for the counts line."""
    r, g, b, _ = STATE_COLORS[state]
    text_color = "black" if state in ("no_action", "prepare", "unknown") else "white"
    label = html.escape(t(*STATE_LABELS[state]))
    return f'<span style="background-color: rgb({r},{g},{b}); color: {text_color};">&nbsp;{label} {n}&nbsp;</span>'


def _input_line(board: Board) -> str:
    """Every input of the board with the time of what was used (and 古い when stale), each once."""
    refs = {ref.source: ref for e in board.evaluations for ref in e.inputs}
    parts = [
        f"{source} {clock(ref.time) if ref.time is not None else t('なし', 'none')}" + (t(" (古い)", " (stale)") if ref.stale else "")
        for source, ref in sorted(refs.items())
    ]
    return t("入力の時刻: {p}", "Input times: {p}", p=", ".join(parts) or t("なし", "none"))
