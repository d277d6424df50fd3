"""Hazard tile sets as a map layer (no Qt): XYZ PNG folders and SVGMap tile sets, every level.

:mod:`hazards` answers point queries from a tile set's finest level (:class:`hazards.tiles.TileSet`);
the map also needs the coarser levels, so a zoomed-out view reads a few tiles, not thousands.
A :class:`TilePyramid` lists the levels of one set and the tiles of each; :class:`HazardTileLayer`
picks the level whose pixels match the view (:func:`pick_level`: the coarsest level not coarser
than the screen, else the finest, enlarged) and reads the tiles from disk. Drawing is the
tile base map's code (``app/map2d/tile_item.py``); the identify tool asks :meth:`HazardTileLayer.rank_at`,
which is the hazard model's :meth:`~hazards.model.HazardSource.sample`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path

import httpx
import mercantile
import numpy as np
from pyproj import Geod, Transformer

from hazards.errors import HazardError, HazardFormatError
from hazards.legend import Legend, legend_for
from hazards.model import LONLAT_CRS
from hazards.ranks import NO_RANK
from hazards.svgmap import SvgMapTiles, is_svgmap, zoom_level_roots
from hazards.tiles import TileSet
from hazards.xyz import XyzTiles, tile_levels
from i18n import t
from layers.base import Extent, LegendEntry
from layers.styles import flood_rank_palette
from layers.tiles import MAX_TILES_PER_VIEW, TILE_PIXELS, TiledLayer, TileKey, TileReply, xyz_points

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_GEOD = Geod(ellps="GRS80")


def pick_level(metres_per_pixel: dict[int, float], view_metres_per_pixel: float) -> int:
    """The level to draw: the coarsest whose pixels are not coarser than the view's, else the finest.

    Examples
    --------
    >>> pick_level({10: 120.0, 11: 60.0, 12: 30.0}, 70.0), pick_level({10: 120.0, 11: 60.0}, 5.0), pick_level({10: 120.0}, 900.0)
    (11, 11, 10)
    """
    fine_enough = [level for level, mpp in metres_per_pixel.items() if mpp <= view_metres_per_pixel * 1.001]
    if fine_enough:
        return max(fine_enough, key=lambda level: metres_per_pixel[level])
    return min(metres_per_pixel, key=lambda level: metres_per_pixel[level])


class TilePyramid(ABC):
    """The levels of one tile set: their tiles, where each lies (in ``tile_crs``) and its file.

    ``skipped`` lists (container, reason) for each level that could not be read.
    """

    tile_crs: str
    skipped: list[tuple[str, str]]

    @property
    @abstractmethod
    def levels(self) -> list[int]:
        """Level numbers, any order."""

    @abstractmethod
    def tiles(self, level: int, west: float, south: float, east: float, north: float) -> list[TileKey]:
        """The tiles of ``level`` meeting a lon/lat box."""

    @abstractmethod
    def points(self, tile: TileKey, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Points in ``tile_crs`` at fractions ``u`` (right) and ``v`` (down) of the tile's image."""

    @abstractmethod
    def path(self, tile: TileKey) -> Path:
        """The tile's file."""

    @abstractmethod
    def has(self, tile: TileKey) -> bool:
        """Whether the set lists ``tile`` (a 3D view asks for tiles by position)."""

    @abstractmethod
    def all_tiles(self) -> Iterator[TileKey]:
        """Every tile of every level."""

    @abstractmethod
    def sample_tile(self, level: int) -> TileKey:
        """One tile of ``level`` (to measure its pixel size)."""

    def metres_per_pixel(self) -> dict[int, float]:
        """Ground size of one tile pixel per level, measured across one of its tiles."""
        to_lonlat = Transformer.from_crs(self.tile_crs, LONLAT_CRS, always_xy=True)
        sizes = {}
        for level in self.levels:
            x, y = self.points(self.sample_tile(level), np.array([0.0, 1.0]), np.array([0.5, 0.5]))
            lon, lat = to_lonlat.transform(x, y)
            sizes[level] = float(_GEOD.inv(lon[0], lat[0], lon[1], lat[1])[2]) / TILE_PIXELS
        return sizes


