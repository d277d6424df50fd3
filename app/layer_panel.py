"""The layer panel: the layer tree (check = visible, drag = reorder, legends with swatches),
and, for the selected layer, an opacity slider with its value and Up/Down buttons.

The slider and the layer's opacity are bound both ways as in napari's opacity control:
moving the slider sets ``layer.opacity``; a change from anywhere else moves the slider.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.layer_model import SWATCH_SIZE, LayerTreeModel
from i18n import t
from layers.base import Layer
from layers.project import Project


class LayerPanel(QWidget):
    """The project's layers, top of the map first (the window puts it in a dock).

    ``layer_activated(Layer)`` fires when a layer row is double-clicked (the map zooms to it).
    """

    layer_activated = Signal(object)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._project = project
        self._layer: Layer | None = None
        self._kept: Layer | None = None
        self.model = LayerTreeModel(project, self)

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(QSize(*SWATCH_SIZE))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setAccessibleName(t("レイヤー一覧", "Layer list"))

        self.up_button = QPushButton(t("▲ 上へ", "▲ Up"))
        self.up_button.setToolTip(t("選択したレイヤーを一つ手前へ (Ctrl+Shift+↑)", "Move the selected layer to the front (Ctrl+Shift+Up)"))
        self.up_button.clicked.connect(lambda: self.move_selected(+1))
        self.down_button = QPushButton(t("▼ 下へ", "▼ Down"))
        self.down_button.setToolTip(t("選択したレイヤーを一つ奥へ (Ctrl+Shift+↓)", "Move the selected layer to the back (Ctrl+Shift+Down)"))
        self.down_button.clicked.connect(lambda: self.move_selected(-1))
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)

        self.opacity_slider = QSlider(Qt.Orientation.Horizontal)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setAccessibleName(t("不透明度", "Opacity"))
        self.opacity_spin = QSpinBox()
        self.opacity_spin.setRange(0, 100)
        self.opacity_spin.setSuffix(" %")
        self.opacity_slider.valueChanged.connect(self._on_slider)
        self.opacity_spin.valueChanged.connect(self._on_slider)
        opacity_row = QHBoxLayout()
        label = QLabel(t("不透明度", "Opacity"))
        label.setBuddy(self.opacity_slider)
        opacity_row.addWidget(label)
        opacity_row.addWidget(self.opacity_slider, 1)
        opacity_row.addWidget(self.opacity_spin)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tree, 1)
        layout.addLayout(opacity_row)
        layout.addLayout(buttons)

        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.doubleClicked.connect(self._on_double_click)
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._restore_current)
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self.model.rowsRemoved.connect(self._on_rows_removed)
        self._bind(None)

    def disconnect_model(self) -> None:
        """Stop following the project and the selected layer."""
        self._bind(None)
        self.model.disconnect_model()

    # selection ---------------------------------------------------------------
    @property
    def selected_layer(self) -> Layer | None:
        return self._layer

    def select(self, layer: Layer) -> None:
        """Make ``layer`` the current row (its controls show below the tree)."""
        index = self.model.index_of(layer)
        self.tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _on_current(self, current, previous) -> None:  # noqa: ANN001 (Qt indexes)
        layer = self.model.layer_at(current)
        if layer is not None:
            self._bind(layer)

    def _on_double_click(self, index: QModelIndex) -> None:
        if (layer := self.model.layer_at(index)) is not None:
            self.layer_activated.emit(layer)

    def _remember_current(self) -> None:
        self._kept = self._layer

    def _restore_current(self) -> None:
        self.tree.expandAll()
        if self._kept is not None and self._kept in self._project.layers:
            self.select(self._kept)

    def _on_rows_inserted(self, parent, first: int, last: int) -> None:  # noqa: ANN001
        if parent.isValid():
            return
        for row in range(first, last + 1):
            self.tree.expand(self.model.index(row, 0))
        if self._layer is None and (layer := self.model.layer_at(self.model.index(first, 0))) is not None:
            self.select(layer)

    def _on_rows_removed(self) -> None:
        if self._layer is not None and self._layer not in self._project.layers:
            self._bind(None)

    # reorder -----------------------------------------------------------------
    def move_selected(self, steps: int) -> None:
        """Move the selected layer ``steps`` places up (towards the front) or down."""
        if self._layer is None:
            return
        index = list(self._project.layers).index(self._layer)
        dest = max(0, min(len(self._project.layers) - 1, index + steps))
        self._project.move(index, dest)

    # opacity binding -----------------------------------------------------------
    def _bind(self, layer: Layer | None) -> None:
        if self._layer is not None:
            self._layer.events.opacity.disconnect(self._on_layer_opacity)
        self._layer = layer
        for widget in (self.opacity_slider, self.opacity_spin, self.up_button, self.down_button):
            widget.setEnabled(layer is not None)
        if layer is not None:
            layer.events.opacity.connect(self._on_layer_opacity)
            self._on_layer_opacity(layer.opacity)

    def _on_slider(self, value: int) -> None:
        if self._layer is not None:
            self._layer.opacity = value / 100

    def _on_layer_opacity(self, opacity: float) -> None:
        percent = round(opacity * 100)
        for widget in (self.opacity_slider, self.opacity_spin):
            widget.blockSignals(True)
            widget.setValue(percent)
            widget.blockSignals(False)
