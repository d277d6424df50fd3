"""Identify, selection and keys on the demo in the main window, driven like a user would.

Screenshots go to ``/tmp/nigezero-screens/`` for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from app.identify.hydrograph import Hydrograph, runs
from app.main_window import MainWindow
from layers.vector import VectorLayer

SCREENS = Path("/tmp/nigezero-screens")


@pytest.fixture
def window(demo_window) -> MainWindow:
    return demo_window(1400, 900)


def layer_of(window: MainWindow, kind: str) -> VectorLayer:
    return next(layer for layer in window.project.layers if layer.kind == kind)  # type: ignore[return-value]


def click_feature(window: MainWindow, qtbot: QtBot, layer: VectorLayer, index: int) -> None:
    canvas = window.canvas
    x, y = layer.arrays(window.project.crs).anchors[index]
    sx, sy = canvas.view.to_screen(x, y)
    with qtbot.waitSignal(canvas.identified, timeout=5000):
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(sx), round(sy)))


def shot(window: MainWindow, qtbot: QtBot, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)  # the dock that just opened settles the layout first
    window.canvas.render_now()
    assert window.grab().save(str(SCREENS / name))


def test_clicking_a_flooded_building_lists_every_risk_entry(window: MainWindow, qtbot: QtBot) -> None:
    buildings = layer_of(window, "buildings")
    ranks = buildings.data["max_flood_rank"].fillna(0).to_numpy(dtype=int)
    index = int(np.flatnonzero(ranks >= 2)[0])
    gml_id = buildings.data["gml_id"].iloc[index]
    for _ in range(5):  # close enough that the building is a shape, not a dot
        window.canvas.set_view(window.canvas.view.zoomed(1.5, window.canvas.view.to_screen(*buildings.arrays(window.project.crs).anchors[index])))
    click_feature(window, qtbot, buildings, index)
    panel = window.identify_panel
    assert panel.hits[0].layer is buildings and panel.hits[0].feature == index
    assert window.canvas.selection is not None and window.canvas.selection.feature == index
    boxes = panel.findChildren(QGroupBox)
    assert boxes[0].title() == f"{buildings.name}: {buildings.data['building_id'].iloc[index]}"
    table = boxes[0].findChild(QTableWidget)
    risks = window.project.layer(buildings.name).details.children[0].table  # type: ignore[union-attr]
    expected = risks[risks["owner_id"] == gml_id]
    assert table.rowCount() == len(expected) >= 2  # L1 and L2 of the river, each a row
    cells = {table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())}
    assert {"計画規模 (L1)", "想定最大規模 (L2)", "洪水浸水想定区域"} <= cells
    assert any(text.startswith(f"{ranks[index]}（") for text in cells)
    depths = {f"{d:.2f}".rstrip("0").rstrip(".") for d in expected["depth_m"]}
    assert depths <= cells
    assert [h.layer.kind for h in panel.hits[:2]] == ["buildings", "hazard_area"]  # the flood area under it too
    shot(window, qtbot, "nigezero-identify-building.png")


def test_clicking_a_gauge_shows_its_status_and_hydrograph(window: MainWindow, qtbot: QtBot) -> None:
    gauges = layer_of(window, "gauges")
    click_feature(window, qtbot, gauges, 0)
    hit = window.identify_panel.hits[0]
    assert hit.layer is gauges and hit.series is not None
    fields = dict(hit.fields)
    assert {"水位 (m)", "状態", "警戒レベル相当", "最終観測時刻", "避難情報の目安"} <= set(fields)
    labels = {label.text() for label in window.identify_panel.findChildren(QLabel)}
    assert fields["状態"] in labels and fields["最終観測時刻"] in labels
    chart = window.identify_panel.findChild(Hydrograph)
    assert chart is not None and chart.isVisible()
    assert set(chart.thresholds) >= {"standby", "caution", "danger"}
    image = chart.grab().toImage()
    assert image.width() > 200 and len({image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}) > 5
    shot(window, qtbot, "nigezero-identify-gauge.png")


def test_hydrograph_breaks_the_line_at_flagged_readings() -> None:
    assert runs(np.array([True, True, False, False, True, True, True, False])) == [(0, 2), (4, 7)]
    assert runs(np.array([False, False])) == []


def test_escape_clears_the_selection_and_empty_ground_selects_nothing(window: MainWindow, qtbot: QtBot) -> None:
    click_feature(window, qtbot, layer_of(window, "gauges"), 0)
    assert window.canvas.selection is not None
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.canvas.selection is None
    assert window.identify_panel.hits == [] and window.identify_panel.findChild(QGroupBox) is None
    hits = window.canvas.identify_at(2, 2)  # the map's corner, outside every layer
    assert hits == [] and window.canvas.selection is None


def test_enter_identifies_at_the_cursor_and_the_tool_can_be_switched_off(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    gauges = layer_of(window, "gauges")
    x, y = gauges.arrays(window.project.crs).anchors[1]
    canvas.set_view(canvas.view.__class__(x, y, canvas.view.scale, canvas.view.width, canvas.view.height))
    canvas.setFocus()
    qtbot.mouseMove(window.layer_panel)  # the mouse is off the map: Enter asks at the centre
    with qtbot.waitSignal(canvas.identified, timeout=5000) as found:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert found.args[0][0].layer is gauges and found.args[0][0].feature == 1
    window.identify_action.trigger()
    assert not canvas.identify_enabled and not window.views.view3d.identify_enabled  # both views
    before = canvas.view
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert canvas.selection is not None and canvas.selection.feature == 1  # unchanged: the tool is off
    assert canvas.view == before


def test_arrow_keys_pan_and_plus_minus_zoom(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    canvas.setFocus()
    start = canvas.view
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.view.cx < start.cx
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.view.cy < start.cy
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.view.scale == pytest.approx(start.scale / 1.5)
    with qtbot.waitSignal(canvas.rendered, timeout=10_000):
        pass  # the settled view is rendered on the render thread
    assert canvas._frame_view == canvas.view
