"""Water-level series in the simple CSV form ``station_id,time,level_m``.

``time`` is ISO 8601; a time without offset is JST (``2026-06-03T05:10:00`` means +09:00).
``2026/06/03 05:10`` as Excel writes it is accepted too (see :mod:`feeds.times`). An empty
``level_m`` is a missing reading (NaN, not a problem); a value that is not a number is reported
and becomes NaN; a row without a station or a readable time is reported and skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from feeds.csvfile import Rows, parse_numbers, rows_from_bytes
from feeds.errors import FeedFormatError
from feeds.gauges import Gauge
from feeds.series import MISSING, OK, LevelSeries, group_series
from feeds.times import JST, parse_jst
from i18n import t
from jobs.feedback import Feedback

__all__ = ["JST", "LEVEL_COLUMNS", "levels_from_bytes", "read_simple_levels", "simple_series"]

LEVEL_COLUMNS = ("station_id", "time", "level_m")
INTERVAL = pd.Timedelta(minutes=10)
"""Nominal interval of a simple CSV when it holds fewer than two readings per gauge."""


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
    return levels_from_bytes(Path(path).read_bytes(), os.fspath(path), feedback)


def levels_from_bytes(data: bytes, label: str, feedback: Feedback | None = None) -> pd.DataFrame:
    """:func:`read_simple_levels` on bytes already read; ``label`` names the file in problems."""
    feedback = feedback or Feedback()
    rows = rows_from_bytes(data, LEVEL_COLUMNS, feedback, FeedFormatError, label)
    levels = parse_numbers(rows, "level_m", feedback)
    times = parse_jst(rows.frame["time"])
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


def simple_series(frame: pd.DataFrame, gauges: dict[str, Gauge] | None = None) -> list[LevelSeries]:
    """One :class:`~feeds.series.LevelSeries` per station of a :func:`read_simple_levels` frame.

    The CSV carries no gauge metadata: ``gauges`` (e.g. the demo's gauges.csv) may supply it.
    An empty level is flagged ``missing``.
    """
    levels = frame["level_m"].to_numpy(dtype=float)
    flags = np.where(np.isnan(levels), MISSING, OK).astype(object)
    stations = frame["station_id"].to_numpy(dtype=str)
    return group_series(stations, frame["time"], levels, flags, gauges or {}, INTERVAL, "simple_csv")
