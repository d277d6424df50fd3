"""Synthetic LOD1 buildings on a street grid that follows 椹野川, with their attributes.

Blocks of 92 m × 56 m (8 m streets) are laid along the river's general direction; each block
holds 2 × 6 parcels of about 15 m × 28 m and each chosen parcel one building: a house
(rectangle or L-shape, 1–2 storeys), a larger building (3–10 storeys) or a shed. Parcels near
the channel or off the site are dropped; the rest are drawn with more weight near 湯田温泉.
Footprints never overlap because each lies inside its own parcel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from demo.site import BOUNDS, CHANNEL_HALF_WIDTH_M, TO_LONLAT, TO_METRES, Site, mesh3_code

BUILDING_COUNT = 2000
BLOCK = (92.0, 56.0)  # along, across the river (m)
STREET = 8.0
PARCELS = (6, 2)
RIVER_CLEARANCE_M = CHANNEL_HALF_WIDTH_M + 20.0  # channel plus levee
YUDA_CENTRE = (131.4570, 34.1605)
SENTINEL_STOREYS = 9999
SENTINEL_YEAR = 1  # written as 0001

# kind → (share, usage codes, usage weights); usage codes from Building_usage.xml
KINDS = {
    "house": (0.70, (411, 413), (0.9, 0.1)),
    "house_l": (0.12, (411,), (1.0,)),
    "large": (0.10, (412, 402, 401, 403), (0.5, 0.2, 0.15, 0.15)),
    "shed": (0.08, (431, 461), (0.5, 0.5)),
}


@dataclass(frozen=True)
class Buildings:
    """Arrays with one entry per building; ``rings`` holds each footprint (lon, lat), counter-
    clockwise, closed, as written in the GML; ``centroid`` is taken from those exact values."""

    rings: list[np.ndarray]
    centroid: np.ndarray
    kind: np.ndarray
    usage: np.ndarray
    storeys: np.ndarray
    storeys_below: np.ndarray
    year: np.ndarray
    height: np.ndarray
    ground: np.ndarray
    mesh: np.ndarray
    rank_l1: np.ndarray
    rank_l2: np.ndarray
    depth_l1: np.ndarray
    depth_l2: np.ndarray
    duration_h: np.ndarray


def make_buildings(site: Site, rng: np.random.Generator, count: int = BUILDING_COUNT) -> Buildings:
    """Lay out ``count`` buildings on the site and read their ground and flood values off it."""
    centres, axis = _parcels(site)
    weights = _weights(centres)
    chosen = np.sort(rng.choice(len(centres), size=count, replace=False, p=weights / weights.sum()))
    centres = centres[chosen]
    kinds = rng.choice(list(KINDS), size=count, p=[k[0] for k in KINDS.values()])
    local = [_footprint(str(kind), rng) for kind in kinds]
    rings = _to_lonlat(local, centres, axis)
    centroid = shapely.get_coordinates(shapely.centroid(footprints(rings)))
    rows, cols = site.cell_of(centroid[:, 0], centroid[:, 1])
    storeys, below, year = _storeys_and_year(kinds, rng)
    depth_l2 = site.depth_l2[rows, cols]
    return Buildings(
        rings=rings,
        centroid=centroid,
        kind=kinds,
        usage=np.array([rng.choice(KINDS[k][1], p=KINDS[k][2]) for k in kinds]),
        storeys=storeys,
        storeys_below=below,
        year=year,
        height=np.where(storeys == SENTINEL_STOREYS, 3.0, np.round(storeys * 3.0 + rng.uniform(0.3, 1.5, count), 1)),
        ground=site.ground[rows, cols],
        mesh=mesh3_code(centroid[:, 0], centroid[:, 1]),
        rank_l1=site.rank_l1[rows, cols],
        rank_l2=site.rank_l2[rows, cols],
        depth_l1=site.depth_l1[rows, cols],
        depth_l2=depth_l2,
        duration_h=np.round(np.where(depth_l2 > 0, depth_l2 * 5.0 + rng.uniform(0.0, 3.0, count), 0.0), 1),
    )


def footprints(rings: list[np.ndarray]) -> np.ndarray:
    """Shapely polygons of closed (lon, lat) rings, made in one vectorised call."""
    owner = np.repeat(np.arange(len(rings)), [len(r) for r in rings])
    return shapely.polygons(shapely.linearrings(np.concatenate(rings), indices=owner))


def _parcels(site: Site) -> tuple[np.ndarray, np.ndarray]:
    """Centres (x, y in zone III) of every parcel that lies on the site and off the channel,
    and the unit vector of the grid's long axis."""
    start, end = np.array(site.river_m.coords[0]), np.array(site.river_m.coords[-1])
    along = (start - end) / np.linalg.norm(start - end)
    across = np.array([-along[1], along[0]])
    west, south, east, north = BOUNDS
    corners = np.column_stack(TO_METRES.transform([west, east, east, west], [south, south, north, north]))
    origin = corners.mean(axis=0)
    reach = np.abs((corners - origin) @ np.column_stack([along, across])).max(axis=0) + max(BLOCK)
    pitch = np.array(BLOCK) + STREET
    bu, bv = np.meshgrid(*(np.arange(-r, r, p) for r, p in zip(reach, pitch, strict=True)), indexing="ij")
    size = np.array(BLOCK) / np.array(PARCELS)
    pu, pv = np.meshgrid(*((np.arange(n) + 0.5) * s for n, s in zip(PARCELS, size, strict=True)), indexing="ij")
    u = (bu.ravel()[:, None] + pu.ravel()[None, :]).ravel()
    v = (bv.ravel()[:, None] + pv.ravel()[None, :]).ravel()
    xy = origin + u[:, None] * along + v[:, None] * across
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) * size / 2  # the whole parcel must be on site
    cxy = (xy[:, None, :] + corners[None, :, :1] * along + corners[None, :, 1:] * across).reshape(-1, 2)
    lon, lat = (c.reshape(-1, 4) for c in TO_LONLAT.transform(cxy[:, 0], cxy[:, 1]))
    on_site = ((lon > west) & (lon < east) & (lat > south) & (lat < north)).all(axis=1)
    dry_land = site.distance_to_river_m(xy[:, 0], xy[:, 1]) > RIVER_CLEARANCE_M + max(size) / 2
    return xy[on_site & dry_land], along


