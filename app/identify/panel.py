"""The 情報 panel: the hits of the last click, top layer first.

Each hit is a titled box: its fields as label/value rows (selectable, so an ID can be copied),
each related table (a building's risk entries, every one of them: L1 and L2 of each river) as a
read-only table, and a gauge's hydrograph. The panel only shows :class:`~layers.identify.Hit`
values; finding them is :func:`layers.identify.identify`'s job.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.identify.hydrograph import Hydrograph
from i18n import t
from layers.identify import Hit, Table

HINT = ("建物・浸水区域・観測所をクリック、または Enter でカーソル位置の情報を表示します。Esc で選択を解除します。",
        "Click a building, flood area or gauge, or press Enter, to see what is at the cursor. Esc clears the selection.")  # fmt: skip


class IdentifyPanel(QWidget):
    """Shows a list of hits; :meth:`clear` goes back to the hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(t("情報", "Information"))
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.scroll)
        self.hits: list[Hit] = []
        self.clear()

    def clear(self) -> None:
        """Show the hint instead of results (nothing selected)."""
        self.show_hits([], hint=t(*HINT))

    def show_hits(self, hits: list[Hit], hint: str | None = None) -> None:
        """Show ``hits`` (top layer first); with none, ``hint`` or 「何もありません」."""
        self.hits = list(hits)
        content = QWidget()
        column = QVBoxLayout(content)
        if not hits:
            label = QLabel(hint or t("この地点には表示中のレイヤーの地物がありません。", "Nothing from the shown layers is here."))
            label.setWordWrap(True)
            column.addWidget(label)
        for hit in hits:
            column.addWidget(self._hit_box(hit))
        column.addStretch(1)
        self.scroll.setWidget(content)

    def _hit_box(self, hit: Hit) -> QGroupBox:
        box = QGroupBox(hit.title)
        box.setAccessibleName(hit.title)
        column = QVBoxLayout(box)
        form = QFormLayout()
        for label, value in hit.fields:
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
            text.setWordWrap(True)
            form.addRow(label, text)
        column.addLayout(form)
        for table in hit.tables:
            column.addWidget(QLabel(f"{table.title} ({len(table.rows)})"))
            column.addWidget(table_widget(table))
        if hit.series is not None:
            column.addWidget(QLabel(t("水位の推移 (灰色の目盛り: 欠測・除外)", "Water level (grey ticks: missing or left out)")))
            column.addWidget(Hydrograph(hit.series))
        return box


def table_widget(table: Table) -> QTableWidget:
    """A read-only table of ``table``'s rows, sized to show them all without its own scrolling."""
    widget = QTableWidget(len(table.rows), len(table.headers))
    widget.setHorizontalHeaderLabels(list(table.headers))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setAccessibleName(table.title)
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            widget.setItem(r, c, QTableWidgetItem(value))
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    widget.verticalHeader().setVisible(False)
    widget.resizeRowsToContents()
    header = widget.horizontalHeader().sizeHint().height()
    rows = sum(widget.rowHeight(r) for r in range(widget.rowCount()))
    widget.setFixedHeight(header + rows + widget.horizontalScrollBar().sizeHint().height() + 6)
    return widget
