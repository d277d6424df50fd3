"""A drill as movement: each person's path and timing, for the 2D and 3D animations.

:class:`DrillTrips` holds one trip per person of a :class:`~alerts.drill.DrillResult` (same
order): the route vertices they pass, from home, each with the time they are there (seconds since
the scenario start), in flat arrays a deck.gl ``TripsLayer`` or a Qt painter reads as they are.

==================================  ==============================================================
outcome                             trip
==================================  ==============================================================
``arrived``                         the whole route, home at the departure, destination at arrival
``cut_off``                         the route up to the first point (of the drill's ~10 m samples)
                                    that is flooded when they reach it, where the trip ends
``stayed_vertical``                 one vertex at home, at the time they go upstairs
``no_transport``                    one vertex at home, at the time they would have left
``not_triggered``, ``no_plan``      one vertex at home, at the scenario start
==================================  ==============================================================

Times along a route follow the drill exactly: a point a fraction *f* along the route is reached at
departure + *f* × length / speed (:mod:`alerts.drill`), so the last vertex of an ``arrived`` trip
is the drill's arrival. A home that is not located gives NaN coordinates.

:func:`positions_at` places everyone at one moment; :func:`flood_timeline` gives the scenario's
flood areas as polygons with the moment each floods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import rasterio.features
import shapely
from affine import Affine

from alerts.drill import NEVER, SAMPLE_DEG, Drill, DrillResult, route_fractions, travel_speed
from alerts.scenario import FloodArea
from alerts.times import to_ns
from evac_plans.assessment.route import route_lengths
from evac_plans.model import EvacuationPlan
from evac_plans.repository import PersonRecord

STATES = ("waiting", "moving", "arrived", "cut_off", "stayed")
"""What :func:`positions_at` says of each person at a moment."""
MAX_GRID = 1024
"""A hazard-source flood area is drawn from at most this many samples a side."""
_MOVING = ("arrived", "cut_off")


@dataclass(frozen=True)
class DrillTrips:
    """Everyone's trip (module docstring): trip *i* is ``coords[path_offsets[i]:path_offsets[i+1]]``."""

    ids: np.ndarray
    path_offsets: np.ndarray
    coords: np.ndarray
    times_s: np.ndarray
    outcome: np.ndarray
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def duration_s(self) -> float:
        """Seconds from the scenario start to its end."""
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class FloodTimeline:
    """The scenario's flood areas as lon/lat polygons and when each floods (seconds since the
    start; ``inf`` when it never does in the scenario)."""

    polygons: list
    flood_s: np.ndarray


def drill_trips(
    result: DrillResult,
    records: Sequence[PersonRecord],
    plans: Mapping[str, EvacuationPlan],
    roles: Mapping[str, tuple[str, ...]] | None = None,
    drill: Drill | None = None,
) -> DrillTrips:
    """Everyone's trip through the drill (rules in the module docstring).

    Parameters
    ----------
    result : DrillResult
        What :meth:`alerts.drill.Drill.run` returned for these records and plans.
    records, plans, roles
        The same people, plans (by person id) and supporters' roles the drill ran with.
    drill : Drill, optional
        The drill that ran (its area flood times are reused; worked out again when omitted).

    Raises
    ------
    ValueError
        If the records are not the people of the result, in its order.
    """
    ids = np.array([r.person.id for r in records], dtype=object)
    if len(ids) != len(result.ids) or (ids != result.ids.astype(object)).any():
        raise ValueError(f"records should be the {len(result.ids)} people of the drill result in its order, got {len(ids)}")
    start_ns = float(to_ns(result.scenario.start))
    home = np.array([(_or_nan(r.person.home_lon), _or_nan(r.person.home_lat)) for r in records], dtype=float).reshape(-1, 2)
    moving = np.isin(result.outcome, _MOVING)
    # one vertex at home for everyone who does not travel
    still = np.flatnonzero(~moving)
    still_time = np.where(np.isnan(result.depart[still]), start_ns, result.depart[still])
    parts = [(still, home[still], still_time)]
    if moving.any():
        parts.append(_routes(result, records, plans, roles or {}, drill, np.flatnonzero(moving)))
    trip = np.concatenate([p[0] for p in parts])
    order = np.argsort(trip, kind="stable")
    coords = np.concatenate([p[1] for p in parts])[order]
    times = (np.concatenate([p[2] for p in parts])[order] - start_ns) / 1e9
    offsets = np.r_[0, np.cumsum(np.bincount(trip, minlength=len(ids)))].astype(np.int64)
    return DrillTrips(
        result.ids.astype(str), offsets, coords, times, result.outcome.astype(str), result.scenario.start, result.scenario.end
    )