def _weights(centres: np.ndarray) -> np.ndarray:
    cx, cy = TO_METRES.transform(*YUDA_CENTRE)
    r = np.hypot(centres[:, 0] - cx, centres[:, 1] - cy)
    return np.exp(-r / 700.0) + 0.15


def _footprint(kind: str, rng: np.random.Generator) -> np.ndarray:
    """A footprint in parcel coordinates (along, across; metres), counter-clockwise, open ring."""
    if kind == "house":
        w, d = rng.uniform(8.0, 12.5), rng.uniform(7.0, 11.0)
    elif kind == "large":
        w, d = rng.uniform(11.0, 14.0), rng.uniform(15.0, 25.0)
    elif kind == "shed":
        w, d = rng.uniform(4.0, 6.0), rng.uniform(3.0, 5.0)
    else:
        w, d = rng.uniform(10.0, 13.0), rng.uniform(9.0, 12.0)
        nw, nd = w * rng.uniform(0.4, 0.6), d * rng.uniform(0.4, 0.6)
        ring = np.array([[0, 0], [w, 0], [w, d - nd], [w - nw, d - nd], [w - nw, d], [0, d]], dtype=float)
        return ring - [w / 2, d / 2] + rng.uniform(-0.8, 0.8, 2)
    ring = np.array([[0, 0], [w, 0], [w, d], [0, d]], dtype=float)
    return ring - [w / 2, d / 2] + rng.uniform(-0.8, 0.8, 2)


def _to_lonlat(local: list[np.ndarray], centres: np.ndarray, along: np.ndarray) -> list[np.ndarray]:
    """Place parcel footprints on the grid and convert them to (lon, lat), rounded to 1e-9°
    (about 0.1 mm) as the GML writes them, each ring closed."""
    across = np.array([-along[1], along[0]])
    sizes = [len(r) for r in local]
    owner = np.repeat(np.arange(len(local)), sizes)
    flat = np.concatenate(local)
    xy = centres[owner] + flat[:, :1] * along + flat[:, 1:] * across
    lon, lat = TO_LONLAT.transform(xy[:, 0], xy[:, 1])
    points = np.char.mod("%.9f", np.column_stack([lon, lat])).astype(float)  # exactly as written
    return [np.vstack([ring, ring[:1]]) for ring in np.split(points, np.cumsum(sizes)[:-1])]


def _storeys_and_year(kinds: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Storeys above and below ground and year of construction, with a few PLATEAU sentinels
    (9999 storeys, year 0001) as real files have."""
    n = len(kinds)
    storeys = np.where(rng.random(n) < 0.62, 2, 1)
    large = kinds == "large"
    storeys[large] = rng.choice(np.arange(3, 11), size=int(large.sum()), p=_falling(8))
    storeys[kinds == "shed"] = 1
    below = np.where(large & (rng.random(n) < 0.15), 1, 0)
    year = rng.integers(1958, 2024, n)
    unknown_storeys = rng.random(n) < 0.01
    storeys[unknown_storeys] = SENTINEL_STOREYS
    below[unknown_storeys] = SENTINEL_STOREYS
    year[rng.random(n) < 0.04] = SENTINEL_YEAR
    return storeys, below, year


def _falling(n: int) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1)
    return p / p.sum()
