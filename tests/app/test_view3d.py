"""The 3D view on the demo data: it renders, follows the layer model without reloading, keeps the
camera in step with the 2D map, explains a missing WebGL, and makes no request outside app://.

Screenshots go to ``/tmp/nigezero-screens/`` for people to look at.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor
from pytestqt.qtbot import QtBot

from app.view3d import View3D, ViewSwitcher, register_scheme
from app.view3d.camera import view_state_for
from hazards.ranks import DEPTH_RANKS
from jobs.feedback import Feedback
from layers.deck import WORST, Scenario
from layers.project import Project
from workspace import open_demo

# The scheme must exist before pytest-qt creates the QApplication (collection comes first).
SCHEME_READY = register_scheme()
SCREENS = Path("/tmp/nigezero-screens")
RENDER_TIMEOUT_MS = 60_000
FLOOD = {b.rank: b.colour for b in DEPTH_RANKS}

pytestmark = pytest.mark.skipif(not SCHEME_READY, reason="a QApplication existed before app:// could be registered")


@pytest.fixture
def project(demo_dir: Path) -> Project:
    return open_demo(demo_dir, Feedback())


@pytest.fixture
def view(qtbot: QtBot, project: Project) -> View3D:
    return shown_view(qtbot, project)


def shown_view(qtbot: QtBot, project: Project) -> View3D:
    """A shown 3D view whose page has drawn ``project``'s layers."""
    view = View3D(project)
    qtbot.addWidget(view)
    view.resize(900, 620)
    with qtbot.waitSignal(view.rendered, timeout=RENDER_TIMEOUT_MS, check_params_cb=lambda d: d["op"] == "layers"):
        view.show()
    return view


def js(qtbot: QtBot, view: View3D, script: str) -> object:
    """The JSON value of ``script`` evaluated in the page."""
    result: list[str] = []
    assert view.web is not None
    view.web.page().runJavaScript(f"JSON.stringify({script})", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    return json.loads(result[0])


def until_drawn(qtbot: QtBot, view: View3D, op: str, action: Callable[[], object]) -> dict:
    """Run ``action`` and wait until the page has drawn a message of kind ``op``."""
    with qtbot.waitSignal(view.rendered, timeout=RENDER_TIMEOUT_MS, check_params_cb=lambda d: d["op"] == op) as drawn:
        action()
    return drawn.args[0]


def grab(qtbot: QtBot, view: View3D, ok: Callable[[QImage], bool], name: str) -> QImage:
    """The page as shown, saved as ``name``; grabbed again until ``ok`` (the compositor lags
    the page's own frame by a moment under software rendering)."""
    assert view.web is not None
    deadline = time.monotonic() + 10
    while True:
        image = view.web.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        if ok(image) or time.monotonic() > deadline:
            break
        qtbot.wait(200)
    SCREENS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENS / name))
    return image


def count(image: QImage, rgb: tuple[int, int, int]) -> int:
    """Pixels of exactly ``rgb`` (flat, unlit surfaces keep their colour)."""
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).getRgb()[:3] == rgb
    )


def warm_pixels(image: QImage) -> int:
    """Pixels in the warm flood hues (peach, pink, yellow; lit or not): red ≥ green > blue + 25."""
    n = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            r, g, b, _ = image.pixelColor(x, y).getRgb()
            n += r >= g and g > b + 25 and r > 120
    return n


def distinct(image: QImage) -> int:
    return len({image.pixelColor(x, y).getRgb() for y in range(0, image.height(), 8) for x in range(0, image.width(), 8)})


def layer_of(project: Project, kind: str):  # noqa: ANN201 (a layer)
    return next(layer for layer in project.layers if layer.kind == kind)


