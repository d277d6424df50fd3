"""Maps for the PDF, drawn as vector paths straight onto reportlab's canvas from the geometries
(no matplotlib, no raster): buildings by flood rank, hazard areas, shelters, a person's route, home
and destination, a north arrow and a scale bar.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.lib import colors

from evac_plans.package.mapdata import MapData
from hazards.ranks import DEPTH_RANKS
from layers.styles import NO_FLOOD_COLOR

FONT = "IPAexGothic"
RANK_COLORS = {b.rank: colors.Color(*(c / 255 for c in b.colour or (0, 0, 0))) for b in DEPTH_RANKS}
NO_FLOOD = colors.Color(*(c / 255 for c in NO_FLOOD_COLOR[:3]))
MIN_SPAN_M = 300.0
"""A person's map shows at least this much ground across (so a short route keeps its surroundings)."""
M_PER_DEG = 111_320.0
GREEN = colors.Color(0.04, 0.49, 0.23)
RED = colors.Color(0.83, 0.18, 0.18)
BLUE = colors.Color(0.12, 0.31, 0.55)


@dataclass(frozen=True)
class Frame:
    """lon/lat → drawing points: an equirectangular fit of ``bounds`` into ``width`` × ``height``."""

    bounds: tuple[float, float, float, float]
    width: float
    height: float

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.bounds[1] + self.bounds[3]) / 2))

    @property
    def scale(self) -> float:
        """Points per degree of latitude."""
        w, s, e, n = self.bounds
        return min(self.width / max((e - w) * self.kx, 1e-9), self.height / max(n - s, 1e-9))

    def points(self, coords: np.ndarray) -> np.ndarray:
        """(n, 2) drawing points of (lon, lat) rows, centred in the drawing."""
        w, s, e, n = self.bounds
        k = self.scale
        x = (coords[:, 0] - (w + e) / 2) * self.kx * k + self.width / 2
        y = (coords[:, 1] - (s + n) / 2) * k + self.height / 2
        return np.column_stack([x, y])

    def xy(self, lonlat: Sequence[float]) -> tuple[float, float]:
        """One (lon, lat) as drawing points."""
        x, y = self.points(np.asarray([lonlat], dtype=float))[0]
        return float(x), float(y)


def fit_bounds(points: Sequence[Sequence[float]], aspect: float) -> tuple[float, float, float, float]:
    """Bounds holding ``points`` with a margin, at least :data:`MIN_SPAN_M` across, of ``aspect`` (w/h)."""
    xy = np.asarray(points, dtype=float)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    centre = (lo + hi) / 2
    kx = math.cos(math.radians(centre[1]))
    half_h = max((hi[1] - lo[1]) * 0.6, (hi[0] - lo[0]) * kx * 0.6 / aspect, MIN_SPAN_M / M_PER_DEG / 2)
    half_w = half_h * aspect / kx
    return (centre[0] - half_w, centre[1] - half_h, centre[0] + half_w, centre[1] + half_h)


def _ring_ops(ring: np.ndarray) -> str:
    """PDF path operators of one closed ring (points already in drawing units)."""
    points = [f"{x:.2f} {y:.2f}" for x, y in ring.tolist()]
    return f"{points[0]} m {' l '.join(points[1:])} l h"


class MapFlowable(Flowable):
    """A map drawn straight onto the PDF canvas, clipped to its frame: polygons batched into one
    path per colour, written as PDF path operators (reportlab's per-point path calls cost seconds
    over a 500-page package)."""

    def __init__(self, frame: Frame) -> None:
        super().__init__()
        self.frame = frame
        self.width, self.height = frame.width, frame.height
        self.layers: list[tuple[colors.Color, float, colors.Color | None, str]] = []
        self.marks: list[Callable[[Canvas], None]] = []

    def add_polygons(self, geoms: np.ndarray, fills: list[colors.Color], opacity: float, stroke: colors.Color | None) -> None:
        """Polygons with their holes, one path per fill colour: shells are wound counter-clockwise
        and holes clockwise (the drawing keeps the orientation), so the non-zero fill leaves a
        hole (high ground in a flood area, a courtyard) open while overlapping shells still fill."""
        parts, part_of = shapely.get_parts(geoms, return_index=True)
        polygon = shapely.get_type_id(parts) == 3
        parts, part_of = shapely.orient_polygons(parts[polygon], exterior_cw=False), part_of[polygon]
        rings, ring_part = shapely.get_rings(parts, return_index=True)
        coords, ring_of = shapely.get_coordinates(rings, return_index=True)
        xy = self.frame.points(coords).round(2)
        starts = np.searchsorted(ring_of, np.arange(len(rings) + 1))
        by_color: dict[tuple[float, float, float], list[str]] = {}
        for k, part in enumerate(ring_part):
            by_color.setdefault(fills[part_of[part]].rgb(), []).append(_ring_ops(xy[starts[k] : starts[k + 1]]))
        self.layers += [(colors.Color(*rgb), opacity, stroke, " ".join(rings)) for rgb, rings in by_color.items()]

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        frame_path = canvas.beginPath()
        frame_path.rect(0, 0, self.width, self.height)
        canvas.setStrokeColor(colors.grey)
        canvas.clipPath(frame_path, stroke=1, fill=0)
        for fill, opacity, stroke, ops in self.layers:
            canvas.setFillColor(fill, alpha=opacity)
            if stroke is not None:
                canvas.setStrokeColor(stroke)
                canvas.setLineWidth(0.3)
            canvas.addLiteral(f"{ops} {'B' if stroke is not None else 'f'}")
        for mark in self.marks:
            mark(canvas)
        canvas.restoreState()


