"""Level series to and from the project store's feed history (:mod:`store.feed_history`).

After every poll the new readings of each gauge are saved (idempotently: a reading seen twice
is stored once); the hydrograph of a gauge is loaded back as a :class:`LevelSeries` with the
same flags, so charts show stored gaps and flagged points exactly as live ones.
"""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd

from feeds.gauges import Gauge, Thresholds
from feeds.series import LevelSeries, bare_gauge, make_series
from feeds.times import JST
from store.connection import ProjectStore
from store.feed_history import StoredGauge, load_gauge, load_readings, save_gauge, save_readings

HISTORY_INTERVAL = pd.Timedelta(minutes=10)
"""Nominal interval of a stored series with fewer than two readings."""


def save_series(store: ProjectStore, series: LevelSeries) -> int:
    """Save a series' gauge metadata and readings; return how many readings were new.

    Parameters
    ----------
    store : ProjectStore
        The open project.
    series : LevelSeries
        A quality-checked series (its flags are stored with the readings).
    """
    g = series.gauge
    save_gauge(store, StoredGauge(g.station_id, g.name, g.river, g.scheme, g.lon, g.lat, asdict(g.thresholds), ""))
    times = pd.DatetimeIndex(series.times).tz_localize("UTC").tz_convert(JST)
    stamps = [x.isoformat(timespec="seconds") for x in times]
    levels = [None if np.isnan(v) else float(v) for v in series.levels]
    return save_readings(store, g.station_id, stamps, levels, [str(f) for f in series.flags], series.source)


def load_series(store: ProjectStore, gauge_id: str, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None) -> LevelSeries:
    """A gauge's stored readings (optionally between ``start`` and ``end``) as a series.

    The gauge's saved metadata is used when there is some, else a bare gauge.
    """
    stored = load_readings(store, gauge_id, _bound(start), _bound(end))
    meta = load_gauge(store, gauge_id)
    gauge = _gauge(meta) if meta else bare_gauge(gauge_id)
    times = pd.to_datetime(pd.Series(stored.times, dtype=object), format="ISO8601", utc=True)
    levels = np.array([np.nan if v is None else v for v in stored.levels], dtype=float)
    source = stored.sources[-1] if stored.sources else "history"
    return make_series(gauge, times, levels, np.array(stored.flags, dtype=object), HISTORY_INTERVAL, source)


def _bound(value: pd.Timestamp | None) -> str | None:
    return None if value is None else pd.Timestamp(value).tz_convert(JST).isoformat(timespec="seconds")


def _gauge(meta: StoredGauge) -> Gauge:
    return Gauge(meta.gauge_id, meta.name, meta.river, meta.lon, meta.lat, Thresholds(**meta.thresholds), meta.scheme)  # type: ignore[arg-type]