def test_the_3d_tab_draws_the_demo_in_flood_colours(qtbot: QtBot, demo_dir: Path) -> None:
    from app.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    with qtbot.waitSignal(window.loading_done, timeout=120_000):
        window.open_folder(demo_dir)
    window.canvas.zoom_to_layer(layer_of(window.project, "buildings"))  # the 3D camera starts where 2D is
    action = next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == "3D 地図")
    assert action.shortcut().toString() == "Alt+3"
    view = window.views.view3d
    drawn = until_drawn(qtbot, view, "layers", action.trigger)
    assert window.views.currentWidget() is view and view.webgl_ok
    assert drawn["extruded"] > 0  # the demo town fits the budget: its buildings stand up
    image = grab(qtbot, view, lambda im: count(im, FLOOD[2]) > 500, "view3d-demo.png")
    assert distinct(image) > 50, "the 3D view is blank"
    assert count(image, FLOOD[2]) > 500 and count(image, FLOOD[1]) > 100  # draped flood areas, ranks 1 and 2

    # Hide the draped areas: the warm colours left are the buildings' own (lit walls and roofs).
    until_drawn(qtbot, view, "props", lambda: setattr(layer_of(window.project, "hazard_area"), "visible", False))
    image = grab(qtbot, view, lambda im: count(im, FLOOD[2]) < 50, "view3d-demo-buildings.png")
    assert count(image, FLOOD[2]) < 50 and warm_pixels(image) > 300


def test_layer_changes_are_pushed_without_reloading_the_page(qtbot: QtBot, view: View3D, project: Project) -> None:
    js(qtbot, view, "(window.__mark = 'still here')")
    areas = layer_of(project, "hazard_area")
    before = grab(qtbot, view, lambda im: count(im, FLOOD[2]) > 500, "view3d-before-hide.png")
    until_drawn(qtbot, view, "props", lambda: setattr(areas, "visible", False))
    after = grab(qtbot, view, lambda im: count(im, FLOOD[2]) < 50, "view3d-after-hide.png")
    assert count(before, FLOOD[2]) > 500 and count(after, FLOOD[2]) < 50
    until_drawn(qtbot, view, "props", lambda: setattr(layer_of(project, "buildings"), "opacity", 0.5))
    state = js(qtbot, view, "nz.state()")
    by_kind = {layer["kind"]: layer for layer in state["layers"]}
    assert by_kind["polygons"]["visible"] is False and by_kind["buildings"]["opacity"] == 0.5
    assert js(qtbot, view, "window.__mark") == "still here" and view.page_loads == 1


def test_a_changed_layer_is_rebuilt_off_the_gui_thread_and_a_stale_build_is_dropped(
    qtbot: QtBot, view: View3D, project: Project
) -> None:
    buildings = layer_of(project, "buildings")
    pushed: list[dict] = []
    view.rendered.connect(lambda d: pushed.append(d) if d["op"] == "layers" else None)
    buildings.events.data.emit()  # new data: its spec is built again …
    view._push_layers()  # … starting now, on another thread
    assert view.busy.isVisible() and view.busy.text() == "3D データを準備中…"
    buildings.events.data.emit()  # changed again while that build runs: its result is stale
    qtbot.waitUntil(lambda: bool(pushed) and not view.busy.isVisible(), timeout=RENDER_TIMEOUT_MS)
    qtbot.wait(500)  # a stale result, had it been pushed, would show up as a second list
    assert len(pushed) == 1 and view._specs[buildings][1] == 2
    page = {layer["kind"]: layer for layer in js(qtbot, view, "nz.state().layers")}
    assert page["buildings"]["version"] == 2


def test_a_flood_scenario_recolours_buildings_with_one_colour_array(qtbot: QtBot, view: View3D, project: Project) -> None:
    choices = view.available_scenarios()
    assert choices[0] == WORST and Scenario("L1") in choices and Scenario("L2") in choices
    assert view.scenario_box.count() == len(choices) and view.scenario_box.isEnabled()
    js(qtbot, view, "(window.__mark = 7)")
    fetched = js(qtbot, view, "nz.fetched.length")
    until_drawn(qtbot, view, "colors", lambda: view.scenario_box.setCurrentIndex(choices.index(Scenario("L1"))))
    assert view.scenario == Scenario("L1")
    new = js(qtbot, view, f"nz.fetched.slice({fetched})")
    assert len(new) == 1 and "/colors?" in new[0]  # one colour array; no geometry sent again
    assert js(qtbot, view, "window.__mark") == 7 and view.page_loads == 1


