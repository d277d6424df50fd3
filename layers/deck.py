"""Layer → deck.gl layer spec: the table the 3D view and the offline package both read (no Qt).

napari keeps one table from layer class to view class; this is ours for deck.gl
(:data:`SPEC_BUILDERS`). A :class:`LayerSpec` is small JSON (what to draw, how) plus named
numpy arrays (the geometry and colours as binary attributes), so a city's 150,000 buildings
reach the page as a few typed arrays, never as JSON features and never through a per-feature
Python loop (../shared/STACK.md, "3D at city scale"). Who carries the arrays is the caller's
business: the desktop view serves them from memory at ``app://`` URLs, an offline package
embeds them as ``data:`` URLs (:func:`data_url`); the page (``resources/view3d/``) fetches both
the same way.

Coordinates are float32 offsets in degrees from a per-layer origin (deck.gl's
``COORDINATE_SYSTEM.LNGLAT_OFFSETS``): sub-millimetre at city scale, half the bytes of float64.

Software rendering decides the shape of the buildings spec: without a GPU, 150,000 extruded
footprints cost seconds per frame, flat ones a fraction. So buildings are sorted into lon/lat
tiles (each tile a contiguous run of the arrays); the page draws the whole city flat and
extrudes the tiles in view when they hold at most :data:`EXTRUDE_BUDGET` buildings, or, zoomed
in (:data:`EXTRUDE_NEAR_ZOOM`), those nearest the centre up to that budget.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
import pandas as pd
import shapely
from PIL import Image
from pyproj import Transformer

from i18n import t
from hazards.model import LONLAT_CRS
from layers.base import Layer
from layers.hazard_tiles import HazardTileLayer, XyzPyramid
from layers.outcomes import FLOODED_COLOR, outcome_colors
from layers.ranges import concat_ranges
from layers.raster import RasterLayer
from layers.styles import VectorStyle
from layers.tiles import Tile, TileKey
from layers.vector import VectorLayer
from plateau_import.risk_tables import FLOOD_KINDS

DeckKind = Literal["buildings", "polygons", "paths", "points", "bitmap", "tiles", "tileboxes", "trips", "floods"]
"""How the page draws a spec: extrudable footprints, flat (draped) polygons, lines, markers, an
image, XYZ image tiles, lon/lat boxes of image tiles; a drill's trips and its flood areas by time."""

STOREY_HEIGHT_M = 3.0
"""Height per storey above ground when a building has no usable measured height."""
DEFAULT_HEIGHT_M = 3.0
"""Height of a building with neither a usable measured height nor a storey count (one storey)."""
MAX_HEIGHT_M = 1000.0
"""Heights at or above this (e.g. the 9999 sentinel) are unknown, not real."""
MAX_STOREYS = 200
"""Storey counts above this (e.g. the 9999 sentinel) are unknown, not real."""
TILE_DEG = (0.005, 0.004)
"""Building tile size (lon, lat degrees): about 460 m × 440 m in Japan."""
EXTRUDE_BUDGET = 10_000
"""Most buildings the page extrudes at once (software rendering: ~15 µs each per frame)."""
EXTRUDE_NEAR_ZOOM = 15.0
"""When more than the budget are in view: from this deck.gl zoom in (about 2 m per pixel in
Japan) the tiles nearest the centre are extruded up to the budget; farther out all stay flat."""

GEOS_CHUNK = 2_000
"""Geometries per call to the shapely functions that hold the GIL (orienting, splitting into
parts, rings, and freeing what they made): a few ms each, so while a city's spec is built on
another thread the GUI thread gets the interpreter between calls instead of waiting ~200 ms."""

PAGE_DIR = Path(__file__).resolve().parents[1] / "resources" / "view3d"
"""The page template, its script and style (``index.html``, ``view3d.js``, ``view3d.css``)."""

ArrayRef = Callable[[str, "np.ndarray | bytes"], str]
"""Gives the URL a page fetches one buffer from, given the buffer's key and its contents."""


