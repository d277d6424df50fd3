"""End to end: the main window on the demo data, driven like a user would.

The screenshot is saved under ``tmp_path`` and copied to ``/tmp/nigezero-screens/`` for people
to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.layer_model import LAYER_ROLE
from app.main_window import MainWindow
from hazards.ranks import DEPTH_RANKS
from layers.base import Layer
from workspace.loaders import IMPORT_KINDS

SCREENS = Path("/tmp/nigezero-screens")


@pytest.fixture
def window(demo_window) -> MainWindow:
    window = demo_window(1280, 820)
    assert len(window.project.layers) == 6
    return window


def panel_layers(window: MainWindow) -> list[Layer]:
    model = window.layer_panel.model
    return [model.index(row, 0).data(LAYER_ROLE) for row in range(model.rowCount())]


def of_kind(window: MainWindow, kind: str) -> Layer:
    return next(layer for layer in window.project.layers if layer.kind == kind)


def map_image(window: MainWindow) -> QImage:
    return window.canvas.snapshot()


def colours(image: QImage) -> set[tuple[int, int, int]]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    found: set[tuple[int, int, int]] = set()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            found.add((c.red(), c.green(), c.blue()))
    return found


def test_panel_lists_the_demo_layers_top_first(window: MainWindow) -> None:
    layers = panel_layers(window)
    assert [layer.kind for layer in layers] == ["residents", "shelters", "gauges", "buildings", "hazard_area", "hazard_raster"]
    model = window.layer_panel.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [layer.name for layer in layers]
    buildings_row = model.index_of(of_kind(window, "buildings"))
    assert model.rowCount(buildings_row) == 7  # six depth ranks and 浸水想定なし
    assert model.index(0, 0, buildings_row).data() == "0.5m未満（ランク1）"
    assert model.index(0, 0, buildings_row).data(Qt.ItemDataRole.DecorationRole) is not None
    assert window.status.zone_label.text() == "平面直角座標 III系 (EPSG:6671)"
    assert window.status.loading_label.text() == "レイヤー 6 件"


def test_visibility_opacity_and_order_change_the_map(window: MainWindow, qtbot: QtBot) -> None:
    model = window.layer_panel.model
    before = map_image(window)

    shelters = of_kind(window, "shelters")
    model.setData(model.index_of(shelters), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert not shelters.visible
    hidden = map_image(window)
    assert hidden != before
    model.setData(model.index_of(shelters), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert map_image(window) == before

    areas = of_kind(window, "hazard_area")
    window.layer_panel.select(areas)
    window.layer_panel.opacity_slider.setValue(30)
    assert areas.opacity == pytest.approx(0.3)
    assert window.layer_panel.opacity_spin.value() == 30
    faded = map_image(window)
    assert faded != before
    areas.opacity = 1.0
    assert window.layer_panel.opacity_slider.value() == 100

    buildings = of_kind(window, "buildings")
    window.layer_panel.select(buildings)
    qtbot.mouseClick(window.layer_panel.down_button, Qt.MouseButton.LeftButton)
    assert [layer.kind for layer in window.project.layers][:3] == ["hazard_raster", "buildings", "hazard_area"]
    assert panel_layers(window)[3] is areas
    assert window.layer_panel.selected_layer is buildings
    assert map_image(window) != before
    window.layer_panel.move_selected(+1)
    assert map_image(window) == before


def test_drop_in_the_panel_reorders_the_project(window: MainWindow) -> None:
    model = window.layer_panel.model
    residents = of_kind(window, "residents")
    mime = model.mimeData([model.index_of(residents)])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, model.rowCount(), 0, model.index(-1, -1))
    assert window.project.layers[0] is residents
    assert panel_layers(window)[-1] is residents


def test_keys_pan_and_zoom_the_view(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    canvas.setFocus()
    start = canvas.view
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.view.cx > start.cx and canvas.view.cy == start.cy
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.view.cy > start.cy
    qtbot.keyClick(canvas, Qt.Key.Key_Plus)
    assert canvas.view.scale == pytest.approx(start.scale / 1.5)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    qtbot.keyClick(canvas, Qt.Key.Key_Minus)
    assert canvas.view.scale == pytest.approx(start.scale * 1.5)
    x0, y0, x1, y1 = canvas.view.box
    assert (x1 - x0) > (start.box[2] - start.box[0])
    moved = map_image(window)
    qtbot.keyClick(canvas, Qt.Key.Key_Home)  # everything, the demo's gauges upstream too: farther out than it opened
    assert canvas.view.scale == pytest.approx(canvas.view.fitted(canvas.full_extent()).scale)
    assert canvas.view.scale > start.scale
    assert map_image(window) != moved


def test_status_bar_shows_the_position_under_the_mouse(window: MainWindow, qtbot: QtBot) -> None:
    canvas = window.canvas
    qtbot.mouseMove(canvas, QPoint(200, 150))
    qtbot.waitUntil(lambda: "°N" in window.status.position_label.text())
    easting, northing = canvas.view.to_world(200, 150)
    text = window.status.position_label.text()
    assert "°E | 平面直角座標 III系 X=" in text
    assert f"X={northing:,.1f} Y={easting:,.1f} m" in text
    lat = float(text.split("°N")[0])
    assert 34.1 < lat < 34.25
    assert window.status.scale_label.text().startswith("縮尺 1:")


def test_screenshot_shows_the_flood_colours_and_attribution(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "nigezero-main-window.png"
    map_path = tmp_path / "nigezero-map.png"
    assert window.export_png(map_path)
    window.grab().save(str(path))
    seen = colours(QImage(str(map_path)))
    assert len(seen) > 30
    flood = {band.colour for band in DEPTH_RANKS[:3]}  # the demo floods to rank 3
    assert flood <= seen, f"missing flood colours {flood - seen}"
    assert len(colours(QImage(str(path)))) > 30
    zoomed_path = tmp_path / "nigezero-map-zoomed.png"
    buildings = of_kind(window, "buildings")
    index = window.layer_panel.model.index_of(buildings)
    window.layer_panel.tree.doubleClicked.emit(index)  # what a double-click on the row does
    assert window.canvas.view.box[0] == pytest.approx(window.canvas._items[buildings].world_bounds()[0], abs=200)
    window.canvas.zoom_in()
    assert window.export_png(zoomed_path)
    assert flood <= colours(QImage(str(zoomed_path)))
    SCREENS.mkdir(parents=True, exist_ok=True)
    for shot in (path, map_path, zoomed_path):
        shutil.copy(shot, SCREENS / shot.name)


def test_a_file_that_cannot_be_read_gives_a_message_not_a_traceback(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("名前,住所\n山口 太郎,山口市\n", encoding="utf-8")
    kind = next(k for k in IMPORT_KINDS if k.key == "residents")
    with qtbot.waitSignal(window.loading_done, timeout=30_000) as loaded:
        window.load("import", str(roster), lambda fb: kind.load([roster], fb))
    assert loaded.args == [0]
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert str(roster) in box.text()
    assert "住民ID" in box.text()  # what the importer expected
    assert "Traceback" not in box.text()
    assert len(window.project.layers) == 6
    box.close()


def test_import_problems_are_listed_per_file(window: MainWindow, qtbot: QtBot, demo_dir: Path, tmp_path: Path) -> None:
    from app.problems_dialog import ProblemsDialog

    good = next((demo_dir / "plateau" / "udx" / "bldg").glob("*.gml"))
    broken = tmp_path / "broken_bldg_6697_op.gml"
    broken.write_bytes(good.read_bytes()[:5000])  # cut off mid-file
    kind = next(k for k in IMPORT_KINDS if k.key == "plateau")
    with qtbot.waitSignal(window.loading_done, timeout=60_000):
        window.load("import", str(tmp_path), lambda fb: kind.load([good, broken], fb))
    dialog = window.findChild(ProblemsDialog)
    assert dialog is not None and dialog.isVisible()  # a file was not read: shown at once
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == str(broken) and top.childCount() >= 1
    assert any(layer.name.startswith("建物") for layer in window.project.layers)  # the good file still loaded
    dialog.close()


def test_every_menu_action_has_japanese_text_and_a_shortcut(window: MainWindow) -> None:
    def actions(menu_actions: list) -> list:
        found = []
        for action in menu_actions:
            if action.menu() is not None:
                found += actions(action.menu().actions())
            elif not action.isSeparator():
                found.append(action)
        return found

    every = actions(window.menuBar().actions())
    assert len(every) >= 14
    for action in every:
        assert action.shortcuts(), f"{action.text()} has no shortcut"
        assert any("\u3040" <= ch <= "\u9fff" for ch in action.text()), f"{action.text()} is not Japanese"
