"""What the package will hold, shown before anything is written: who is left out and why, and
who is in it with some fields withheld. Staff see names here; the package and the logs never
carry a left-out person's name."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from evac_plans.package.fields import FIELDS
from evac_plans.package.selection import Selection
from i18n import t

DISASTER_STYLE = "color: #b00020; font-weight: bold;"
"""How disaster mode is marked wherever the dialog mentions it."""


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class SelectionPreview(QWidget):
    """A summary line, the left-out table (ID, 氏名, 理由) and the withheld-fields table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.left_out = _table([t("ID", "ID"), t("氏名", "Name"), t("含めない理由", "Why left out")])
        self.withheld = _table([t("ID", "ID"), t("氏名", "Name"), t("伏せる項目", "Fields withheld")])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(t("含めない人（書き出す前の確認）", "Left out (check before writing)")))
        layout.addWidget(self.left_out, 2)
        layout.addWidget(QLabel(t("含めるが一部の項目を伏せる人", "Included with some fields withheld")))
        layout.addWidget(self.withheld, 1)

    def show_selection(self, selection: Selection, names: dict[str, str]) -> None:
        """Show ``selection``; ``names`` maps person ids to names (staff view only)."""
        withheld = [e for e in selection.included if e.withheld]
        counts = t("含める人: {i} 人　含めない人: {o} 人　項目を伏せる人: {w} 人", "Included: {i}   left out: {o}   with fields withheld: {w}",
                   i=len(selection.included), o=len(selection.left_out), w=len(withheld))  # fmt: skip
        marked = selection.disaster_mode
        self.summary.setStyleSheet(DISASTER_STYLE if marked else "")
        self.summary.setText(t("【災害時提供】", "[DISASTER MODE] ") + counts if marked else counts)
        _fill(self.left_out, [(x.person_id, names.get(x.person_id, ""), x.text) for x in selection.left_out])
        _fill(self.withheld, [(e.person_id, names.get(e.person_id, ""), "、".join(FIELDS[f].ja for f in e.withheld)) for e in withheld])

    def show_problem(self, text: str) -> None:
        """Say why there is nothing to preview (an unusable area, for instance)."""
        self.summary.setStyleSheet("")
        self.summary.setText(text)
        _fill(self.left_out, [])
        _fill(self.withheld, [])
