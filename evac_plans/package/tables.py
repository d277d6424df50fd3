"""``people.csv`` (UTF-8 with BOM, so Excel opens it) and ``data.gpkg`` (for QGIS) of a package.

Both hold only the recipient's fields that each person's consent allows (the selection's
values); in disaster mode every row says 「災害時提供」 in a column of its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from evac_plans.package.fields import FIELDS
from evac_plans.package.mapdata import MapData
from evac_plans.package.selection import Selection

DISASTER_MARK = "災害時提供（災害対策基本法第49条の11第3項・本人同意によらない提供）"


def cell(key: str, value: Any) -> str:
    """A field's value as one text cell (lists of supporters joined, coordinates as 経度,緯度)."""
    if value is None:
        return ""
    if key == "supporters":
        return "／".join(f"{s['name']}（{s['roles']}）{s['phone']}".strip() for s in value)
    if key == "destination":
        return value["text"]
    if key == "home":
        return f"{value[0]:.6f},{value[1]:.6f}"
    if key == "route":
        return f"{len(value)}点の経路（地図・data.gpkg 参照）"
    return str(value)


def columns(selection: Selection) -> list[str]:
    """The recipient's fields in sheet order (``route`` only in the GeoPackage's lines)."""
    return [k for k in FIELDS if k in selection.recipient.fields]


def rows(selection: Selection) -> list[dict[str, str]]:
    """One row per included person: 個人ID, the allowed fields (withheld ones empty), 提供区分."""
    out = []
    for entry in selection.included:
        row = {"個人ID": entry.person_id}
        row.update({FIELDS[k].ja: cell(k, entry.values.get(k)) for k in columns(selection)})
        row["提供区分"] = DISASTER_MARK if selection.disaster_mode else "平常時提供（本人同意等に基づく）"
        out.append(row)
    return out


def csv_bytes(selection: Selection, sources: Sequence[str]) -> bytes:
    """``people.csv``: a header, one row per person, then the 出典 lines as rows of their own."""
    buffer = io.StringIO()
    header = ["個人ID", *(FIELDS[k].ja for k in columns(selection)), "提供区分"]
    writer = csv.DictWriter(buffer, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(selection))
    for line in sources:
        buffer.write(line + "\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def write_gpkg(path: Path, selection: Selection, data: MapData) -> None:
    """``data.gpkg``: people (home points), routes (lines), shelters, hazard areas, buildings (EPSG:6668)."""
    table = pd.DataFrame(rows(selection))
    homes = [shapely.Point(e.values["home"]) if e.values.get("home") else None for e in selection.included]
    gpd.GeoDataFrame(table, geometry=homes, crs="EPSG:6668").to_file(path, layer="people", driver="GPKG")
    routes = [(e.person_id, shapely.LineString(e.values["route"])) for e in selection.included if e.values.get("route")]
    if routes:
        frame = gpd.GeoDataFrame({"個人ID": [r[0] for r in routes]}, geometry=[r[1] for r in routes], crs="EPSG:6668")
        frame.to_file(path, layer="routes", driver="GPKG")
    shelters = [s for s in selection.shelters if s.lon is not None and s.lat is not None]
    if shelters:
        frame = gpd.GeoDataFrame(
            {"共通ID": [s.common_id for s in shelters], "名称": [s.name for s in shelters], "住所": [s.address for s in shelters]},
            geometry=[shapely.Point(s.lon, s.lat) for s in shelters],
            crs="EPSG:6668",
        )
        frame.to_file(path, layer="shelters", driver="GPKG")
    if not data.hazard_areas.empty:
        keep = [c for c in ("kind", "description", "rank", "scale", "name") if c in data.hazard_areas.columns]
        data.hazard_areas[[*keep, "geometry"]].to_file(path, layer="hazard_areas", driver="GPKG")
    if not data.buildings.empty:
        keep = [c for c in ("building_id", "measured_height", "storeys_above", "usage", "max_flood_rank") if c in data.buildings.columns]
        data.buildings[[*keep, "geometry"]].to_file(path, layer="buildings", driver="GPKG")
