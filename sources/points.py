"""The points CSV of ``hazard-sample``: ``id,lon,lat`` (JGD2011 / WGS84 degrees), UTF-8 or Shift_JIS."""

from __future__ import annotations

import csv
import io
import math
import os
from dataclasses import dataclass

import numpy as np

from i18n import t
from jobs.feedback import Feedback, Problem

COLUMNS = ("id", "lon", "lat")
_ENCODINGS = ("utf-8-sig", "cp932")


@dataclass(frozen=True)
class Points:
    """Points read from a CSV: ``ids`` as given, ``lonlat`` shape (n, 2) (column 0 longitude)."""

    ids: list[str]
    lonlat: np.ndarray


def read_points(path: str | os.PathLike[str], feedback: Feedback) -> Points | None:
    """Read an ``id,lon,lat`` CSV (other columns are ignored; header names are case-insensitive).

    A row with a missing or non-numeric coordinate, or one outside −180…180 / −90…90, is
    reported as a warning with its line number and left out.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file, UTF-8 (with or without BOM) or Shift_JIS (cp932).
    feedback : Feedback
        Receives an error when the file cannot be read, warnings for single rows.

    Returns
    -------
    Points or None
        None when the file cannot be read (the error has been reported).
    """
    label = os.fspath(path)
    text = _decode(label, feedback)
    if text is None:
        return None
    rows = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(rows, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        feedback.error(Problem(label, t("1 行目", "line 1"), t(
            "列 id, lon, lat が必要です (見つからない列: {m})", "columns id, lon, lat are required (missing: {m})",
            m=", ".join(missing))))  # fmt: skip
        return None
    at = [header.index(c) for c in COLUMNS]
    ids: list[str] = []
    coords: list[tuple[float, float]] = []
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        problem = _row_problem(row, at)
        if problem:
            feedback.warn(Problem(label, t("{n} 行目", "line {n}", n=line), problem))
            continue
        ids.append(row[at[0]].strip())
        coords.append((float(row[at[1]]), float(row[at[2]])))
    return Points(ids, np.array(coords, dtype=float).reshape(-1, 2))


def _decode(label: str, feedback: Feedback) -> str | None:
    try:
        with open(label, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        message = t("ファイルが見つかりません", "no such file") if isinstance(exc, FileNotFoundError) else str(exc)
        feedback.error(Problem(label, None, message))
        return None
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    feedback.error(Problem(label, None, t("UTF-8 でも Shift_JIS でもありません", "neither UTF-8 nor Shift_JIS text")))
    return None


def _row_problem(row: list[str], at: list[int]) -> str | None:
    if len(row) <= max(at):
        return t("列が足りません ({n} 列)", "too few columns ({n})", n=len(row))
    try:
        lon, lat = float(row[at[1]]), float(row[at[2]])
    except ValueError:
        return t("経度・緯度が数値ではありません: {v!r}", "lon/lat is not a number: {v!r}", v=f"{row[at[1]]},{row[at[2]]}")
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        return t("経度・緯度が範囲外です: {lon}, {lat}", "lon/lat out of range: {lon}, {lat}", lon=lon, lat=lat)
    return None
