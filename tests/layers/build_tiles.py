"""A small XYZ hazard tile set written into ``tmp_path`` in the standard depth palette.

Around :data:`CENTRE` (Yamaguchi City): at zoom 14 the tile holding it is filled with rank 4
(5–10 m), the tile east of it with rank 2 (0.5–3 m) in its west half only (the east half is
transparent: no flooding); at zoom 12 the parent tile is filled with rank 1, so a drawing or a
query says which level it read. Tile positions come from mercantile's scalar functions.
"""

from __future__ import annotations

from pathlib import Path

import mercantile
import numpy as np
from PIL import Image

from hazards.ranks import DEPTH_RANKS

CENTRE = (131.4705, 34.1785)
FINE, COARSE = 14, 12
COLOUR = {b.rank: b.colour for b in DEPTH_RANKS}
NAME = "01_flood_l2_shinsuishin_data"
"""A 重ねるハザードマップ layer name: river flood, 想定最大規模 (L2), depth."""


def fine_tile() -> mercantile.Tile:
    return mercantile.tile(*CENTRE, FINE)


def east_tile() -> mercantile.Tile:
    tile = fine_tile()
    return mercantile.Tile(tile.x + 1, tile.y, FINE)


def tile_centre(tile: mercantile.Tile, u: float = 0.5, v: float = 0.5) -> tuple[float, float]:
    """lon/lat at fractions ``u`` (right), ``v`` (down) of a tile."""
    b = mercantile.xy_bounds(tile)
    return mercantile.lnglat(b.left + u * (b.right - b.left), b.top - v * (b.top - b.bottom))


def write_tile_set(root: Path) -> Path:
    """The set under ``root / NAME`` (returned)."""
    folder = root / NAME
    fine, east = fine_tile(), east_tile()
    half = np.zeros((256, 256, 4), np.uint8)
    half[:, :128] = (*COLOUR[2], 255)
    write_png(folder, fine, np.full((256, 256, 4), (*COLOUR[4], 255), np.uint8))
    write_png(folder, east, half)
    write_png(folder, mercantile.parent(fine, zoom=COARSE), np.full((256, 256, 4), (*COLOUR[1], 255), np.uint8))
    return folder


def tile_path(folder: Path, tile: mercantile.Tile) -> Path:
    return folder / str(tile.z) / str(tile.x) / f"{tile.y}.png"


def write_png(folder: Path, tile: mercantile.Tile, rgba: np.ndarray) -> Path:
    path = tile_path(folder, tile)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rgba, "RGBA").save(path)
    return path