def _or_nan(value: float | None) -> float:
    return np.nan if value is None else float(value)


def _routes(
    result: DrillResult,
    records: Sequence[PersonRecord],
    plans: Mapping[str, EvacuationPlan],
    roles: Mapping[str, tuple[str, ...]],
    drill: Drill | None,
    who: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Trip index, lon/lat and time (ns) of every vertex of the travellers ``who``, in route order."""
    lines = np.array([shapely.LineString(plans[str(result.ids[i])].route.coordinates) for i in who], dtype=object)  # type: ignore[union-attr]
    vertices, owner = shapely.get_coordinates(lines, return_index=True)
    fraction = route_fractions(vertices, owner)
    depart = result.depart[who]
    # arrived: the whole route, timed so the last vertex is the drill's arrival
    travel = np.where(result.outcome[who] == "arrived", result.arrive[who] - depart, np.nan)
    cut = np.full(len(who), np.inf)
    cut_points = np.empty((0, 2))
    cut_times = np.empty(0)
    cut_owner = np.empty(0, dtype=np.int64)
    blocked = np.flatnonzero(result.outcome[who] == "cut_off")
    if len(blocked):
        speed = np.array([travel_speed(records[i], plans.get(str(result.ids[i])), roles.get(str(result.ids[i]), ())) for i in who[blocked]])
        travel[blocked] = route_lengths(lines[blocked]) / speed * 1e9
        cut[blocked], cut_points, cut_times = _cut_points(lines[blocked], depart[blocked], travel[blocked], _area_floods(result, drill))
        cut_owner = blocked
    keep = fraction < cut[owner]
    trip = np.r_[who[owner[keep]], who[cut_owner]]
    points = np.r_[vertices[keep], cut_points]
    times = np.r_[depart[owner[keep]] + fraction[keep] * travel[owner[keep]], cut_times]
    along = np.r_[fraction[keep], cut[cut_owner]]
    order = np.lexsort((along, trip))
    return trip[order], points[order], times[order]


def _cut_points(
    lines: np.ndarray, depart: np.ndarray, travel: np.ndarray, area_floods: list[tuple[FloodArea, float]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cut-off route: the fraction along it, the lon/lat and the time (ns) of the first of the
    drill's sample points that is flooded when reached (the same samples and times as the drill)."""
    dense = shapely.segmentize(lines, SAMPLE_DEG)
    points, owner = shapely.get_coordinates(dense, return_index=True)
    fraction = route_fractions(points, owner)
    reach = depart[owner] + fraction * travel[owner]
    flood = np.full(len(points), NEVER)
    for area, when in area_floods:
        flood = np.where(area.contains(points), np.minimum(flood, when), flood)
    # the first late sample of each route (every cut-off route has one: its margin is negative)
    late = np.flatnonzero(flood < reach)
    first = late[np.r_[True, owner[late][1:] != owner[late][:-1]]]
    return fraction[first], points[first], reach[first]


def _area_floods(result: DrillResult, drill: Drill | None) -> list[tuple[FloodArea, float]]:
    """Each flood area of the scenario with its flood time (ns; ``NEVER`` when never)."""
    floods = (drill if drill is not None and drill.scenario is result.scenario else Drill(result.scenario, {})).area_floods
    return list(zip(result.scenario.areas, floods.tolist(), strict=True))


def positions_at(trips: DrillTrips, t_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Where everyone is at ``t_s`` seconds after the scenario start, and what they are doing.

    Returns
    -------
    tuple of numpy.ndarray
        (n, 2) lon/lat, and per trip one of :data:`STATES`: ``waiting`` before their first vertex's
        time (and throughout for ``not_triggered`` / ``no_plan``), ``moving`` between their first
        and last, then ``arrived`` or ``cut_off``; ``stayed`` for vertical evacuation once upstairs;
        ``no_transport`` turns ``cut_off`` (stranded at home) at the time they would have left.

    Examples
    --------
    A person on the way is between two vertices, in proportion to the time::

        xy, state = positions_at(trips, 6.5 * 3600)   # 18:30 for a 12:00 start
    """
    offsets = trips.path_offsets
    n = len(offsets) - 1
    size = np.diff(offsets)
    first, last = offsets[:-1], offsets[1:] - 1
    trip = np.repeat(np.arange(n), size)
    passed = np.bincount(trip, weights=trips.times_s <= t_s, minlength=n).astype(np.int64)
    at = first + np.clip(passed - 1, 0, size - 1)
    nxt = np.minimum(at + 1, last)
    t0, t1 = trips.times_s[at], trips.times_s[nxt]
    share = np.clip(np.divide(t_s - t0, t1 - t0, out=np.zeros(n), where=t1 > t0), 0.0, 1.0)
    xy = trips.coords[at] + share[:, None] * (trips.coords[nxt] - trips.coords[at])
    started, done = t_s >= trips.times_s[first], t_s >= trips.times_s[last]
    outcome = trips.outcome
    state = np.select(
        [
            np.isin(outcome, ("not_triggered", "no_plan")) | ~started,
            outcome == "stayed_vertical",
            outcome == "no_transport",
            ~done,
            outcome == "arrived",
        ],
        ["waiting", "stayed", "cut_off", "moving", "arrived"],
        default="cut_off",
    ).astype(object)
    return xy, state


def flood_timeline(drill: Drill) -> FloodTimeline:
    """The flood areas of a drill's scenario as polygons (one per part) with their flood times.

    A polygon area is itself; a hazard-source area is the cells of rank ``min_rank`` or more,
    sampled on a lon/lat grid of about :data:`alerts.drill.SAMPLE_DEG` (at most
    :data:`MAX_GRID` a side) over the source's extent, as the drill samples routes.
    """
    start_ns = float(to_ns(drill.scenario.start))
    polygons: list[shapely.Polygon] = []
    flood_s: list[float] = []
    for area, when in zip(drill.scenario.areas, drill.area_floods.tolist(), strict=True):
        parts = list(shapely.get_parts(area.polygon)) if area.polygon is not None else _hazard_polygons(area)
        polygons += parts
        flood_s += [np.inf if when >= NEVER else (when - start_ns) / 1e9] * len(parts)
    return FloodTimeline(polygons, np.array(flood_s, dtype=float))


def _hazard_polygons(area: FloodArea) -> list[shapely.Polygon]:
    """The cells of ``area.hazard`` of rank ``area.min_rank`` or more, as lon/lat polygons."""
    assert area.hazard is not None
    west, south, east, north = area.hazard.info.bounds
    nx = int(min(MAX_GRID, max(1, np.ceil((east - west) / SAMPLE_DEG))))
    ny = int(min(MAX_GRID, max(1, np.ceil((north - south) / SAMPLE_DEG))))
    dx, dy = (east - west) / nx, (north - south) / ny
    lon, lat = np.meshgrid(west + (np.arange(nx) + 0.5) * dx, north - (np.arange(ny) + 0.5) * dy)
    wet = (area.hazard.sample(np.column_stack([lon.ravel(), lat.ravel()])) >= area.min_rank).reshape(ny, nx)
    shapes = rasterio.features.shapes(wet.astype(np.uint8), mask=wet, transform=Affine(dx, 0, west, 0, -dy, north))
    return [shapely.geometry.shape(g) for g, _ in shapes]
