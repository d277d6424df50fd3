"""Polygons from GML, collected while streaming and assembled in bulk with numpy and shapely.

Parsing a posList per polygon in Python would cost more than reading the XML. Instead the
parser hands every ring's text to a :class:`PolygonCollector`; at the end of a file all texts
are parsed by one ``numpy.fromstring`` call (rings separated by a ``nan`` marker), the axes are
swapped once (:func:`plateau_import.crs.to_lonlat`) and the shapes are built by
``shapely.from_ragged_array``.

Polygons are filed in *groups* (one per footprint source of a building or part, one per
hazard area, road or LOD2 surface). A group's mode says how its polygons become a shape:

* ``FLAT``  – every polygon is a part (LOD0 RoofEdge/FootPrint, MultiSurfaces);
* ``SOLID`` – the polygons are the faces of a solid; the footprint is its bottom: the
  horizontal faces at the solid's lowest height (FY2024 rural files have only ``lod1Solid``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from lxml import etree

from plateau_import.crs import to_lonlat
from plateau_import.namespaces import GML, clark

FLAT, SOLID = 0, 1
#: Height tolerance (m) for "horizontal" and "at the bottom" faces of a solid.
BOTTOM_TOLERANCE_M = 0.05

_POLYGON = clark(GML, "Polygon")
_RING = clark(GML, "LinearRing")
_POSLIST = clark(GML, "posList")
_POS = clark(GML, "pos")
_WHITESPACE = str.maketrans("\n\t\r", "   ")
#: Below this many characters ring texts are parsed by ``str.split`` + numpy, above by pandas.
_SMALL_TEXT = 200_000
_NS = {"gml": GML}
_INTERIORS = etree.XPath("count(.//gml:interior)", namespaces=_NS)
_POLYGONS = etree.XPath("count(.//gml:Polygon)", namespaces=_NS)
_POSLISTS = etree.XPath(".//gml:Polygon//gml:posList/text()", namespaces=_NS, smart_strings=False)


@dataclass
class Assembled:
    """Shapes of one collector: one MultiPolygon (or None) per group, and the bad groups."""

    shapes: np.ndarray
    bad_groups: list[int]


class PolygonCollector:
    """Ring texts of one file, assembled into shapes chunk by chunk.

    Texts are parsed and turned into shapes whenever more than ``chunk_chars`` characters
    are pending (between features, so a group never straddles two chunks); memory stays
    bounded by the chunk size plus the finished shapes, whatever the file size.

    Parameters
    ----------
    epsg
        CRS of the posLists (from ``srsName``).
    dim
        ``srsDimension``.
    keep_z
        Build 3-D shapes (LOD2 surfaces) instead of 2-D footprints.
    chunk_chars
        Pending text size that triggers a flush.
    """

    def __init__(self, epsg: int, dim: int = 3, keep_z: bool = False, chunk_chars: int = 8_000_000) -> None:
        self.epsg, self.dim, self.keep_z, self.chunk_chars = epsg, dim, keep_z, chunk_chars
        self.owners: list[str] = []
        self._texts: list[str] = []
        self._chars = 0
        self._poly_rings: list[int] = []
        self._poly_group: list[int] = []
        self._group_mode: list[int] = []
        self._base = 0
        self._shapes: list[np.ndarray] = []
        self._bad: list[int] = []

    def new_group(self, mode: int, owner: str) -> int:
        """Open a group; ``owner`` (a gml:id) names it in warnings. Returns its index."""
        self._group_mode.append(mode)
        self.owners.append(owner)
        return len(self.owners) - 1

    def add(self, geometry: etree._Element, group: int) -> int:
        """File every inline ``gml:Polygon`` under ``geometry`` into ``group``.

        xlink references (``lod2Solid`` members pointing at ``#poly_…``) carry no coordinates
        and are not followed here: the referenced polygons are read where they are defined.
        Returns the number of polygons added.
        """
        local = group - self._base
        if self._group_mode[local] == SOLID and not _INTERIORS(geometry):
            # fast path for solids (many faces, no holes): every posList found by one XPath
            texts = _POSLISTS(geometry)
            if len(texts) == _POLYGONS(geometry):
                self._texts.extend(texts)
                self._chars += sum(map(len, texts))
                self._poly_rings.extend([1] * len(texts))
                self._poly_group.extend([local] * len(texts))
                return len(texts)
        added = 0
        for polygon in geometry.iter(_POLYGON):
            rings = 0
            for ring in polygon.iter(_RING):
                pos_list = ring.find(_POSLIST)
                text = (pos_list.text if pos_list is not None else " ".join(p.text or "" for p in ring.iter(_POS))) or ""
                self._texts.append(text)
                self._chars += len(text)
                rings += 1
            if rings:
                self._poly_rings.append(rings)
                self._poly_group.append(local)
                added += 1
        return added

    def maybe_flush(self) -> None:
        """Assemble what is pending if it has grown past the chunk size (call between features)."""
        if self._chars >= self.chunk_chars:
            self._flush()

    def finish(self) -> Assembled:
        """Assemble what is pending and return the shapes of every group."""
        self._flush()
        shapes = np.concatenate(self._shapes) if self._shapes else np.empty(0, dtype=object)
        return Assembled(shapes, self._bad)

    def _flush(self) -> None:
        n_groups = len(self._group_mode)
        if not n_groups:
            return
        chunk = _assemble_chunk(
            self._texts, self._poly_rings, self._poly_group, self._group_mode, self.epsg, self.dim, self.keep_z
        )
        self._shapes.append(chunk.shapes)
        self._bad.extend(g + self._base for g in chunk.bad_groups)
        self._base += n_groups
        self._texts, self._chars, self._poly_rings, self._poly_group, self._group_mode = [], 0, [], [], []


def parse_rings(texts: list[str], dim: int = 3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse ring texts into one coordinate array.

    Parameters
    ----------
    texts
        One posList text per ring, numbers separated by white space.
    dim
        Coordinates per position (``srsDimension``, 3 for PLATEAU).

    Returns
    -------
    coords : numpy.ndarray
        ``(n, dim)`` positions in the file's axis order.
    offsets : numpy.ndarray
        ``len(texts) + 1`` offsets into ``coords``.
    ok : numpy.ndarray
        Boolean per ring: False for a ring whose text is not a list of ``dim``-tuples of
        finite numbers (that ring has no positions).
    """
    if not texts:
        return np.empty((0, dim)), np.zeros(1, dtype=np.int64), np.zeros(0, dtype=bool)
    flat = _parse_joined(texts, dim)
    if flat is not None:
        values, counts = flat
        offsets = np.concatenate(([0], np.cumsum(counts // dim)))
        return values.reshape(-1, dim), offsets, np.ones(len(texts), dtype=bool)
    arrays, ok = [], []
    for text in texts:
        try:
            a = np.array(text.split(), dtype=np.float64)
            good = a.size % dim == 0 and bool(np.isfinite(a).all())
        except ValueError:
            good = False
        arrays.append(a if good else np.empty(0))
        ok.append(good)
    counts = np.array([a.size // dim for a in arrays], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(counts)))
    return np.concatenate(arrays).reshape(-1, dim), offsets, np.array(ok)


def _parse_joined(texts: list[str], dim: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The fast path: all rings in one C parse, or None when some ring is not clean.

    The texts are joined with a ``nan`` marker between rings and read by pandas' C reader
    with the space as line terminator (four times faster than ``numpy.fromstring``); short
    texts by ``str.split`` and numpy.
    """
    joined = " nan ".join(texts)
    try:
        if len(joined) < _SMALL_TEXT:  # pandas' fixed cost (~0.3 ms) dominates small files
            flat = np.array(joined.split(), dtype=np.float64)
        else:
            data = joined.translate(_WHITESPACE).encode("ascii", "replace")
            frame = pd.read_csv(io.BytesIO(data), header=None, names=["v"], lineterminator=" ", dtype=np.float64, engine="c")
            flat = frame["v"].to_numpy()
    except (ValueError, pd.errors.ParserError):
        return None
    marks = np.flatnonzero(np.isnan(flat))
    if len(marks) != len(texts) - 1:
        return None
    counts = np.diff(np.concatenate(([-1], marks, [len(flat)]))) - 1
    if (counts % dim).any():
        return None
    return np.delete(flat, marks), counts


def _assemble_chunk(
    texts: list[str],
    poly_rings_list: list[int],
    poly_group_list: list[int],
    group_mode: list[int],
    epsg: int,
    dim: int,
    keep_z: bool,
) -> Assembled:
    """One MultiPolygon (or None) per group of a chunk; see :class:`PolygonCollector`."""
    n_groups = len(group_mode)
    if not poly_rings_list:
        return Assembled(np.full(n_groups, None, dtype=object), [])
    coords, ring_off, ring_ok = parse_rings(texts, dim)
    coords = to_lonlat(coords, epsg)
    npts = np.diff(ring_off)
    ring_ok &= npts >= 4
    poly_rings = np.asarray(poly_rings_list, dtype=np.int64)
    poly_first = np.concatenate(([0], np.cumsum(poly_rings)[:-1]))
    poly_group = np.asarray(poly_group_list, dtype=np.int64)
    ring_poly = np.repeat(np.arange(len(poly_rings)), poly_rings)
    bad = sorted(set(poly_group[ring_poly[~ring_ok]].tolist()))
    poly_ok = ring_ok[poly_first]
    selected = _select_polygons(coords, ring_off, poly_first, poly_group, poly_ok, group_mode)
    keep_ring = ring_ok & selected[ring_poly]
    point_keep = np.repeat(keep_ring, npts)
    xy = np.ascontiguousarray(coords[point_keep][:, : (3 if keep_z and dim >= 3 else 2)])
    kept_npts = npts[keep_ring]
    rings_per_poly = np.bincount(ring_poly[keep_ring], minlength=len(poly_rings))[selected]
    polys_per_group = np.bincount(poly_group[selected], minlength=n_groups)
    shapes = shapely.from_ragged_array(
        shapely.GeometryType.MULTIPOLYGON,
        xy,
        (_offsets(kept_npts), _offsets(rings_per_poly), _offsets(polys_per_group)),
    )
    shapes = shapes.astype(object)
    shapes[polys_per_group == 0] = None
    return Assembled(shapes, bad)


def _offsets(counts: np.ndarray) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def _select_polygons(
    coords: np.ndarray,
    ring_off: np.ndarray,
    poly_first: np.ndarray,
    poly_group: np.ndarray,
    poly_ok: np.ndarray,
    group_mode: list[int],
) -> np.ndarray:
    """Which polygons form each group's shape: all of a FLAT group, the bottom of a SOLID."""
    mode = np.asarray(group_mode, dtype=np.int8)
    solid_poly = (mode[poly_group] == SOLID) & poly_ok
    selected = poly_ok & ~solid_poly
    if not solid_poly.any() or coords.shape[1] < 3:
        return selected | solid_poly
    idx = np.flatnonzero(solid_poly)
    ring_zmin, ring_zmax = _ring_z_range(coords, ring_off)
    zmin, zmax = ring_zmin[poly_first[idx]], ring_zmax[poly_first[idx]]
    flat_ring = (zmax - zmin) <= BOTTOM_TOLERANCE_M
    groups = poly_group[idx]
    group_zmin = np.full(len(mode), np.inf)
    np.minimum.at(group_zmin, groups, zmin)
    bottom = flat_ring & (zmin - group_zmin[groups] <= BOTTOM_TOLERANCE_M)
    selected[idx[bottom]] = True
    missing = np.setdiff1d(np.unique(groups), groups[bottom])
    for g in missing:  # no horizontal bottom face: take the face with the largest plan area
        cand = idx[groups == g]
        areas = [_plan_area(coords[ring_off[poly_first[p]] : ring_off[poly_first[p] + 1]]) for p in cand]
        selected[cand[int(np.argmax(areas))]] = True
    return selected


def _ring_z_range(coords: np.ndarray, ring_off: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest height of every ring (NaN for a ring without positions)."""
    n = len(ring_off) - 1
    zmin, zmax = np.full(n, np.nan), np.full(n, np.nan)
    nonempty = np.diff(ring_off) > 0
    if nonempty.any():
        starts = ring_off[:-1][nonempty]
        zmin[nonempty] = np.minimum.reduceat(coords[:, 2], starts)
        zmax[nonempty] = np.maximum.reduceat(coords[:, 2], starts)
    return zmin, zmax


def _plan_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2.0


def clean_footprints(shapes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Make every shape a valid 2-D Polygon or MultiPolygon.

    Single-part MultiPolygons become Polygons; invalid shapes are repaired by a union of their
    repaired parts. Parts that merely share edges (triangulated hazard areas) are merged
    silently; the returned boolean array flags shapes with a part that was itself invalid
    (self-intersecting rings, stray holes), which deserve a warning.
    """
    out = shapes.copy()
    present = np.array([s is not None for s in out], dtype=bool)
    if not present.any():
        return out, np.zeros(len(out), dtype=bool)
    geoms = out[present]
    invalid = ~shapely.is_valid(geoms)
    broken = np.zeros(len(geoms), dtype=bool)
    for i in np.flatnonzero(invalid):
        parts = shapely.get_parts(geoms[i])
        part_ok = shapely.is_valid(parts)
        broken[i] = not part_ok.all()
        geoms[i] = _merge(parts) if part_ok.all() else _repair(parts, part_ok)
    single = shapely.get_num_geometries(geoms) == 1
    multi = shapely.get_type_id(geoms) == shapely.GeometryType.MULTIPOLYGON
    geoms[single & multi] = shapely.get_geometry(geoms[single & multi], 0)
    out[present] = geoms
    repaired = np.zeros(len(out), dtype=bool)
    repaired[np.flatnonzero(present)[broken]] = True
    return out, repaired


def _merge(parts: np.ndarray) -> shapely.Geometry | None:
    """Union of valid parts; a coverage union first (parts sharing edges, as triangulated
    hazard areas are, merge an order of magnitude faster), a full union if that fails."""
    merged = shapely.coverage_union_all(parts)
    if not shapely.is_valid(merged):
        merged = shapely.union_all(parts)
    return _polygonal(merged)


def _repair(parts: np.ndarray, part_ok: np.ndarray) -> shapely.Geometry | None:
    """Union of the parts after repairing the invalid ones.

    Holes lying outside their own outline are dropped first: they have no meaning, and
    ``make_valid`` would turn them into separate areas, possibly kilometres away.
    """
    fixed = parts.copy()
    for i in np.flatnonzero(~part_ok):
        polygon = parts[i]
        shell = shapely.Polygon(polygon.exterior)
        holes = [ring for ring in polygon.interiors if shell.contains(shapely.Polygon(ring))]
        fixed[i] = shapely.make_valid(shapely.Polygon(polygon.exterior, holes))
    return _polygonal(shapely.union_all(fixed))


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry | None:
    """The polygonal part of a geometry (a repaired ring may leave lines or points)."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else None


def dissolve(shapes: np.ndarray, owners: np.ndarray, n_owners: int) -> np.ndarray:
    """Merge the shapes of groups that belong to the same owner (a building and its parts).

    Parameters
    ----------
    shapes
        One shape (or None) per group.
    owners
        Owner index of each group.
    n_owners
        Number of owners.

    Returns
    -------
    numpy.ndarray
        One shape (or None) per owner.
    """
    out = np.full(n_owners, None, dtype=object)
    counts = np.bincount(owners, minlength=n_owners)
    single = counts[owners] == 1
    out[owners[single]] = shapes[single]
    for owner in np.flatnonzero(counts > 1):
        parts = [s for s in shapes[owners == owner] if s is not None]
        out[owner] = shapely.union_all(parts) if parts else None
    return out
