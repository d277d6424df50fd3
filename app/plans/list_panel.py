"""The person list: kana-aware search, filters (町内会, 優先度, 同意, 浸水ランク, 計画なし, 見直し期限切れ), table.

Filtering is :meth:`evac_plans.person_list.PersonTable.select`; this module only shows it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import numpy as np

from evac_plans.model import CONSENT_STATUSES
from evac_plans.person_list import PersonFilter, PersonTable
from i18n import t

PRIORITY_TEXT = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low"), "": ("—", "—")}
PRIORITY_COLOUR = {"high": QColor(255, 205, 205), "medium": QColor(255, 238, 190), "low": QColor(220, 240, 220)}
CONSENT_TEXT = {"given": ("同意", "given"), "refused": ("拒否", "refused"), "presumed_by_ordinance": ("条例", "ordinance"), "unknown": ("未確認", "unknown")}
COLUMNS = (("氏名", "Name"), ("ふりがな", "Kana"), ("町内会", "Area"), ("優先度", "Priority"), ("浸水", "Flood rank"),
           ("計画", "Plan"), ("同意", "Consent"), ("見直し", "Review"))  # fmt: skip
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class PersonListModel(QAbstractTableModel):
    """The rows of a :class:`PersonTable` kept by the current filter."""

    def __init__(self) -> None:
        super().__init__()
        self.table: PersonTable | None = None
        self.rows = np.empty(0, dtype=np.int64)

    def show(self, table: PersonTable, rows: np.ndarray) -> None:
        self.beginResetModel()
        self.table, self.rows = table, rows
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return t(*COLUMNS[section])
        return None

    def person_id(self, row: int) -> str:
        assert self.table is not None
        return str(self.table.frame["id"].iloc[self.rows[row]])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self.table is None or not index.isValid():
            return None
        r = self.table.frame.iloc[self.rows[index.row()]]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 3:
            return PRIORITY_COLOUR.get(r["priority"])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        review = r["review_date"]
        return (
            r["name"],
            r["kana"],
            r["area"],
            t(*PRIORITY_TEXT[r["priority"]]),
            "—" if r["home_rank"] < 0 else str(r["home_rank"]),
            t("あり", "yes") if r["has_plan"] else t("なし", "none"),
            t(*CONSENT_TEXT.get(r["consent"], (r["consent"], r["consent"]))),
            "" if review is None or review != review else review.date().isoformat(),
        )[index.column()]


class PersonListPanel(QWidget):
    """Signals ``person_selected(str)`` with a person id, ``new_person()`` for the 新規 button."""

    person_selected = Signal(str)
    new_person = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(placeholderText=t("氏名・ふりがな・住民ID・住所で検索 (かな/カナ/半角可)", "Search name, kana, ID, address"))
        self.search.setClearButtonEnabled(True)
        self.area, self.priority, self.consent, self.rank = QComboBox(), QComboBox(), QComboBox(), QComboBox()
        for value, text in (("", ("優先度: すべて", "Priority: all")), *((p, PRIORITY_TEXT[p]) for p in ("high", "medium", "low"))):
            self.priority.addItem(t(*text), value)
        self.consent.addItem(t("同意: すべて", "Consent: all"), "")
        for status in CONSENT_STATUSES:
            self.consent.addItem(t(*CONSENT_TEXT[status]), status)
        self.rank.addItem(t("浸水: すべて", "Flood: all"), None)
        for rank in range(1, 5):
            self.rank.addItem(t("浸水ランク{r}以上", "Flood rank ≥ {r}", r=rank), rank)
        self.missing_plan = QCheckBox(t("計画なし", "No plan"))
        self.overdue = QCheckBox(t("見直し期限切れ", "Review overdue"))
        self.count = QLabel()
        self.add_button = QPushButton(t("新規 (Ctrl+N)", "New (Ctrl+N)"))
        self.add_button.clicked.connect(self.new_person)
        self.model = PersonListModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _: self._picked(current))
        grid = QGridLayout()
        grid.addWidget(self.search, 0, 0, 1, 2)
        grid.addWidget(self.area, 1, 0)
        grid.addWidget(self.priority, 1, 1)
        grid.addWidget(self.consent, 2, 0)
        grid.addWidget(self.rank, 2, 1)
        grid.addWidget(self.missing_plan, 3, 0)
        grid.addWidget(self.overdue, 3, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.add_button)
        self.search.textChanged.connect(self.refilter)
        for combo in (self.area, self.priority, self.consent, self.rank):
            combo.currentIndexChanged.connect(self.refilter)
        for box in (self.missing_plan, self.overdue):
            box.toggled.connect(self.refilter)
        self.table: PersonTable | None = None

    def set_table(self, table: PersonTable) -> None:
        """Show ``table`` with the current filter, keeping the area choice when it still exists."""
        chosen = self.area.currentData()
        self.table = table
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem(t("町内会: すべて", "Area: all"), "")
        for area in table.areas():
            self.area.addItem(area, area)
        self.area.setCurrentIndex(max(0, self.area.findData(chosen)))
        self.area.blockSignals(False)
        self.refilter()

    def criteria(self) -> PersonFilter:
        return PersonFilter(
            text=self.search.text(),
            area=self.area.currentData() or None,
            priority=self.priority.currentData() or None,
            consent=self.consent.currentData() or None,
            min_rank=self.rank.currentData(),
            missing_plan=self.missing_plan.isChecked(),
            review_overdue=self.overdue.isChecked(),
        )

    def refilter(self) -> None:
        if self.table is None:
            return
        rows = self.table.select(self.criteria())
        self.model.show(self.table, rows)
        self.count.setText(t("{n} 人中 {k} 人", "{k} of {n} people", n=len(self.table), k=len(rows)))

    def select_person(self, person_id: str) -> None:
        """Select ``person_id``'s row if it is shown."""
        for row in range(self.model.rowCount()):
            if self.model.person_id(row) == person_id:
                self.view.selectRow(row)
                return

    def _picked(self, current: QModelIndex) -> None:
        if current.isValid():
            self.person_selected.emit(self.model.person_id(current.row()))