# scenarios --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """Which flood entries colour the buildings: the worst of all (both None), one scale
    ("L1" 計画規模 / "L2" 想定最大規模), one river or area (``description``), or both."""

    scale: str | None = None
    description: str | None = None

    def label(self) -> str:
        """The scenario as the user reads it, e.g. 「椹野川水系椹野川 想定最大規模 (L2)」."""
        if self == WORST:
            return t("最大（全シナリオ）", "worst (all scenarios)")
        scale = {"L1": t("計画規模 (L1)", "planned scale (L1)"), "L2": t("想定最大規模 (L2)", "maximum assumed (L2)")}
        parts = [self.description or "", scale.get(self.scale or "", self.scale or "")]
        return " ".join(p for p in parts if p)


WORST = Scenario()


def _building_floods(risks: pd.DataFrame) -> pd.DataFrame:
    return risks[(risks["owner_class"] == "Building") & risks["kind"].isin(FLOOD_KINDS)]


def scenarios(risks: pd.DataFrame | None) -> list[Scenario]:
    """The scenarios a building colouring can choose: worst, each scale, each river × scale.

    ``risks`` is the importer's risk table (``plateau_import`` ``risks``); None gives [WORST].
    """
    if risks is None or risks.empty:
        return [WORST]
    floods = _building_floods(risks)
    scales = sorted(s for s in floods["scale"].dropna().unique() if s in ("L1", "L2"))
    pairs = floods[["description", "scale"]].drop_duplicates().sort_values(["description", "scale"])
    per_river = [Scenario(s if s in ("L1", "L2") else None, d) for d, s in pairs.itertuples(index=False)]
    return [WORST, *(Scenario(s) for s in scales), *dict.fromkeys(per_river)]


def scenario_ranks(buildings: pd.DataFrame, risks: pd.DataFrame | None, scenario: Scenario = WORST) -> pd.Series:
    """Per building (aligned with ``buildings``), the highest depth rank (1–6) of the chosen
    scenario's flood entries; NA where it has none.

    The worst scenario without a risk table reads ``max_flood_rank``.

    Raises
    ------
    ValueError
        If a specific scenario is asked for without a risk table, or ``buildings`` lacks
        ``gml_id`` / ``max_flood_rank``.
    """
    if scenario == WORST and "max_flood_rank" in buildings.columns:
        return buildings["max_flood_rank"].astype("Int64")
    if risks is None:
        raise ValueError(f"scenario {scenario} needs the risk table; got none")
    if "gml_id" not in buildings.columns:
        raise ValueError(f"buildings need a 'gml_id' column to join risks; columns: {', '.join(buildings.columns)}")
    floods = _building_floods(risks)
    if scenario.scale is not None:
        floods = floods[floods["scale"] == scenario.scale]
    if scenario.description is not None:
        floods = floods[floods["description"] == scenario.description]
    best = floods.groupby("owner_id")["rank"].max()
    return pd.Series(best.reindex(buildings["gml_id"]).to_numpy(), index=buildings.index, dtype="Int64")


# per-feature values ---------------------------------------------------------------------------
def building_heights(data: pd.DataFrame) -> np.ndarray:
    """Per building, its height in metres (float32): ``measured_height`` when usable, else
    ``storeys_above`` × :data:`STOREY_HEIGHT_M`, else :data:`DEFAULT_HEIGHT_M`.

    Sentinels (-9999, 9999) and other impossible values count as unknown, never as heights.
    """
    n = len(data)
    measured = _floats(data, "measured_height", n)
    storeys = _floats(data, "storeys_above", n)
    usable = np.isfinite(measured) & (measured > 0) & (measured < MAX_HEIGHT_M)
    counted = np.isfinite(storeys) & (storeys >= 1) & (storeys <= MAX_STOREYS)
    return np.where(usable, measured, np.where(counted, storeys * STOREY_HEIGHT_M, DEFAULT_HEIGHT_M)).astype(np.float32)


def _floats(data: pd.DataFrame, column: str, n: int) -> np.ndarray:
    if column not in data.columns:
        return np.full(n, np.nan)
    return pd.to_numeric(data[column], errors="coerce").astype("float64").to_numpy(na_value=np.nan)


def feature_colors(style: VectorStyle, data: pd.DataFrame) -> np.ndarray:
    """Per feature, its RGBA colour (N, 4) uint8 by the style's classes."""
    return np.asarray(style.colors, dtype=np.uint8)[style.class_codes(data)]


