"""Hazard tile sets as layers (no Qt): naming and legend, level choice, identify, problems, zips, real SVGMap tiles."""

from __future__ import annotations

import zipfile
from pathlib import Path

import mercantile
import pytest
from pyproj import Transformer
from shapely.geometry import box

from hazards.ranks import DEPTH_RANKS
from jobs.feedback import Feedback
from layers.hazard_tiles import HazardTileLayer
from layers.identify import identify
from tests.hazards.builders import write_vector
from tests.hazards.test_tiles import A31B, KNOWN_PIXELS, _pixel_centre
from tests.layers.build_tiles import CENTRE, COARSE, FINE, east_tile, fine_tile, tile_centre, tile_path, write_tile_set
from workspace.loaders import IMPORT_KINDS

VIEW_CRS = "EPSG:6671"
TO_VIEW = Transformer.from_crs("EPSG:6668", VIEW_CRS, always_xy=True)
KIND = next(k for k in IMPORT_KINDS if k.key == "hazard_tiles")
FLOOD_L2 = "洪水浸水想定区域 想定最大規模 (L2)"


def load(path: Path, feedback: Feedback | None = None) -> HazardTileLayer:
    [layer] = KIND.load([path], feedback if feedback is not None else Feedback())
    assert isinstance(layer, HazardTileLayer)
    return layer


def fields_at(layer: HazardTileLayer, lon: float, lat: float) -> dict[str, str] | None:
    hits = identify([layer], VIEW_CRS, *TO_VIEW.transform(lon, lat), 5.0)
    return dict(hits[0].fields) if hits else None


def test_a_tile_set_is_a_layer_named_by_kind_and_scenario_with_the_standard_legend(tmp_path: Path) -> None:
    feedback = Feedback()
    layer = load(write_tile_set(tmp_path), feedback)
    assert feedback.problems == []
    assert layer.name == FLOOD_L2 and layer.kind == "hazard_raster"
    assert layer.attribution == "出典：国土数値情報（洪水浸水想定区域データ）（国土交通省）を加工して作成"
    assert [e.color for e in layer.legend()] == [(*b.colour, 255) for b in DEPTH_RANKS]
    assert layer.legend()[3].label == "5m以上10m未満（ランク4）"
    west, south, east, north = layer.extent
    assert west < CENTRE[0] < east and south < CENTRE[1] < north


def test_the_drawn_level_follows_the_view_scale_with_over_and_under_zoom(tmp_path: Path) -> None:
    layer = load(write_tile_set(tmp_path))
    fine_px = 40_075_016.7 * 0.8272 / 256 / 2**FINE  # metres per pixel at zoom 14, lat 34.18 (cos = 0.8272)
    assert layer.level_for(fine_px * 1.2) == FINE
    assert layer.level_for(fine_px * 3.9) == FINE  # zoom 12 would be coarser than the screen; 13 is absent
    assert layer.level_for(fine_px * 4.1) == COARSE
    assert layer.level_for(0.05) == FINE  # over-zoom: the finest level, enlarged
    assert layer.level_for(5_000.0) == COARSE  # under-zoom: the coarsest level, shrunk
    lon, lat = CENTRE
    assert layer.tiles_for(lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001, fine_px) == [fine_tile()]
    assert layer.tiles_for(lon - 0.001, lat - 0.001, lon + 0.001, lat + 0.001, 1_000.0) == [mercantile.parent(fine_tile(), zoom=COARSE)]
    assert layer.tiles_for(lon + 1, lat, lon + 1.01, lat + 0.01, fine_px) == []  # outside the set


def test_identify_gives_the_rank_and_depth_band_from_the_finest_level(tmp_path: Path) -> None:
    layer = load(write_tile_set(tmp_path))
    assert fields_at(layer, *tile_centre(fine_tile())) == {"ランク": "4", "浸水深": "5m以上10m未満", "想定規模": "想定最大規模 (L2)"}
    assert fields_at(layer, *tile_centre(east_tile(), u=0.25))["ランク"] == "2"
    assert fields_at(layer, *tile_centre(east_tile(), u=0.75)) == {"ランク": "0", "浸水深": "なし (データ範囲内)",
                                                                   "想定規模": "想定最大規模 (L2)"}  # fmt: skip
    assert fields_at(layer, CENTRE[0] - 0.2, CENTRE[1]) is None  # outside the data area: no hit
    layer.visible = False
    assert fields_at(layer, *tile_centre(fine_tile())) is None


