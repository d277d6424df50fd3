"""Identify in 3D (no Qt): what a click on the deck.gl page found, as the 2D identify's hits.

In 3D the thing under the cursor is whatever deck.gl drew there: a building's wall or roof (a
tall building's roof lies far from its footprint on the ground), a marker, a draped area. So the
page reports the item it picked (which feature of which layer, see
:attr:`layers.deck.LayerSpec.feature_index`) and the ground point under the cursor; the picked
feature comes first from its layer, and the other visible layers are asked at the ground point
exactly as the 2D map asks them (:func:`layers.identify.identify`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import shapely
from pyproj import Transformer

from layers.base import Layer
from layers.identify import Hit, feature_hit, identify
from layers.vector import LONLAT_CRS, VectorLayer

MAX_OUTLINE_VERTICES = 20_000
"""A selected feature with more vertices is outlined simplified (a whole river's flood area)."""
OUTLINE_SIMPLIFY_DEG = 0.00002
"""Simplification of such an outline (about 2 m)."""
POINT_RING_PX = 6
"""The selection ring is this much wider than a marker (pixels), as in 2D."""
CELL_RING_RADIUS_PX = 9
"""Radius of the ring round a picked raster cell or bare ground point (pixels)."""


@functools.cache
def _to_crs(crs: str) -> Transformer:
    return Transformer.from_crs(LONLAT_CRS, crs, always_xy=True)


def picked_hits(
    layers: Sequence[Layer],
    crs: str | None,
    picked: tuple[VectorLayer, int] | None,
    lon: float,
    lat: float,
    tolerance: float,
) -> list[Hit]:
    """The hits of a 3D click, top layer first.

    Parameters
    ----------
    layers : sequence of Layer
        The project's layers, bottom first.
    crs : str or None
        The project's plane CRS (None: only the picked feature is reported).
    picked : (VectorLayer, int) or None
        The layer and row position of the feature deck.gl drew at the cursor.
    lon, lat : float
        The ground point under the cursor.
    tolerance : float
        Metres: how near a line or marker must be (a pixel tolerance at the view's scale).
    """
    others: list[Hit] = []
    if crs is not None:
        x, y = _to_crs(crs).transform(lon, lat)
        others = identify(layers, crs, x, y, tolerance)
    if picked is None:
        return others
    layer, feature = picked
    hits = [feature_hit(layer, feature), *(hit for hit in others if hit.layer is not layer)]
    top_first = {lyr: i for i, lyr in enumerate(reversed(list(layers)))}
    return sorted(hits, key=lambda hit: top_first.get(hit.layer, len(top_first)))


def selection_shape(hit: Hit, lon: float, lat: float) -> dict[str, object]:
    """How the page marks ``hit``: ``rings`` (lon/lat paths: a polygon's rings, a line's parts)
    or ``point`` and ``radius`` (pixels: a ring round a marker, or round the clicked point of a
    raster cell at ``lon``, ``lat``)."""
    layer = hit.layer
    if not isinstance(layer, VectorLayer) or hit.feature is None:
        return {"point": [lon, lat], "radius": CELL_RING_RADIUS_PX}
    geom = layer.data.geometry.values[hit.feature]
    if layer.geometry_type == "point":
        x, y = shapely.get_coordinates(shapely.point_on_surface(geom))[0]
        return {"point": [float(x), float(y)], "radius": layer.style.point_size / 2 + POINT_RING_PX}
    if shapely.get_num_coordinates(geom) > MAX_OUTLINE_VERTICES:
        geom = shapely.simplify(geom, OUTLINE_SIMPLIFY_DEG, preserve_topology=True)
    parts = shapely.get_parts(geom)
    paths = shapely.get_rings(parts) if layer.geometry_type == "polygon" else parts
    return {"rings": [np.round(shapely.get_coordinates(path), 7).tolist() for path in paths]}
