"""River-gauge history (tables of ``m003_feed_history``): gauges as last seen and their readings.

Readings are keyed by (gauge, time): saving the same reading twice changes nothing, and a
reading re-sent with a corrected value replaces the stored one. Times are ISO 8601 strings in
one fixed offset (callers write JST, ``2026-06-03T05:10:00+09:00``) so that text order is time
order. Callers get plain dataclasses; :mod:`feeds.history` converts them to level series.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from i18n import t
from store.connection import ProjectStore
from store.errors import StoreError
from store.rows import now


@dataclass(frozen=True)
class StoredGauge:
    """A gauge as last saved; ``thresholds`` maps threshold names to metres (None when absent)."""

    gauge_id: str
    name: str
    river: str
    scheme: str
    lon: float | None
    lat: float | None
    thresholds: dict[str, float | None]
    updated_at: str


@dataclass(frozen=True)
class StoredReadings:
    """A gauge's stored readings in time order, as parallel tuples (level None when missing)."""

    gauge_id: str
    times: tuple[str, ...]
    levels: tuple[float | None, ...]
    flags: tuple[str, ...]
    sources: tuple[str, ...]


def save_gauge(store: ProjectStore, gauge: StoredGauge) -> None:
    """Insert or replace a gauge's metadata (``updated_at`` is set to now)."""
    row = {
        "gauge_id": gauge.gauge_id,
        "name": gauge.name,
        "river": gauge.river,
        "scheme": gauge.scheme,
        "lon": gauge.lon,
        "lat": gauge.lat,
        "thresholds": json.dumps(gauge.thresholds, ensure_ascii=False),
        "updated_at": now(),
    }
    with store.db.atomic():
        store.db["feed_gauges"].upsert(row, pk="gauge_id")


def load_gauge(store: ProjectStore, gauge_id: str) -> StoredGauge | None:
    """The saved metadata of ``gauge_id``, or None."""
    rows = list(store.db.query("select * from feed_gauges where gauge_id = ?", [gauge_id]))
    if not rows:
        return None
    r = rows[0]
    return StoredGauge(
        r["gauge_id"], r["name"] or "", r["river"] or "", r["scheme"], r["lon"], r["lat"], json.loads(r["thresholds"]), r["updated_at"]
    )


def save_readings(
    store: ProjectStore,
    gauge_id: str,
    times: Sequence[str],
    levels: Sequence[float | None],
    flags: Sequence[str],
    source: str = "",
) -> int:
    """Insert or update readings of one gauge in one transaction.

    Parameters
    ----------
    store : ProjectStore
        The open project.
    gauge_id : str
        The station code.
    times : sequence of str
        ISO 8601 times in one fixed offset (see the module docstring).
    levels : sequence of float or None
        Metres; None or NaN for a missing reading.
    flags : sequence of str
        ``""`` for a good reading, else why it is not (``missing``, ``spike`` …).
    source : str
        Where the readings come from (format or URL).

    Returns
    -------
    int
        How many (gauge, time) pairs were new; re-saving the same readings returns 0.

    Raises
    ------
    StoreError
        If the three sequences differ in length.
    """
    if not len(times) == len(levels) == len(flags):
        raise StoreError(
            t(
                "時刻・水位・フラグの数がそろっていません ({a}, {b}, {c})",
                "times, levels and flags differ in length ({a}, {b}, {c})",
                a=len(times),
                b=len(levels),
                c=len(flags),
            )
        )
    rows = (
        {"gauge_id": gauge_id, "time": tm, "level_m": _level(lv), "flag": fl, "source": source}
        for tm, lv, fl in zip(times, levels, flags, strict=True)
    )
    with store.db.atomic():
        before = _count(store, gauge_id)
        store.db["feed_readings"].upsert_all(rows, pk=("gauge_id", "time"))
        return _count(store, gauge_id) - before


def load_readings(store: ProjectStore, gauge_id: str, start: str | None = None, end: str | None = None) -> StoredReadings:
    """A gauge's readings with ``start <= time <= end`` (either bound optional), in time order."""
    where, params = "gauge_id = ?", [gauge_id]
    if start is not None:
        where, params = where + " and time >= ?", [*params, start]
    if end is not None:
        where, params = where + " and time <= ?", [*params, end]
    rows = list(store.db.execute(f"select time, level_m, flag, source from feed_readings where {where} order by time", params))
    columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
    return StoredReadings(gauge_id, *(tuple(c) for c in columns))


def gauge_ids(store: ProjectStore) -> list[str]:
    """Station codes with stored readings or metadata, sorted."""
    query = "select gauge_id from feed_readings union select gauge_id from feed_gauges order by gauge_id"
    return [r[0] for r in store.db.execute(query)]


def _level(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _count(store: ProjectStore, gauge_id: str) -> int:
    return store.db.execute("select count(*) from feed_readings where gauge_id = ?", [gauge_id]).fetchone()[0]


__all__ = [
    "StoredGauge",
    "StoredReadings",
    "gauge_ids",
    "load_gauge",
    "load_readings",
    "save_gauge",
    "save_readings",
]
