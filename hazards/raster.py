"""Hazard rasters: any rasterio-readable grid of flood depth (m) or depth rank, and point queries.

How a raster is understood (first rule that applies wins):

* value type: the tag ``HAZARD_VALUE_TYPE`` (``rank`` or ``depth``, dataset or band 1 tags);
  else band units of metres → ``depth``; else a floating-point band → ``depth``; else an
  integer band whose valid values all lie in 0–6 → ``rank``; any other integer band → ``depth``
  in whole metres. The values are checked on a decimated read of at most
  :data:`SCAN_PIXELS` pixels (the whole band when it is smaller).
* scenario: the tag ``HAZARD_SCENARIO`` (``L1`` / ``L2``); else what the tags, the band
  description and the file name say (:func:`hazards.naming.identify`: 想定最大 → L2, 計画規模
  → L1, …); else None.
* kind: the tag ``HAZARD_KIND`` (e.g. ``river_flood``); else what the texts say; else None
  (a :class:`RasterFile` then reports ``river_flood``).

Pixels equal to the nodata value are outside the data area. Rank 0 (depth ≤ 0) is inside the
data area with no hazard.

:func:`open_hazard_raster` opens a raster lazily: :meth:`RasterFile.sample` reads only the
window (or the blocks) the points fall in, so a prefecture-wide raster never has to fit in
memory. :func:`read_hazard_raster` reads band 1 whole, for display.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np
import rasterio
import rasterio.warp
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.errors import RasterioError
from rasterio.windows import Window

from hazards.errors import HazardFormatError, HazardReadError
from hazards.model import LONLAT_CRS, HazardSource, SourceInfo, as_points
from hazards.naming import HAZARD_KINDS, HazardKind, Scenario, identify
from hazards.ranks import DEPTH_RANKS, NO_RANK, UNDECODED, rank_for_depth
from i18n import t

TAG_KIND = "HAZARD_KIND"
TAG_SCENARIO = "HAZARD_SCENARIO"
TAG_VALUE_TYPE = "HAZARD_VALUE_TYPE"
SCAN_PIXELS = 4_000_000
"""At most this many pixels are read to decide the value type of an untagged integer band."""
WINDOW_PIXELS = 64_000_000
"""Points whose bounding window is larger than this are read block by block."""
BLOCK = 1024

ValueType = Literal["rank", "depth"]
_MAX_RANK = len(DEPTH_RANKS)
_METRE_UNITS = {"m", "metre", "meter", "metres", "meters"}


@dataclass(frozen=True)
class _Grid:
    """Where the pixels are and how their values read."""

    transform: Affine
    crs: CRS
    nodata: float | None
    value_type: ValueType

    def to_ranks(self, values: np.ndarray) -> np.ndarray:
        """Pixel values → ``int8`` ranks: -1 for nodata, -2 for a rank value outside 0–6."""
        valid = _valid_mask(values, self.nodata)
        if self.value_type == "depth":
            return rank_for_depth(np.where(valid, values, np.nan))
        in_range = valid & (values >= 0) & (values <= _MAX_RANK)
        return np.where(in_range, values, np.where(valid, UNDECODED, NO_RANK)).astype(np.int8)

    def pixels(self, points_lonlat: np.ndarray, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, column and an inside-the-grid mask for each lon/lat point."""
        pts = as_points(points_lonlat)
        x, y = pts[:, 0], pts[:, 1]
        if self.crs != LONLAT_CRS:
            x, y = Transformer.from_crs(LONLAT_CRS, self.crs, always_xy=True).transform(x, y)
        cols, rows = ~self.transform @ (np.asarray(x), np.asarray(y))
        cols = np.floor(np.nan_to_num(cols, nan=-1.0, posinf=-1.0, neginf=-1.0)).astype(np.int64)
        rows = np.floor(np.nan_to_num(rows, nan=-1.0, posinf=-1.0, neginf=-1.0)).astype(np.int64)
        inside = (cols >= 0) & (cols < shape[1]) & (rows >= 0) & (rows < shape[0])
        return rows, cols, inside


