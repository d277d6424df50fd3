"""Identify in the 3D view: a click on a building shows the same 情報 panel as in 2D, the building
is marked, Esc clears it; a real click and Enter (the view's centre) pick through deck.gl."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.map2d.canvas import PICK_TOLERANCE_PX
from app.view3d import View3D
from app.view3d.camera import metres_per_pixel
from jobs.feedback import Feedback
from layers.identify import Hit, identify
from layers.project import Project
from layers.vector import VectorLayer
from tests.app.test_view3d import SCHEME_READY, grab, js, layer_of, shown_view, until_drawn
from workspace import open_demo

pytestmark = pytest.mark.skipif(not SCHEME_READY, reason="a QApplication existed before app:// could be registered")


@pytest.fixture
def view(qtbot: QtBot, demo_dir: Path) -> View3D:
    """A shown 3D view of the demo."""
    return shown_view(qtbot, open_demo(demo_dir, Feedback()))
ZOOM = 18.0
INK = (0, 170, 255)


def flooded_building(project: Project) -> tuple[VectorLayer, int, tuple[float, float]]:
    """The largest building with a flood rank, and a point inside it (lon, lat)."""
    layer = layer_of(project, "buildings")
    ranked = layer.data["max_flood_rank"].notna().to_numpy()
    area = np.where(ranked, shapely.area(layer.data.geometry.values), 0)
    feature = int(area.argmax())
    point = shapely.point_on_surface(layer.data.geometry.values[feature])
    return layer, feature, (point.x, point.y)


def as_2d(project: Project, lon: float, lat: float) -> list[Hit]:
    """What the 2D identify finds at the point at the same scale."""
    x, y = Transformer.from_crs("EPSG:6668", project.crs, always_xy=True).transform(lon, lat)
    return identify(list(project.layers), project.crs, x, y, PICK_TOLERANCE_PX * metres_per_pixel(ZOOM, lat))


def shown(hits: list[Hit]) -> list[tuple]:
    return [(hit.layer, hit.feature, hit.title, hit.fields, hit.tables) for hit in hits]


def ink_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if max(abs(a - b) for a, b in zip(image.pixelColor(x, y).getRgb()[:3], INK, strict=True)) < 30
    )


def test_a_picked_building_shows_the_2d_information_and_esc_clears_it(
    qtbot: QtBot, demo_window: Callable[..., MainWindow]
) -> None:
    window = demo_window()
    view = window.views.view3d
    until_drawn(qtbot, view, "layers", window.views.show_3d)
    layer, feature, (lon, lat) = flooded_building(window.project)
    until_drawn(qtbot, view, "view", lambda: view.set_camera({"longitude": lon, "latitude": lat, "zoom": ZOOM, "pitch": 40, "bearing": 0}))
    spec = view._specs[layer][0]
    item = int(np.flatnonzero(spec.feature_index == feature)[0])

    # the report the page sends when deck.gl picked that building's part
    pick = {"id": spec.id, "index": item, "coordinate": [lon, lat], "zoom": ZOOM}
    with qtbot.waitSignal(view.identified) as found:
        until_drawn(qtbot, view, "select", lambda: view._on_event("pick", pick))
    hits = found.args[0]
    assert (hits[0].layer, hits[0].feature) == (layer, feature)
    assert shown(hits) == shown(as_2d(window.project, lon, lat))  # the same hits as a 2D click there
    assert shown(window.identify_panel.hits) == shown(hits) and window.identify_dock.isVisible()
    assert any(table.rows for table in hits[0].tables)  # the building's risk entries, as in 2D
    selection = js(qtbot, view, "nz.state().selection")
    assert selection["id"] == spec.id and selection["items"] == [item]  # the building tinted
    image = grab(qtbot, view, lambda im: ink_pixels(im) > 100, "view3d-identify.png")
    assert ink_pixels(image) > 100  # outlined and tinted in the selection colour

    # Esc, typed in the page, clears the selection and the panel
    view.web.setFocus()
    with qtbot.waitSignal(view.selection_cleared):
        QTest.keyClick(view.web.focusProxy(), Qt.Key.Key_Escape)
    assert view.selection is None and window.identify_panel.hits == []
    qtbot.waitUntil(lambda: js(qtbot, view, "nz.state().selection") is None, timeout=10_000)


def test_a_real_click_and_enter_pick_through_deck_gl(qtbot: QtBot, view: View3D) -> None:
    layer, feature, (lon, lat) = flooded_building(view.project)
    # straight down onto the building: its roof covers the middle of the view
    until_drawn(qtbot, view, "view", lambda: view.set_camera({"longitude": lon, "latitude": lat, "zoom": ZOOM, "pitch": 0, "bearing": 0}))
    proxy = view.web.focusProxy()
    with qtbot.waitSignal(view.identified, timeout=10_000) as found:
        QTest.mouseClick(proxy, Qt.MouseButton.LeftButton, pos=QPoint(view.web.width() // 2, view.web.height() // 2))
    assert (found.args[0][0].layer, found.args[0][0].feature) == (layer, feature)
    assert view.selection is not None and view.selection.feature == feature

    view.clear_selection()
    view.web.setFocus()
    with qtbot.waitSignal(view.identified, timeout=10_000) as found:
        QTest.keyClick(proxy, Qt.Key.Key_Return)
    assert (found.args[0][0].layer, found.args[0][0].feature) == (layer, feature)


def test_a_picked_flood_area_is_outlined(qtbot: QtBot, view: View3D) -> None:
    areas = layer_of(view.project, "hazard_area")
    spec = view._specs[areas][0]
    item = len(spec.feature_index) // 2
    feature = int(spec.feature_index[item])
    point = shapely.point_on_surface(areas.data.geometry.values[feature])
    pick = {"id": spec.id, "index": item, "coordinate": [point.x, point.y], "zoom": 15.0}
    with qtbot.waitSignal(view.identified) as found:
        until_drawn(qtbot, view, "select", lambda: view._on_event("pick", pick))
    assert (found.args[0][0].layer, found.args[0][0].feature) == (areas, feature)
    selection = js(qtbot, view, "nz.state().selection")
    rings = shapely.get_rings(shapely.get_parts(areas.data.geometry.values[feature]))
    assert selection["items"] == [] and len(selection["rings"]) == len(rings)  # outlined, every ring
