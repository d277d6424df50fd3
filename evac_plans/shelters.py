"""Shelters from GSI 指定緊急避難場所 / 指定避難所 data: the CSV (UTF-8 or Shift_JIS) and GeoJSON.

The kind comes from the columns: hazard flag columns (洪水 …) mean 指定緊急避難場所
(``emergency``); 受入対象者 or 指定緊急避難場所との住所同一 without them mean 指定避難所
(``evacuation``). Rows without a usable point (missing, or outside Japan) are kept with an empty
geometry, ``location_ok`` False, and a warning. Rows key on 共通ID, never on NO.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from evac_plans.errors import ShelterFormatError
from evac_plans.model import Shelter
from evac_plans.repository import import_shelters, load_shelters
from feeds.csvfile import Rows, decode_text, parse_lonlat, read_csv_rows, require_columns
from i18n import t
from jobs.feedback import Feedback, Problem
from store.connection import ProjectStore

HAZARD_COLUMNS = {
    "洪水": "flood",
    "崖崩れ、土石流及び地滑り": "landslide",
    "高潮": "high_tide",
    "地震": "earthquake",
    "津波": "tsunami",
    "大規模な火事": "large_fire",
    "内水氾濫": "inland_flood",
    "火山現象": "volcano",
}
"""GSI hazard flag column → English hazard name."""
HAZARD_ALIASES = {**HAZARD_COLUMNS, "土砂災害": "landslide", "崖崩れ": "landslide", "土石流": "landslide", "地滑り": "landslide"}
"""Hazard names as 備考 writes them (「洪水」では2階以上に避難) → English hazard name."""
COMMON_COLUMNS = {
    "NO": "no",
    "共通ID": "common_id",
    "都道府県名及び市町村名": "municipality",
    "施設・場所名": "name",
    "住所": "address",
    "備考": "note",
}
EMERGENCY_ONLY = {"指定避難所との住所同一": "same_address"}
EVACUATION_ONLY = {
    "指定緊急避難場所との住所同一": "same_address",
    "その他市町村長が必要と認める事項": "other_items",
    "受入対象者": "accepted_persons",
}
LAT_COLUMN, LON_COLUMN = "緯度", "経度"
TRUE_FLAGS = {"1", "○", "〇", "◯"}
_UPPER_FLOOR = re.compile(r"((?:「[^」]+」)+)では(\d+)階以上")
_QUOTED = re.compile(r"「([^」]+)」")


def read_shelters(
    path: str | os.PathLike[str], feedback: Feedback | None = None, label: str | None = None
) -> gpd.GeoDataFrame:
    """Read GSI shelter data: the CSV (UTF-8 with/without BOM, or CP932) or the GeoJSON form.

    Parameters
    ----------
    path : str or os.PathLike
        A GSI CSV (指定緊急避難場所 or 指定避難所 columns) or a GeoJSON FeatureCollection whose
        properties carry the same columns.
    feedback : jobs.feedback.Feedback, optional
        Receives one warning per row without a usable point and per unreadable flag.
    label : str, optional
        How problems name the file; the path as given by default.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:6668 points, one row per shelter in file order (``attrs["kind"]`` holds the kind
        even when the file has no rows): ``common_id``, ``no``, ``name``,
        ``municipality``, ``address``, ``kind`` (emergency | evacuation), the hazard flags
        ``flood`` … ``volcano`` (nullable booleans, NA for 指定避難所), ``same_address``,
        ``note``, ``upper_floor_only`` ({hazard: lowest usable floor} parsed from 備考),
        ``location_ok``, and for 指定避難所 ``other_items`` and ``accepted_persons``.

    Raises
    ------
    ShelterFormatError
        If the file is empty, not UTF-8/CP932, not a FeatureCollection, or has neither column
        set.
    """
    feedback = feedback or Feedback()
    label = label if label is not None else os.fspath(path)
    text, encoding = decode_text(Path(path).read_bytes(), ShelterFormatError)
    if text.lstrip().startswith("{"):
        rows = _geojson_rows(text, label)
    else:
        rows = read_csv_rows(path, ("共通ID", "施設・場所名", LAT_COLUMN, LON_COLUMN), feedback, ShelterFormatError, label)
    kind = _kind(list(rows.frame.columns))
    lon, lat, ok = parse_lonlat(rows, LON_COLUMN, LAT_COLUMN, feedback)
    frame = _columns(rows, kind, feedback)
    frame["location_ok"] = ok
    geometry = np.where(ok, shapely.points(np.nan_to_num(lon), np.nan_to_num(lat)), None)
    shelters = gpd.GeoDataFrame(frame, geometry=list(geometry), crs="EPSG:6668")
    shelters.attrs["kind"] = kind
    return shelters


def upper_floor_only(note: str) -> dict[str, int]:
    """The hazards for which a shelter is usable only from some floor up, from its 備考.

    Examples
    --------
    >>> upper_floor_only("「洪水」「高潮」では2階以上に避難")
    {'flood': 2, 'high_tide': 2}
    >>> upper_floor_only("「津波」では３階以上に避難")
    {'tsunami': 3}
    """
    found: dict[str, int] = {}
    for names, floor in _UPPER_FLOOR.findall(unicodedata.normalize("NFKC", note or "")):
        for name in _QUOTED.findall(names):
            hazard = HAZARD_ALIASES.get(name, name)
            found[hazard] = max(found.get(hazard, 0), int(floor))
    return found


def _kind(columns: list[str]) -> str:
    if any(c in columns for c in HAZARD_COLUMNS):
        require_columns(columns, [*COMMON_COLUMNS, *HAZARD_COLUMNS], ShelterFormatError)
        return "emergency"
    if any(c in columns for c in EVACUATION_ONLY):
        require_columns(columns, list(COMMON_COLUMNS), ShelterFormatError)
        return "evacuation"
    raise ShelterFormatError(
        t(
            "指定緊急避難場所 (洪水 などの列) でも指定避難所 (受入対象者 などの列) でもありません (見出し: {h})",
            "neither 指定緊急避難場所 (columns 洪水 …) nor 指定避難所 (columns 受入対象者 …) data (header: {h})",
            h=",".join(columns),
        )
    )


def _columns(rows: Rows, kind: str, feedback: Feedback) -> pd.DataFrame:
    src = rows.frame
    out = pd.DataFrame({english: src[ja].astype(str) for ja, english in COMMON_COLUMNS.items()})
    out["no"] = pd.to_numeric(out["no"], errors="coerce").astype("Int64")
    out.insert(5, "kind", kind)
    for ja, english in HAZARD_COLUMNS.items():
        out[english] = _flags(rows, ja, feedback) if kind == "emergency" else pd.array([pd.NA] * len(src), "boolean")
    extra = EMERGENCY_ONLY if kind == "emergency" else EVACUATION_ONLY
    for ja, english in extra.items():
        values = src[ja] if ja in src else pd.Series([""] * len(src), index=src.index)
        out[english] = values.isin(TRUE_FLAGS) if english == "same_address" else values.astype(str)
    out["upper_floor_only"] = [upper_floor_only(note) for note in out["note"]]
    return out


def _flags(rows: Rows, column: str, feedback: Feedback) -> pd.arrays.BooleanArray:
    cells = rows.frame[column].astype(str).str.strip()
    flags = pd.array(cells.isin(TRUE_FLAGS).to_numpy(), dtype="boolean")
    unknown = ~(cells.isin(TRUE_FLAGS) | cells.isin({"", "0"})).to_numpy()
    flags[unknown] = pd.NA
    for i in np.flatnonzero(unknown):
        rows.warn(
            feedback,
            int(i),
            column,
            t("「1」か空欄のはずですが「{v}」でした", "expected 1 or empty, got {v!r}", v=cells.iloc[i]),
        )
    return flags


def _geojson_rows(text: str, label: str) -> Rows:
    """The features of a GSI GeoJSON as table rows (coordinates moved back into 緯度/経度)."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ShelterFormatError(t("JSON として読めません: {e}", "not valid JSON: {e}", e=exc)) from exc
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ShelterFormatError(t("GeoJSON の FeatureCollection ではありません", "not a GeoJSON FeatureCollection"))
    records = []
    for feature in features:
        props = dict((feature or {}).get("properties") or {})
        geometry = (feature or {}).get("geometry") or {}
        coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
        lon, lat = (coords[:2] if isinstance(coords, list) and len(coords) >= 2 else ("", ""))
        records.append({**props, LON_COLUMN: lon, LAT_COLUMN: lat})
    frame = pd.DataFrame.from_records(records).fillna("").astype(str) if records else pd.DataFrame()
    places = np.array([f"feature {i + 1}" for i in range(len(records))], dtype=object)
    return Rows(label, "utf-8", frame, places)


