"""GeoDataFrames from parsed files: codes resolved, sentinels already missing, one row per thing.

Tables (all 2-D geometries in EPSG:6668, ``x`` = longitude):

``buildings``
    one row per ``bldg:Building`` (parts merged into their building): gml_id, building_id,
    measured_height (float, NaN when missing), storeys_above / storeys_below / year_of_construction
    (Int64), usage (codelist name, or the raw code), usage_code, address, lod (Int64, highest LOD
    present), parts, max_flood_rank (Int64, highest standard rank 1–6 over the flood-type
    entries), file, geometry (footprint Polygon/MultiPolygon).
``risks``
    one row per disaster-risk entry, on buildings and water bodies: owner_id, owner_class, kind,
    description, description_code, rank (Int64, standard 1–6; for landslides 1 = 警戒区域,
    2 = 特別警戒区域), rank_org (Int64, the data's own scale; for landslides the raw area type),
    depth_m, duration_h, scale ('L1' | 'L2' | None), admin_type, file.
``hazard_areas``
    WaterBody rank bands, SedimentDisasterProneArea and FY2020 landslide GenericCityObjects:
    gml_id, owner_class, kind, description, rank, rank_org, scale, name, file, geometry.
``roads``
    gml_id, function, usage, file, geometry.
``surfaces3d``
    one row per LOD2 boundary surface: building_id (the Building's gml_id), surface_id,
    surface_type (RoofSurface, WallSurface, GroundSurface, …), file, geometry (MultiPolygon Z,
    x = longitude, y = latitude, z = orthometric height; CRS EPSG:6697).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from plateau_import.codelists import CodeResolver
from plateau_import.crs import LONLAT_EPSG, LONLAT_HEIGHT_EPSG
from plateau_import.records import RawFile
from plateau_import.risk_tables import FLOOD_KINDS, STANDARD_SCALE_CODES

_SCALE_RE = re.compile(r"L[12]")

BUILDING_OUT = ("gml_id", "building_id", "measured_height", "storeys_above", "storeys_below", "usage", "usage_code",
                "year_of_construction", "address", "lod", "parts", "max_flood_rank", "file")  # fmt: skip
RISK_OUT = ("owner_id", "owner_class", "kind", "description", "description_code", "rank", "rank_org", "depth_m",
            "duration_h", "scale", "admin_type", "file")  # fmt: skip
HAZARD_OUT = ("gml_id", "owner_class", "kind", "description", "rank", "rank_org", "scale", "name", "file")
ROAD_OUT = ("gml_id", "function", "usage", "file")
SURFACE_OUT = ("building_id", "surface_id", "surface_type", "file")

_INT_COLUMNS = ("storeys_above", "storeys_below", "year_of_construction", "lod", "parts", "rank", "rank_org", "max_flood_rank")
_FLOAT_COLUMNS = ("measured_height", "depth_m", "duration_h")


Columns = dict[str, list[Any]]


def _resolve(cols: Columns, name: str, resolver: CodeResolver) -> list[str | None]:
    """Resolve the ``<name>_code`` / ``<name>_space`` columns, one lookup per distinct pair."""
    pairs = list(zip(cols[f"{name}_space"], cols[f"{name}_code"]))
    memo = {pair: resolver.resolve(*pair) for pair in dict.fromkeys(pairs)}
    return [memo[p] for p in pairs]


def _scale(cols: Columns, resolver: CodeResolver) -> list[str | None]:
    """'L1'/'L2' from text ("L1"), a resolved code ("L1（計画規模）") or the standard code table."""

    def one(space: str | None, code: str | None) -> str | None:
        if code is None:
            return None
        m = _SCALE_RE.search(code) or _SCALE_RE.search(resolver.resolve(space, code) or "")
        return m.group(0) if m else STANDARD_SCALE_CODES.get(code, code)

    pairs = list(zip(cols["scale_space"], cols["scale_code"]))
    memo = {pair: one(*pair) for pair in dict.fromkeys(pairs)}
    return [memo[p] for p in pairs]


def _description(cols: Columns, resolver: CodeResolver) -> list[str | None]:
    resolved = _resolve(cols, "description", resolver)
    return [text if text is not None else r for text, r in zip(cols["description_text"], resolved)]


def _frame(cols: Columns, extra: Columns, label: str, columns: Sequence[str]) -> pd.DataFrame:
    """A typed frame of ``columns`` from the raw ``cols`` and the resolved ``extra`` columns."""
    merged = {**cols, **extra}
    n = len(next(iter(cols.values()), []))
    data = {c: (merged[c] if c != "file" else [label] * n) for c in columns}
    return _typed(pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in data.items()}))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Integers as nullable Int64, measures as float64 (NaN when missing), text as str."""
    for column in frame.columns:
        if column in _INT_COLUMNS:
            frame[column] = pd.array(frame[column].to_numpy(dtype=object), dtype="Int64")
        elif column in _FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        else:
            frame[column] = frame[column].astype("str")
    return frame


