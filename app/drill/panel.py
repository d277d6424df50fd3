"""The 避難訓練 dock's widget: scenario and 実行, counts per outcome, the filtered list, the what-if
controls and the drill clock (slider, typed time, play at 60× / 300×). It only shows and asks; the
controller (:mod:`app.drill.controller`) runs the drill and drives the maps."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alerts.drill import DrillResult
from app.drill.table_model import (
    OUTCOME_COLUMN,
    OUTCOMES,
    PERSON_ROLE,
    DrillFilterModel,
    DrillTableModel,
    outcome_label,
)
from app.widgets import sortable_table
from i18n import t

SPEEDS = (60, 300)
"""Play speeds (drill seconds per real second)."""
WHAT_IF_PX = 420
"""The what-if controls keep room for a shelter's or gauge's name."""
STEP_S, PAGE_S = 60, 600
"""The slider's arrow-key and Page Up/Down steps (one minute, ten minutes)."""


class DrillPanel(QWidget):
    """Signals ``what_if(str)`` (``trigger``, ``shelter``, ``car`` or ``vertical``), ``time_changed(int)``
    (seconds since the scenario start) and ``time_typed(str)``."""

    what_if = Signal(str)
    time_changed = Signal(int)
    time_typed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenario = QLineEdit()
        self.scenario.setPlaceholderText(t("シナリオ JSON (nigezero-drill/1)", "scenario JSON (nigezero-drill/1)"))
        browse = QPushButton(t("参照…", "Browse…"))
        browse.clicked.connect(self._browse)
        self.run_button = QPushButton(t("実行", "Run"))
        self.run_button.setDefault(True)
        self.report_button = QPushButton(t("報告書を書き出す (PDF・CSV)…", "Write the debrief (PDF, CSV)…"))
        self.report_names = QCheckBox(t("報告書に氏名・住所を含める", "Names and addresses in the debrief"))
        self.status = QLabel()
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(t("絞り込み (ID・氏名・結果…)", "filter (ID, name, outcome…)"))
        self.outcome_filter = QComboBox()
        self.outcome_filter.addItem(t("すべての結果", "all outcomes"), None)
        for outcome in OUTCOMES:
            self.outcome_filter.addItem(outcome_label(outcome), outcome)
        self.model = DrillTableModel()
        self.proxy = DrillFilterModel()
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.outcome_filter.currentIndexChanged.connect(lambda _: self.proxy.set_outcome(self.outcome_filter.currentData()))
        self.table = sortable_table(self.proxy, OUTCOME_COLUMN, many=True)  # the cut-off first
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(t("シナリオ", "Scenario")))
        top.addWidget(self.scenario, 1)
        top.addWidget(browse)
        top.addWidget(self.run_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.outcome_filter)
        filters.addWidget(self.report_names)
        filters.addWidget(self.report_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.counts)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(self._clock_row())
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self._what_if_box())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.set_ready(False)

    def _what_if_box(self) -> QGroupBox:
        box = QGroupBox(t("もしも (選択した人)", "What if (selected people)"))
        box.setToolTip(t("選択した人の計画の写しを変えて再実行します。保存はしません。",
                         "Reruns with copies of the selected people's plans changed; nothing is saved."))  # fmt: skip
        self.trigger_choice = QComboBox()
        self.shelter_choice = QComboBox()
        self.trigger_button = QPushButton(t("早めのトリガー", "Earlier trigger"))
        self.shelter_button = QPushButton(t("別の避難先", "Another shelter"))
        self.car_button = QPushButton(t("車で支援", "Supporter with a car"))
        self.vertical_button = QPushButton(t("垂直避難", "Vertical evacuation"))
        self.undo_button = QPushButton(t("元に戻す", "Undo"))
        for button, kind in ((self.trigger_button, "trigger"), (self.shelter_button, "shelter"),
                             (self.car_button, "car"), (self.vertical_button, "vertical")):  # fmt: skip
            button.clicked.connect(lambda _=False, k=kind: self.what_if.emit(k))
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.comparison.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setMinimumWidth(WHAT_IF_PX)
        grid = QGridLayout(box)
        grid.addWidget(self.trigger_choice, 0, 0)
        grid.addWidget(self.trigger_button, 0, 1)
        grid.addWidget(self.shelter_choice, 1, 0)
        grid.addWidget(self.shelter_button, 1, 1)
        grid.addWidget(self.car_button, 2, 0)
        grid.addWidget(self.vertical_button, 2, 1)
        grid.addWidget(self.undo_button, 3, 0, 1, 2)
        grid.addWidget(self.comparison, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(5, 1)
        return box

    def _clock_row(self) -> QHBoxLayout:
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setSingleStep(STEP_S)
        self.slider.setPageStep(PAGE_S)
        self.slider.valueChanged.connect(self.time_changed)
        self.time_field = QLineEdit()
        self.time_field.setPlaceholderText("HH:MM")
        self.time_field.setMaximumWidth(120)
        self.time_field.setToolTip(t("時刻を入力して Enter (HH:MM または 06/03 01:30)", "Type a time and Enter (HH:MM or 06/03 01:30)"))
        self.time_field.returnPressed.connect(lambda: self.time_typed.emit(self.time_field.text().strip()))
        self.play_button = QPushButton(t("再生", "Play"))
        self.play_button.setCheckable(True)
        self.speed = QComboBox()
        for speed in SPEEDS:
            self.speed.addItem(f"{speed}×", speed)
        row = QHBoxLayout()
        row.addWidget(QLabel(t("訓練の時刻", "Drill time")))
        row.addWidget(self.slider, 1)
        row.addWidget(self.time_field)
        row.addWidget(self.play_button)
        row.addWidget(self.speed)
        return row

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, t("シナリオを選ぶ", "Choose a scenario"), self.scenario.text(), "JSON (*.json)")
        if path:
            self.scenario.setText(path)

    def set_ready(self, ready: bool) -> None:
        """Enable what needs a drill result (what-ifs, the clock)."""
        for widget in (self.trigger_button, self.shelter_button, self.car_button, self.vertical_button, self.slider,
                       self.time_field, self.play_button, self.trigger_choice, self.shelter_choice,
                       self.report_button):  # fmt: skip
            widget.setEnabled(ready)

    def set_duration(self, seconds: float) -> None:
        """The slider's range: the scenario, from 0 s (its start)."""
        self.slider.setRange(0, int(seconds))

    def selected_ids(self) -> list[str]:
        """The person ids of the selected rows."""
        rows = self.table.selectionModel().selectedRows()
        return [str(index.data(PERSON_ROLE)) for index in rows]

    def show_counts(self, result: DrillResult, before: DrillResult | None = None) -> None:
        """``到着 38 · 途中で浸水 1 …``; after a what-if, ``before → after`` where they differ."""
        now = Counter(str(o) for o in result.outcome)
        old = Counter(str(o) for o in before.outcome) if before is not None else now
        parts = []
        for outcome in OUTCOMES:
            n, m = now.get(outcome, 0), old.get(outcome, 0)
            if n or m:
                value = f"{m} → <b>{n}</b>" if n != m else f"<b>{n}</b>"
                parts.append(f"{outcome_label(outcome)} {value}")
        self.counts.setText(" · ".join(parts))
