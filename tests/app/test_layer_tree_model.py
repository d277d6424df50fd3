"""The panel's item model mirrors the project: rows top first, check boxes, drops, legends."""

from __future__ import annotations

import geopandas as gpd
import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from app.layer_model import LAYER_ROLE, LayerTreeModel
from app.layer_panel import LayerPanel
from layers import Project, VectorLayer, VectorStyle


def layer(name: str) -> VectorLayer:
    frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy([131.46], [34.16]), crs=6668)
    return VectorLayer(frame, name=name, style=VectorStyle(other_label=f"{name}の記号"))


def rows(model: LayerTreeModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_rows_follow_inserts_removals_and_moves() -> None:
    project = Project([layer("a"), layer("b")])
    model = LayerTreeModel(project)
    assert rows(model) == ["b", "a"]
    project.layers.append(layer("c"))
    assert rows(model) == ["c", "b", "a"]
    project.move(0, 2)
    assert rows(model) == ["a", "c", "b"]
    del project.layers[1]
    assert rows(model) == ["a", "b"]
    model.disconnect_model()


def test_check_box_is_the_layer_visibility() -> None:
    project = Project([layer("a")])
    model = LayerTreeModel(project)
    index = model.index(0, 0)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not project.layers[0].visible
    project.layers[0].visible = True
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_legend_rows_are_children_with_swatches() -> None:
    model = LayerTreeModel(Project([layer("a")]))
    parent = model.index(0, 0)
    child = model.index(0, 0, parent)
    assert model.rowCount(parent) == 1
    assert child.data() == "aの記号"
    assert child.data(Qt.ItemDataRole.DecorationRole) is not None
    assert child.data(LAYER_ROLE) is None
    assert model.parent(child) == parent
    assert not model.flags(child) & Qt.ItemFlag.ItemIsDragEnabled


@pytest.mark.parametrize(("drop_row", "expected"), [(0, ["a", "c", "b"]), (3, ["c", "b", "a"]), (-1, ["c", "b", "a"])])
def test_dropping_a_layer_moves_it(drop_row: int, expected: list[str]) -> None:
    project = Project([layer("a"), layer("b"), layer("c")])
    model = LayerTreeModel(project)
    rows_before = rows(model)
    assert rows_before == ["c", "b", "a"]
    mime = model.mimeData([model.index(2, 0)])  # "a", the bottom layer
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, drop_row, 0, QModelIndex())
    assert rows(model) == expected


def test_panel_slider_and_layer_opacity_stay_in_step(qtbot: QtBot) -> None:
    project = Project([layer("a"), layer("b")])
    panel = LayerPanel(project)
    qtbot.addWidget(panel)
    a = project.layers[0]
    panel.select(a)
    panel.opacity_spin.setValue(25)
    assert a.opacity == 0.25 and panel.opacity_slider.value() == 25
    a.opacity = 0.8
    assert (panel.opacity_slider.value(), panel.opacity_spin.value()) == (80, 80)
    panel.move_selected(+1)
    assert project.layers[1] is a and panel.selected_layer is a
    project.layers.remove(a)
    assert panel.selected_layer is project.layers[0]  # the row that took its place
    project.layers.clear()
    assert panel.selected_layer is None and not panel.opacity_slider.isEnabled()
    panel.disconnect_model()
