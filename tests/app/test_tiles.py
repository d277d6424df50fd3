"""Tile layers on the map: the XYZ base map against a real HTTP server on 127.0.0.1 serving generated PNG
tiles, and hazard tile sets (generated in the standard palette, and the real SVGMap set) read from disk."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PIL import Image
from pyproj import Transformer
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.export.print_image import PrintSpec, render_print
from app.layer_model import LayerTreeModel
from app.main_window import MainWindow
from app.map2d.canvas import MapCanvas
from app.map2d.viewport import Viewport
from hazards.ranks import DEPTH_RANKS
from jobs.feedback import Feedback
from layers import Project, VectorLayer, VectorStyle
from layers.errors import LayerValueError
from layers.hazard_tiles import HazardTileLayer
from layers.tiles import TileLayer
from tests.layers.build_tiles import COLOUR, east_tile, fine_tile, tile_centre, tile_path, write_tile_set
from workspace.loaders import IMPORT_KINDS, load_tiles

TILE_RGB = (40, 160, 90)
RED = (220, 30, 30)
HAZARD_TILES = next(k for k in IMPORT_KINDS if k.key == "hazard_tiles")
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


# hazard tile sets: local tiles through the same drawer ----------------------------------------------


def hazard_map(qtbot: QtBot, layer: HazardTileLayer, lon: float, lat: float, scale: float) -> MapCanvas:
    """A 400 × 300 map of ``layer`` alone, centred on (lon, lat) at ``scale`` m/px, rendered."""
    project = Project()
    project.add(layer)
    canvas = MapCanvas(project)
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.set_view(centred(canvas, project, lon, lat, scale))
    canvas.render_now()
    return canvas


def centred(canvas: MapCanvas, project: Project, lon: float, lat: float, scale: float) -> Viewport:
    x, y = Transformer.from_crs("EPSG:6668", project.crs, always_xy=True).transform(lon, lat)
    return Viewport(x, y, scale, canvas.width(), canvas.height())


def rgb_at(canvas: MapCanvas, sx: int, sy: int) -> tuple[int, int, int]:
    return canvas.snapshot().pixelColor(sx, sy).getRgb()[:3]


def rank_pixels(image: QImage, step: int) -> int:
    """Pixels (every ``step``-th) in one of the six standard depth colours."""
    colours = {b.colour for b in DEPTH_RANKS}
    return sum(image.pixelColor(x, y).getRgb()[:3] in colours for x in range(0, image.width(), step) for y in range(0, image.height(), step))


def test_a_hazard_tile_set_is_drawn_in_its_rank_colours_at_every_zoom(qtbot: QtBot, tmp_path: Path) -> None:
    [layer] = HAZARD_TILES.load([write_tile_set(tmp_path)], Feedback())
    fine_px = 7.9  # about zoom 14's pixel at this latitude
    canvas = hazard_map(qtbot, layer, *tile_centre(fine_tile(), u=1.0), fine_px)  # centred on its east edge
    assert rgb_at(canvas, 100, 150) == COLOUR[4]  # the flooded tile, rank 4 (5–10 m)
    assert rgb_at(canvas, 264, 150) == COLOUR[2]  # west half of the east tile, rank 2
    assert rgb_at(canvas, 380, 150) == rgb_at(canvas, 100, 5)  # its east half is transparent: background
    assert pixels(canvas, COLOUR[4], step=2) > 0.95 * (200 * 256) / 4  # the tile's west 200 × 256 px
    canvas.set_view(centred(canvas, canvas._project, *tile_centre(fine_tile()), fine_px * 8))
    canvas.render_now()  # under the finest level's scale: zoom 12's tile, rank 1
    assert rgb_at(canvas, 200, 150) == COLOUR[1]
    canvas.set_view(canvas.view.zoomed(8 * 32))  # 0.25 m/px: zoom 14 enlarged 32 times, cut in pieces
    canvas.render_now()
    image = canvas.snapshot()  # every pixel clear of the overlays (north arrow, scale bar, 出典): no seam between pieces
    assert {image.pixelColor(x, y).getRgb()[:3] for x in range(20, 340) for y in range(80, 240)} == {COLOUR[4]}
    assert layer.problems == []
    layer.visible = False  # the layer panel's check box and slider act on it like on every layer
    background = rgb_at(canvas, 200, 150)
    assert background != COLOUR[4]
    layer.visible, layer.opacity = True, 0.5
    half = rgb_at(canvas, 200, 150)
    assert all(abs(h - (c + b) / 2) <= 1.5 for h, c, b in zip(half, COLOUR[4], background, strict=True))


def test_a_broken_png_is_a_problem_of_the_layer_not_a_crash(qtbot: QtBot, tmp_path: Path) -> None:
    folder = write_tile_set(tmp_path)
    good = tile_path(folder, east_tile()).read_bytes()
    tile_path(folder, east_tile()).write_bytes(good[: len(good) // 3])  # a PNG cut short: passes the load check
    feedback = Feedback()
    [layer] = HAZARD_TILES.load([folder], feedback)
    assert feedback.problems == []
    reported = []
    layer.events.problem.connect(reported.append)
    canvas = hazard_map(qtbot, layer, *tile_centre(fine_tile()), 7.9)
    qtbot.waitUntil(lambda: len(layer.problems) == 1, timeout=5_000)
    assert reported == layer.problems and layer.problems[0].file == str(tile_path(folder, east_tile()))
    assert "PNG" in layer.problems[0].message
    assert rgb_at(canvas, 200, 150) == COLOUR[4]  # the readable tile is still drawn
    canvas.pan_by(-40, 0)
    canvas.render_now()
    assert len(layer.problems) == 1  # reported once, not read again


def test_hazard_tiles_from_the_import_menu_join_the_layer_tree_identify_and_export(
    demo_window: Callable[..., MainWindow], qtbot: QtBot, shared_data: Path
) -> None:
    window = demo_window()
    root = shared_data / "hazard_raster/ksjShinsui2023max/max_primary/A31b-20-23_10_5131/rootImgMap.svg"
    with qtbot.waitSignal(window.loading_done, timeout=60_000) as done:
        window.load("ハザードタイル", str(root), lambda fb: HAZARD_TILES.load([root], fb))
    assert done.args == [1]
    [layer] = [lyr for lyr in window.project.layers if isinstance(lyr, HazardTileLayer)]
    assert layer.name == "洪水浸水想定区域 想定最大規模 (L2)" and window._last_problems[1] == []
    model = window.layer_panel.tree.model()
    row = model.index_of(layer)
    assert model.rowCount(row) == 6 and "ランク4" in model.data(model.index(3, 0, row), Qt.ItemDataRole.DisplayRole)
    assert layer.attribution in window.project.attributions()
    canvas = window.canvas
    lon, lat = 131.5587, 34.0682  # 佐波川, 防府市: rank 3 for 50 m around in the real tiles
    canvas.set_view(centred(canvas, window.project, lon, lat, 6.0))
    canvas.render_now()
    hits = canvas.identify_at(canvas.width() / 2, canvas.height() / 2)
    hit = next(h for h in hits if h.layer is layer)
    rank = int(dict(hit.fields)["ランク"])
    band = next(b for b in DEPTH_RANKS if b.rank == rank)
    assert rank == 3 and dict(hit.fields)["浸水深"] == band.label_ja == "3m以上5m未満"
    assert rgb_at(canvas, canvas.width() // 2, canvas.height() // 2) == band.colour
    canvas.set_view(centred(canvas, window.project, 131.46, 34.165, 8.0))  # the demo area, 山口市
    canvas.render_now()
    Path("/tmp/nigezero-screens").mkdir(exist_ok=True)
    assert window.grab().save("/tmp/nigezero-screens/hazard_tiles.png")
    shown = rank_pixels(canvas.snapshot(), 8)
    page = render_print(PrintSpec(dpi=100), canvas.items(), canvas.view, window.project.attributions())
    printed = rank_pixels(page, 6)
    layer.visible = False  # the demo's buildings and flood areas use the same colours: count what the tiles add
    assert shown > rank_pixels(canvas.snapshot(), 8) + 500
    assert printed > rank_pixels(render_print(PrintSpec(dpi=100), canvas.items(), canvas.view, []), 6) + 1000  # prints too


def test_a_tile_found_broken_while_drawing_reaches_the_problems_list(demo_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path) -> None:
    folder = write_tile_set(tmp_path)
    broken = tile_path(folder, east_tile())
    broken.write_bytes(broken.read_bytes()[:40])  # a PNG cut short: passes the import's check
    window = demo_window()
    with qtbot.waitSignal(window.loading_done, timeout=60_000):
        window.load("ハザードタイル", str(folder), lambda fb: HAZARD_TILES.load([folder], fb))
    assert window._last_problems[1] == []
    window.canvas.set_view(centred(window.canvas, window.project, *tile_centre(fine_tile(), u=1.0), 7.9))
    window.canvas.render_now()
    qtbot.waitUntil(lambda: len(window._last_problems[1]) == 1, timeout=5_000)
    source, [problem] = window._last_problems
    assert source == "洪水浸水想定区域 想定最大規模 (L2)" and problem.file == str(broken)
    assert "タイルを描けません" in window.statusBar().currentMessage() and broken.name in window.statusBar().currentMessage()
