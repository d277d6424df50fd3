"""Kept world-coordinate paths of blocks of features: reused, rebuilt when the features drawn as
shapes change, bounded, and never changing what a view looks like."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.map2d import block_paths
from app.map2d.block_paths import BlockPaths
from app.map2d.vector_item import VectorItem
from app.map2d.viewport import Viewport
from layers import VectorLayer, VectorStyle
from tests.app.test_map_render import footprints

CRS = "EPSG:6671"


def vertices_of(arrays, features: np.ndarray) -> int:  # type: ignore[no-untyped-def]
    rings = arrays.rings_of(features)
    return int((arrays.ring_offsets[rings + 1] - arrays.ring_offsets[rings]).sum())


def test_paths_are_built_once_per_block_and_again_when_fewer_features_are_shapes(qtbot: QtBot) -> None:
    layer = footprints(3000)
    arrays, codes = layer.arrays(CRS), layer.class_codes()
    blocks = arrays.blocks
    found = blocks.meeting(-66000.0, -204000.0, -64000.0, -202000.0)
    counts = np.diff(blocks.starts)[found]
    kept = BlockPaths(arrays, codes)
    path_codes, paths = kept.paths(found, counts)
    assert path_codes == sorted(path_codes), "a higher class is drawn after (over) a lower one"
    assert sum(p.elementCount() for p in paths) == vertices_of(arrays, blocks.members(found, counts))
    again_codes, again = kept.paths(found, counts)
    assert again_codes == path_codes and all(a is b for a, b in zip(again, paths, strict=True)), "kept, not rebuilt"
    before = {b: kept._held[b].paths for b in found.tolist()}
    fewer = counts.copy()
    fewer[0] = 1
    _, changed = kept.paths(found, fewer)
    assert sum(p.elementCount() for p in changed) == vertices_of(arrays, blocks.members(found, fewer))
    assert kept._held[found[0]].count == 1 and kept._held[found[0]].paths != before[found[0]]
    assert all(kept._held[b].paths is before[b] for b in found[1:].tolist()), "only the changed block is rebuilt"


def test_kept_paths_stay_within_their_bound(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(block_paths, "MAX_KEPT_VERTICES", 2_000)
    layer = footprints(3000)
    arrays = layer.arrays(CRS)
    blocks = arrays.blocks
    kept = BlockPaths(arrays, layer.class_codes())
    every = np.arange(len(blocks))
    for part in np.array_split(every, 6):  # each part ~2,500 vertices: over the bound every time
        counts = np.diff(blocks.starts)[part]
        _, paths = kept.paths(part, counts)
        assert sum(p.elementCount() for p in paths) == vertices_of(arrays, blocks.members(part, counts)), "a part is drawn whole"
        assert kept._vertices == sum(k.vertices for k in kept._held.values()) <= 2_000 + vertices_of(arrays, blocks.members(part, counts))


@pytest.mark.parametrize("scales", [(0.5, 1.2, 3.0), (3.0, 1.2, 0.5), (2.0, 0.5, 3.0, 2.0)])
def test_a_view_looks_the_same_whatever_paths_were_kept_before(qtbot: QtBot, scales: tuple[float, ...]) -> None:
    """Zooming in and out (features 6–25 m: fewer or more of them drawn as dots, paths rebuilt
    or reused) ends on the image a fresh drawer makes of that view."""
    layer = footprints(3000)
    travelled = VectorItem(layer, CRS)
    for scale in scales:
        image = travelled.image(Viewport(-65000.0, -203000.0, scale, 400, 300))
    assert image == VectorItem(layer, CRS).image(Viewport(-65000.0, -203000.0, scales[-1], 400, 300))


def test_a_new_colour_keeps_the_paths_and_new_classes_rebuild_them(qtbot: QtBot) -> None:
    layer = footprints(20_000)
    item = VectorItem(layer, CRS)
    view = Viewport(-65000.0, -203000.0, 0.5, 400, 300)  # a dozen buildings 12–50 px across: outlined
    item.image(view)
    kept = item._kept
    assert kept is not None
    paths = {b: k.paths for b, k in kept._held.items()}
    style = layer.style
    layer.style = replace(style, stroke=(0, 0, 255, 255))  # outline colour only: the same classes
    item.invalidate()
    image = item.image(view)
    assert item._kept is kept and all(kept._held[b].paths is p for b, p in paths.items())
    assert any(image.pixel(x, y) == QColor(0, 0, 255).rgba() for x in range(400) for y in range(300)), "drawn in the new colour"
    layer.style = replace(style, classes=style.classes[:2])  # ranks 3–6 now unclassed: other codes
    item.invalidate()
    item.image(view)
    assert item._kept is not kept


@pytest.mark.parametrize("scale", [0.5, 2.0, 8.0])
def test_lines_drawn_from_world_paths_keep_their_width_in_pixels(qtbot: QtBot, scale: float) -> None:
    """The painter's transform places the kept paths; the pen's 4 px stay 4 px at any scale."""
    frame = gpd.GeoDataFrame(geometry=[shapely.LineString([(-1000.0, 0.0), (1000.0, 0.0)])], crs=6671)
    item = VectorItem(VectorLayer(frame, name="道路", kind="roads", style=VectorStyle(color=(0, 0, 255, 255), stroke_width=4.0)), CRS)
    image = item.image(Viewport(0.0, 0.0, scale, 100, 60))
    column = [image.pixelColor(50, y) for y in range(60)]
    covered = sum(c.alpha() / 255 for c in column)
    assert covered == pytest.approx(4.0, abs=0.6)
    assert all(c.alpha() == 0 for y, c in enumerate(column) if abs(y - 30) > 4)
