"""The demo site: 2 × 2 third-level meshes at 湯田温泉, Yamaguchi City, and its synthetic fields.

Everything the demo files show comes from one :class:`Site`: the 椹野川 centreline, the ground
elevation and the L1/L2 flood-depth fields on one grid of 1/100 of a third-level mesh
(0.45″ × 0.3″, about 11.5 m × 9.2 m) in JGD2011 longitude/latitude (EPSG:6668). The GeoTIFF,
the PLATEAU fld file and the buildings' risk entries are all read off these grids, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from affine import Affine
from pyproj import Transformer

from hazards.ranks import rank_for_depth

CITY_CODE = "35203"
PREF_CODE = "35"
MESH_ROWS_PER_DEGREE = 120  # a third-level mesh is 30″ of latitude …
MESH_COLS_PER_DEGREE = 80  # … and 45″ of longitude
CELLS_PER_MESH = 100
SOUTH_ROW, WEST_COL = 4098, 2516  # mesh rows/cols counted from 0°N / 100°E: 51311386 is the SW mesh
MESHES = 2  # the site is MESHES × MESHES third-level meshes
WEST = 100 + WEST_COL / MESH_COLS_PER_DEGREE
SOUTH = SOUTH_ROW / MESH_ROWS_PER_DEGREE
EAST = 100 + (WEST_COL + MESHES) / MESH_COLS_PER_DEGREE
NORTH = (SOUTH_ROW + MESHES) / MESH_ROWS_PER_DEGREE
BOUNDS = (WEST, SOUTH, EAST, NORTH)
"""(west, south, east, north) of the site in degrees: 131.45–131.475°E, 34.15–34.1667°N."""

GRID_SHAPE = (MESHES * CELLS_PER_MESH, MESHES * CELLS_PER_MESH)
GRID_TRANSFORM = Affine(
    1 / (MESH_COLS_PER_DEGREE * CELLS_PER_MESH), 0, WEST, 0, -1 / (MESH_ROWS_PER_DEGREE * CELLS_PER_MESH), NORTH
)
TO_METRES = Transformer.from_crs(6668, 6671, always_xy=True)
"""JGD2011 lon/lat → plane-rectangular zone III (EPSG:6671), metres."""
TO_LONLAT = Transformer.from_crs(6671, 6668, always_xy=True)

# 椹野川 through the site, NE → SW (lon, lat); synthetic course, not the surveyed channel.
RIVER_LONLAT = np.array(
    [
        [131.4712, 34.1680],
        [131.4688, 34.1640],
        [131.4668, 34.1605],
        [131.4630, 34.1572],
        [131.4612, 34.1540],
        [131.4590, 34.1512],
        [131.4566, 34.1488],
    ]
)
CHANNEL_HALF_WIDTH_M = 22.0


def mesh3_code(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """JIS X 0410 third-level (1 km) mesh codes of points.

    Parameters
    ----------
    lon, lat : numpy.ndarray
        Longitudes and latitudes in degrees (JGD2011).

    Returns
    -------
    numpy.ndarray
        Eight-digit codes as strings.

    Examples
    --------
    >>> mesh3_code(np.array([131.46]), np.array([34.155])).tolist()
    ['51311386']
    """
    rows = np.floor(np.asarray(lat, dtype=float) * MESH_ROWS_PER_DEGREE + 1e-9).astype(np.int64)
    cols = np.floor((np.asarray(lon, dtype=float) - 100) * MESH_COLS_PER_DEGREE + 1e-9).astype(np.int64)
    p, q, r = rows // 80, rows % 80 // 10, rows % 10
    u, v, w = cols // 80, cols % 80 // 10, cols % 10
    codes = p * 1_000_000 + u * 10_000 + q * 1000 + v * 100 + r * 10 + w
    return codes.astype(str)


@dataclass(frozen=True)
class Site:
    """The synthetic fields on the site grid (row 0 is the north edge).

    ``depth_l1`` / ``depth_l2`` are flood depths in metres rounded to centimetres (0 = dry);
    ``rank_l1`` / ``rank_l2`` their standard ranks; ``ground`` the orthometric ground height (m).
    """

    river_m: shapely.LineString
    ground: np.ndarray
    depth_l1: np.ndarray
    depth_l2: np.ndarray
    rank_l1: np.ndarray
    rank_l2: np.ndarray

    def cell_of(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, col) of the grid cell holding each point (points must lie on the site)."""
        cols, rows = ~GRID_TRANSFORM @ (np.asarray(lon), np.asarray(lat))
        return np.floor(rows).astype(np.int64), np.floor(cols).astype(np.int64)

    def distance_to_river_m(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Distance in metres from zone-III points to the river centreline."""
        return shapely.distance(shapely.points(x, y), self.river_m)


def build_site(rng: np.random.Generator) -> Site:
    """Make the river, ground and flood fields; ``rng`` shapes the smooth random relief."""
    river = shapely.LineString(np.column_stack(TO_METRES.transform(*RIVER_LONLAT.T)))
    rows, cols = np.indices(GRID_SHAPE)
    lon, lat = GRID_TRANSFORM @ (cols + 0.5, rows + 0.5)
    x, y = TO_METRES.transform(lon, lat)
    d = shapely.distance(shapely.points(x.ravel(), y.ravel()), river).reshape(GRID_SHAPE)
    north = y - y.min()
    relief = _smooth_noise(rng, x, y)
    ground = 19.0 + 0.0035 * north + 0.012 * np.minimum(d, 600.0) + 0.8 * relief
    depth_l2 = 6.4 * np.exp(-d / 300.0) - 1.0 - 0.0006 * north + 0.6 * relief
    channel = d < CHANNEL_HALF_WIDTH_M
    depth_l2[channel] = np.maximum(depth_l2[channel], 6.0 + 0.5 * relief[channel])
    depth_l2 = np.round(np.clip(depth_l2, 0.0, None), 2)
    depth_l1 = np.round(np.clip(0.55 * depth_l2 - 0.45, 0.0, None), 2)
    return Site(
        river_m=river,
        ground=np.round(ground, 2),
        depth_l1=depth_l1,
        depth_l2=depth_l2,
        rank_l1=rank_for_depth(depth_l1),
        rank_l2=rank_for_depth(depth_l2),
    )


def _smooth_noise(rng: np.random.Generator, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A smooth field in about [-1, 1]: a few plane waves of 300–900 m wavelength."""
    n = 6
    wavelength = rng.uniform(300.0, 900.0, n)
    angle = rng.uniform(0.0, np.pi, n)
    phase = rng.uniform(0.0, 2 * np.pi, n)
    weight = rng.uniform(0.5, 1.0, n)
    k = 2 * np.pi / wavelength
    waves = np.sin(
        k[:, None, None] * (np.cos(angle)[:, None, None] * x + np.sin(angle)[:, None, None] * y) + phase[:, None, None]
    )
    return np.tensordot(weight, waves, axes=1) / weight.sum() * 1.6


CITY_NAME = "山口県山口市"
TOWNS = (
    ("朝倉町", "湯田温泉四丁目", "黄金町"),
    ("湯田温泉三丁目", "湯田温泉一丁目", "緑町"),
    ("吉敷下東一丁目", "湯田温泉六丁目", "葵二丁目"),
)
"""Town names on a 3 × 3 grid over the site (south row first, west to east). Real names of the
area, assigned by grid: the demo's addresses are not the real address of any place."""


def town_of(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """The address prefix (prefecture, city, town) of each point on the site."""
    col = np.clip(((np.asarray(lon) - WEST) / (EAST - WEST) * 3).astype(int), 0, 2)
    row = np.clip(((np.asarray(lat) - SOUTH) / (NORTH - SOUTH) * 3).astype(int), 0, 2)
    names = np.array([[CITY_NAME + town for town in r] for r in TOWNS])
    return names[row, col]


def house_numbers(count: int) -> np.ndarray:
    """Synthetic 番地 (``block-lot``) for buildings ``0 … count-1``, fixed by the index."""
    index = np.arange(count)
    return np.char.add(np.char.add((1 + index % 23).astype(str), "-"), (1 + index * 7 % 37).astype(str))
