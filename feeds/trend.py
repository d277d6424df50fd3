"""Trend (rising / falling, metres per hour) and the stale rule, on numpy arrays.

Trend: the least-squares slope of the valid readings in the :data:`TREND_WINDOW` ending at the
last valid reading (at least two readings); ``rising`` at or above :data:`STEADY_M_PER_H`,
``falling`` at or below its negative, ``steady`` between, ``unknown`` with fewer than two.

Stale: a reading is stale when it is older than **twice the feed's usual interval**
(:func:`is_stale`): a 10-minute feed is stale 20 minutes after its last reading, an hourly one
after 2 hours. Feeds fail exactly during floods, so the age is always shown with the status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

TREND_WINDOW = pd.Timedelta(hours=1)
"""How far back from the last valid reading the trend looks."""
STEADY_M_PER_H = 0.05
"""Slopes smaller than this (m/h) in either direction count as steady."""
STALE_FACTOR = 2
"""A reading older than this many usual intervals is stale."""

Direction = Literal["rising", "falling", "steady", "unknown"]


@dataclass(frozen=True)
class Trend:
    """Direction and rate (m/h, None when unknown) of the last hour of valid readings."""

    direction: Direction
    rate_m_per_h: float | None


def trend(times: np.ndarray, levels: np.ndarray, valid: np.ndarray) -> Trend:
    """The trend of a gauge from its readings.

    Parameters
    ----------
    times : numpy.ndarray
        ``datetime64`` reading times, sorted.
    levels : numpy.ndarray
        Levels in metres.
    valid : numpy.ndarray
        Which readings may be used.

    Returns
    -------
    Trend

    Examples
    --------
    >>> ts = np.array(["2026-06-03T05:00", "2026-06-03T05:30", "2026-06-03T06:00"], dtype="datetime64[ns]")
    >>> trend(ts, np.array([1.0, 1.2, 1.4]), np.ones(3, bool))
    Trend(direction='rising', rate_m_per_h=0.4)
    """
    idx = np.flatnonzero(valid)
    if idx.size < 2:
        return Trend("unknown", None)
    tt = np.asarray(times)[idx]
    recent = tt >= tt[-1] - TREND_WINDOW.to_timedelta64()
    if recent.sum() < 2:
        return Trend("unknown", None)
    hours = (tt[recent] - tt[recent][-1]) / np.timedelta64(1, "h")
    x = np.asarray(levels, dtype=float)[idx][recent]
    dh = hours - hours.mean()
    spread = float((dh * dh).sum())
    if spread == 0.0:  # every recent reading at one moment (a feed repeating its timestamp): no slope
        return Trend("unknown", None)
    rate = round(float((dh * (x - x.mean())).sum()) / spread, 4)
    direction: Direction = "rising" if rate >= STEADY_M_PER_H else "falling" if rate <= -STEADY_M_PER_H else "steady"
    return Trend(direction, rate)


def is_stale(last_time: pd.Timestamp | np.datetime64 | None, now: pd.Timestamp | np.datetime64, interval: pd.Timedelta) -> bool:
    """True when the last reading is older than twice the feed's usual interval.

    Parameters
    ----------
    last_time : pandas.Timestamp, numpy.datetime64 or None
        Time of the last reading (None: no reading at all, which is stale). Naive values are
        UTC instants, as in :class:`~feeds.series.LevelSeries`.
    now : pandas.Timestamp or numpy.datetime64
        The current time (naive: UTC).
    interval : pandas.Timedelta
        The feed's usual interval between readings.

    Examples
    --------
    >>> t0 = pd.Timestamp("2026-06-03T05:00+09:00")
    >>> is_stale(t0, t0 + pd.Timedelta(minutes=20), pd.Timedelta(minutes=10))
    False
    >>> is_stale(t0, t0 + pd.Timedelta(minutes=21), pd.Timedelta(minutes=10))
    True
    """
    if last_time is None:
        return True
    return _utc(now) - _utc(last_time) > STALE_FACTOR * pd.Timedelta(interval)


def _utc(value: pd.Timestamp | np.datetime64) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
