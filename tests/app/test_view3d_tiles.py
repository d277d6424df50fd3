"""Hazard tile sets in the 3D view: an XYZ set (generated in the standard depth palette) as a
deck.gl TileLayer, the real SVGMap set as lon/lat boxes for the camera, both draped on the ground
from tiles served over app:// from the layer; a broken tile is a problem of the layer; a click
on them identifies the rank as in 2D."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyproj import Transformer
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.map2d.canvas import PICK_TOLERANCE_PX
from app.view3d import View3D
from app.view3d.camera import metres_per_pixel
from hazards.ranks import DEPTH_RANKS
from jobs.feedback import Feedback
from layers.hazard_tiles import HazardTileLayer
from layers.identify import identify
from layers.project import Project
from tests.app.test_view3d import SCHEME_READY, count, grab, js, layer_of, shown_view, until_drawn
from tests.layers.build_tiles import COARSE, COLOUR, east_tile, fine_tile, tile_centre, tile_path, write_tile_set
from workspace import open_demo
from workspace.loaders import IMPORT_KINDS

pytestmark = pytest.mark.skipif(not SCHEME_READY, reason="a QApplication existed before app:// could be registered")

HAZARD_TILES = next(k for k in IMPORT_KINDS if k.key == "hazard_tiles")
REAL_SET = "hazard_raster/ksjShinsui2023max/max_primary/A31b-20-23_10_5131/rootImgMap.svg"
REAL_POINT = (131.5587, 34.0682)  # 佐波川, 防府市: rank 3 for 50 m around in the real tiles


def tile_view(qtbot: QtBot, layer: HazardTileLayer, project: Project | None = None) -> View3D:
    project = project or Project()
    project.add(layer)
    return shown_view(qtbot, project)


def look_at(qtbot: QtBot, view: View3D, lon: float, lat: float, zoom: float, pitch: float = 0.0) -> None:
    until_drawn(qtbot, view, "view", lambda: view.set_camera({"longitude": lon, "latitude": lat, "zoom": zoom, "pitch": pitch, "bearing": 0}))


def page_fetch(qtbot: QtBot, view: View3D, url: str) -> object:
    """What the page's fetch() of ``url`` got: the byte count, or "failed"."""
    js(qtbot, view, f"(window.__got = undefined, fetch({url!r}).then(r => r.ok ? r.arrayBuffer() : null)"
                    ".then(b => window.__got = b ? b.byteLength : 'failed', () => window.__got = 'failed'), 1)")  # fmt: skip
    qtbot.waitUntil(lambda: js(qtbot, view, "window.__got === undefined ? null : window.__got") is not None, timeout=10_000)
    return js(qtbot, view, "window.__got")


