"""XYZ PNG tile folders (``{z}/{x}/{y}.png``, Web Mercator, as 重ねるハザードマップ serves them).

The finest zoom level present answers. Tile maths (the Web Mercator world and tile extents)
comes from mercantile; points are projected with pyproj, all at once.

The data area is, first, ``bounds`` (west, south, east, north; a list or a comma-separated
string) in a ``metadata.json`` beside the zoom folders (the MBTiles metadata convention);
else the extent of the finest level's tiles. A point in the data area whose tile is missing
is rank 0 (the portal serves no tile where nothing is mapped).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import mercantile
import numpy as np
from pyproj import CRS, Transformer

from hazards.errors import HazardFormatError
from hazards.model import LONLAT_CRS
from hazards.naming import identify
from hazards.tiles import TileSet, tile_info
from i18n import t

_WEB_MERCATOR = CRS.from_epsg(3857)
_WORLD = mercantile.xy_bounds(0, 0, 0)
TILE_SUFFIXES = (".png",)


def tile_levels(folder: Path) -> dict[int, dict[tuple[int, int], Path]]:
    """The PNG tiles of an XYZ folder by zoom, then by (x, y); empty when it is not one."""
    levels: dict[int, dict[tuple[int, int], Path]] = {}
    for z_dir in folder.iterdir() if folder.is_dir() else ():
        if not (z_dir.is_dir() and z_dir.name.isdigit()):
            continue
        tiles = {
            (int(x_dir.name), int(f.stem)): f
            for x_dir in z_dir.iterdir() if x_dir.is_dir() and x_dir.name.isdigit()
            for f in x_dir.iterdir() if f.suffix.lower() in TILE_SUFFIXES and f.stem.isdigit()
        }  # fmt: skip
        if tiles:
            levels[int(z_dir.name)] = tiles
    return levels


class XyzTiles(TileSet):
    """The finest zoom level of an XYZ tile folder, sampled as a hazard source."""

    def __init__(self, folder: Path, label: str | None = None) -> None:
        super().__init__()
        levels = tile_levels(folder)
        if not levels:
            raise HazardFormatError(t("{z}/{x}/{y}.png のタイルがありません", "no {z}/{x}/{y}.png tiles in the folder"))
        self.zoom = max(levels)
        tiles = levels[self.zoom]
        n = 2**self.zoom
        self._keys = np.array(sorted(x * n + y for x, y in tiles), dtype=np.int64)
        self._paths = {x * n + y: path for (x, y), path in tiles.items()}
        self._to_mercator = Transformer.from_crs(LONLAT_CRS, _WEB_MERCATOR, always_xy=True)
        xs, ys = self._keys // n, self._keys % n
        corners = (mercantile.bounds(int(xs.min()), int(ys.max()), self.zoom), mercantile.bounds(int(xs.max()), int(ys.min()), self.zoom))
        self._bounds = _metadata_bounds(folder) or (corners[0].west, corners[0].south, corners[1].east, corners[1].north)
        first = self._paths[int(self._keys[0])]
        self.palette, self.info = tile_info(identify(folder.resolve().parts[-3:]), first, label or str(folder), self._bounds)

    def tile_path(self, key: int) -> Path:
        return self._paths[key]

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        n = 2**self.zoom
        mx, my = self._to_mercator.transform(lon, lat, errcheck=False)
        fx = (np.asarray(mx) - _WORLD.left) / (_WORLD.right - _WORLD.left) * n
        fy = (_WORLD.top - np.asarray(my)) / (_WORLD.top - _WORLD.bottom) * n
        valid = np.isfinite(fx) & np.isfinite(fy) & (fx >= 0) & (fx < n) & (fy >= 0) & (fy < n)
        tx, ty = np.floor(np.where(valid, fx, 0)).astype(np.int64), np.floor(np.where(valid, fy, 0)).astype(np.int64)
        keys = np.where(valid & np.isin(tx * n + ty, self._keys), tx * n + ty, -1)
        west, south, east, north = self._bounds
        in_area = valid & (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
        return keys, np.where(valid, fx - tx, 0), np.where(valid, fy - ty, 0), in_area


def _metadata_bounds(folder: Path) -> tuple[float, float, float, float] | None:
    path = folder / "metadata.json"
    if not path.is_file():
        return None
    try:
        bounds = json.loads(path.read_text(encoding="utf-8")).get("bounds")
        values = [float(v) for v in (bounds.split(",") if isinstance(bounds, str) else bounds)]
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise HazardFormatError(t("metadata.json の bounds を読めません: {e}", "cannot read bounds in metadata.json: {e}", e=exc)) from exc
    if len(values) != 4 or values[0] >= values[2] or values[1] >= values[3]:
        raise HazardFormatError(t("metadata.json の bounds は 西,南,東,北 のはずですが {v!r} でした",
                                  "metadata.json bounds should be west,south,east,north, got {v!r} instead", v=bounds))  # fmt: skip
    return values[0], values[1], values[2], values[3]


def open_xyz(path: str | os.PathLike[str]) -> XyzTiles:
    """Open an XYZ tile folder (the folder holding the zoom-level folders).

    Raises
    ------
    HazardFormatError
        If the folder holds no ``{z}/{x}/{y}.png`` tiles, or its ``metadata.json`` bounds are bad.
    """
    return XyzTiles(Path(path), os.fspath(path))
