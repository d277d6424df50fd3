"""Exposure along lines (evacuation routes): length per rank, length under water, highest rank.

Lengths are in metres on a transverse Mercator projection centred on the lines (scale error
below 1e-4 within 50 km of the centre). Vector sources (:class:`HazardAreas`) are measured
exactly, by intersecting the lines with the union of the polygons of each rank and above;
every other source is sampled at the midpoints of pieces at most ``step_m`` long, so its
lengths are exact to about one step at each rank change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from hazards.areas import HazardAreas
from hazards.model import LONLAT_CRS, HazardSource
from hazards.ranks import NO_RANK

RANK_SLOTS = 8
"""Columns of :attr:`LineExposure.by_rank_m`: ranks 0–7 (7 is the top flood-duration rank)."""


@dataclass(frozen=True)
class LineExposure:
    """Exposure of each of n lines.

    ``by_rank_m`` has shape (n, 8): metres at rank 0 (in the data area, no hazard) to 7.
    ``outside_m`` is the length outside the data area or where the source could not say.
    ``max_rank`` is -1 for a line that lies wholly outside.
    """

    length_m: np.ndarray
    by_rank_m: np.ndarray
    outside_m: np.ndarray
    max_rank: np.ndarray

    @property
    def wet_m(self) -> np.ndarray:
        """Length at rank 1 or more (under water, or inside a zone)."""
        return self.by_rank_m[:, 1:].sum(axis=1)

    @property
    def mean_rank(self) -> np.ndarray:
        """Length-weighted mean rank over the part inside the data area (NaN when none is)."""
        known = self.by_rank_m.sum(axis=1)
        weighted = self.by_rank_m @ np.arange(RANK_SLOTS)
        return np.divide(weighted, known, out=np.full(len(known), np.nan), where=known > 0)


def line_exposure(source: HazardSource, lines: gpd.GeoSeries | Sequence[BaseGeometry], step_m: float = 5.0) -> LineExposure:
    """Exposure of each line to ``source``.

    Parameters
    ----------
    source : HazardSource
        Any hazard source.
    lines : geopandas.GeoSeries or sequence of shapely lines
        LineStrings or MultiLineStrings; a GeoSeries with a CRS is reprojected, anything else
        is taken as JGD2011 lon/lat.
    step_m : float
        Longest piece sampled on non-vector sources, in metres.

    Returns
    -------
    LineExposure
        One row per line, in order.

    Raises
    ------
    ValueError
        If ``step_m`` is not positive.

    Examples
    --------
    >>> exposure = line_exposure(areas, [route])  # doctest: +SKIP
    >>> exposure.wet_m[0], exposure.max_rank[0]  # doctest: +SKIP
    (400.0, 4)
    """
    if not step_m > 0:
        raise ValueError(f"step_m should be positive, got {step_m!r} instead")
    lonlat = _lonlat_lines(lines)
    to_metres = _local_metres(lonlat)
    lines_m = shapely.transform(lonlat, to_metres.transform, interleaved=False)
    if isinstance(source, HazardAreas):
        by_rank, inside = _exact(source, lines_m, to_metres)
    else:
        by_rank, inside = _sampled(source, lines_m, to_metres, step_m)
    length = shapely.length(lines_m)
    present = by_rank > 0
    max_rank = np.where(present.any(axis=1), RANK_SLOTS - 1 - np.argmax(present[:, ::-1], axis=1), NO_RANK)
    return LineExposure(length, by_rank, np.maximum(length - inside, 0.0), max_rank.astype(np.int8))


def _lonlat_lines(lines: gpd.GeoSeries | Sequence[BaseGeometry]) -> np.ndarray:
    if isinstance(lines, gpd.GeoSeries) and lines.crs is not None:
        lines = lines.to_crs(LONLAT_CRS)
    return np.asarray(list(lines), dtype=object)


def _local_metres(lines: np.ndarray) -> Transformer:
    west, south, east, north = shapely.total_bounds(lines)
    lon0, lat0 = (west + east) / 2, (south + north) / 2
    local = CRS.from_proj4(f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m")
    return Transformer.from_crs(LONLAT_CRS, local, always_xy=True)


def _exact(source: HazardAreas, lines_m: np.ndarray, to_metres: Transformer) -> tuple[np.ndarray, np.ndarray]:
    def metres(geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, to_metres.transform, interleaved=False)

    at_least = np.zeros((len(lines_m), RANK_SLOTS + 1))
    top = int(source.frame["rank"].max()) if len(source.frame) else 0
    for rank in range(1, min(top, RANK_SLOTS - 1) + 1):
        at_least[:, rank] = shapely.length(shapely.intersection(lines_m, metres(source.union_at_least(rank))))
    area = metres(shapely.union(shapely.make_valid(source.data_area), source.union_at_least(1)))
    inside = shapely.length(shapely.intersection(lines_m, area))
    at_least[:, 0] = inside
    return at_least[:, :-1] - at_least[:, 1:], inside


def _sampled(source: HazardSource, lines_m: np.ndarray, to_metres: Transformer, step_m: float) -> tuple[np.ndarray, np.ndarray]:
    parts, line_of_part = shapely.get_parts(shapely.segmentize(lines_m, step_m), return_index=True)
    coords, part_of_coord = shapely.get_coordinates(parts, return_index=True)
    same = part_of_coord[1:] == part_of_coord[:-1]
    start, end = coords[:-1][same], coords[1:][same]
    line = line_of_part[part_of_coord[:-1][same]]
    lengths = np.hypot(*(end - start).T)
    mid_x, mid_y = (start + end).T / 2
    lon, lat = to_metres.transform(mid_x, mid_y, direction="INVERSE")
    ranks = source.sample(np.column_stack([lon, lat])).astype(np.int64)
    known = (ranks >= 0) & (ranks < RANK_SLOTS)
    by_rank = np.zeros((len(lines_m), RANK_SLOTS))
    np.add.at(by_rank, (line[known], ranks[known]), lengths[known])
    return by_rank, by_rank.sum(axis=1)
