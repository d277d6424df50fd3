"""Rendering off the GUI thread: a big layer never blocks the window, pans reuse the last image."""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.map2d.base_item import exposed_rects, pixel_shift
from app.map2d.canvas import MapCanvas
from app.map2d.vector_item import VectorItem
from app.map2d.viewport import Viewport
from layers import Project, VectorLayer, VectorStyle
from layers.styles import flood_rank_style

HEARTBEAT_MS = 10
MAX_BLOCK_MS = 100


def footprints(n: int, seed: int = 5) -> VectorLayer:
    """``n`` rotated rectangles (6–25 m) over ~10 × 8 km around Yamaguchi, ranks 0–6."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-69000, -59000, n)
    y = rng.uniform(-206500, -198500, n)
    w, h, a = rng.uniform(6, 25, n), rng.uniform(6, 25, n), rng.uniform(0, np.pi, n)
    dx, dy = np.array([-0.5, 0.5, 0.5, -0.5, -0.5]), np.array([-0.5, -0.5, 0.5, 0.5, -0.5])
    lx, ly = w[:, None] * dx, h[:, None] * dy
    px = x[:, None] + lx * np.cos(a)[:, None] - ly * np.sin(a)[:, None]
    py = y[:, None] + lx * np.sin(a)[:, None] + ly * np.cos(a)[:, None]
    frame = gpd.GeoDataFrame({"rank": rng.integers(0, 7, n)}, geometry=shapely.polygons(np.stack([px, py], -1)), crs=6671)
    return VectorLayer(frame, name="建物", kind="buildings", style=flood_rank_style("rank"))


def test_the_gui_thread_is_never_blocked_while_a_big_layer_renders(qtbot: QtBot) -> None:
    layer = footprints(50_000)  # unprepared: projection, index and drawing all happen on the render thread
    canvas = MapCanvas(Project(zone_number=3))
    qtbot.addWidget(canvas)
    canvas.resize(1200, 800)
    canvas.show()
    qtbot.waitExposed(canvas)
    beats: list[float] = []
    heartbeat = QTimer(interval=HEARTBEAT_MS, timeout=lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    rendered: list[float] = []
    canvas.rendered.connect(rendered.append)
    started = time.perf_counter()
    canvas._project.add(layer)
    for _ in range(6):  # the user pans meanwhile; each pan is shown at once from the old frame
        canvas.pan_by(40, 0)
        qtbot.wait(30)
    qtbot.waitUntil(lambda: bool(rendered) and canvas._frame_view == canvas.view, timeout=60_000)
    total_ms = (time.perf_counter() - started) * 1000
    qtbot.wait(50)
    heartbeat.stop()
    gaps = np.diff(beats) * 1000
    assert total_ms > 300, "the layer rendered too fast to show anything about blocking"
    assert gaps.max() < MAX_BLOCK_MS, f"GUI thread blocked {gaps.max():.0f} ms (render took {total_ms:.0f} ms)"


def test_a_pan_by_whole_pixels_redraws_only_the_exposed_strip(qtbot: QtBot) -> None:
    layer = footprints(3000)
    item = VectorItem(layer, "EPSG:6671")
    view = Viewport(width=400, height=300).fitted((-66000.0, -204000.0, -64000.0, -202000.0))
    item.image(view)
    moved = view.panned(37, -20)
    assert pixel_shift(view, moved) == (37, -20)
    assert pixel_shift(view, view.panned(0.5, 0)) is None and pixel_shift(view, view.zoomed(2)) is None
    assert [r.getRect() for r in exposed_rects(400, 300, 37, -20)] == [(0, 0, 37, 300), (37, 280, 363, 20)]
    incremental = item.image(moved).copy()
    item.invalidate()
    full = item.image(moved)
    diff = sum(incremental.pixel(x, y) != full.pixel(x, y) for x in range(0, 400, 2) for y in range(0, 300, 2))
    assert diff < 0.002 * 200 * 150, f"{diff} pixels differ between an incremental and a full draw"


@pytest.mark.parametrize(("metres", "pixels"), [(16.0, 9), (6.0, 4)])
def test_small_features_are_squares_by_their_size(qtbot: QtBot, metres: float, pixels: int) -> None:
    frame = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, metres, metres)], crs=6671)
    layer = VectorLayer(frame, name="x", style=VectorStyle(color=(200, 0, 0, 255), stroke=None))
    item = VectorItem(layer, "EPSG:6671")
    image = item.image(Viewport(8, 8, 4.0, 50, 50))  # 4 px (a 3 × 3 square) or 1.5 px (2 × 2)
    dark = QColor(200, 0, 0).darker(135).rgba()
    assert sum(image.pixel(x, y) == dark for x in range(50) for y in range(50)) == pixels
