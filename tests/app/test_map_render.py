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
from app.map2d.qt_arrays import path_from_rings, paths_from_rings
from app.map2d.block_paths import FEATURES_PER_PATH
from app.map2d.vector_item import VectorItem
from app.map2d.viewport import Viewport
from layers import Project, VectorLayer, VectorStyle
from layers.styles import ColorClass
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


def test_a_frame_still_held_is_not_drawn_over_when_its_buffer_comes_round(qtbot: QtBot) -> None:
    """Frames are drawn into two buffers in turn; a frame the GUI thread still holds keeps its
    pixels however many frames follow."""
    canvas = MapCanvas(Project(zone_number=3))
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    canvas._project.add(footprints(3000))
    canvas.render_now()
    held = canvas._frame
    assert held is not None
    pixels = held.copy()
    for _ in range(3):
        canvas.pan_by(60, 0)
        canvas.render_now()
    assert canvas._frame != held, "the map did not move"
    assert held == pixels, "a frame in use was drawn over"
    canvas.disconnect_model()


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


def test_paths_cut_from_one_array_match_paths_made_one_by_one() -> None:
    rng = np.random.default_rng(3)
    ring_starts = np.array([0, 5, 9, 14, 20, 24])
    x, y = rng.uniform(0, 100, 28), rng.uniform(0, 100, 28)
    paths = paths_from_rings(x, y, ring_starts, np.array([0, 2, 5]))
    bounds = [(0, 9), (9, 24), (24, 28)]
    assert len(paths) == 3
    for path, (a, b) in zip(paths, bounds, strict=True):
        alone = path_from_rings(x[a:b], y[a:b], ring_starts[(ring_starts >= a) & (ring_starts < b)] - a)
        assert path.elementCount() == b - a == alone.elementCount()
        assert path.boundingRect() == alone.boundingRect()
        assert [path.elementAt(i).isMoveTo() for i in range(b - a)] == [alone.elementAt(i).isMoveTo() for i in range(b - a)]


def test_many_features_in_paths_keep_holes_open_and_higher_classes_on_top() -> None:
    """Enough features that each colour is split over several paths: every 20 m frame (a square
    with a 10 m hole) keeps its hole, and where a class-1 square overlaps a class-0 one the
    class-1 colour wins."""
    n = 12 * FEATURES_PER_PATH  # 16 × 12 squares 30 m apart
    x, y = np.arange(n) % 16 * 30.0, np.arange(n) // 16 * 30.0
    frames = [shapely.box(a, b, a + 20, b + 20).difference(shapely.box(a + 5, b + 5, a + 15, b + 15)) for a, b in zip(x, y, strict=True)]
    covers = [shapely.box(a + 10, b - 10, a + 30, b + 2) for a, b in zip(x, y, strict=True)]
    frame = gpd.GeoDataFrame({"k": [0] * n + [1] * n}, geometry=frames + covers, crs=6671)
    style = VectorStyle(column="k", classes=(ColorClass(0, "a", (200, 0, 0, 255)), ColorClass(1, "b", (0, 0, 200, 255))), stroke=None)
    item = VectorItem(VectorLayer(frame, name="x", style=style), "EPSG:6671")
    view = Viewport(240.0, 180.0, 1.0, 500, 420)
    image = item.image(view)
    red, blue = QColor(200, 0, 0).rgba(), QColor(0, 0, 200).rgba()
    for a, b in zip(x, y, strict=True):
        hole_x, hole_y = view.to_screen(a + 10, b + 10)
        ring_x, ring_y = view.to_screen(a + 2, b + 10)
        both_x, both_y = view.to_screen(a + 15, b + 1)
        assert image.pixel(round(hole_x), round(hole_y)) == 0, f"hole filled at {a}, {b}"
        assert image.pixel(round(ring_x), round(ring_y)) == red
        assert image.pixel(round(both_x), round(both_y)) == blue