def risk_frame(raw: RawFile, resolver: CodeResolver) -> pd.DataFrame:
    """The risk entries of one file."""
    cols = raw.risks.columns
    extra = {
        "description": _description(cols, resolver),
        "admin_type": _resolve(cols, "admin", resolver),
        "scale": _scale(cols, resolver),
    }
    return _frame(cols, extra, raw.label, RISK_OUT)


def building_frame(raw: RawFile, resolver: CodeResolver, risks: pd.DataFrame) -> gpd.GeoDataFrame:
    """The buildings of one file, with ``max_flood_rank`` from its risk entries."""
    cols = raw.buildings.columns
    flood = risks[(risks["owner_class"] == "Building") & risks["kind"].isin(FLOOD_KINDS)]
    max_rank = flood.groupby("owner_id")["rank"].max().to_dict()
    extra = {
        "usage": _resolve(cols, "usage", resolver),
        "max_flood_rank": [max_rank.get(g) for g in cols["gml_id"]],
    }
    frame = _frame(cols, extra, raw.label, BUILDING_OUT)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(raw.building_shapes, crs=LONLAT_EPSG), crs=LONLAT_EPSG)


def hazard_frame(raw: RawFile, resolver: CodeResolver) -> gpd.GeoDataFrame:
    """The hazard areas of one file."""
    cols = raw.hazard_areas.columns
    extra = {
        "description": _description(cols, resolver),
        "scale": _scale(cols, resolver),
        "name": _resolve(cols, "name", resolver),
    }
    frame = _frame(cols, extra, raw.label, HAZARD_OUT)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(raw.hazard_shapes, crs=LONLAT_EPSG), crs=LONLAT_EPSG)


def road_frame(raw: RawFile, resolver: CodeResolver) -> gpd.GeoDataFrame:
    """The roads of one file."""
    cols = raw.roads.columns
    extra = {"function": _resolve(cols, "function", resolver), "usage": _resolve(cols, "usage", resolver)}
    frame = _frame(cols, extra, raw.label, ROAD_OUT)
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(raw.road_shapes, crs=LONLAT_EPSG), crs=LONLAT_EPSG)


def surface_frame(raw: RawFile) -> gpd.GeoDataFrame:
    """The LOD2 boundary surfaces of one file (3-D)."""
    frame = _frame(raw.surfaces.columns, {}, raw.label, SURFACE_OUT)
    return gpd.GeoDataFrame(
        frame, geometry=gpd.GeoSeries(raw.surface_shapes, crs=LONLAT_HEIGHT_EPSG), crs=LONLAT_HEIGHT_EPSG
    )


def concat(frames: Sequence[pd.DataFrame], columns: Sequence[str], crs: int | None) -> pd.DataFrame:
    """Concatenate per-file frames; an empty result still has every column (and a geometry)."""
    frames = [f for f in frames if len(f)]
    if frames:
        out = pd.concat(frames, ignore_index=True)
        return gpd.GeoDataFrame(out, geometry="geometry", crs=crs) if crs is not None else out
    empty = _typed(pd.DataFrame({c: pd.Series(dtype=object) for c in columns}))
    if crs is None:
        return empty
    return gpd.GeoDataFrame(empty, geometry=gpd.GeoSeries(np.empty(0, dtype=object), crs=crs), crs=crs)