def test_a_tile_that_is_not_a_png_is_reported_and_the_set_still_loads(tmp_path: Path) -> None:
    folder = write_tile_set(tmp_path)
    below = mercantile.Tile(fine_tile().x, fine_tile().y + 1, FINE)
    tile_path(folder, below).write_bytes(b"<html>404 Not Found</html>")
    feedback = Feedback()
    layer = load(folder, feedback)
    assert [(p.file, p.message, p.severity) for p in feedback.problems] == [(str(tile_path(folder, below)), "PNG ではありません", "warning")]
    assert fields_at(layer, *tile_centre(below))["浸水深"] == "凡例にない色 (判読できません)"
    tile_path(folder, fine_tile()).unlink()  # gone after loading: a broken reply, never an exception
    reply = layer.load(fine_tile(), None)
    assert reply.broken and reply.data is None and "タイルを読めません" in reply.error
    layer.report(fine_tile(), reply.error)
    layer.report(fine_tile(), reply.error)
    assert [p.file for p in layer.problems] == [str(tile_path(folder, fine_tile()))]  # once per tile


def test_a_zipped_tile_set_loads_like_the_folder_and_refuses_escaping_members(tmp_path: Path) -> None:
    folder = write_tile_set(tmp_path / "src")
    archive = tmp_path / "tiles.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for png in sorted(folder.rglob("*.png")):
            zf.write(png, png.relative_to(folder.parent).as_posix())
        zf.writestr("../escape.png", b"x")
    feedback = Feedback()
    layer = load(archive, feedback)
    assert layer.name == FLOOD_L2
    assert fields_at(layer, *tile_centre(fine_tile()))["ランク"] == "4"
    assert [p.severity for p in feedback.problems] == ["error"] and "アーカイブの外" in feedback.problems[0].message
    unpacked = layer.pyramid.path(fine_tile())
    cache = unpacked.parents[4]  # …/tile_sets/<key>/<set>/14/<x>/<y>.png
    assert cache.name == "tile_sets" and not list(cache.rglob("escape.png"))
    written = unpacked.stat().st_mtime_ns
    assert load(archive).pyramid.path(fine_tile()) == unpacked and unpacked.stat().st_mtime_ns == written  # unpacked once
    layer.report(fine_tile(), "broken")
    assert layer.problems[0].file == f"{archive}!{tile_path(folder, fine_tile()).relative_to(folder.parent).as_posix()}"  # not the cache


def test_something_that_is_no_tile_set_is_refused_with_what_one_looks_like(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="タイルセットがありません"):
        load(tmp_path / "empty")
    areas = write_vector(tmp_path / "A31-20-22_10_5131.geojson", [{"A31_201": 2}], [box(131.45, 34.15, 131.47, 34.17)], "GeoJSON")
    with pytest.raises(ValueError, match="タイルセットではありません"):  # a hazard source, but areas: 洪水・土砂災害区域 reads it
        load(areas)


@pytest.mark.shared_data
def test_the_real_svgmap_set_has_every_level_and_answers_identify(shared_data: Path) -> None:
    root = shared_data / A31B
    feedback = Feedback()
    layer = load(root / "rootImgMap.svg", feedback)
    assert feedback.problems == []
    assert layer.name == FLOOD_L2 and layer.extent == pytest.approx((131.0, 34.0, 132.0, 34.0 + 2 / 3))
    assert layer.tile_crs == "EPSG:6668"
    lon, lat = 131.47, 34.17
    fine = layer.tiles_for(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01, 4.0)
    coarse = layer.tiles_for(lon - 0.5, lat - 0.3, lon + 0.5, lat + 0.3, 500.0)
    assert fine and all("/lvl15/" in layer.describe(t) for t in fine)
    assert 0 < len(coarse) <= 4 and all("/lvl9/" in layer.describe(t) for t in coarse)
    for container, tile, row, col, _, rank in KNOWN_PIXELS:
        fields = fields_at(layer, *_pixel_centre(root / "lvl15" / container, tile, row, col))
        assert fields["ランク"] == str(rank)
        assert fields["浸水深"] == (next(b.label_ja for b in DEPTH_RANKS if b.rank == rank) if rank else "なし (データ範囲内)")