@dataclass(frozen=True, eq=False)
class HazardRaster:
    """One hazard raster held in memory.

    ``array`` is band 1 (rows top to bottom); ``transform`` maps (col, row) to the raster CRS;
    ``bounds`` is (left, bottom, right, top) in that CRS.
    """

    array: np.ndarray
    transform: Affine
    crs: CRS
    nodata: float | None
    value_type: ValueType
    kind: str | None
    scenario: Scenario | None
    bounds: tuple[float, float, float, float]

    @property
    def _grid(self) -> _Grid:
        return _Grid(self.transform, self.crs, self.nodata, self.value_type)

    def ranks(self) -> np.ndarray:
        """The whole raster as standard ranks (``int8``; -1 for nodata)."""
        return self._grid.to_ranks(self.array)

    def sample(self, points_lonlat: np.ndarray) -> np.ndarray:
        """Standard depth rank at each point.

        Parameters
        ----------
        points_lonlat : numpy.ndarray
            Shape (n, 2): column 0 is longitude, column 1 latitude (JGD2011 degrees).

        Returns
        -------
        numpy.ndarray
            ``int8`` ranks, shape (n,): 0 inside the data area with no hazard, 1–6 the rank,
            :data:`hazards.ranks.NO_RANK` (-1) outside the raster or on nodata.

        Examples
        --------
        >>> raster.sample(np.array([[131.46, 34.16]]))  # doctest: +SKIP
        array([2], dtype=int8)
        """
        rows, cols, inside = self._grid.pixels(points_lonlat, self.array.shape)
        out = np.full(len(rows), NO_RANK, dtype=np.int8)
        out[inside] = self._grid.to_ranks(self.array[rows[inside], cols[inside]])
        return out

    def reprojected(self, crs: CRS | str | int) -> HazardRaster:
        """This raster warped to another CRS (nearest neighbour, so ranks and depths stay exact).

        Parameters
        ----------
        crs : pyproj.CRS, str or int
            The target CRS, e.g. the map view's ``EPSG:6671``.

        Returns
        -------
        HazardRaster
            A new raster at about the same resolution; cells outside the source are nodata.
        """
        dst_crs = CRS.from_user_input(crs)
        height, width = self.array.shape
        transform, dst_width, dst_height = rasterio.warp.calculate_default_transform(
            self.crs.to_wkt(), dst_crs.to_wkt(), width, height, *self.bounds
        )
        nodata = self.nodata if self.nodata is not None else _fill_value(self.array.dtype)
        out = np.full((dst_height, dst_width), nodata, dtype=self.array.dtype)
        rasterio.warp.reproject(
            self.array, out, src_transform=self.transform, src_crs=self.crs.to_wkt(), src_nodata=nodata,
            dst_transform=transform, dst_crs=dst_crs.to_wkt(), dst_nodata=nodata,
            resampling=rasterio.warp.Resampling.nearest,
        )  # fmt: skip
        bounds = rasterio.transform.array_bounds(dst_height, dst_width, transform)
        west, south, east, north = bounds
        return replace(self, array=out, transform=transform, crs=dst_crs, nodata=nodata, bounds=(west, south, east, north))


class RasterFile(HazardSource):
    """A hazard raster on disk, opened lazily; :meth:`sample` reads only what the points need."""

    def __init__(self, path: Path, grid: _Grid, shape: tuple[int, int], kind: str | None,
                 scenario: Scenario | None, bounds: tuple[float, float, float, float]) -> None:  # fmt: skip
        self.path = path
        self.grid = grid
        self.shape = shape
        self.kind = kind
        self.scenario = scenario
        self.bounds = bounds
        info_kind: HazardKind = kind if kind in HAZARD_KINDS else "river_flood"  # type: ignore[assignment]
        self.info = SourceInfo(info_kind, scenario, "depth", str(path), _lonlat_bounds(grid.crs, bounds))

    def sample(self, points_lonlat: np.ndarray) -> np.ndarray:
        """Rank at each point (see :meth:`HazardRaster.sample`), reading windows, not the band."""
        rows, cols, inside = self.grid.pixels(points_lonlat, self.shape)
        out = np.full(len(rows), NO_RANK, dtype=np.int8)
        if not inside.any():
            return out
        r, c = rows[inside], cols[inside]
        try:
            with rasterio.open(self.path) as src:
                values = np.empty(len(r), dtype=src.dtypes[0])
                height, width = int(np.ptp(r)) + 1, int(np.ptp(c)) + 1
                if height * width <= WINDOW_PIXELS:
                    window = Window(int(c.min()), int(r.min()), width, height)
                    values[:] = src.read(1, window=window)[r - r.min(), c - c.min()]
                else:
                    _read_by_block(src, r, c, values)
        except RasterioError as exc:
            raise HazardReadError(t("ラスタを読めません: {e}", "cannot read the raster: {e}", e=exc)) from exc
        out[inside] = self.grid.to_ranks(values)
        return out

    def read(self) -> HazardRaster:
        """Band 1 whole, in memory."""
        try:
            with rasterio.open(self.path) as src:
                array = src.read(1)
        except RasterioError as exc:
            raise HazardReadError(t("ラスタを読めません: {e}", "cannot read the raster: {e}", e=exc)) from exc
        g = self.grid
        return HazardRaster(array, g.transform, g.crs, g.nodata, g.value_type, self.kind, self.scenario, self.bounds)