def building_colors(layer: VectorLayer, risks: pd.DataFrame | None = None, scenario: Scenario = WORST) -> np.ndarray:
    """Per building, its colour (N, 4) uint8: for the worst scenario the layer's own style (as in
    2D), else the scenario's depth rank (:func:`scenario_ranks`) in that style's classes (the
    standard rank colours; grey where no flooding is expected)."""
    if scenario == WORST:
        return feature_colors(layer.style, layer.data)
    column = layer.style.column or "rank"
    ranks = scenario_ranks(layer.data, risks, scenario)
    return feature_colors(replace(layer.style, column=column), pd.DataFrame({column: ranks}))


RISK_COLUMNS = frozenset({"owner_id", "owner_class", "kind", "description", "rank", "scale"})
"""The importer's risk-table columns a scenario needs."""


def layer_risks(layer: VectorLayer) -> pd.DataFrame | None:
    """The risk entries behind a buildings layer: the child table its loader attached for
    identify (``layer.details``), if one has the risk columns; else None (worst scenario only)."""
    children = layer.details.children if layer.details is not None else ()
    return next((child.table for child in children if RISK_COLUMNS <= set(child.table.columns)), None)


def layer_colors(layer: VectorLayer, scenario: Scenario = WORST) -> np.ndarray:
    """Per feature, its colour as the 3D view draws it: buildings by the scenario's depth rank
    (the worst one where the layer has no risk table), other layers by their style."""
    if layer.kind != "buildings":
        return feature_colors(layer.style, layer.data)
    risks = layer_risks(layer)
    return building_colors(layer, risks, scenario if risks is not None else WORST)


# specs ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LayerSpec:
    """One layer as the page draws it.

    Attributes
    ----------
    id : str
        Stable while the layer lives; the page keeps loaded arrays per ``id`` and ``version``.
    kind : DeckKind
        How the page draws it.
    props : dict
        JSON: name, visibility, opacity, ``origin`` (lon, lat) and kind-specific settings.
    buffers : dict
        Named arrays (or PNG bytes for a bitmap) the page fetches as binary.
    feature_index : numpy.ndarray or None
        For each drawn item (polygon part, triangle, path part, marker) the feature it comes
        from, so new per-feature colours become the item order with one take (:meth:`colors`).
    """

    id: str
    kind: DeckKind
    props: dict[str, object]
    buffers: dict[str, np.ndarray | bytes]
    feature_index: np.ndarray | None = None

    def colors(self, per_feature: np.ndarray) -> np.ndarray:
        """Per-feature RGBA (N, 4) → the page's per-item colour buffer."""
        if self.feature_index is None:
            raise ValueError(f"layer {self.id} ({self.kind}) has no per-feature colours")
        return np.ascontiguousarray(per_feature[self.feature_index], dtype=np.uint8)

    def with_colors(self, per_feature: np.ndarray) -> LayerSpec:
        """The same spec with its colour buffer made from per-feature RGBA (N, 4)."""
        return replace(self, buffers={**self.buffers, "colors": self.colors(per_feature)})

    def to_json(self, ref: ArrayRef, version: int = 0) -> dict[str, object]:
        """The spec as the page reads it; each buffer becomes ``{"url", "dtype"}`` via ``ref``."""
        buffers = {
            name: {"url": ref(f"{self.id}/{version}/{name}", value), "dtype": _dtype_name(value)}
            for name, value in self.buffers.items()
        }
        return {"id": self.id, "kind": self.kind, "version": version, **self.props, "buffers": buffers}


def _dtype_name(value: np.ndarray | bytes) -> str:
    return "bytes" if isinstance(value, bytes) else str(value.dtype)


