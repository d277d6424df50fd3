"""The 2D canvas on small layers made here: drawing, level of detail, pan/zoom maths, caching."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.map2d.canvas import MapCanvas
from app.map2d.items import item_for
from app.map2d.overlays import (
    FurnitureCache,
    attribution_box,
    draw_attribution,
    draw_north_arrow,
    draw_scale_bar,
    nice_length,
    north_arrow_box,
    scale_bar_box,
)
from app.map2d.raster_item import RasterItem
from app.map2d.vector_item import VectorItem
from app.map2d.viewport import Viewport
from layers import Layer, Project, VectorLayer, VectorStyle

RED = (220, 30, 30, 255)
BLUE = (30, 30, 220, 255)


def squares(n: int, size_deg: float, color: tuple[int, int, int, int]) -> VectorLayer:
    """``n`` squares on a grid around 湯田温泉, each ``size_deg`` wide."""
    side = int(np.ceil(np.sqrt(n)))
    i = np.arange(n)
    lon, lat = 131.45 + (i % side) * 0.0004, 34.15 + (i // side) * 0.0004
    frame = gpd.GeoDataFrame(geometry=shapely.box(lon, lat, lon + size_deg, lat + size_deg), crs=6668)
    return VectorLayer(frame, name="建物", kind="buildings", style=VectorStyle(color=color, stroke=None))


def count_colour(image: QImage, rgb: tuple[int, int, int]) -> int:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y) == QColor(*rgb)
    )


@pytest.fixture
def canvas(qtbot: QtBot) -> MapCanvas:
    canvas = MapCanvas(Project())
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


def test_viewport_round_trips_and_zooms_about_the_anchor() -> None:
    view = Viewport(cx=1000.0, cy=-2000.0, scale=2.0, width=400, height=300)
    assert view.to_world(*view.to_screen(1100.0, -1900.0)) == pytest.approx((1100.0, -1900.0))
    assert view.box == (600.0, -2300.0, 1400.0, -1700.0)
    anchor = (300.0, 50.0)
    zoomed = view.zoomed(2.0, anchor)
    assert zoomed.scale == 1.0
    assert zoomed.to_world(*anchor) == pytest.approx(view.to_world(*anchor))
    assert view.panned(10, 0).cx == 980.0  # content dragged right: the view moves west
    fitted = view.fitted((0.0, 0.0, 800.0, 300.0), margin=0.0)
    assert (fitted.cx, fitted.cy, fitted.scale) == (400.0, 150.0, 2.0)


def test_scale_bar_lengths_are_round() -> None:
    assert [nice_length(m) for m in (730.0, 190.0, 1.2, 0.9)] == [500.0, 100.0, 1.0, 0.5]


def test_the_map_opens_on_the_town_and_home_shows_the_far_off_gauge_too(canvas: MapCanvas) -> None:
    town = squares(9, 0.0003, RED)
    gauge = VectorLayer(gpd.GeoDataFrame(geometry=gpd.points_from_xy([131.60], [34.30]), crs=6668), name="水位観測所", kind="gauges")
    canvas._project.add(gauge)
    canvas._project.add(town)
    canvas.render_now()
    qx0, qy0, qx1, qy1 = canvas._items[town].world_bounds()
    x0, y0, x1, y1 = canvas.view.box
    assert x0 < qx0 and qx1 < x1 and y0 < qy0 and qy1 < y1
    assert canvas.view.scale < 2 * max(qx1 - qx0, qy1 - qy0) / 300, "the town is not what the map opened on"
    canvas.zoom_full()
    gx, gy = canvas._items[gauge].world_bounds()[:2]
    x0, y0, x1, y1 = canvas.view.box
    assert x0 <= gx <= x1 and y0 <= gy <= y1


def test_the_item_table_picks_a_drawer_per_layer_class() -> None:
    layer = squares(4, 0.0001, RED)
    assert isinstance(item_for(layer, "EPSG:6671"), VectorItem)
    with pytest.raises(TypeError, match="no 2D drawer for Layer; layers with one: VectorLayer, RasterLayer"):
        item_for(Layer("x"), "EPSG:6671")
    assert RasterItem.__mro__[1].__name__ == "MapItem"


def test_layers_are_drawn_in_order_and_fit_on_first_load(canvas: MapCanvas) -> None:
    canvas._project.add(squares(9, 0.0003, RED))
    canvas.render_now()
    assert canvas.full_extent() is not None
    red_only = count_colour(canvas.snapshot(), RED[:3])
    assert red_only > 1000
    blue = squares(9, 0.0003, BLUE)
    canvas._project.add(blue)
    canvas.render_now()
    image = canvas.snapshot()
    assert count_colour(image, RED[:3]) == 0 and count_colour(image, BLUE[:3]) == red_only
    blue.opacity = 0.5
    canvas.render_now()
    assert count_colour(canvas.snapshot(), BLUE[:3]) == 0


def test_small_features_become_dots_when_zoomed_out(canvas: MapCanvas) -> None:
    layer = squares(400, 0.00002, RED)  # ~2 m squares, 40 m apart
    canvas._project.add(layer)
    canvas.render_now()
    dots = canvas.snapshot()
    dark = QColor(*RED[:3]).darker(135)
    assert count_colour(dots, (dark.red(), dark.green(), dark.blue())) >= 400  # one 2×2 dot each
    for _ in range(6):  # ~10 px squares: above LOD_PIXELS
        canvas.zoom_in()
    canvas.render_now()
    assert count_colour(canvas.snapshot(), RED[:3]) > 0  # shapes now, in the fill colour


def test_pan_reuses_the_last_frame_until_the_gesture_settles(canvas: MapCanvas, qtbot: QtBot) -> None:
    canvas._project.add(squares(9, 0.0003, RED))
    canvas.render_now()
    renders: list[float] = []
    canvas.rendered.connect(renders.append)
    start = canvas.view
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.view.cx < start.cx and renders == []  # shown at once from the old frame
    qtbot.waitUntil(lambda: len(renders) == 1)


def test_canvas_stops_listening_when_disconnected(canvas: MapCanvas) -> None:
    layer = squares(4, 0.0003, RED)
    canvas._project.add(layer)
    canvas.render_now()
    canvas.disconnect_model()
    layer.opacity = 0.5
    canvas._project.add(squares(4, 0.0003, BLUE))
    assert not canvas._render_timer.isActive()


def test_mouse_drag_pans_and_wheel_zooms_about_the_cursor(canvas: MapCanvas, qtbot: QtBot) -> None:
    canvas._project.add(squares(9, 0.0003, RED))
    start = canvas.view
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(200, 150))
    qtbot.mouseMove(canvas, QPoint(260, 120))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(260, 120))
    assert canvas.view.cx == pytest.approx(start.cx - 60 * start.scale)
    assert canvas.view.cy == pytest.approx(start.cy - 30 * start.scale)
    anchor = QPointF(100, 100)
    under = canvas.view.to_world(anchor.x(), anchor.y())
    wheel = QWheelEvent(anchor, canvas.mapToGlobal(anchor), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(canvas, wheel)
    assert canvas.view.scale == pytest.approx(start.scale / 1.5)
    assert canvas.view.to_world(anchor.x(), anchor.y()) == pytest.approx(under)


def test_lines_are_stroked_in_their_class_colour(canvas: MapCanvas) -> None:
    frame = gpd.GeoDataFrame(geometry=[shapely.LineString([(131.45, 34.15), (131.46, 34.16)])], crs=6668)
    canvas._project.add(VectorLayer(frame, name="道路", kind="roads", style=VectorStyle(color=BLUE, stroke_width=4.0)))
    canvas.render_now()
    assert count_colour(canvas.snapshot(), BLUE[:3]) > 300


@pytest.mark.parametrize("ratio", [1.0, 1.5])
def test_map_furniture_from_its_cached_images_looks_as_drawn_directly(qtbot: QtBot, ratio: float) -> None:
    """Scale bar, north arrow and 出典 are blitted from images made once per scale and size: the
    map looks the same (rounding aside) whatever the device pixel ratio, and a second paint at
    the same view draws nothing again."""
    view = Viewport(0, 0, 0.731, 1237, 811)  # a scale bar of fractional length
    lines = ["出典：国土交通省 PLATEAU", "デモデータ"]
    cache, drawn = FurnitureCache(), []

    def paint(cached: bool) -> np.ndarray:
        image = QImage(round(view.width * ratio), round(view.height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor(120, 160, 200))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = painter.font()
        if cached:
            for key, box, draw in (
                ("出典", attribution_box(view, lines, font), lambda p: draw_attribution(p, view, lines)),
                ("scale", scale_bar_box(view, QFontMetricsF(font)), lambda p: draw_scale_bar(p, view)),
                ("north", north_arrow_box(view), lambda p: draw_north_arrow(p, view)),
            ):
                cache.draw(painter, (key,), box, lambda p, draw=draw, key=key: drawn.append(key) or draw(p))
        else:
            draw_attribution(painter, view, lines)
            painter.setFont(font)
            draw_scale_bar(painter, view)
            draw_north_arrow(painter, view)
        painter.end()
        return np.frombuffer(bytes(image.constBits()), np.uint8).astype(int)

    direct, first, second = paint(False), paint(True), paint(True)
    assert np.abs(direct - first).max() <= 1 and np.array_equal(first, second)
    assert sorted(drawn) == ["north", "scale", "出典"], "the second paint drew the furniture again"
