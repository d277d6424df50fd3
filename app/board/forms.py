"""Entry forms of the board: a 安否確認 for the selected person, the 避難情報 the city issued, and a
shelter opened or closed.

Times are typed (``2026-06-02 17:40``, ``2026/06/02 17:40``, ISO 8601; JST without an offset). The
安否確認 and shelter forms start with the board's moment filled in ("now" on the board's clock, the
replay's time during a replay), so the time is visible and can be corrected before saving; an
empty field also means that moment, asked from ``clock`` when the button is pressed. A time that
cannot be read is said next to the button; nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QWidget

from alerts.issued import INFO_BY_LEVEL, WHOLE_CITY, IssuedLevel, area_key
from alerts.safety import STATUS_LABELS, SafetyCheck
from alerts.shelter_status import ShelterState
from alerts.times import JST, parse_time
from i18n import t

TIME_HINT = ("例 2026-06-02 17:40 (日本時間)", "e.g. 2026-06-02 17:40 (JST)")
Clock = Callable[[], pd.Timestamp]


def _time_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(t("空欄: 判定時刻 ({h})", "empty: the board time ({h})", h=t(*TIME_HINT)))
    return edit


def clock_text(time: pd.Timestamp) -> str:
    """A time as typed in the forms (``2026-06-02 17:40``, JST)."""
    return pd.Timestamp(time).tz_convert(JST).strftime("%Y-%m-%d %H:%M")


def _read_time(edit: QLineEdit, problem: QLabel, clock: Clock) -> pd.Timestamp | None:
    """The typed time (``clock()`` when empty), or None after saying what was expected."""
    time = parse_time(edit.text()) if edit.text().strip() else clock()
    problem.setText("" if time is not None else t("時刻を読めません。" + TIME_HINT[0], "Cannot read the time; " + TIME_HINT[1]))
    return time


class SafetyCheckForm(QGroupBox):
    """Signals ``entered(SafetyCheck)`` for the person set with :meth:`set_person`."""

    entered = Signal(object)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(t("安否確認", "Safety check"), parent)
        self.clock = clock
        self.person_id: str | None = None
        self.person = QLabel(t("一覧で人を選んでください", "Select a person in the list"))
        self.status = QComboBox()
        for code, label in STATUS_LABELS.items():
            self.status.addItem(t(*label), code)
        self.note = QLineEdit()
        self.note.setPlaceholderText(t("メモ (避難先・様子など)", "note (where, how they are)"))
        self.time = _time_edit()
        self.problem = QLabel()
        self.save_button = QPushButton(t("安否確認を記録", "Record safety check"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.submit)
        form = QFormLayout(self)
        form.addRow(t("対象", "Person"), self.person)
        form.addRow(t("状況", "Status"), self.status)
        form.addRow(t("メモ", "Note"), self.note)
        form.addRow(t("時刻", "Time"), self.time)
        form.addRow(self.save_button, self.problem)

    def set_person(self, person_id: str | None, label: str) -> None:
        """Enter a check for ``person_id`` (None: nobody selected)."""
        self.person_id = person_id
        self.person.setText(label if person_id else t("一覧で人を選んでください", "Select a person in the list"))
        self.save_button.setEnabled(person_id is not None)
        self.time.setText(clock_text(self.clock()))
        self.note.clear()
        self.problem.clear()

    def submit(self) -> None:
        """Emit the check typed in (nothing when no person is selected or the time is unreadable)."""
        time = _read_time(self.time, self.problem, self.clock)
        if self.person_id is not None and time is not None:
            self.entered.emit(SafetyCheck(self.person_id, str(self.status.currentData()), time, self.note.text().strip()))
            self.time.setText(clock_text(self.clock()))


class IssuedForm(QGroupBox):
    """Signals ``entered(IssuedLevel)``: the 警戒レベル / 避難情報 the city issued for an area."""

    entered = Signal(object)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(t("市の避難情報 (発令)", "Evacuation information issued by the city"), parent)
        self.clock = clock
        self.area = QComboBox()
        self.area.setEditable(True)
        self.level = QComboBox()
        for level, label in INFO_BY_LEVEL.items():
            self.level.addItem(t("警戒レベル{n} {i}", "level {n} {i}", n=level, i=label[0]) if level else label[0], level)
        self.time = _time_edit()
        self.problem = QLabel()
        self.save_button = QPushButton(t("発令を記録", "Record issue"))
        self.save_button.clicked.connect(self.submit)
        form = QFormLayout(self)
        form.addRow(t("地区", "Area"), self.area)
        form.addRow(t("避難情報", "Information"), self.level)
        form.addRow(t("時刻", "Time"), self.time)
        form.addRow(self.save_button, self.problem)

    def set_areas(self, areas: list[str]) -> None:
        """Offer the whole city and ``areas`` (町内会, districts)."""
        self.area.clear()
        self.area.addItem(t("市内全域", "whole city"), WHOLE_CITY)
        for area in areas:
            self.area.addItem(area, area)

    def submit(self) -> None:
        """Emit the issue typed in (nothing when the area is empty or the time is unreadable)."""
        time = _read_time(self.time, self.problem, self.clock)
        text = self.area.currentText().strip()
        data = self.area.currentData()
        area = str(data) if data is not None and self.area.itemText(self.area.currentIndex()) == text else area_key(text)
        if time is not None and area:
            self.entered.emit(IssuedLevel(area, int(self.level.currentData()), time))


class ShelterForm(QGroupBox):
    """Signals ``entered(ShelterState)``: staff opened or closed the shelter set with :meth:`set_shelter`;
    ``facts_entered(str, object, bool)``: its capacity (None: unknown) and whether it is a 福祉避難所
    (the GSI data set has neither, so staff type them)."""

    entered = Signal(object)
    facts_entered = Signal(str, object, bool)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(t("避難所の開設・閉鎖", "Shelter opened / closed"), parent)
        self.clock = clock
        self.shelter_id: str | None = None
        self.shelter = QLabel(t("一覧で避難所を選んでください", "Select a shelter in the list"))
        self.state = QComboBox()
        self.state.addItem(t("開設", "opened"), True)
        self.state.addItem(t("閉鎖", "closed"), False)
        self.time = _time_edit()
        self.problem = QLabel()
        self.save_button = QPushButton(t("開設・閉鎖を記録", "Record opened / closed"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.submit)
        self.capacity = QLineEdit()
        self.capacity.setValidator(QIntValidator(0, 1_000_000, self.capacity))
        self.capacity.setPlaceholderText(t("空欄: 不明", "empty: unknown"))
        self.welfare = QCheckBox(t("福祉避難所", "Welfare shelter (福祉避難所)"))
        self.facts_button = QPushButton(t("定員・種別を保存", "Save capacity and kind"))
        self.facts_button.setEnabled(False)
        self.facts_button.clicked.connect(self.submit_facts)
        form = QFormLayout(self)
        form.addRow(t("避難所", "Shelter"), self.shelter)
        form.addRow(t("状態", "State"), self.state)
        form.addRow(t("時刻", "Time"), self.time)
        form.addRow(self.save_button, self.problem)
        form.addRow(t("定員 (人)", "Capacity (people)"), self.capacity)
        form.addRow("", self.welfare)
        form.addRow(self.facts_button)

    def set_shelter(self, shelter_id: str | None, name: str, capacity: int | None = None, welfare: bool = False) -> None:
        """Enter a state, capacity or kind for ``shelter_id`` (None: nothing selected)."""
        self.shelter_id = shelter_id
        self.shelter.setText(name if shelter_id else t("一覧で避難所を選んでください", "Select a shelter in the list"))
        self.save_button.setEnabled(shelter_id is not None)
        self.facts_button.setEnabled(shelter_id is not None)
        self.time.setText(clock_text(self.clock()))
        self.capacity.setText("" if capacity is None else str(capacity))
        self.welfare.setChecked(welfare)
        self.problem.clear()

    def submit_facts(self) -> None:
        """Emit the capacity and kind typed in (nothing when no shelter is selected)."""
        if self.shelter_id is not None:
            text = self.capacity.text().strip()
            self.facts_entered.emit(self.shelter_id, int(text) if text else None, self.welfare.isChecked())

    def submit(self) -> None:
        """Emit the state typed in (nothing when no shelter is selected or the time is unreadable)."""
        time = _read_time(self.time, self.problem, self.clock)
        if self.shelter_id is not None and time is not None:
            self.entered.emit(ShelterState(self.shelter_id, bool(self.state.currentData()), time))