def _common(layer: Layer) -> dict[str, object]:
    return {"name": layer.name, "visible": layer.visible, "opacity": layer.opacity}


def _offsets(coords: np.ndarray) -> tuple[list[float], np.ndarray]:
    """Origin (rounded centre) and float32 (x, y) offsets of ``coords`` from it, in degrees."""
    if coords.size == 0:
        return [0.0, 0.0], np.zeros((0, 2), dtype=np.float32)
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    origin = np.round((lo + hi) / 2, 4)
    return [float(origin[0]), float(origin[1])], (coords - origin).astype(np.float32)


def _starts(item_of_vertex: np.ndarray, items: int) -> np.ndarray:
    """Start index (uint32, items + 1) of each item's run of vertices."""
    counts = np.bincount(item_of_vertex, minlength=items)
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.uint32)


def _drawable(layer: VectorLayer) -> tuple[np.ndarray, np.ndarray]:
    """Non-empty geometries and their feature indices (rows without a shape stay off the map)."""
    geoms = np.asarray(layer.data.geometry.values)
    keep = np.flatnonzero(~shapely.is_missing(geoms) & ~shapely.is_empty(geoms))
    return geoms[keep], keep


def buildings_spec(layer: VectorLayer, layer_id: str) -> LayerSpec:
    """Footprints (outer rings, holes dropped) tiled for extrusion, with heights and colours.

    Parts are sorted by tile (then feature), so tile ``k`` is parts
    ``tiles[k][0]:tiles[k][1]``; ``props["tiles"]`` lists ``[first, end, w, s, e, n]``.
    """
    geoms, feature_of = _drawable(layer)
    coords, vertex_part, part_geom, bounds = _footprints(geoms)
    parts_feature = feature_of[part_geom]
    centre = (bounds[:, :2] + bounds[:, 2:]) / 2
    cell = np.floor(centre / np.asarray(TILE_DEG)).astype(np.int64)
    tile_key = cell[:, 0] * 1_000_003 + cell[:, 1]  # column-major: tiles of a column are adjacent
    order = np.lexsort((parts_feature, tile_key))
    parts_feature, bounds, tile_key = parts_feature[order], bounds[order], tile_key[order]
    first = _starts(vertex_part, len(order)).astype(np.int64)
    counts = np.diff(first)[order]
    ends = np.cumsum(counts)
    vertices = concat_ranges(first[:-1][order], counts)
    origin, offsets = _offsets(coords[vertices])
    tiles = _tiles(tile_key, bounds)
    spec = LayerSpec(
        layer_id,
        "buildings",
        {
            **_common(layer),
            "origin": origin,
            "count": len(order),
            "tiles": tiles,
            "extrudeBudget": EXTRUDE_BUDGET,
            "extrudeNearZoom": EXTRUDE_NEAR_ZOOM,
        },
        {"positions": offsets, "starts": np.r_[0, ends].astype(np.uint32), "heights": building_heights(layer.data)[parts_feature]},
        parts_feature,
    )
    return spec.with_colors(building_colors(layer, layer_risks(layer)))


