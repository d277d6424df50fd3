"""The XYZ tile base map against a real HTTP server on 127.0.0.1 serving generated PNG tiles."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.layer_model import LayerTreeModel
from app.map2d.canvas import MapCanvas
from layers import Project, VectorLayer, VectorStyle
from layers.errors import LayerValueError
from layers.tiles import TileLayer
from workspace.loaders import load_tiles

TILE_RGB = (40, 160, 90)
RED = (220, 30, 30)
SERVER_LIFETIME_S = 60.0
"""The server shuts itself down after this long even if a test forgets to."""


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), TILE_RGB).save(buffer, "PNG")
    return buffer.getvalue()


class TileServer:
    """Serves the same green PNG for every /z/x/y.png and counts the requests."""

    def __init__(self) -> None:
        png, served = _png(), []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                served.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(png)))
                self.end_headers()
                self.wfile.write(png)

            def log_message(self, *args: object) -> None:
                pass

        self.served = served
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._timer = threading.Timer(SERVER_LIFETIME_S, self.stop)
        self._thread.start()
        self._timer.start()

    def stop(self) -> None:
        self._timer.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[TileServer]:
    server = TileServer()
    yield server
    server.stop()


def area() -> VectorLayer:
    frame = gpd.GeoDataFrame(geometry=[shapely.box(131.45, 34.15, 131.47, 34.17)], crs=6668)
    return VectorLayer(frame, name="範囲", style=VectorStyle(color=(0, 0, 0, 0), stroke=RED + (255,), stroke_width=3))


def map_with(qtbot: QtBot, tiles: TileLayer) -> MapCanvas:
    project = Project()
    project.add(area())
    project.add(tiles)  # a base map goes under everything
    assert project.layers[0] is tiles
    canvas = MapCanvas(project)
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


def pixels(canvas: MapCanvas, rgb: tuple[int, int, int], step: int = 4) -> int:
    image = canvas.snapshot()
    return sum(image.pixelColor(x, y).getRgb()[:3] == rgb for x in range(0, 400, step) for y in range(0, 300, step))


def green_pixels(canvas: MapCanvas) -> int:
    return pixels(canvas, TILE_RGB)


def test_tiles_are_fetched_cached_and_drawn(server: TileServer, qtbot: QtBot, tmp_path: Path) -> None:
    tiles = TileLayer(server.url, cache_dir=tmp_path)
    canvas = map_with(qtbot, tiles)
    qtbot.waitUntil(lambda: tiles.status == "online", timeout=10_000)
    qtbot.waitUntil(lambda: green_pixels(canvas) > 3000, timeout=10_000)  # the map is covered in tile green
    assert server.served and all(p.endswith(".png") for p in server.served)
    assert any(tiles.cache_dir.rglob("*.img"))
    assert tiles.attribution == "背景地図: 127.0.0.1"
    assert canvas.full_extent() is not None  # tiles never change what "show everything" fits
    Path("/tmp/nigezero-screens").mkdir(exist_ok=True)
    assert canvas.grab().save("/tmp/nigezero-screens/nigezero-tiles.png")


def test_offline_says_so_in_the_panel_and_the_cache_still_serves(server: TileServer, qtbot: QtBot, tmp_path: Path) -> None:
    warm = TileLayer(server.url, cache_dir=tmp_path)
    canvas = map_with(qtbot, warm)
    qtbot.waitUntil(lambda: green_pixels(canvas) > 3000, timeout=10_000)
    canvas.disconnect_model()
    server.stop()  # the network is gone
    cached = TileLayer(server.url, cache_dir=tmp_path)
    canvas = map_with(qtbot, cached)
    qtbot.waitUntil(lambda: green_pixels(canvas) > 3000, timeout=10_000)  # from disk, no server
    canvas.zoom_out()
    canvas.zoom_out()  # tiles of another zoom: never cached, the server is down
    project = canvas._project
    model = LayerTreeModel(project)
    qtbot.waitUntil(lambda: cached.status == "offline", timeout=15_000)
    row = model.index_of(cached)
    assert "オフライン" in model.data(row, Qt.ItemDataRole.DisplayRole)
    canvas.render_now()
    assert pixels(canvas, RED, step=1) > 100  # the rest of the map keeps working
    model.disconnect_model()


def test_a_bad_template_is_refused_with_an_example() -> None:
    with pytest.raises(LayerValueError, match=r"「ftp://example\.com/tiles」でした.*cyberjapandata"):
        load_tiles("ftp://example.com/tiles")
    assert load_tiles("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png").attribution == "出典：国土地理院（地理院タイル）"
