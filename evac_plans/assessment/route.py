"""Evacuation routes: length, walking time, flooding and landslide zones along them.

Lengths are geodesic on the GRS80 ellipsoid (pyproj ``Geod``), every segment of every route
in one call. Exposure comes from :func:`hazards.exposure.line_exposure`, once per source for
all routes: flood-depth sources give the highest rank along each route and the length under
water (the largest over sources, since L1 and L2 of one river overlap); landslide zones give
the length inside a zone and the highest zone rank.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Geod

from evac_plans.assessment.rules import walk_speed
from hazards.exposure import line_exposure
from hazards.model import HazardSource
from plateau_import.risk_tables import FLOOD_KINDS

GEOD = Geod(ellps="GRS80")


@dataclass(frozen=True)
class RouteMetrics:
    """Per person (NaN / -1 where there is no route or no source covers it)."""

    length_m: np.ndarray
    walk_min: np.ndarray
    flood_max_rank: np.ndarray
    wet_m: np.ndarray
    landslide_m: np.ndarray
    landslide_rank: np.ndarray


def route_lengths(routes: np.ndarray) -> np.ndarray:
    """Geodesic length in metres of each route (lon/lat LineStrings; NaN for None).

    Examples
    --------
    >>> round(float(route_lengths(np.array([shapely.LineString([(131.45, 34.15), (131.46, 34.15)])]))[0]), 1)
    922.2
    """
    out = np.full(len(routes), np.nan)
    has = np.array([r is not None for r in routes], dtype=bool)
    if not has.any():
        return out
    coords, owner = shapely.get_coordinates(routes[has], return_index=True)
    same = owner[1:] == owner[:-1]
    _, _, dist = GEOD.inv(coords[:-1, 0][same], coords[:-1, 1][same], coords[1:, 0][same], coords[1:, 1][same])
    lengths = np.zeros(int(has.sum()))
    np.add.at(lengths, owner[:-1][same], dist)
    out[has] = lengths
    return out


def route_metrics(routes: np.ndarray, mobility: np.ndarray, sources: list[HazardSource]) -> RouteMetrics:
    """Length, walking time and exposure of every route.

    Parameters
    ----------
    routes : numpy.ndarray
        Object array of lon/lat LineStrings or None, one per person.
    mobility : numpy.ndarray
        Each person's mobility (walking speed from :data:`~evac_plans.assessment.rules.WALK_SPEED_MPS`).
    sources : list of HazardSource
        Every hazard source; flood-depth and landslide-zone sources are used.

    Returns
    -------
    RouteMetrics
    """
    n = len(routes)
    length = route_lengths(routes)
    flood_rank = np.full(n, -1, dtype=np.int8)
    slide_rank = np.full(n, -1, dtype=np.int8)
    wet = np.full(n, np.nan)
    slide = np.full(n, np.nan)
    has = np.flatnonzero([r is not None for r in routes])
    for source in sources if len(has) else ():
        info = source.info
        flood = info.measure == "depth" and info.kind in FLOOD_KINDS
        if not (flood or (info.measure == "zone" and info.kind == "landslide")):
            continue
        exposure = line_exposure(source, list(routes[has]))
        rank, metres = (flood_rank, wet) if flood else (slide_rank, slide)
        rank[has] = np.maximum(rank[has], exposure.max_rank)
        covered = exposure.max_rank >= 0
        metres[has[covered]] = np.fmax(metres[has[covered]], exposure.wet_m[covered])
    return RouteMetrics(length, length / walk_speed(mobility) / 60.0, flood_rank, wet, slide, slide_rank)
