"""The map of a package: the area's buildings by flood rank, hazard areas labelled with river and
L1/L2, shelters, and the 出典 lines their licences require.

Buildings and hazard areas come from the PLATEAU sources recorded in the project
(``store.hazard_sources``), clipped to the area. The page gets them as deck.gl specs from
:mod:`layers.deck` (binary attributes, base64-embedded, never fetched); the PDF draws the same
geometries with reportlab. None of this is personal data, so it stays readable in an encrypted
package.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from evac_plans.package.selection import Selection
from hazards.legend import KIND_LABELS, SCENARIO_LABELS
from hazards.ranks import DEPTH_RANKS
from jobs.feedback import Feedback
from layers.deck import buildings_spec, polygons_spec
from layers.styles import NO_FLOOD_COLOR, flood_rank_style
from layers.vector import VectorLayer
from plateau_import import read_plateau
from store.connection import ProjectStore
from store.hazard_sources import hazard_source_paths

SOURCE_PLATEAU = "出典：国土交通省 Project PLATEAU 3D都市モデル（建物・洪水浸水想定区域）を加工して作成"
SOURCE_KSJ = "出典：国土数値情報（洪水浸水想定区域データ）（国土交通省）を加工して作成"
SOURCE_GSI = "出典：国土地理院 指定緊急避難場所・指定避難所データを加工して作成"
SOURCE_JMA = "出典：気象庁ホームページ（警報・注意報の種類）"
MARGIN_DEG = 0.003
"""Margin around the area's people and shelters (about 300 m)."""


@dataclass
class MapData:
    """The area's map: bounds (w, s, e, n), buildings and hazard areas (lon/lat), 出典 lines."""

    bounds: tuple[float, float, float, float]
    buildings: gpd.GeoDataFrame
    hazard_areas: gpd.GeoDataFrame
    sources: list[str] = field(default_factory=list)

    @cached_property
    def tree(self) -> shapely.STRtree:
        """A spatial index of the buildings (built once, queried per page of the PDF)."""
        return shapely.STRtree(self.buildings.geometry.values)


def _bounds(selection: Selection) -> tuple[float, float, float, float]:
    points: list[list[float]] = []
    for entry in selection.included:
        values = entry.values
        points += [values["home"]] if values.get("home") else []
        points += values.get("route") or []
        dest = values.get("destination") or {}
        points += [[dest["lon"], dest["lat"]]] if dest.get("lon") is not None else []
    if selection.area.polygon is not None:
        w, s, e, n = selection.area.polygon.bounds
        points += [[w, s], [e, n]]
    if not points:
        points = [[s.lon, s.lat] for s in selection.shelters if s.lon is not None]
    return padded_bounds(points)


def padded_bounds(points: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    """The bounds (w, s, e, n) of lon/lat ``points`` with :data:`MARGIN_DEG` around; zeros when there are none."""
    if not len(points):
        return (0.0, 0.0, 0.0, 0.0)
    xy = np.asarray(points, dtype=float)
    lo, hi = xy.min(axis=0) - MARGIN_DEG, xy.max(axis=0) + MARGIN_DEG
    return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))


def load_map(store: ProjectStore, selection: Selection, feedback: Feedback | None = None) -> MapData:
    """The area's map (:func:`project_map` over the area's bounds) with the 出典 of its shelters
    and of the JMA warnings its plans react to."""
    data = project_map(hazard_source_paths(store), _bounds(selection), feedback)
    if selection.shelters:
        data.sources.append(SOURCE_GSI)
    if any("気象庁" in str(e.values.get("trigger") or "") for e in selection.included):
        data.sources.append(SOURCE_JMA)
    return data


def project_map(paths: Sequence[str], bounds: tuple[float, float, float, float], feedback: Feedback | None = None) -> MapData:
    """The PLATEAU buildings and hazard areas of a project's hazard sources (``paths``, as
    :func:`store.hazard_sources.hazard_source_paths` lists them) within ``bounds``, with their 出典.

    Sources that cannot be read are reported to ``feedback``; the map is then drawn without them.
    """
    feedback = feedback or Feedback()
    plateau = [p for p in paths if Path(p).is_dir() or Path(p).suffix.lower() in (".gml", ".zip")]
    empty = gpd.GeoDataFrame(geometry=[], crs="EPSG:6668")
    buildings, areas = empty, empty
    if plateau:
        data = read_plateau(plateau, feedback)
        box = shapely.box(*bounds)
        buildings = data.buildings[data.buildings.intersects(box)].reset_index(drop=True)
        areas = data.hazard_areas.copy()
        areas["geometry"] = shapely.intersection(areas.geometry.values, box)
        areas = areas[~areas.geometry.is_empty].reset_index(drop=True)
    sources = [SOURCE_PLATEAU] if plateau else []
    if any(p not in plateau for p in paths):  # the hazard ranks of the plans were assessed from them
        sources.append(SOURCE_KSJ)
    return MapData(bounds, buildings, areas, sources)


def _b64(key: str, value: np.ndarray | bytes) -> str:
    raw = value if isinstance(value, bytes) else np.ascontiguousarray(value).tobytes()
    return base64.b64encode(raw).decode("ascii")


def hazard_label(row: Any) -> str:
    """「椹野川水系椹野川 洪水浸水想定区域 想定最大規模 (L2)」 for a hazard-area row."""
    kind = KIND_LABELS.get(row["kind"], (row["kind"], ""))[0]
    scale = SCENARIO_LABELS.get(row["scale"], ("規模不明", ""))[0]
    return " ".join(x for x in (row.get("description") or "", kind, scale) if x)


def deck_layers(data: MapData) -> list[dict[str, Any]]:
    """The map's layers as :mod:`layers.deck` specs, buffers embedded as base64 strings."""
    out = []
    if not data.hazard_areas.empty:
        layer = VectorLayer(data.hazard_areas, name="浸水想定区域", kind="hazard_area", style=flood_rank_style("rank", stroke=None))
        out.append(polygons_spec(layer, "hazard").to_json(_b64))
    if not data.buildings.empty:
        layer = VectorLayer(data.buildings, name="建物（浸水ランク）", kind="buildings", style=flood_rank_style("max_flood_rank"))
        out.append(buildings_spec(layer, "buildings").to_json(_b64))
    return out


def hazard_labels(data: MapData) -> list[dict[str, Any]]:
    """One label per river × scenario at a point inside its areas: ``{"text", "position"}``."""
    if data.hazard_areas.empty:
        return []
    labels = []
    frame = data.hazard_areas.assign(label=[hazard_label(r) for _, r in data.hazard_areas.iterrows()])
    for text, group in frame.groupby("label", sort=True):
        point = shapely.point_on_surface(shapely.union_all(group.geometry.values))
        labels.append({"text": text, "position": [round(point.x, 6), round(point.y, 6)]})
    return labels


def legend() -> list[dict[str, Any]]:
    """The flood-rank legend: ``{"label", "color"}`` per rank plus 「浸水想定なし」."""
    rows = [{"label": f"{b.label_ja}（ランク{b.rank}）", "color": list(b.colour or (0, 0, 0))} for b in DEPTH_RANKS]
    return rows + [{"label": "浸水想定なし", "color": list(NO_FLOOD_COLOR[:3])}]