class XyzPyramid(TilePyramid):
    """Every zoom of an XYZ folder (``{z}/{x}/{y}.png``, Web Mercator); a missing tile shows nothing."""

    tile_crs = "EPSG:3857"

    def __init__(self, folder: Path) -> None:
        self._levels = tile_levels(folder)
        self.skipped = []

    @property
    def levels(self) -> list[int]:
        return list(self._levels)

    def tiles(self, level: int, west: float, south: float, east: float, north: float) -> list[TileKey]:
        west, east, south, north = max(west, -180.0), min(east, 180.0), max(south, -85.0), min(north, 85.0)
        present = self._levels[level]
        nw, se = mercantile.tile(west, north, level), mercantile.tile(east, south, level)
        if (se.x - nw.x + 1) * (se.y - nw.y + 1) > len(present):  # a sparse level in a wide view: walk the level
            xys = [xy for xy in present if nw.x <= xy[0] <= se.x and nw.y <= xy[1] <= se.y]
        else:
            xys = [(x, y) for x in range(nw.x, se.x + 1) for y in range(nw.y, se.y + 1) if (x, y) in present]
        return [mercantile.Tile(x, y, level) for x, y in sorted(xys)]

    def points(self, tile: TileKey, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        assert isinstance(tile, mercantile.Tile)
        return xyz_points(tile, u, v)

    def path(self, tile: TileKey) -> Path:
        assert isinstance(tile, mercantile.Tile)
        return self._levels[tile.z][(tile.x, tile.y)]

    def has(self, tile: TileKey) -> bool:
        return isinstance(tile, mercantile.Tile) and (tile.x, tile.y) in self._levels.get(tile.z, {})

    def all_tiles(self) -> Iterator[TileKey]:
        return (mercantile.Tile(x, y, z) for z, tiles in self._levels.items() for x, y in tiles)

    def sample_tile(self, level: int) -> TileKey:
        x, y = next(iter(self._levels[level]))
        return mercantile.Tile(x, y, level)


class SvgMapPyramid(TilePyramid):
    """The levels of an SVGMap set: one per ``<animation>`` of the root with zoom limits (the root
    itself when it has none), each read by :class:`hazards.svgmap.SvgMapTiles`."""

    def __init__(self, root: Path) -> None:
        self._levels: list[SvgMapTiles] = []
        self.skipped = []
        for container in zoom_level_roots(root):
            try:
                self._levels.append(SvgMapTiles(container))
            except HazardError as exc:
                self.skipped.append((str(container), str(exc)))
        if not self._levels:
            raise HazardFormatError(t("SVGMap のどの階層も読めません: {r}", "no level of the SVGMap can be read: {r}",
                                      r="; ".join(f"{c}: {m}" for c, m in self.skipped)))  # fmt: skip
        self.tile_crs = self._levels[0].map_crs

    @property
    def levels(self) -> list[int]:
        return list(range(len(self._levels)))

    def tiles(self, level: int, west: float, south: float, east: float, north: float) -> list[TileKey]:
        return [(level, int(i)) for i in self._levels[level].indices_in(west, south, east, north)]

    def points(self, tile: TileKey, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        level, index = tile  # type: ignore[misc]
        x, y, width, height = self._levels[level].box(index)
        return self._levels[level].to_map(x + np.asarray(u) * width, y + np.asarray(v) * height)

    def path(self, tile: TileKey) -> Path:
        level, index = tile  # type: ignore[misc]
        return self._levels[level].tile_path(index)

    def has(self, tile: TileKey) -> bool:
        level, index = tile  # type: ignore[misc]
        return 0 <= level < len(self._levels) and 0 <= index < len(self._levels[level])

    def all_tiles(self) -> Iterator[TileKey]:
        return ((level, i) for level, tiles in enumerate(self._levels) for i in range(len(tiles)))

    def sample_tile(self, level: int) -> TileKey:
        return level, 0


def pyramid_for(source: TileSet) -> TilePyramid:
    """The pyramid of the tile set ``source`` was opened from (its label is the path as given)."""
    given = Path(source.info.label)
    if isinstance(source, XyzTiles):
        return XyzPyramid(given)
    if given.is_dir():  # the one root SVG hazards found there
        given = next(p for p in sorted(given.glob("*.svg")) if is_svgmap(head := p.read_bytes()[:4096]) and b"globalCoordinateSystem" in head)
    return SvgMapPyramid(given)


class HazardTileLayer(TiledLayer):
    """A hazard tile set on the map: the level matching the view, read from disk where it is drawn.

    ``source`` answers point queries (:meth:`rank_at`); ``legend_rows`` is its standard legend
    (the name is the legend's title, e.g. 「洪水浸水想定区域 想定最大規模 (L2)」). Problems name
    tiles by their path under the set as given; for a set unpacked from a zip (``unpacked``: the
    folder it was unpacked in, and the archive as given), as ``archive.zip!member``.
    """

    local = True

    def __init__(
        self, source: TileSet, pyramid: TilePyramid, *, attribution: str, visible: bool = True, opacity: float = 1.0,
        unpacked: tuple[Path, str] | None = None,
    ) -> None:  # fmt: skip
        self.legend_rows: Legend = legend_for(source.info)
        super().__init__(self.legend_rows.title(), kind="hazard_raster", attribution=attribution, visible=visible, opacity=opacity)
        self.source = source
        self.pyramid = pyramid
        self.tile_crs = pyramid.tile_crs
        self._sizes = pyramid.metres_per_pixel()
        self._unpacked = unpacked

    @property
    def extent(self) -> Extent | None:
        return self.source.info.bounds

    def legend(self) -> list[LegendEntry]:
        if self.source.info.measure == "depth":
            return flood_rank_palette().legend()
        return [LegendEntry(e.label, (*e.colour, 255)) for e in self.legend_rows.entries if e.colour is not None]

    def level_for(self, metres_per_pixel: float) -> int:
        """The level drawn at ``metres_per_pixel`` (:func:`pick_level`)."""
        return pick_level(self._sizes, metres_per_pixel)

    def tiles_for(self, west: float, south: float, east: float, north: float, metres_per_pixel: float) -> list[TileKey]:
        b_west, b_south, b_east, b_north = self.source.info.bounds
        if west > b_east or east < b_west or south > b_north or north < b_south:
            return []
        tiles = self.pyramid.tiles(self.level_for(metres_per_pixel), west, south, east, north)
        return tiles if len(tiles) <= MAX_TILES_PER_VIEW else []

    def tile_points(self, tile: TileKey, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.pyramid.points(tile, u, v)

    def load(self, tile: TileKey, client: httpx.Client | None) -> TileReply:
        """The tile file's bytes; a missing or unreadable file is a ``broken`` reply."""
        try:
            return TileReply(tile, self.pyramid.path(tile).read_bytes())
        except OSError as exc:
            return TileReply(tile, None, _unreadable(exc), broken=True)

    def describe(self, tile: TileKey) -> str:
        path = self.pyramid.path(tile)
        if self._unpacked is not None and path.is_relative_to(self._unpacked[0]):
            return f"{self._unpacked[1]}!{path.relative_to(self._unpacked[0]).as_posix()}"
        return str(path)

    def rank_at(self, lon: float, lat: float) -> int | None:
        """The hazard rank at a point (the hazard model's codes); None outside the data area."""
        rank = int(self.source.sample(np.array([[lon, lat]]))[0])
        return None if rank == NO_RANK else rank

    def check_tile(self, tile: TileKey) -> str | None:
        """Why a listed tile cannot be drawn (missing, or not a PNG by its first bytes), or None."""
        try:
            with open(self.pyramid.path(tile), "rb") as stream:
                head = stream.read(len(PNG_SIGNATURE))
        except OSError as exc:
            return _unreadable(exc)
        return None if head == PNG_SIGNATURE else t("PNG ではありません", "not a PNG image")


def _unreadable(exc: OSError) -> str:
    return t("タイルを読めません: {e}", "cannot read the tile: {e}", e=exc.strerror or exc)
