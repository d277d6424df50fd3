"""Pieces the docks share: menus of shortcut actions, fixed-column table models, sortable lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QTableView

from i18n import t

MenuEntry = tuple[tuple[str, str], str, Callable[[], object]]
"""((日本語, English) text, shortcut, slot)."""
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def add_menu_entries(menu: QMenu, entries: Sequence[MenuEntry]) -> None:
    """Add each entry as an action with its text in the user's language and its shortcut."""
    for text, key, slot in entries:
        action = menu.addAction(t(*text))
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False, s=slot: s())


class ColumnsModel(QAbstractTableModel):
    """A flat table with the fixed ``columns`` ((日本語, English) headers) over ``self._rows``."""

    def __init__(self, columns: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._columns = columns
        self._rows: Sequence[Any] = []

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return t(*self._columns[section])
        return None


def sortable_table(proxy: QSortFilterProxyModel, sort_column: int, *, many: bool) -> QTableView:
    """A list of whole rows over ``proxy``, sorted by ``sort_column`` first; ``many`` allows
    selecting several rows."""
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    mode = QTableView.SelectionMode.ExtendedSelection if many else QTableView.SelectionMode.SingleSelection
    table.setSelectionMode(mode)
    return table
