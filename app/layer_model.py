"""A Qt item model over ``project.layers``: layers as rows (top layer first), legends as children.

The project's ``EventedList`` stays the single source of truth: the check box sets
``layer.visible``, a drop calls ``project.move``, and the model only mirrors what the list
and the layers announce (psygnal events), so the map and the panel can never disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

from app.map2d.overlays import draw_swatch
from i18n import t
from layers.base import Layer, LegendEntry
from layers.project import Project

LAYER_ROLE = Qt.ItemDataRole.UserRole + 1
"""``index.data(LAYER_ROLE)`` is the :class:`~layers.base.Layer` of a layer row."""
MIME_TYPE = "application/x-nigezero-layer-index"
SWATCH_SIZE = (22, 14)

AnyIndex = QModelIndex | QPersistentModelIndex
_KIND_LABELS = {
    "basemap": ("背景地図", "base map"),
    "buildings": ("建物", "buildings"),
    "roads": ("道路", "roads"),
    "hazard_area": ("浸水想定区域", "flood hazard area"),
    "hazard_raster": ("浸水深ラスタ", "flood depth raster"),
    "gauges": ("水位観測所", "river gauges"),
    "shelters": ("避難所", "shelters"),
    "residents": ("要支援者", "residents needing support"),
    "other": ("その他", "other"),
}


@functools.cache
def swatch(entry: LegendEntry) -> QIcon:
    """A legend swatch: a filled box, a line, or the point marker (dot or square) in the entry's
    colour (cached: views ask for it on every repaint)."""
    width, height = SWATCH_SIZE
    pixmap = QPixmap(width, height)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    draw_swatch(painter, QRectF(0, 0, width, height), entry)
    painter.end()
    return QIcon(pixmap)


_STATUS_LABELS = {
    "offline": ("（オフライン：キャッシュのみ表示）", " (offline: cached tiles only)"),
    "online": ("（オンライン）", " (online)"),
}


def status_suffix(layer: Layer) -> str:
    """What a networked layer (XYZ tiles) says after its name: offline or online; else ""."""
    pair = _STATUS_LABELS.get(getattr(layer, "status", ""))
    return t(*pair) if pair else ""


class LayerTreeModel(QAbstractItemModel):
    """Rows are layers, top of the map first; each layer's children are its legend rows.

    A legend row's ``internalId`` is its layer's row + 1; a layer row's is 0.
    """

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._handlers: dict[Layer, Callable[..., None]] = {}
        self._legends: dict[Layer, list[LegendEntry]] = {}
        events = project.layers.events
        self._connections: list[tuple[Any, Callable[..., None]]] = [
            (events.inserting, self._on_inserting),
            (events.inserted, self._on_inserted),
            (events.removing, self._on_removing),
            (events.removed, self._on_removed),
            (events.moving, self._on_moving),
            (events.moved, self._on_moved),
        ]
        for signal, slot in self._connections:
            signal.connect(slot)
        for layer in project.layers:
            self._watch(layer)

    def disconnect_model(self) -> None:
        """Stop following the project (call before the view goes away)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        for layer in list(self._handlers):
            self._unwatch(layer)

    # mapping rows ↔ list indices (row 0 is the top layer, the last list item) --------
    def _layers(self) -> list[Layer]:
        return list(self._project.layers)

    def layer_at(self, index: AnyIndex) -> Layer | None:
        """The layer of a layer row, or None for a legend row or an invalid index."""
        if not index.isValid() or index.internalId() != 0:
            return None
        layers = self._layers()
        return layers[len(layers) - 1 - index.row()]

    def index_of(self, layer: Layer) -> QModelIndex:
        """The row of ``layer`` (invalid if it is not in the project)."""
        layers = self._layers()
        if layer not in layers:
            return QModelIndex()
        return self.index(len(layers) - 1 - layers.index(layer), 0)

    # QAbstractItemModel ------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, 0 if not parent.isValid() else parent.row() + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._project.layers)
        layer = self.layer_at(parent)
        return len(self._legend(layer)) if layer is not None else 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        layer = self.layer_at(index)
        if layer is None:
            owner = self.layer_at(index.parent())
            entry = self._legend(owner)[index.row()] if owner is not None else None
            if entry is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return entry.label
            if role == Qt.ItemDataRole.DecorationRole:
                return swatch(entry)
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return layer.name + status_suffix(layer)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = t(*_KIND_LABELS.get(layer.kind, _KIND_LABELS["other"]))
            return f"{layer.name} ({kind})\n{layer.attribution}".strip()
        if role == LAYER_ROLE:
            return layer
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        layer = self.layer_at(index)
        if layer is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        layer.visible = Qt.CheckState(value) == Qt.CheckState.Checked
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if self.layer_at(index) is None:
            return Qt.ItemFlag.ItemIsEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    # drag and drop: a drop moves the layer in the project ----------------------
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        layers = [layer for i in indexes if (layer := self.layer_at(i)) is not None]
        if layers:
            mime.setData(MIME_TYPE, QByteArray(str(self._layers().index(layers[0])).encode()))
        return mime

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:  # noqa: N802
        """Move the dragged layer so it sits at view row ``row`` (or where ``parent`` is)."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_TYPE):
            return False
        if parent.isValid():
            if self.layer_at(parent) is None:
                return False
            row = parent.row()
        count = len(self._project.layers)
        target_row = count if row < 0 else row
        src = int(bytes(data.data(MIME_TYPE).data()).decode())
        src_row = count - 1 - src
        final_row = target_row - 1 if target_row > src_row else target_row
        self._project.move(src, count - 1 - final_row)
        return True

    # following the project ------------------------------------------------------
    def _legend(self, layer: Layer) -> list[LegendEntry]:
        if layer not in self._legends:
            self._legends[layer] = layer.legend()
        return self._legends[layer]

    def _watch(self, layer: Layer) -> None:
        def changed(info: Any) -> None:
            name = info.signal.name
            if name == "style":
                self.beginResetModel()
                self._legends.pop(layer, None)
                self.endResetModel()
            elif name in ("name", "visible", "status"):
                index = self.index_of(layer)
                self.dataChanged.emit(index, index)

        self._handlers[layer] = changed
        layer.events.connect(changed)

    def _unwatch(self, layer: Layer) -> None:
        layer.events.disconnect(self._handlers.pop(layer))
        self._legends.pop(layer, None)

    def _on_inserting(self, index: int) -> None:
        row = len(self._project.layers) - index
        self.beginInsertRows(QModelIndex(), row, row)

    def _on_inserted(self, index: int, layer: Layer) -> None:
        self._watch(layer)
        self.endInsertRows()

    def _on_removing(self, index: int) -> None:
        row = len(self._project.layers) - 1 - index
        self.beginRemoveRows(QModelIndex(), row, row)

    def _on_removed(self, index: int, layer: Layer) -> None:
        self._unwatch(layer)
        self.endRemoveRows()

    def _on_moving(self, index: int, new_index: int) -> None:
        self.beginResetModel()

    def _on_moved(self, index: int, new_index: int, layer: Layer) -> None:
        self.endResetModel()
