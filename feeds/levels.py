"""Water-level series in the simple CSV form ``station_id,time,level_m``.

``time`` is ISO 8601; a time without offset is JST (``2026-06-03T05:10:00`` means +09:00).
``2026/06/03 05:10`` as Excel writes it is accepted too. An empty ``level_m`` is a missing
reading (NaN, not a problem); a value that is not a number is reported and becomes NaN; a row
without a station or a readable time is reported and skipped.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from feeds.csvfile import Rows, parse_numbers, read_csv_rows
from feeds.errors import FeedFormatError
from i18n import t
from jobs.feedback import Feedback

JST = "Asia/Tokyo"
LEVEL_COLUMNS = ("station_id", "time", "level_m")
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_EXCEL_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")


def read_simple_levels(path: str | os.PathLike[str], feedback: Feedback | None = None) -> pd.DataFrame:
    """Read a ``station_id,time,level_m`` CSV.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (UTF-8 or Shift_JIS).
    feedback : jobs.feedback.Feedback, optional
        Receives one warning per bad row or cell, with its line and column.

    Returns
    -------
    pandas.DataFrame
        Columns ``station_id`` (str), ``time`` (datetime, tz Asia/Tokyo), ``level_m``
        (float, NaN for missing), in file order.

    Raises
    ------
    FeedFormatError
        If the file is empty, not UTF-8/CP932, or lacks a column.
    """
    feedback = feedback or Feedback()
    rows = read_csv_rows(path, LEVEL_COLUMNS, feedback, FeedFormatError)
    levels = parse_numbers(rows, "level_m", feedback)
    times = _parse_times(rows.frame["time"])
    no_station = (rows.frame["station_id"] == "").to_numpy()
    bad_time = times.isna().to_numpy()
    _report(rows, feedback, no_station, bad_time)
    keep = ~no_station & ~bad_time
    return pd.DataFrame(
        {
            "station_id": rows.frame["station_id"].to_numpy()[keep].astype(str),
            "time": times[keep].reset_index(drop=True),
            "level_m": levels[keep],
        }
    )


def _parse_times(cells: pd.Series) -> pd.Series:
    """ISO 8601 (offset or JST) first, then the Excel slash forms as JST; NaT where none fits."""
    aware = cells.str.contains(_OFFSET, regex=True)
    times = pd.Series(pd.NaT, index=cells.index, dtype=f"datetime64[ns, {JST}]")
    if aware.any():
        parsed = pd.to_datetime(cells[aware], format="ISO8601", utc=True, errors="coerce")
        times[aware] = parsed.dt.tz_convert(JST)
    naive = ~aware
    for fmt in ("ISO8601", *_EXCEL_FORMATS):
        todo = naive & times.isna()
        if not todo.any():
            break
        parsed = pd.to_datetime(cells[todo], format=fmt, errors="coerce")
        times[todo] = parsed.dt.tz_localize(JST)
    return times


def _report(rows: Rows, feedback: Feedback, no_station: np.ndarray, bad_time: np.ndarray) -> None:
    skipped = t("。この行は読み込みません", "; row skipped")
    for i in np.flatnonzero(no_station):
        rows.warn(feedback, int(i), "station_id", t("station_id がありません", "station_id is empty") + skipped)
    for i in np.flatnonzero(bad_time & ~no_station):
        rows.warn(
            feedback,
            int(i),
            "time",
            t(
                "ISO 8601 の時刻 (例 2026-06-03T05:10:00+09:00) のはずですが「{v}」でした",
                "expected an ISO 8601 time such as 2026-06-03T05:10:00+09:00, got {v!r}",
                v=rows.frame["time"].iloc[i],
            )
            + skipped,
        )
