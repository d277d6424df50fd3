"""Standard-palette tiles: the real SVGMap A31b tiles, generated SVGMap and XYZ tile sets, colour decoding."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import i18n
from hazards.errors import HazardFormatError
from hazards.ranks import DEPTH_RANKS, DETAILED_DEPTH_BANDS, LANDSLIDE_COLOURS
from hazards.svgmap import open_svgmap
from hazards.tiles import decode_colours, detect_palette
from hazards.xyz import open_xyz
from tests.hazards.builders import write_svgmap, write_xyz

A31B = "hazard_raster/ksjShinsui2023max/max_primary/A31b-20-23_10_5131"
# (container, tile, row, col, colour, rank): interior pixels (3×3 of one colour) found by inspecting lvl15 with PIL.
KNOWN_PIXELS = [
    ("sub_0_0_container.svg", "tile0_49.png", 93, 242, (247, 245, 169), 1),
    ("sub_0_0_container.svg", "tile0_49.png", 151, 252, (255, 216, 192), 2),
    ("sub_0_0_container.svg", "tile1_54.png", 149, 117, (255, 183, 183), 3),
    ("sub_0_0_container.svg", "tile1_53.png", 87, 107, (255, 145, 145), 4),
    ("sub_0_1_container.svg", "tile11_40.png", 69, 225, (242, 133, 201), 5),
    ("sub_5_2_container.svg", "tile85_29.png", 39, 171, (220, 122, 220), 6),
    ("sub_2_0_container.svg", "tile32_60.png", 159, 43, (0, 0, 0), 0),
]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def _pixel_centre(container: Path, tile: str, row: int, col: int) -> tuple[float, float]:
    """lon/lat of a pixel centre from the container's <image x y width height> (x = lon×100, y = −lat×100)."""
    entry = re.search(rf'href="{re.escape(tile)}"[^>]*x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)"',
                      container.read_text(encoding="utf-8"))  # fmt: skip
    assert entry, tile
    x, y, w, h = map(float, entry.groups())
    return (x + (col + 0.5) * w / 256) / 100, -(y + (row + 0.5) * h / 256) / 100


@pytest.mark.shared_data
def test_real_svgmap_tiles_decode_known_pixels(shared_data: Path) -> None:
    root = shared_data / A31B
    points = []
    for container, tile, row, col, colour, _ in KNOWN_PIXELS:
        rgba = np.asarray(Image.open(root / "lvl15" / tile).convert("RGBA"))[row, col]
        assert tuple(rgba[:3]) == colour and (rgba[3] == 255) == (colour != (0, 0, 0))
        points.append(_pixel_centre(root / "lvl15" / container, tile, row, col))
    source = open_svgmap(root / "rootImgMap.svg")
    assert (source.info.kind, source.info.scenario, source.info.measure) == ("river_flood", "L2", "depth")
    assert source.info.bounds == pytest.approx((131.0, 34.0, 132.0, 34.0 + 2 / 3))
    assert source.sample(np.array(points)).tolist() == [rank for *_, rank in KNOWN_PIXELS]


@pytest.mark.shared_data
def test_real_svgmap_outside_and_missing_tiles(shared_data: Path) -> None:
    source = open_svgmap(shared_data / A31B / "rootImgMap.svg")
    # mountains north of Yamaguchi: inside mesh 5131, no lvl15 tile; then west of the mesh; then a transparent
    # pixel of a tile that reaches past the mesh edge (lon < 131) — outside the data area.
    points = np.array([[131.5, 34.6], [130.5, 34.3], [130.99005, 34.13446], [np.nan, 34.3]])
    assert source.sample(points).tolist() == [0, -1, -1, -1]


def test_generated_svgmap_reads_only_the_finest_level_and_every_legend_colour(tmp_path: Path) -> None:
    colours = [b.colour for b in (*DEPTH_RANKS, *DETAILED_DEPTH_BANDS)]
    painted = [(131.401 + 0.0037 * i, 34.171, (*c, 255)) for i, c in enumerate(colours)]
    painted.append((131.4305, 34.1905, (12, 34, 56, 255)))
    source = open_svgmap(write_svgmap(tmp_path / "A31b-10-23_10_5131", painted))
    assert (source.info.scenario, source.info.measure) == ("L1", "depth")
    points = np.array([(lon, lat) for lon, lat, _ in painted] + [[131.435, 34.165], [131.39, 34.17]])
    expected = [1, 2, 3, 4, 5, 6, 1, 1, 2, 2, 3, 4, 5, 6, -2, 0, -1]
    assert source.sample(points).tolist() == expected