def _rank_fill(rank: Any) -> colors.Color:
    return NO_FLOOD if pd.isna(rank) else RANK_COLORS.get(int(rank), NO_FLOOD)


def base_map(frame: Frame, data: MapData) -> MapFlowable:
    """Hazard areas and buildings inside the frame."""
    drawing = MapFlowable(frame)
    box = shapely.box(*frame.bounds)
    areas = data.hazard_areas
    if not areas.empty:
        areas = areas[areas.intersects(box)]
        drawing.add_polygons(shapely.clip_by_rect(areas.geometry.values, *frame.bounds), [_rank_fill(r) for r in areas["rank"]], 0.45, None)
    if not data.buildings.empty:
        hits = np.sort(data.tree.query(box))
        rows = data.buildings.iloc[hits]
        drawing.add_polygons(rows.geometry.values, [_rank_fill(r) for r in rows["max_flood_rank"]], 1.0, colors.Color(0.35, 0.35, 0.35))
    return drawing


def add_marker(
    drawing: MapFlowable, lonlat: Sequence[float], label: str, fill: colors.Color, square: bool = False, size: float = 4
) -> None:
    """A circle (or square) of half-width ``size`` at ``lonlat``, with a label ("" none) on a white box."""
    x, y = drawing.frame.xy(lonlat)

    def mark(canvas: Canvas) -> None:
        canvas.setFillColor(fill)
        canvas.setStrokeColor(colors.white)
        canvas.setLineWidth(1)
        if square:
            canvas.rect(x - size, y - size, 2 * size, 2 * size, stroke=1, fill=1)
        else:
            canvas.circle(x, y, size, stroke=1, fill=1)
        if label:
            canvas.setFillColor(colors.white, alpha=0.85)
            canvas.rect(x + 5, y + 2, canvas.stringWidth(label, FONT, 7) + 4, 10, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.setFont(FONT, 7)
            canvas.drawString(x + 7, y + 4, label)

    drawing.marks.append(mark)


def add_route(drawing: MapFlowable, route: Sequence[Sequence[float]], color: colors.Color = BLUE, width: float = 2.5) -> None:
    """A route as a line of ``color`` (the plans' blue by default)."""
    xy = drawing.frame.points(np.asarray(route, dtype=float))

    def mark(canvas: Canvas) -> None:
        path = canvas.beginPath()
        path.moveTo(*xy[0])
        for x, y in xy[1:]:
            path.lineTo(x, y)
        canvas.setStrokeColor(color)
        canvas.setLineWidth(width)
        canvas.drawPath(path, stroke=1, fill=0)

    drawing.marks.append(mark)


def add_furniture(drawing: MapFlowable) -> None:
    """North arrow (top right) and a scale bar of a round length (bottom left)."""
    frame = drawing.frame
    metres_per_pt = M_PER_DEG / frame.scale
    target = metres_per_pt * frame.width / 4
    length = max(v for v in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if v <= max(target, 10))

    def mark(canvas: Canvas) -> None:
        x, y = frame.width - 16, frame.height - 30
        arrow = canvas.beginPath()
        arrow.moveTo(x, y + 20)
        arrow.lineTo(x - 5, y + 4)
        arrow.lineTo(x + 5, y + 4)
        arrow.close()
        canvas.setFillColor(colors.black)
        canvas.drawPath(arrow, stroke=0, fill=1)
        canvas.setFont(FONT, 8)
        canvas.drawString(x - 3, y - 6, "N")
        canvas.rect(8, 8, length / metres_per_pt, 3, stroke=0, fill=1)
        canvas.setFont(FONT, 7)
        canvas.drawString(8, 13, f"{length} m")

    drawing.marks.append(mark)




def person_map(data: MapData, values: dict[str, Any], shelters: Sequence[Any], width: float, height: float) -> MapFlowable:
    """A person's route map: home (自宅), route, destination (避難先) and nearby shelters."""
    route = values.get("route") or []
    dest = values.get("destination") or {}
    points = [*route, *([values["home"]] if values.get("home") else [])]
    points += [[dest["lon"], dest["lat"]]] if dest.get("lon") is not None else []
    if not points:
        points = [[(data.bounds[0] + data.bounds[2]) / 2, (data.bounds[1] + data.bounds[3]) / 2]]
    drawing = base_map(Frame(fit_bounds(points, width / height), width, height), data)
    w, s, e, n = drawing.frame.bounds
    for shelter in shelters:
        if shelter.lon is not None and w <= shelter.lon <= e and s <= shelter.lat <= n and shelter.common_id != dest.get("shelter_id"):
            add_marker(drawing, (shelter.lon, shelter.lat), shelter.name, GREEN, square=True)
    if len(route) > 1:
        add_route(drawing, route)
    if dest.get("lon") is not None:
        add_marker(drawing, (dest["lon"], dest["lat"]), "避難先", GREEN, square=True)
    if values.get("home"):
        add_marker(drawing, values["home"], "自宅", RED)
    add_furniture(drawing)
    return drawing


def area_map(data: MapData, homes: Sequence[tuple[str, Sequence[float]]], shelters: Sequence[Any], width: float, height: float) -> MapFlowable:
    """The cover's map of the whole area: homes numbered as in the list, shelters by name."""
    drawing = base_map(Frame(data.bounds, width, height), data)
    for shelter in shelters:
        if shelter.lon is not None:
            add_marker(drawing, (shelter.lon, shelter.lat), shelter.name, GREEN, square=True)
    for label, point in homes:
        add_marker(drawing, point, label, RED)
    add_furniture(drawing)
    return drawing


@dataclass(frozen=True)
class RouteMark:
    """One person on a map of several: home, route and destination (lon/lat; empty or None when
    unknown), the labels of home and destination ("" for none), the colours of route and home."""

    label: str
    home: Sequence[float] | None
    route: Sequence[Sequence[float]]
    destination: Sequence[float] | None
    color: colors.Color = BLUE
    home_color: colors.Color = RED
    destination_label: str = ""


def routes_map(
    data: MapData, marks: Sequence[RouteMark], shelters: Sequence[Any], width: float, height: float, route_width: float = 2.5
) -> MapFlowable:
    """Several people's routes on one map fitted to them (the board's page per supporter, the
    drill's overview): shelters in the frame by name, each route in its colour, destinations as
    green squares, homes as circles of the route's colour with their labels on top."""
    points = [p for m in marks for p in (*m.route, *([m.home] if m.home else []), *([m.destination] if m.destination else []))]
    if not points:
        points = [[(data.bounds[0] + data.bounds[2]) / 2, (data.bounds[1] + data.bounds[3]) / 2]]
    drawing = base_map(Frame(fit_bounds(points, width / height), width, height), data)
    w, s, e, n = drawing.frame.bounds
    for shelter in shelters:
        if shelter.lon is not None and shelter.lat is not None and w <= shelter.lon <= e and s <= shelter.lat <= n:
            add_marker(drawing, (shelter.lon, shelter.lat), shelter.name, GREEN, square=True)
    for mark in marks:
        if len(mark.route) > 1:
            add_route(drawing, mark.route, mark.color, route_width)
    for mark in marks:
        if mark.destination:
            add_marker(drawing, mark.destination, mark.destination_label, GREEN, square=True)
    for mark in marks:
        if mark.home:
            add_marker(drawing, mark.home, mark.label, mark.home_color, size=3 if not mark.label else 4)
    add_furniture(drawing)
    return drawing


def bare_map_data(bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)) -> MapData:
    """Map data without buildings or hazard areas: the map then shows only what is drawn on it."""
    empty = gpd.GeoDataFrame(geometry=[], crs="EPSG:6668")
    return MapData(bounds, empty, empty.copy())
