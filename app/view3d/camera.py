"""2D viewport ↔ deck.gl view state, so switching views keeps the place and the scale (no Qt).

The 2D map is north-up in the project's plane-rectangular zone (metres per pixel); deck.gl's
``MapView`` is Web Mercator (``zoom``: the world is 512 × 2^zoom pixels wide). At latitude φ one
pixel covers ``C·cos φ / (512·2^zoom)`` metres, C the equator's length; the zone's own scale
factor (0.9999) is ignored. Pitch and bearing exist only in 3D: going to 2D keeps the centre
and the scale at the centre, and going back keeps the 3D tilt.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

from pyproj import Transformer

from app.map2d.viewport import Viewport

EQUATOR_M = 40_075_016.686
"""Length of the equator in metres (WGS 84; JGD2011 uses the same ellipsoid size, GRS80)."""
WORLD_PX = 512
"""deck.gl's world width in pixels at zoom 0."""
DEFAULT_PITCH = 45.0
"""Tilt of the 3D view the first time it is shown (degrees from straight down)."""


@lru_cache(maxsize=8)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def view_state_for(view: Viewport, crs: str, pitch: float = DEFAULT_PITCH, bearing: float = 0.0) -> dict[str, float]:
    """The deck.gl view state centred where ``view`` is, at its scale.

    ``view.cx`` / ``view.cy`` are easting / northing in ``crs`` (metres).
    """
    lon, lat = _transformer(crs, "EPSG:6668").transform(view.cx, view.cy)
    zoom = math.log2(EQUATOR_M * math.cos(math.radians(lat)) / (WORLD_PX * view.scale))
    return {"longitude": lon, "latitude": lat, "zoom": zoom, "pitch": pitch, "bearing": bearing}


def metres_per_pixel(zoom: float, lat: float) -> float:
    """Ground metres one pixel covers at deck.gl ``zoom`` and latitude ``lat`` (degrees)."""
    return EQUATOR_M * math.cos(math.radians(lat)) / (WORLD_PX * 2**zoom)


def viewport_for(state: dict[str, float], crs: str, like: Viewport) -> Viewport:
    """The 2D view (size of ``like``) centred on the view state's centre at its centre scale."""
    lon, lat = float(state["longitude"]), float(state["latitude"])
    cx, cy = _transformer("EPSG:6668", crs).transform(lon, lat)
    return replace(like, cx=cx, cy=cy, scale=metres_per_pixel(float(state["zoom"]), lat))