def open_hazard_raster(path: str | os.PathLike[str]) -> RasterFile:
    """Open a depth or depth-rank raster (GeoTIFF or anything rasterio opens) without reading it whole.

    Parameters
    ----------
    path : str or os.PathLike
        The raster file.

    Returns
    -------
    RasterFile
        The raster with its value type, kind and scenario decided as the module docstring says.

    Raises
    ------
    HazardReadError
        If the file cannot be opened as a raster.
    HazardFormatError
        If the raster has no coordinate reference system, or its value type tag is neither
        ``rank`` nor ``depth``.
    """
    try:
        with rasterio.open(path) as src:
            tags = {**src.tags(), **src.tags(1)}
            texts = [*tags.values(), src.descriptions[0] or "", *Path(path).parts[-3:]]
            units = (src.units[0] or "").strip().lower()
            crs, transform, nodata, bounds = src.crs, src.transform, src.nodata, tuple(src.bounds)
            shape = (src.height, src.width)
            value_type = _value_type(tags.get(TAG_VALUE_TYPE), units, src)
    except RasterioError as exc:
        raise HazardReadError(t("ラスタとして開けません: {e}", "cannot open as a raster: {e}", e=exc)) from exc
    if crs is None:
        raise HazardFormatError(t("座標参照系 (CRS) がありません", "the raster has no coordinate reference system"))
    named = identify(texts)
    scenario = tags.get(TAG_SCENARIO, "").strip().upper()
    grid = _Grid(transform, CRS.from_user_input(crs.to_wkt()), nodata, value_type)
    return RasterFile(
        Path(path), grid, shape, tags.get(TAG_KIND) or named.kind,
        scenario if scenario in ("L1", "L2") else named.scenario, bounds,  # type: ignore[arg-type]
    )  # fmt: skip


def read_hazard_raster(path: str | os.PathLike[str]) -> HazardRaster:
    """Read band 1 of a depth or depth-rank raster whole: :func:`open_hazard_raster`, then
    :meth:`RasterFile.read` (same errors)."""
    return open_hazard_raster(path).read()


def _read_by_block(src: rasterio.DatasetReader, rows: np.ndarray, cols: np.ndarray, out: np.ndarray) -> None:
    """Fill ``out`` with the pixels at ``rows``/``cols``, reading one window per occupied block."""
    blocks = (rows // BLOCK) * ((src.width + BLOCK - 1) // BLOCK) + cols // BLOCK
    order = np.argsort(blocks, kind="stable")
    starts = np.flatnonzero(np.diff(blocks[order], prepend=-1))
    for group in np.split(order, starts[1:]):
        r0, c0 = int(rows[group[0]] // BLOCK * BLOCK), int(cols[group[0]] // BLOCK * BLOCK)
        window = Window(c0, r0, min(BLOCK, src.width - c0), min(BLOCK, src.height - r0))
        out[group] = src.read(1, window=window)[rows[group] - r0, cols[group] - c0]


def _scan(src: rasterio.DatasetReader) -> np.ndarray:
    """Band 1, decimated to at most :data:`SCAN_PIXELS` pixels (nearest), for value-type checks."""
    step = max(1, int(np.ceil(np.sqrt(src.width * src.height / SCAN_PIXELS))))
    if step == 1:
        return src.read(1)
    return src.read(1, out_shape=(max(1, src.height // step), max(1, src.width // step)))


def _valid_mask(values: np.ndarray, nodata: float | None) -> np.ndarray:
    valid = ~np.isnan(values) if np.issubdtype(values.dtype, np.floating) else np.ones(values.shape, bool)
    if nodata is not None and not np.isnan(nodata):
        valid &= values != nodata
    return valid


def _value_type(tag: str | None, units: str, src: rasterio.DatasetReader) -> ValueType:
    if tag:
        if tag.strip().lower() not in ("rank", "depth"):
            raise HazardFormatError(
                t(
                    "{k} は rank または depth のはずですが {v!r} でした",
                    "{k} should be one of rank or depth, got {v!r} instead",
                    k=TAG_VALUE_TYPE,
                    v=tag,
                )
            )
        return tag.strip().lower()  # type: ignore[return-value]
    if units in _METRE_UNITS or np.issubdtype(np.dtype(src.dtypes[0]), np.floating):
        return "depth"
    array = _scan(src)
    values = array[_valid_mask(array, src.nodata)]
    in_ranks = values.size == 0 or (values.min() >= 0 and values.max() <= _MAX_RANK)
    return "rank" if in_ranks else "depth"


def _lonlat_bounds(crs: CRS, bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    if crs == LONLAT_CRS:
        return bounds
    west, south, east, north = Transformer.from_crs(crs, LONLAT_CRS, always_xy=True).transform_bounds(*bounds)
    return west, south, east, north


def _fill_value(dtype: np.dtype) -> float:
    return float("nan") if np.issubdtype(dtype, np.floating) else float(np.iinfo(dtype).max)