def centre_rgb(image: QImage, dx: int = 0) -> tuple[int, int, int]:
    return image.pixelColor(image.width() // 2 + dx, image.height() // 2).getRgb()[:3]


def fine_tile_from_above(image: QImage) -> bool:
    """Whether the flooded zoom-14 tile, 362 px wide, lies straight below with its east edge in
    the middle (the view of :func:`look_at` at zoom 13.5, pitch 0; the compositor lags a moment)."""
    top = image.height() // 2 - 181
    return centre_rgb(image, -100) == COLOUR[4] and image.pixelColor(image.width() // 2 - 100, top + 6).getRgb()[:3] == COLOUR[4] \
        and image.pixelColor(image.width() // 2 - 100, top - 6).getRgb()[:3] != COLOUR[4]  # fmt: skip


def tile_layer_state(qtbot: QtBot, view: View3D) -> dict:
    return next(layer for layer in js(qtbot, view, "nz.state().layers") if layer["kind"] in ("tiles", "tileboxes"))


def test_an_xyz_set_is_draped_in_its_rank_colours_at_every_zoom(qtbot: QtBot, tmp_path: Path) -> None:
    [layer] = HAZARD_TILES.load([write_tile_set(tmp_path)], Feedback())
    view = tile_view(qtbot, layer)
    spec = view._specs[layer][0]
    assert (spec.kind, spec.props["minZoom"], spec.props["maxZoom"], spec.props["levels"]) == ("tiles", COARSE, 14, [COARSE, 14])
    assert tile_layer_state(qtbot, view)["kind"] == "tiles"  # the spec reached the page

    # straight down on the east edge of the flooded zoom-14 tile, a tile 362 px wide
    look_at(qtbot, view, *tile_centre(fine_tile(), u=1.0), zoom=13.5)
    image = grab(qtbot, view, fine_tile_from_above, "view3d-tiles-xyz.png")
    assert fine_tile_from_above(image)
    assert centre_rgb(image, -100) == COLOUR[4]  # the flooded tile, rank 4 (5–10 m)
    assert centre_rgb(image, 60) == COLOUR[2]  # west half of the east tile, rank 2
    assert count(image, COLOUR[4]) > 0.9 * (181 * 362) / 4  # its west half on screen, every 2nd pixel
    background = centre_rgb(image, 260)  # the east tile's east half is transparent
    assert background not in (COLOUR[2], COLOUR[4])

    # zoomed in past the finest level: deck.gl enlarges zoom 14, in sharp rank colours
    look_at(qtbot, view, *tile_centre(fine_tile()), zoom=18.0)
    image = grab(qtbot, view, lambda im: centre_rgb(im) == COLOUR[4], "view3d-tiles-overzoom.png")
    above_attribution = {image.pixelColor(x, y).getRgb()[:3] for x in range(0, image.width(), 4) for y in range(0, image.height() - 30, 4)}
    assert above_attribution == {COLOUR[4]}  # no seam, no blur
    # zoom 13, which the set lacks, is cut from zoom 12 (rank 1)
    look_at(qtbot, view, *tile_centre(fine_tile()), zoom=12.0)
    image = grab(qtbot, view, lambda im: centre_rgb(im) == COLOUR[1], "view3d-tiles-gap.png")
    assert centre_rgb(image) == COLOUR[1]

    # visibility and opacity from the layer panel, as every layer
    until_drawn(qtbot, view, "props", lambda: setattr(layer, "visible", False))
    hidden = centre_rgb(grab(qtbot, view, lambda im: centre_rgb(im) != COLOUR[1], "view3d-tiles-hidden.png"))
    assert hidden != COLOUR[1]
    until_drawn(qtbot, view, "props", lambda: (setattr(layer, "visible", True), setattr(layer, "opacity", 0.5)))
    half = centre_rgb(grab(qtbot, view, lambda im: centre_rgb(im) not in (hidden, COLOUR[1]), "view3d-tiles-half.png"))
    alpha = 0.5 ** (1 / 2.2)  # deck.gl applies a layer's opacity gamma-corrected (every 3D layer alike)
    assert all(abs(h - (alpha * c + (1 - alpha) * b)) <= 3 for h, c, b in zip(half, COLOUR[1], hidden, strict=True))
    assert layer.problems == []


def test_tiles_are_served_from_the_layer_a_missing_one_is_not_found_and_a_broken_one_is_a_problem(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = write_tile_set(tmp_path)
    broken = tile_path(folder, east_tile())
    broken.write_bytes(broken.read_bytes()[:40])  # a PNG cut short: passes the import's check
    [layer] = HAZARD_TILES.load([folder], Feedback())
    reported = []
    layer.events.problem.connect(reported.append)
    view = tile_view(qtbot, layer)  # deck.gl may ask for the broken tile while it fits the first view
    errors: list[str] = []
    view.page_error.connect(errors.append)
    url = view._specs[layer][0].props["url"]
    fine = fine_tile()
    assert url.startswith("app://nigezero/tiles/")
    good = url.format(z=fine.z, x=fine.x, y=fine.y)
    assert page_fetch(qtbot, view, good) == tile_path(folder, fine).stat().st_size  # the file's bytes
    assert page_fetch(qtbot, view, url.format(z=fine.z, x=fine.x - 1, y=fine.y)) == "failed"  # not in the set
    assert page_fetch(qtbot, view, url.replace("/{z}/", "/nope/")) == "failed"
    assert {p.file for p in layer.problems} <= {str(broken)}  # a tile the set lacks is no problem: XYZ sets are sparse

    east = east_tile()
    assert page_fetch(qtbot, view, url.format(z=east.z, x=east.x, y=east.y)) == "failed"
    assert reported == layer.problems and [p.file for p in layer.problems] == [str(broken)]
    assert "PNG" in layer.problems[0].message

    # drawn by deck.gl: the readable tile shows, the broken one is reported once, nothing crashes
    look_at(qtbot, view, *tile_centre(fine, u=1.0), zoom=13.5)
    image = grab(qtbot, view, fine_tile_from_above, "view3d-tiles-broken.png")
    assert fine_tile_from_above(image)
    assert centre_rgb(image, -100) == COLOUR[4] and centre_rgb(image, 60) != COLOUR[2]
    assert len(layer.problems) == 1 and errors == []


def test_a_click_on_draped_tiles_identifies_the_rank_as_in_2d(qtbot: QtBot, tmp_path: Path) -> None:
    [layer] = HAZARD_TILES.load([write_tile_set(tmp_path)], Feedback())
    view = tile_view(qtbot, layer)
    lon, lat = tile_centre(fine_tile())
    zoom = 15.0
    look_at(qtbot, view, lon, lat, zoom)
    grab(qtbot, view, lambda im: centre_rgb(im) == COLOUR[4], "view3d-tiles-identify.png")
    spec_id = view._specs[layer][0].id
    with qtbot.waitSignal(view.identified, timeout=10_000) as found:
        js(qtbot, view, "nz.pickAt() || 1")  # what a click in the middle reports
    [hit] = found.args[0]
    assert hit.layer is layer and dict(hit.fields)["ランク"] == "4"
    crs = view.project.crs
    x, y = Transformer.from_crs("EPSG:6668", crs, always_xy=True).transform(lon, lat)
    [in_2d] = identify(list(view.project.layers), crs, x, y, PICK_TOLERANCE_PX * metres_per_pixel(zoom, lat))
    assert (in_2d.layer, in_2d.title, in_2d.fields) == (hit.layer, hit.title, hit.fields)  # the same as a 2D click
    qtbot.waitUntil(lambda: js(qtbot, view, "nz.state().selection") is not None, timeout=10_000)
    assert view.selection is hit and spec_id in {lyr["id"] for lyr in js(qtbot, view, "nz.state().layers")}


def test_the_real_svgmap_set_is_draped_under_the_demo_buildings(qtbot: QtBot, shared_data: Path, demo_dir: Path) -> None:
    [layer] = HAZARD_TILES.load([shared_data / REAL_SET], Feedback())
    view = tile_view(qtbot, layer, open_demo(demo_dir, Feedback()))
    assert view._specs[layer][0].kind == "tileboxes"
    band = next(b for b in DEPTH_RANKS if b.rank == 3)

    look_at(qtbot, view, *REAL_POINT, zoom=17.0)
    qtbot.waitUntil(lambda: tile_layer_state(qtbot, view)["tiles"] > 0, timeout=20_000)
    image = grab(qtbot, view, lambda im: centre_rgb(im) == band.colour, "view3d-tiles-svgmap.png")
    assert centre_rgb(image) == band.colour  # the rank the 2D map and identify show there
    assert count(image, band.colour) > 2_000
    shown = tile_layer_state(qtbot, view)["tiles"]
    assert 0 < shown <= 4  # one level, only the tiles in view

    # tilted over the demo town: the tiles lie on the ground under the extruded buildings
    west, south, east, north = layer_of(view.project, "buildings").extent
    look_at(qtbot, view, (west + east) / 2, (south + north) / 2, zoom=16.0, pitch=50)
    qtbot.waitUntil(lambda: js(qtbot, view, "nz.state().extruded") > 0, timeout=20_000)
    colours = {b.colour for b in DEPTH_RANKS}
    before = image
    image = grab(qtbot, view, lambda im: im != before and sum(count(im, c) for c in colours) > 3_000, "view3d_hazard_tiles.png")
    assert image != before
    assert sum(count(image, c) for c in colours) > 3_000
    assert 0 < tile_layer_state(qtbot, view)["tiles"] <= 150
    assert layer.problems == []