def _footprints(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The counter-clockwise outer ring of every polygon part: vertex (x, y), each vertex's part,
    each part's geometry and each part's bounds."""
    return _chunked_parts(geoms, shapely.get_exterior_ring, lambda g: shapely.orient_polygons(g, exterior_cw=False))


def _chunked_parts(
    geoms: np.ndarray, vertices_of: Callable[[np.ndarray], np.ndarray], prepare: Callable[[np.ndarray], np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The parts of ``geoms`` (after ``prepare``) and the vertices of ``vertices_of(parts)``: vertex
    (x, y), each vertex's part, each part's geometry and each part's bounds.

    A :data:`GEOS_CHUNK` of geometries at a time: these shapely calls hold the GIL, and so does
    freeing the rings and parts they make, so on a thread over a whole city they would stop the
    GUI thread for ~200 ms at a time.
    """
    coords, vertex_part, part_geom, bounds = [np.empty((0, 2))], [np.empty(0, np.int64)], [np.empty(0, np.int64)], [np.empty((0, 4))]
    parts_before = 0
    for i in range(0, len(geoms), GEOS_CHUNK):
        chunk = geoms[i : i + GEOS_CHUNK]
        parts, index = shapely.get_parts(prepare(chunk) if prepare else chunk, return_index=True)
        xy, owner = shapely.get_coordinates(vertices_of(parts), return_index=True)
        coords.append(xy)
        vertex_part.append(owner + parts_before)
        part_geom.append(index + i)
        bounds.append(shapely.bounds(parts))
        parts_before += len(parts)
    return np.concatenate(coords), np.concatenate(vertex_part), np.concatenate(part_geom), np.concatenate(bounds)


def _lines_of(parts: np.ndarray) -> np.ndarray:
    """Lines as they are, polygons as their outer ring."""
    return np.where(shapely.get_type_id(parts) == 3, shapely.get_exterior_ring(parts), parts)


def _tiles(tile_key: np.ndarray, bounds: np.ndarray) -> list[list[float]]:
    """Runs of equal (sorted) ``tile_key`` as ``[first, end, w, s, e, n]`` (bounds of their parts)."""
    if len(tile_key) == 0:
        return []
    _, first = np.unique(tile_key, return_index=True)
    ends = np.append(first[1:], len(tile_key))
    boxes = np.column_stack([
        np.minimum.reduceat(bounds[:, 0], first), np.minimum.reduceat(bounds[:, 1], first),
        np.maximum.reduceat(bounds[:, 2], first), np.maximum.reduceat(bounds[:, 3], first),
    ]).round(6)  # fmt: skip
    return [[int(a), int(b), *map(float, box)] for a, b, box in zip(first, ends, boxes, strict=True)]


def _triangles(geoms: np.ndarray) -> tuple[list[float], np.ndarray, np.ndarray, np.ndarray]:
    """Polygons triangulated so holes stay open (constrained Delaunay, GEOS; a :data:`GEOS_CHUNK`
    at a time as in :func:`_chunked_parts`): origin, offsets, starts of each triangle's vertices,
    and the geometry each triangle comes from (in order)."""
    coords, vertex_tri, tri_geom, _ = _chunked_parts(
        geoms, shapely.get_exterior_ring,
        lambda chunk: shapely.orient_polygons(shapely.constrained_delaunay_triangles(shapely.make_valid(chunk)), exterior_cw=False),
    )  # fmt: skip
    origin, offsets = _offsets(coords)
    return origin, offsets, _starts(vertex_tri, len(tri_geom)), tri_geom


def polygons_spec(layer: VectorLayer, layer_id: str) -> LayerSpec:
    """Flat (draped) polygons, triangulated so holes stay open."""
    geoms, feature_of = _drawable(layer)
    origin, offsets, starts, tri_geom = _triangles(geoms)
    spec = LayerSpec(
        layer_id, "polygons", {**_common(layer), "origin": origin, "count": len(tri_geom)},
        {"positions": offsets, "starts": starts}, feature_of[tri_geom],
    )  # fmt: skip
    return spec.with_colors(feature_colors(layer.style, layer.data))


def paths_spec(layer: VectorLayer, layer_id: str) -> LayerSpec:
    """Lines (each part a path), ``stroke_width`` pixels wide in their class colours."""
    geoms, feature_of = _drawable(layer)
    coords, vertex_part, part_geom, _ = _chunked_parts(geoms, _lines_of)
    origin, offsets = _offsets(coords)
    spec = LayerSpec(
        layer_id, "paths", {**_common(layer), "origin": origin, "count": len(part_geom), "width": layer.style.stroke_width},
        {"positions": offsets, "starts": _starts(vertex_part, len(part_geom))}, feature_of[part_geom],
    )  # fmt: skip
    return spec.with_colors(feature_colors(layer.style, layer.data))


def points_spec(layer: VectorLayer, layer_id: str) -> LayerSpec:
    """Markers (shelters, residents, gauges): screen-sized, drawn over buildings, outlined."""
    geoms, feature_of = _drawable(layer)
    coords, _, part_geom, _ = _chunked_parts(geoms, shapely.point_on_surface)
    origin, offsets = _offsets(coords)
    style = layer.style
    props = {
        **_common(layer), "origin": origin, "count": len(part_geom), "radius": style.point_size / 2,
        "marker": style.marker, "stroke": list(style.stroke) if style.stroke else None,
    }  # fmt: skip
    spec = LayerSpec(layer_id, "points", props, {"positions": offsets}, feature_of[part_geom])
    return spec.with_colors(feature_colors(style, layer.data))


def vector_spec(layer: Layer, layer_id: str) -> LayerSpec:
    """A vector layer by what it shows: buildings extrude; other polygons drape; lines; markers."""
    assert isinstance(layer, VectorLayer)
    if layer.kind == "buildings" and layer.geometry_type == "polygon":
        return buildings_spec(layer, layer_id)
    return {"polygon": polygons_spec, "line": paths_spec, "point": points_spec}[layer.geometry_type](layer, layer_id)


def raster_spec(layer: Layer, layer_id: str) -> LayerSpec:
    """A raster draped as an image in its palette, resampled onto a lon/lat grid (PNG)."""
    assert isinstance(layer, RasterLayer)
    warped = layer.warped("EPSG:6668")
    png = io.BytesIO()
    Image.fromarray(layer.palette.colorize(warped.values), "RGBA").save(png, format="PNG")
    west, south, east, north = warped.bounds
    props = {**_common(layer), "bounds": [west, south, east, north], "origin": [west, south]}
    return LayerSpec(layer_id, "bitmap", props, {"image": png.getvalue()})


TILE_URL = "app://nigezero/tiles/{id}/{key}.png"
"""Where the page fetches a hazard tile: the desktop view serves it from the layer (no network)."""
COARSER_TRIES = 8
"""A tilted view reaching far: the level is made coarser up to this many times to fit the tile budget."""


def tiles_spec(layer: Layer, layer_id: str) -> LayerSpec:
    """A local hazard tile set draped on the ground, its tiles read from the layer when the page
    asks for them (:func:`tile_of_url`): an XYZ set is a deck.gl ``TileLayer`` over the set's zoom
    levels (``levels``: a missing level is cut from the next coarser one); an SVGMap set's tiles
    are lon/lat boxes the view lists for each settled camera (:func:`box_tiles`)."""
    assert isinstance(layer, HazardTileLayer)
    west, south, east, north = layer.extent or (-180.0, -85.0, 180.0, 85.0)
    props = {**_common(layer), "origin": [west, south], "bounds": [west, south, east, north]}
    if isinstance(layer.pyramid, XyzPyramid):
        levels = sorted(layer.pyramid.levels)
        url = TILE_URL.format(id=layer_id, key="{z}/{x}/{y}")
        return LayerSpec(layer_id, "tiles", {**props, "url": url, "levels": levels, "minZoom": levels[0], "maxZoom": levels[-1]}, {})
    return LayerSpec(layer_id, "tileboxes", props, {})


def tile_of_url(layer: HazardTileLayer, key: str) -> TileKey | None:
    """The tile a page URL's key names (``z/x/y`` of an XYZ set, ``level/index`` of an SVGMap
    set; see :data:`TILE_URL`), or None when the set has no such tile."""
    try:
        numbers = [int(part) for part in key.removesuffix(".png").split("/")]
    except ValueError:
        return None
    xyz = isinstance(layer.pyramid, XyzPyramid)
    if len(numbers) != (3 if xyz else 2):
        return None
    tile: TileKey = Tile(numbers[1], numbers[2], numbers[0]) if xyz else tuple(numbers)
    return tile if layer.pyramid.has(tile) else None


def box_tiles(layer: HazardTileLayer, layer_id: str, bounds: list[float], metres_per_pixel: float) -> list[dict[str, object]]:
    """The tiles of an SVGMap set to drape for a view of lon/lat ``bounds`` at ``metres_per_pixel``
    (its centre's): ``{"url", "bounds": [w, s, e, n]}`` each, at most
    :data:`~layers.tiles.MAX_TILES_PER_VIEW` (a tilted view reaching the horizon gets a coarser level)."""
    tiles: list[TileKey] = []
    for _ in range(COARSER_TRIES):
        tiles = layer.tiles_for(*bounds, metres_per_pixel)
        if tiles or layer.level_for(metres_per_pixel) == layer.level_for(metres_per_pixel * 2):
            break
        metres_per_pixel *= 2
    to_lonlat = _lonlat_from(layer.tile_crs)
    out = []
    for tile in tiles:
        level, index = tile  # type: ignore[misc]
        lon, lat = to_lonlat.transform(*layer.tile_points(tile, np.array([0.0, 1.0]), np.array([1.0, 0.0])))
        url = TILE_URL.format(id=layer_id, key=f"{level}/{index}")
        out.append({"url": url, "bounds": [float(lon[0]), float(lat[0]), float(lon[1]), float(lat[1])]})
    return out


@functools.cache
def _lonlat_from(crs: str) -> Transformer:
    return Transformer.from_crs(crs, LONLAT_CRS, always_xy=True)


SPEC_BUILDERS: dict[type[Layer], Callable[[Layer, str], LayerSpec]] = {
    VectorLayer: vector_spec,
    RasterLayer: raster_spec,
    HazardTileLayer: tiles_spec,
}
"""Layer class → its deck spec builder (the 3D counterpart of ``app/map2d/items.py``)."""


def supports(layer: Layer) -> bool:
    """Whether the 3D view can draw ``layer`` (e.g. online XYZ base maps it cannot: no remote requests)."""
    return any(cls in SPEC_BUILDERS for cls in type(layer).__mro__)


def layer_spec(layer: Layer, layer_id: str) -> LayerSpec:
    """The deck spec of ``layer`` by its class (:data:`SPEC_BUILDERS`).

    Raises
    ------
    TypeError
        If no builder is registered for the layer's class.
    """
    for cls in type(layer).__mro__:
        if cls in SPEC_BUILDERS:
            return SPEC_BUILDERS[cls](layer, layer_id)
    raise TypeError(f"no 3D view for {type(layer).__name__}; known: {', '.join(c.__name__ for c in SPEC_BUILDERS)}")


# drills ---------------------------------------------------------------------------------------
DRILL_TRAIL_S = 300.0
"""How long a moving person's trail stays drawn behind them, in seconds of the drill."""


class Trips(Protocol):
    """Everyone's trip through a drill (:class:`alerts.drill_trips.DrillTrips`): trip *i* is
    ``coords[path_offsets[i]:path_offsets[i + 1]]`` (lon/lat), reached at ``times_s``."""

    path_offsets: np.ndarray
    coords: np.ndarray
    times_s: np.ndarray
    outcome: np.ndarray


class FloodTimes(Protocol):
    """A drill's flood areas (:class:`alerts.drill_trips.FloodTimeline`): lon/lat polygons and
    the seconds since the start when each floods (``inf``: never)."""

    polygons: list
    flood_s: np.ndarray


def trips_spec(trips: Trips, spec_id: str) -> LayerSpec:
    """Everyone's trip for a deck.gl ``TripsLayer``: vertex offsets, each trip's first vertex,
    the time at each vertex (float32 seconds since the scenario start) and each trip's outcome
    colour (:mod:`layers.outcomes`). A trip with an unlocated vertex (NaN) is left out.

    ``feature_index`` is the trip (person) each drawn trip comes from.
    """
    offsets = np.asarray(trips.path_offsets, dtype=np.int64)
    coords = np.asarray(trips.coords, dtype=float).reshape(-1, 2)
    n = len(offsets) - 1
    trip_of = np.repeat(np.arange(n), np.diff(offsets))
    unlocated = np.zeros(n, dtype=bool)
    unlocated[trip_of[~np.isfinite(coords).all(axis=1)]] = True
    kept = np.flatnonzero(~unlocated)
    vertex_kept = ~unlocated[trip_of]
    origin, positions = _offsets(coords[vertex_kept])
    buffers = {
        "positions": positions,
        "starts": _starts(np.searchsorted(kept, trip_of[vertex_kept]), len(kept)),
        "timestamps": np.asarray(trips.times_s, dtype=np.float32)[vertex_kept],
    }
    props = {"name": t("避難の動き", "evacuation trips"), "visible": True, "opacity": 1.0, "origin": origin,
             "count": len(kept), "trailS": DRILL_TRAIL_S}  # fmt: skip
    return LayerSpec(spec_id, "trips", props, buffers, kept).with_colors(outcome_colors(trips.outcome))


def floods_spec(floods: FloodTimes, spec_id: str) -> LayerSpec:
    """A drill's flood areas as draped triangles sorted by flood time, with each triangle's time
    (float32 seconds; ``inf`` never), so the areas flooded by a moment are a prefix of the arrays.

    Ground is drawn once, at the time it first floods (later areas minus earlier ones): overlapping
    translucent areas would otherwise darken, and flicker where they meet at the same height.
    """
    flood_s = np.asarray(floods.flood_s, dtype=float)
    polygons = np.empty(len(flood_s), dtype=object)
    polygons[:] = list(floods.polygons)
    times = np.unique(flood_s)
    sheets, covered = np.empty(len(times), dtype=object), shapely.Polygon()
    for i, when in enumerate(times):
        area = shapely.union_all(shapely.make_valid(polygons[flood_s == when]))
        sheets[i] = shapely.difference(area, covered)
        covered = shapely.union(covered, area)
    origin, positions, starts, tri_sheet = _triangles(sheets)
    props = {"name": t("浸水した区域", "flooded areas"), "visible": True, "opacity": 1.0, "origin": origin,
             "count": len(tri_sheet), "color": list(FLOODED_COLOR)}  # fmt: skip
    buffers = {"positions": positions, "starts": starts, "floodTimes": times[tri_sheet].astype(np.float32)}
    return LayerSpec(spec_id, "floods", props, buffers)


def data_url(key: str, value: np.ndarray | bytes) -> str:
    """An :data:`ArrayRef` embedding the buffer (offline packages opened from file://)."""
    raw = value if isinstance(value, bytes) else np.ascontiguousarray(value).tobytes()
    mime = "image/png" if isinstance(value, bytes) else "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


# page -----------------------------------------------------------------------------------------
DECK_BUNDLE = Path(importlib.util.find_spec("pydeck").origin).parent / "nbextension" / "static" / "index.js"  # type: ignore[arg-type, union-attr]
"""pydeck's offline deck.gl bundle: every deck.gl export on ``globalThis.deck``."""
PAGE_ASSETS = {"deck.js": DECK_BUNDLE, "view3d.js": PAGE_DIR / "view3d.js", "view3d.css": PAGE_DIR / "view3d.css"}
"""What ``index.html`` loads, by the relative name it uses."""


def page_html(*, inline: bool = False, boot: dict[str, object] | None = None) -> str:
    """The page: our template, never a remote link.

    With ``inline`` the scripts and style are written into the page (a single file that works
    from file://); otherwise it links them by relative name (served beside it, e.g. ``app://``).
    ``boot`` (JSON) is handed to the page as ``window.NZ_BOOT`` before its script runs: an
    offline package puts its layer list there.
    """
    html = (PAGE_DIR / "index.html").read_text(encoding="utf-8")
    boot_js = "window.NZ_BOOT = " + _script_json(boot or {}) + ";"
    html = html.replace("<!--BOOT-->", f"<script>{boot_js}</script>")
    if inline:
        for name, path in PAGE_ASSETS.items():
            text = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
            tag = f'<link rel="stylesheet" href="{name}">' if name.endswith(".css") else f'<script src="{name}"></script>'
            html = html.replace(tag, f"<style>{text}</style>" if name.endswith(".css") else f"<script>{text}</script>")
    return html


def _script_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
