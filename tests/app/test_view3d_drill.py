"""The demo drill animated in the 3D view: trails, where everyone is, and the flood areas by time.

The demo scenario (``scenario/drill.json``) floods its first area at 19:10 (25,800 s after the
12:00 start) and its second at 20:10 (29,400 s); people leave between 17:40 and 20:00, one is
cut off at 19:10. Screenshots at 18:00, 19:12 and 20:30 go to ``/tmp/nigezero-screens/drill3d_*.png``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from alerts.demo_plans import create_demo_project
from alerts.drill_inputs import load_drill_inputs, prepare_drill
from alerts.drill_trips import DrillTrips, FloodTimeline, drill_trips, flood_timeline, positions_at
from app.view3d import View3D
from app.view3d.camera import EQUATOR_M, WORLD_PX
from jobs.feedback import Feedback
from layers.outcomes import OUTCOME_COLORS
from store import open_store
from tests.app.test_view3d import SCHEME_READY, grab, js, shown_view, until_drawn
from workspace import open_demo

pytestmark = pytest.mark.skipif(not SCHEME_READY, reason="a QApplication existed before app:// could be registered")


@pytest.fixture
def view(qtbot: QtBot, demo_dir: Path) -> View3D:
    """A shown 3D view of the demo."""
    return shown_view(qtbot, open_demo(demo_dir, Feedback()))
FIRST_FLOOD_S, SECOND_FLOOD_S = 25_800.0, 29_400.0


@pytest.fixture(scope="module")
def demo_drill(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DrillTrips, FloodTimeline]:
    path = tmp_path_factory.mktemp("drill3d") / "demo.nigezero"
    create_demo_project(path, demo_dir)
    with open_store(path) as store:
        inputs = load_drill_inputs(store, Feedback())
    drill = prepare_drill(inputs, demo_dir / "scenario" / "drill.json", Feedback())
    result = drill.run(inputs.people, inputs.plans, inputs.roles)
    return drill_trips(result, inputs.people, inputs.plans, inputs.roles, drill), flood_timeline(drill)


def over_the_town(trips: DrillTrips, width_px: int) -> dict[str, float]:
    """A tilted camera showing every trip."""
    (west, south), (east, north) = np.nanmin(trips.coords, axis=0), np.nanmax(trips.coords, axis=0)
    lat = (south + north) / 2
    metres = (east - west) * EQUATOR_M / 360 * math.cos(math.radians(lat)) * 1.3
    zoom = math.log2(EQUATOR_M * math.cos(math.radians(lat)) / (WORLD_PX * metres / width_px))
    return {"longitude": (west + east) / 2, "latitude": lat - (north - south) * 0.15, "zoom": zoom, "pitch": 40, "bearing": 0}


def close_to(trips: DrillTrips, t_s: float) -> dict[str, float]:
    """A camera close over the person who has walked longest at ``t_s``."""
    xy, state = positions_at(trips, t_s)
    moving = np.flatnonzero(state == "moving")
    lon, lat = xy[moving[np.argmin(trips.times_s[trips.path_offsets[moving]])]]
    return {"longitude": lon, "latitude": lat, "zoom": 17.5, "pitch": 30, "bearing": 0}


def pixels(image: QImage, test) -> int:  # noqa: ANN001 (a predicate on r, g, b)
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if test(*image.pixelColor(x, y).getRgb()[:3])
    )


def changed(a: QImage, b: QImage) -> float:
    """The share of (sampled) pixels that differ."""
    points = [(x, y) for y in range(0, a.height(), 8) for x in range(0, a.width(), 8)]
    return sum(a.pixelColor(x, y) != b.pixelColor(x, y) for x, y in points) / len(points)


def flood_blue(r: int, g: int, b: int) -> bool:
    return b > r + 50 and b > g + 25


def outcome(name: str):  # noqa: ANN201 (a predicate on r, g, b)
    want = OUTCOME_COLORS[name][:3]
    return lambda r, g, b: max(abs(r - want[0]), abs(g - want[1]), abs(b - want[2])) < 40


def test_the_drill_reaches_the_page_and_only_its_time_moves(
    qtbot: QtBot, view: View3D, demo_drill: tuple[DrillTrips, FloodTimeline]
) -> None:
    trips, floods = demo_drill
    until_drawn(qtbot, view, "drill", lambda: view.set_drill(trips, floods))
    state = js(qtbot, view, "nz.state().drill")
    assert state["trips"] == len(trips.ids) and state["t"] == 0 and state["floodsShown"] == 0 and state["floods"] > 0
    fetched = js(qtbot, view, "nz.fetched.length")

    for t_s in (21_600.0, FIRST_FLOOD_S + 120, SECOND_FLOOD_S + 3_600):
        until_drawn(qtbot, view, "drillTime", lambda t_s=t_s: view.set_drill_time(t_s))
        state = js(qtbot, view, "nz.state().drill")
        assert state["t"] == t_s and view.drill_time == t_s
        expected, _ = positions_at(trips, t_s)
        assert np.asarray(state["heads"]).reshape(-1, 2) == pytest.approx(expected, abs=1e-6)
        flooded_areas = int((floods.flood_s <= t_s).sum())
        assert (state["floodsShown"] > 0) == (flooded_areas > 0)
        assert (state["floodsShown"] == state["floods"]) == (flooded_areas == len(floods.polygons))
    assert js(qtbot, view, "nz.fetched.length") == fetched  # moving the time sent no array

    until_drawn(qtbot, view, "drill", view.clear_drill)
    assert js(qtbot, view, "nz.state().drill") is None
    assert not [key for key in view.handler.blobs if key.startswith("drill-")]  # type: ignore[union-attr]


def test_screenshots_at_three_drill_times(qtbot: QtBot, view: View3D, demo_drill: tuple[DrillTrips, FloodTimeline]) -> None:
    trips, floods = demo_drill
    until_drawn(qtbot, view, "view", lambda: view.set_camera(over_the_town(trips, view.width())))
    until_drawn(qtbot, view, "drill", lambda: view.set_drill(trips, floods))
    green, red = outcome("arrived"), outcome("cut_off")

    until_drawn(qtbot, view, "drillTime", lambda: view.set_drill_time(6 * 3600))  # 18:00
    before = grab(qtbot, view, lambda im: pixels(im, green) > 20, "drill3d_1800.png")
    assert pixels(before, green) > 20 and pixels(before, flood_blue) < 30
    _, state = positions_at(trips, 6 * 3600)
    assert (state == "moving").sum() >= 2  # trails to see

    until_drawn(qtbot, view, "view", lambda: view.set_camera(close_to(trips, 6 * 3600)))
    close = grab(qtbot, view, lambda im: changed(before, im) > 0.3, "drill3d_1800_close.png")
    assert changed(before, close) > 0.3 and pixels(close, green) > 150  # the trail behind the walker, not only a marker
    until_drawn(qtbot, view, "view", lambda: view.set_camera(over_the_town(trips, view.width())))

    until_drawn(qtbot, view, "drillTime", lambda: view.set_drill_time(FIRST_FLOOD_S + 120))  # 19:12
    first = grab(qtbot, view, lambda im: pixels(im, flood_blue) > 300, "drill3d_1912.png")
    assert pixels(first, flood_blue) > 300 and pixels(first, red) > 5

    until_drawn(qtbot, view, "drillTime", lambda: view.set_drill_time(SECOND_FLOOD_S + 1_200))  # 20:30
    both = grab(qtbot, view, lambda im: pixels(im, flood_blue) > pixels(first, flood_blue) + 300, "drill3d_2030.png")
    assert pixels(both, flood_blue) > pixels(first, flood_blue) + 300