def test_the_camera_follows_the_2d_map_and_back(qtbot: QtBot, project: Project) -> None:
    from app.map2d.canvas import MapCanvas

    switcher = ViewSwitcher(project)
    qtbot.addWidget(switcher)
    canvas = MapCanvas(project)
    switcher.attach(canvas, project)
    switcher.resize(900, 620)
    switcher.show()
    qtbot.waitExposed(switcher)
    canvas.zoom_full()
    canvas.set_view(canvas.view.zoomed(2.0))
    expected = view_state_for(canvas.view, project.crs)
    view = switcher.view3d
    until_drawn(qtbot, view, "layers", switcher.show_3d)
    qtbot.waitUntil(lambda: js(qtbot, view, "nz.state().viewState.zoom") == pytest.approx(expected["zoom"]), timeout=10_000)
    state = js(qtbot, view, "nz.state().viewState")
    assert (state["longitude"], state["latitude"]) == pytest.approx((expected["longitude"], expected["latitude"]), abs=1e-9)
    grab(qtbot, view, lambda im: distinct(im) > 50, "view3d-camera-from-2d.png")

    # The user drags the 3D map (the controller's callback, as deck.gl calls it) …
    moved = {**state, "longitude": state["longitude"] + 0.002, "latitude": state["latitude"] - 0.001, "zoom": state["zoom"] + 1}
    js(qtbot, view, f"nz.deck.props.onViewStateChange({{viewState: {json.dumps(moved)}}}) && 1")
    # the page reports views asynchronously: wait for the one of the drag (an earlier one may come first)
    qtbot.waitUntil(lambda: (view.camera or {}).get("longitude") == pytest.approx(moved["longitude"], abs=1e-9), timeout=10_000)
    # … and the 2D map opens on the same place, at the same scale.
    switcher.show_2d()
    back = view_state_for(canvas.view, project.crs)
    assert (back["longitude"], back["latitude"], back["zoom"]) == pytest.approx(
        (moved["longitude"], moved["latitude"], moved["zoom"]), abs=1e-7
    )


def test_without_webgl_the_tab_says_so_and_the_2d_map_still_works(qtbot: QtBot, project: Project) -> None:
    from app.map2d.canvas import MapCanvas

    switcher = ViewSwitcher(project)
    switcher.view3d.deleteLater()
    qtbot.addWidget(switcher)
    switcher.view3d = View3D(project, switcher, webgl=False)  # as if the JS check had failed
    switcher.addTab(switcher.view3d, "3D")
    canvas = MapCanvas(project)
    switcher.attach(canvas, project)
    switcher.resize(900, 620)
    switcher.show()
    with qtbot.waitSignal(switcher.view3d.ready, timeout=RENDER_TIMEOUT_MS) as ready:
        switcher.show_3d()
    assert ready.args == [False] and switcher.view3d.webgl_ok is False
    message = switcher.view3d.message
    assert switcher.view3d.stack.currentWidget() is message and message.isVisible()
    assert "3D 表示を利用できません" in message.text() and "2D 地図" in message.text() and "WebGL" in message.text()
    SCREENS.mkdir(parents=True, exist_ok=True)
    switcher.grab().save(str(SCREENS / "view3d-no-webgl.png"))
    switcher.show_2d()
    canvas.render_now()
    assert count(canvas.snapshot().convertToFormat(QImage.Format.Format_RGB32), FLOOD[2]) > 500


class Recorder(QWebEngineUrlRequestInterceptor):
    """Notes every URL the page requests."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 (Qt API)
        self.urls.append(info.requestUrl().toString())


def test_no_request_leaves_app_scheme(qtbot: QtBot, view: View3D, project: Project) -> None:
    recorder = Recorder()
    assert view.profile is not None and view.web is not None
    view.profile.setUrlRequestInterceptor(recorder)
    reload = QWebEnginePage.WebAction.ReloadAndBypassCache  # every request again, now recorded
    until_drawn(qtbot, view, "layers", lambda: view.web.triggerPageAction(reload))
    until_drawn(qtbot, view, "props", lambda: setattr(layer_of(project, "hazard_raster"), "visible", True))
    view.profile.setUrlRequestInterceptor(None)
    schemes = {url.split(":", 1)[0] for url in recorder.urls}
    assert schemes <= {"app", "data"}, recorder.urls
    assert any(url.endswith("/deck.js") for url in recorder.urls) and any("/blob/" in url for url in recorder.urls), recorder.urls