def test_svgmap_without_data_area_uses_the_extent_of_its_tiles(tmp_path: Path) -> None:
    root = write_svgmap(tmp_path / "set", [(131.405, 34.175, (255, 216, 192, 255)), (131.425, 34.175, (255, 216, 192, 255))])
    root.write_text(root.read_text(encoding="utf-8").replace('go:dataArea="13140 -3420 4 4"', ""), encoding="utf-8")
    source = open_svgmap(root)
    assert source.info.bounds == pytest.approx((131.40, 34.17, 131.43, 34.18))
    assert source.sample(np.array([[131.405, 34.175], [131.415, 34.175], [131.435, 34.175]])).tolist() == [2, 0, -1]


def test_svgmap_without_transform_or_images_is_a_format_error(tmp_path: Path) -> None:
    bad = tmp_path / "root.svg"
    bad.write_text('<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', encoding="utf-8")
    with pytest.raises(HazardFormatError, match="no valid globalCoordinateSystem transform"):
        open_svgmap(bad)
    root = write_svgmap(tmp_path / "set", [(131.41, 34.17, (255, 216, 192, 255))])
    (root.parent / "lvl2" / "sub_0_0_container.svg").write_text(
        root.read_text(encoding="utf-8").split("<animation")[0] + "</svg>", encoding="utf-8"
    )
    with pytest.raises(HazardFormatError, match="lists no tile images"):
        open_svgmap(root)


def test_xyz_folder_finest_level_missing_tiles_and_bounds(tmp_path: Path) -> None:
    painted = [(131.4712, 34.1781, (255, 183, 183, 255)), (131.4745, 34.1766, (248, 225, 166, 255))]
    folder = write_xyz(tmp_path / "01_flood_l2_shinsuishin_data", 16, painted, empty_tiles=2)
    source = open_xyz(folder)
    assert (source.zoom, source.info.kind, source.info.scenario) == (16, "river_flood", "L2")
    inside_empty = [source.info.bounds[2] - 1e-5, source.info.bounds[1] + 1e-5]
    points = np.array([[131.4712, 34.1781], [131.4745, 34.1766], [131.47125, 34.17815], inside_empty, [131.0, 34.0]])
    assert source.sample(points).tolist() == [3, 2, 0, 0, -1]
    (folder / "metadata.json").write_text(json.dumps({"bounds": "131.0,33.9,131.6,34.3"}), encoding="utf-8")
    assert open_xyz(folder).sample(np.array([[131.01, 33.95], [131.7, 34.0]])).tolist() == [0, -1]


def test_xyz_landslide_tiles_are_detected_from_their_colours(tmp_path: Path) -> None:
    painted = [(131.4712, 34.1781, (*LANDSLIDE_COLOURS[("steep_slope", 2)], 255)),
               (131.4745, 34.1766, (*LANDSLIDE_COLOURS[("debris_flow", 1)], 255))]  # fmt: skip
    source = open_xyz(write_xyz(tmp_path / "tiles", 15, painted))
    assert (source.info.kind, source.info.measure, source.info.scenario) == ("landslide", "zone", None)
    assert source.sample(np.array([p[:2] for p in painted])).tolist() == [2, 1]


def test_xyz_folder_without_tiles_or_with_bad_bounds(tmp_path: Path) -> None:
    with pytest.raises(HazardFormatError, match="no {z}/{x}/{y}.png tiles"):
        open_xyz(tmp_path)
    folder = write_xyz(tmp_path / "t", 14, [(131.47, 34.17, (255, 216, 192, 255))])
    (folder / "metadata.json").write_text('{"bounds": [132, 34, 131, 35]}', encoding="utf-8")
    with pytest.raises(HazardFormatError, match="bounds should be west,south,east,north"):
        open_xyz(folder)


def test_decode_tolerates_near_colours_only() -> None:
    rgba = np.array([[253, 214, 194, 255], [255, 216, 192, 0], [200, 200, 200, 255], [220, 122, 220, 128]])
    assert decode_colours(rgba, "depth").tolist() == [2, 0, -2, 6]
    assert decode_colours(rgba, "zone").tolist() == [1, 0, 1, 1]
    assert detect_palette(np.zeros((4, 4, 4), np.uint8)) is None
