"""Hazard rasters: any rasterio-readable grid of flood depth (m) or depth rank, and point queries.

How a raster is understood (first rule that applies wins):

* value type: the tag ``HAZARD_VALUE_TYPE`` (``rank`` or ``depth``, dataset or band 1 tags);
  else band units of metres → ``depth``; else a floating-point band → ``depth``; else an
  integer band whose valid values all lie in 0–6 → ``rank``; any other integer band → ``depth``
  in whole metres.
* scenario: the tag ``HAZARD_SCENARIO`` (``L1`` / ``L2``); else 想定最大 (→ L2) or 計画規模
  (→ L1) in any tag or band description; else None.
* kind: the tag ``HAZARD_KIND`` (e.g. ``river_flood``); else None.

Pixels equal to the nodata value are outside the data area. Rank 0 (depth ≤ 0) is inside the
data area with no hazard.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

import numpy as np
import rasterio
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.errors import RasterioError

from hazards.errors import HazardFormatError, HazardReadError
from hazards.ranks import DEPTH_RANKS, NO_RANK, rank_for_depth
from i18n import t

TAG_KIND = "HAZARD_KIND"
TAG_SCENARIO = "HAZARD_SCENARIO"
TAG_VALUE_TYPE = "HAZARD_VALUE_TYPE"
LONLAT_CRS = CRS.from_epsg(6668)
"""Points are given as JGD2011 longitude/latitude (WGS84 agrees to well under a metre)."""

ValueType = Literal["rank", "depth"]
Scenario = Literal["L1", "L2"]
_MAX_RANK = len(DEPTH_RANKS)
_METRE_UNITS = {"m", "metre", "meter", "metres", "meters"}


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

    def ranks(self) -> np.ndarray:
        """The whole raster as standard ranks (``int8``; -1 for nodata)."""
        return self._to_ranks(self.array)

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
        pts = np.asarray(points_lonlat, dtype=float).reshape(-1, 2)
        x, y = pts[:, 0], pts[:, 1]
        if self.crs != LONLAT_CRS:
            x, y = Transformer.from_crs(LONLAT_CRS, self.crs, always_xy=True).transform(x, y)
        cols, rows = ~self.transform @ (np.asarray(x), np.asarray(y))
        cols = np.floor(np.nan_to_num(cols, nan=-1.0)).astype(np.int64)
        rows = np.floor(np.nan_to_num(rows, nan=-1.0)).astype(np.int64)
        height, width = self.array.shape
        inside = (cols >= 0) & (cols < width) & (rows >= 0) & (rows < height)
        out = np.full(len(pts), NO_RANK, dtype=np.int8)
        out[inside] = self._to_ranks(self.array[rows[inside], cols[inside]])
        return out

    def _to_ranks(self, values: np.ndarray) -> np.ndarray:
        valid = _valid_mask(values, self.nodata)
        if self.value_type == "depth":
            ranks = rank_for_depth(np.where(valid, values, np.nan))
        else:
            in_range = valid & (values >= 0) & (values <= _MAX_RANK)
            ranks = np.where(in_range, values, NO_RANK).astype(np.int8)
        return ranks


def read_hazard_raster(path: str | os.PathLike[str]) -> HazardRaster:
    """Read band 1 of a depth or depth-rank raster (GeoTIFF or anything rasterio opens).

    Parameters
    ----------
    path : str or os.PathLike
        The raster file.

    Returns
    -------
    HazardRaster
        The grid with its value type, kind and scenario decided as the module docstring says.

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
            array = src.read(1)
            tags = {**src.tags(), **src.tags(1)}
            texts = [*tags.values(), src.descriptions[0] or ""]
            units = (src.units[0] or "").strip().lower()
            crs, transform, nodata, bounds = src.crs, src.transform, src.nodata, tuple(src.bounds)
    except RasterioError as exc:
        raise HazardReadError(t("ラスタとして開けません: {e}", "cannot open as a raster: {e}", e=exc)) from exc
    if crs is None:
        raise HazardFormatError(t("座標参照系 (CRS) がありません", "the raster has no coordinate reference system"))
    return HazardRaster(
        array=array,
        transform=transform,
        crs=CRS.from_user_input(crs.to_wkt()),
        nodata=nodata,
        value_type=_value_type(tags.get(TAG_VALUE_TYPE), units, array, nodata),
        kind=tags.get(TAG_KIND) or None,
        scenario=_scenario(tags.get(TAG_SCENARIO), texts),
        bounds=bounds,  # type: ignore[arg-type]
    )


def _valid_mask(values: np.ndarray, nodata: float | None) -> np.ndarray:
    valid = ~np.isnan(values) if np.issubdtype(values.dtype, np.floating) else np.ones(values.shape, bool)
    if nodata is not None and not np.isnan(nodata):
        valid &= values != nodata
    return valid


def _value_type(tag: str | None, units: str, array: np.ndarray, nodata: float | None) -> ValueType:
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
    if units in _METRE_UNITS or np.issubdtype(array.dtype, np.floating):
        return "depth"
    values = array[_valid_mask(array, nodata)]
    in_ranks = values.size == 0 or (values.min() >= 0 and values.max() <= _MAX_RANK)
    return "rank" if in_ranks else "depth"


def _scenario(tag: str | None, texts: list[str]) -> Scenario | None:
    if tag and tag.strip().upper() in ("L1", "L2"):
        return tag.strip().upper()  # type: ignore[return-value]
    joined = " ".join(texts)
    if "想定最大" in joined:
        return "L2"
    if "計画規模" in joined:
        return "L1"
    return None
