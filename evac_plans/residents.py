"""The roster of residents needing evacuation support (避難行動要支援者名簿) from a CSV.

The columns are those of the demo roster (documented in the demo README); the six items the
law requires of a roster (氏名, 生年月日, 性別, 住所, 連絡先, 事由) and 住民ID must be present,
the rest may be absent. Messages name the line and column but never quote a value: everything
in a roster is personal data.
"""

from __future__ import annotations

import dataclasses
import os

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from evac_plans.errors import RosterFormatError
from feeds.csvfile import Rows, parse_lonlat, read_csv_rows
from i18n import t
from jobs.feedback import Feedback

RESIDENT_COLUMNS = {
    "住民ID": "person_id",
    "氏名": "name",
    "ふりがな": "kana",
    "生年月日": "birth_date",
    "性別": "sex",
    "住所": "address",
    "電話番号": "phone",
    "避難支援等を必要とする事由": "reason",
    "要介護度": "care_level",
    "移動": "mobility",
    "医療的ケア": "medical_care",
    "世帯": "household",
    "町内会": "neighbourhood",
    "民生委員地区": "welfare_district",
    "名簿提供同意": "consent_roster",
    "計画共有同意": "consent_plan",
    "同意日": "consent_date",
    "建物ID": "building_id",
    "経度": "lon",
    "緯度": "lat",
}
"""Roster CSV column → GeoDataFrame column."""
REQUIRED = ("住民ID", "氏名", "生年月日", "性別", "住所", "電話番号", "避難支援等を必要とする事由")
ALLOWED = {
    "性別": ("男", "女", "その他", "不明"),
    "要介護度": ("なし", "要支援1", "要支援2", "要介護1", "要介護2", "要介護3", "要介護4", "要介護5"),
    "移動": ("独歩", "杖", "歩行器", "車いす", "寝たきり"),
    "医療的ケア": ("在宅酸素", "人工呼吸器", "透析", "吸引", "経管栄養"),
}
"""Accepted values of the coded columns (an empty cell is accepted as unknown)."""
CONSENT_VALUES = {"1": True, "0": False, "": False}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d")


def read_residents(path: str | os.PathLike[str], feedback: Feedback | None = None) -> gpd.GeoDataFrame:
    """Read a roster CSV (UTF-8 with/without BOM, or CP932).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file with the columns of :data:`RESIDENT_COLUMNS`.
    feedback : jobs.feedback.Feedback, optional
        Receives one warning per bad cell or row (never with the value): a row without
        住民ID, or repeating one, is skipped; a bad date becomes NaT; a coded value outside
        :data:`ALLOWED` is kept as given and reported; a consent flag other than 1/0 counts
        as no consent; a home without a usable point gets an empty geometry.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:6668 home points, one row per person, with the English column names of
        :data:`RESIDENT_COLUMNS` (``birth_date`` and ``consent_date`` as datetimes,
        ``consent_*`` as booleans) and ``location_ok``.

    Raises
    ------
    RosterFormatError
        If the file is empty, not UTF-8/CP932, or lacks a required column.
    """
    feedback = feedback or Feedback()
    rows = read_csv_rows(path, REQUIRED, feedback, RosterFormatError)
    keep = _unique_ids(rows, feedback)
    src = rows.frame[keep].reset_index(drop=True)
    for ja in RESIDENT_COLUMNS:
        if ja not in src:
            src[ja] = ""
    rows = dataclasses.replace(rows, frame=src, places=rows.places[keep])
    for ja in ("生年月日", "同意日"):
        src[ja] = _dates(rows, ja, feedback)
    for ja, values in ALLOWED.items():
        _check_codes(rows, ja, values, feedback)
    for ja in ("名簿提供同意", "計画共有同意"):
        src[ja] = _consent(rows, ja, feedback)
    lon, lat, ok = parse_lonlat(rows, "経度", "緯度", feedback, show_values=False)
    frame = src[list(RESIDENT_COLUMNS)].rename(columns=RESIDENT_COLUMNS)
    frame["lon"], frame["lat"], frame["location_ok"] = lon, lat, ok
    geometry = np.where(ok, shapely.points(np.nan_to_num(lon), np.nan_to_num(lat)), None)
    return gpd.GeoDataFrame(frame, geometry=list(geometry), crs="EPSG:6668")


def _unique_ids(rows: Rows, feedback: Feedback) -> np.ndarray:
    ids = rows.frame["住民ID"]
    empty = (ids == "").to_numpy()
    repeated = ids.duplicated().to_numpy() & ~empty
    for i in np.flatnonzero(empty | repeated):
        message = t("住民ID が重複しています", "duplicate 住民ID") if repeated[i] else t("住民ID がありません", "住民ID is empty")
        rows.warn(feedback, int(i), "住民ID", message + t("。この行は読み込みません", "; row skipped"))
    return ~(empty | repeated)


def _dates(rows: Rows, column: str, feedback: Feedback) -> pd.Series:
    cells = rows.frame[column]
    dates = pd.Series(pd.NaT, index=cells.index, dtype="datetime64[ns]")
    for fmt in DATE_FORMATS:
        todo = dates.isna() & (cells != "")
        dates[todo] = pd.to_datetime(cells[todo], format=fmt, errors="coerce")
    for i in np.flatnonzero((dates.isna() & (cells != "")).to_numpy()):
        rows.warn(feedback, int(i), column, t("日付 (YYYY-MM-DD) のはずです", "expected a date YYYY-MM-DD"))
    return dates


def _check_codes(rows: Rows, column: str, allowed: tuple[str, ...], feedback: Feedback) -> None:
    cells = rows.frame[column]
    for i in np.flatnonzero((~cells.isin(allowed) & (cells != "")).to_numpy()):
        rows.warn(
            feedback,
            int(i),
            column,
            t("次のいずれかのはずです: {a}", "expected one of: {a}", a=" / ".join(allowed)),
        )


def _consent(rows: Rows, column: str, feedback: Feedback) -> pd.Series:
    cells = rows.frame[column]
    for i in np.flatnonzero((~cells.isin(CONSENT_VALUES)).to_numpy()):
        rows.warn(
            feedback,
            int(i),
            column,
            t("1 (同意) か 0 のはずです。同意なしとして扱います", "expected 1 (consent) or 0; taken as no consent"),
        )
    return cells.map(CONSENT_VALUES).fillna(False).astype(bool)
