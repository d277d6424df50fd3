"""River gauges and their alarm thresholds, and the ``--gauges`` table that supplies them.

The table is a CSV (UTF-8 or Shift_JIS) with exactly these columns::

    station_id,name,river,lon,lat,standby_m,caution_m,evacuation_m,danger_m,flooding_m

Thresholds are metres on the gauge's own datum; an empty cell means the gauge has no such
threshold (None, never zero).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

import numpy as np

from feeds.csvfile import parse_lonlat, parse_numbers, read_csv_rows
from feeds.errors import FeedFormatError
from i18n import t
from jobs.feedback import Feedback

Scheme = Literal["four", "three"]


@dataclass(frozen=True)
class Thresholds:
    """Alarm water levels in metres; None where the gauge has none.

    Four-threshold telemeter gauges use ``standby`` 水防団待機水位, ``caution`` 氾濫注意水位,
    ``evacuation`` 避難判断水位, ``danger`` 氾濫危険水位 and, where stated, ``flooding`` 氾濫発生
    の目安. Three-threshold 危機管理型水位計 use ``observing`` 観測開始水位, ``danger`` 危険水位 and
    ``flooding`` 氾濫開始水位.
    """

    standby: float | None = None
    caution: float | None = None
    evacuation: float | None = None
    danger: float | None = None
    flooding: float | None = None
    observing: float | None = None


@dataclass(frozen=True)
class Gauge:
    """A water-level gauge. ``lon``/``lat`` are None when the source gives no usable point."""

    station_id: str
    name: str
    river: str
    lon: float | None
    lat: float | None
    thresholds: Thresholds
    scheme: Scheme = "four"


THRESHOLD_COLUMNS = {
    "standby": "standby_m",
    "caution": "caution_m",
    "evacuation": "evacuation_m",
    "danger": "danger_m",
    "flooding": "flooding_m",
}
"""Threshold field → column of the gauge table, lowest first."""
GAUGE_COLUMNS = ("station_id", "name", "river", "lon", "lat", *THRESHOLD_COLUMNS.values())
"""The header of the gauge table."""


def read_gauge_table(path: str | os.PathLike[str], feedback: Feedback | None = None) -> list[Gauge]:
    """Read the gauge table (``--gauges``).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (columns :data:`GAUGE_COLUMNS`).
    feedback : jobs.feedback.Feedback, optional
        Receives one warning per bad row or cell: a row without ``station_id`` or repeating
        one is skipped; a bad threshold becomes None; a missing or out-of-Japan point becomes
        None; thresholds out of increasing order are reported and kept.

    Returns
    -------
    list of Gauge
        In file order, one per station id, all with the four-threshold scheme.

    Raises
    ------
    FeedFormatError
        If the file is empty, not UTF-8/CP932, or lacks a column.
    """
    feedback = feedback or Feedback()
    rows = read_csv_rows(path, GAUGE_COLUMNS, feedback, FeedFormatError)
    lon, lat, located = parse_lonlat(rows, "lon", "lat", feedback)
    levels = {name: parse_numbers(rows, column, feedback) for name, column in THRESHOLD_COLUMNS.items()}
    gauges: list[Gauge] = []
    seen: set[str] = set()
    for i, record in enumerate(rows.frame.itertuples(index=False)):
        station = record.station_id
        if not station or station in seen:
            message = (
                t("station_id が重複しています", "duplicate station_id")
                if station
                else t("station_id がありません", "station_id is empty")
            )
            rows.warn(feedback, i, "station_id", message + t("。この行は読み込みません", "; row skipped"))
            continue
        seen.add(station)
        thresholds = Thresholds(**{k: None if np.isnan(v[i]) else float(v[i]) for k, v in levels.items()})
        if not _increasing(thresholds):
            rows.warn(
                feedback,
                i,
                None,
                t(
                    "基準水位が 待機 ≤ 注意 ≤ 避難判断 ≤ 危険 ≤ 氾濫 の順になっていません",
                    "thresholds are not in increasing order standby ≤ caution ≤ evacuation ≤ danger ≤ flooding",
                ),
            )
        point = (float(lon[i]), float(lat[i])) if located[i] else (None, None)
        gauges.append(Gauge(station, record.name, record.river, *point, thresholds, "four"))
    return gauges


def _increasing(thresholds: Thresholds) -> bool:
    values = [v for v in (getattr(thresholds, name) for name in THRESHOLD_COLUMNS) if v is not None]
    return all(a <= b for a, b in zip(values, values[1:], strict=False))