def shelters_from_frame(frame: gpd.GeoDataFrame) -> list[Shelter]:
    """The rows of :func:`read_shelters` as :class:`~evac_plans.model.Shelter` records.

    A 指定避難所 row whose 受入対象者 is filled is a 福祉避難所 (GSI fills it only for them).
    Rows without 共通ID cannot be keyed and are left out (the caller reports them).
    """
    shelters = []
    for row in frame.itertuples(index=False):
        if not row.common_id:
            continue
        located = bool(row.location_ok)
        shelters.append(
            Shelter(
                common_id=row.common_id,
                name=row.name,
                address=row.address,
                kind=row.kind,
                hazards=frozenset(h for h in HAZARD_COLUMNS.values() if pd.notna(getattr(row, h)) and bool(getattr(row, h))),
                upper_floor_only=dict(row.upper_floor_only),
                welfare=bool(getattr(row, "accepted_persons", "")),
                lon=row.geometry.x if located else None,
                lat=row.geometry.y if located else None,
            )
        )
    return shelters


def import_shelter_file(store: ProjectStore, path: str | os.PathLike[str], feedback: Feedback | None = None) -> int:
    """Read a GSI shelter file and insert or update its shelters in the store, keyed on 共通ID.

    Returns
    -------
    int
        How many shelters were written (rows without 共通ID are reported and skipped).

    Raises
    ------
    ShelterFormatError
        If the file is not GSI shelter data.
    """
    feedback = feedback or Feedback()
    return save_shelter_frame(store, read_shelters(path, feedback), os.fspath(path), feedback)


def save_shelter_frame(store: ProjectStore, frame: gpd.GeoDataFrame, label: str, feedback: Feedback) -> int:
    """Insert or update the shelters of one file read by :func:`read_shelters` (keyed on 共通ID;
    rows without one are reported as ``label``'s and skipped); returns how many were written.

    GSI data carries no capacity and rarely the 福祉避難所 flag, so what staff typed for a shelter
    already in the project stays when the file has nothing for it."""
    for i in np.flatnonzero((frame["common_id"] == "").to_numpy()):
        feedback.warn(Problem(label, f"row {i + 1}", t("共通ID がありません。取り込みません", "共通ID is empty; not imported")))
    stored = {s.common_id: s for s in load_shelters(store)}
    shelters = [
        replace(s, capacity=s.capacity if s.capacity is not None else old.capacity, welfare=s.welfare or old.welfare)
        if (old := stored.get(s.common_id)) is not None else s
        for s in shelters_from_frame(frame)
    ]  # fmt: skip
    return import_shelters(store, shelters, source="gsi")
