"""Geometries flattened into numpy arrays in a projected CRS, with a spatial index.

Views that draw tens of thousands of features cannot afford a Python object per feature
per frame. A :class:`FeatureArrays` is built once per layer and view CRS (off the GUI
thread) and then answers "which features are in this box" (:mod:`layers.grid_index` over
the feature bounds) and "the rings of those features" (slices of one coordinate array), so a
frame costs a few numpy operations per layer.

Axis order: x = easting, y = northing (pyproj ``always_xy``), in metres of the view CRS.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import shapely
from geopandas import GeoSeries
from pyproj import Transformer

from layers.draw_blocks import DrawBlocks
from layers.grid_index import GridIndex
from layers.ranges import concat_ranges

CHUNK = 4_000
"""Features per shapely/pyproj call. Those calls hold the GIL: one over 150,000 features holds
it for half a second, freezing a GUI thread running beside; chunks of this size hold it
~15 ms at a time, and cost under 5 % more in total."""

GeometryType = str
""""polygon", "line" or "point": how a layer's features are drawn."""


def geometry_type(geoms: GeoSeries) -> GeometryType:
    """The drawing type of a layer: its most common geometry dimension.

    A mixed layer is drawn by the type of the majority; features of another dimension are
    still drawn, since rings and points are taken from every geometry.
    """
    dims = shapely.get_dimensions(np.asarray(geoms.values))
    dims = dims[dims >= 0]
    if dims.size == 0:
        return "point"
    return ("point", "line", "polygon")[int(np.bincount(dims).argmax())]


@dataclass(frozen=True)
class FeatureArrays:
    """One layer's geometries as flat arrays (N features, R rings or parts, M vertices).

    Attributes
    ----------
    coords : (M, 2) float64
        Vertices, x = easting, y = northing; the rings one after another.
    ring_offsets : (R + 1,) int64
        Ring ``r`` is ``coords[ring_offsets[r]:ring_offsets[r + 1]]`` (a polygon ring,
        closed, shell counter-clockwise and holes clockwise; or a line part; a point is a ring
        of one vertex).
    ring_feature : (R,) int64
        The feature each ring belongs to (features own consecutive rings).
    bounds : (N, 4) float64
        Per-feature min x, min y, max x, max y (NaN for an empty geometry).
    anchors : (N, 2) float64
        Per-feature centre of its bounds: where a feature too small to draw as a shape is
        drawn as a dot (level of detail), and where a point feature sits.
    index : GridIndex
        The features by grid cell, for :meth:`in_box`.
    blocks : DrawBlocks
        The features in blocks of neighbours, for a map keeping drawn paths (made when first
        asked for, as :attr:`first_rings` is: point layers never need them).
    """

    coords: np.ndarray
    ring_offsets: np.ndarray
    ring_feature: np.ndarray
    bounds: np.ndarray
    anchors: np.ndarray
    index: GridIndex

    @classmethod
    def from_geoseries(cls, geoms: GeoSeries, crs: str) -> FeatureArrays:
        """Project ``geoms`` to ``crs`` and flatten them (vectorised, no per-feature loop).

        Polygons are oriented (shells counter-clockwise, holes clockwise) so a non-zero
        winding fill keeps holes open while overlapping features still fill. Work goes in
        chunks of :data:`CHUNK` features.
        """
        to_crs = _transformer(geoms.crs.to_string(), crs)
        values = np.asarray(geoms.values)
        with _no_collection_pauses():
            pieces = [_flatten(values[i : i + CHUNK], to_crs) for i in range(0, max(len(values), 1), CHUNK)]
        starts = np.cumsum([0] + [len(p.bounds) for p in pieces[:-1]])
        vertex_starts = np.cumsum([0] + [len(p.coords) for p in pieces[:-1]])
        ring_offsets = np.concatenate([[0]] + [p.ring_offsets[1:] + v for p, v in zip(pieces, vertex_starts, strict=True)])
        bounds = np.concatenate([p.bounds for p in pieces])
        return cls(
            coords=np.concatenate([p.coords for p in pieces]),
            ring_offsets=ring_offsets.astype(np.int64),
            ring_feature=np.concatenate([p.ring_feature + s for p, s in zip(pieces, starts, strict=True)]),
            bounds=bounds,
            anchors=np.column_stack([(bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2]),
            index=GridIndex.build(bounds),
        )

    def __len__(self) -> int:
        return len(self.bounds)

    def in_box(self, xmin: float, ymin: float, xmax: float, ymax: float) -> np.ndarray:
        """Indices of the features whose bounds meet the box (spatial index query; any order)."""
        return self.index.query(self.bounds, xmin, ymin, xmax, ymax)

    @cached_property
    def blocks(self) -> DrawBlocks:
        return DrawBlocks.build(self.bounds, self.index.big)

    @cached_property
    def first_rings(self) -> np.ndarray:
        """(N + 1,) int64: feature ``f``'s rings are ``first_rings[f]`` up to ``first_rings[f + 1]``."""
        return np.concatenate([[0], np.cumsum(np.bincount(self.ring_feature, minlength=len(self)))]).astype(np.int64)

    def rings_of(self, features: np.ndarray) -> np.ndarray:
        """Indices of the rings belonging to ``features``, feature by feature in their order."""
        first = self.first_rings
        return concat_ranges(first[features], first[features + 1] - first[features])


@dataclass(frozen=True)
class _Piece:
    """The flat arrays of one chunk, indices local to it."""

    coords: np.ndarray
    ring_offsets: np.ndarray
    ring_feature: np.ndarray
    bounds: np.ndarray


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """Pause the cyclic garbage collector while a layer is flattened, then freeze the survivors.

    Flattening makes a few shapely objects per feature (parts, rings): hundreds of thousands for
    a city, which trigger full collections that scan every object in the process while holding
    the GIL (40–110 ms each with a city loaded, measured), freezing a GUI thread beside. The
    temporaries have no cycles (reference counting frees them); ``gc.freeze`` then moves what
    survives, with the rest of the process's long-lived objects, out of later collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@functools.cache
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def _flatten(values: np.ndarray, to_crs: Transformer) -> _Piece:
    projected = shapely.transform(values, lambda xy: np.column_stack(to_crs.transform(xy[:, 0], xy[:, 1])))
    oriented = shapely.orient_polygons(projected, exterior_cw=False)
    parts, part_feature = shapely.get_parts(oriented, return_index=True)
    rings, ring_part = _rings(parts)
    coords, vertex_ring = shapely.get_coordinates(rings, return_index=True)
    counts = np.bincount(vertex_ring, minlength=len(rings))
    ring_offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    bounds = shapely.bounds(oriented).reshape(-1, 4)
    return _Piece(coords.reshape(-1, 2), ring_offsets, np.asarray(part_feature[ring_part], dtype=np.int64), bounds)


def _rings(parts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Polygon parts → their exterior and interior rings; lines and points stay as they are."""
    is_polygon = shapely.get_type_id(parts) == 3
    if not is_polygon.any():
        return parts, np.arange(len(parts))
    poly_idx = np.flatnonzero(is_polygon)
    poly_rings, ring_of = shapely.get_rings(parts[poly_idx], return_index=True)
    other_idx = np.flatnonzero(~is_polygon)
    rings = np.concatenate([poly_rings, parts[other_idx]])
    ring_part = np.concatenate([poly_idx[ring_of], other_idx])
    order = np.argsort(ring_part, kind="stable")
    return rings[order], ring_part[order]
