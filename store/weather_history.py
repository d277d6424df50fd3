"""Weather history (table of ``m006_weather_history``): what each JMA report said per municipality.

A row is one report's statement about one municipality (市町村等, 7-digit class20 code) for one
source (``jma-warning-json``, ``jma-xml-landslide`` …) and, for 指定河川洪水予報, one forecast
area. Rows are keyed by (area, source, flood forecast area, report time): saving the same
report twice stores it once. Times are ISO 8601 strings in JST (``2026-06-03T05:10:00+09:00``)
so that text order is time order. Callers get plain dataclasses; :mod:`weather.history`
converts them to and from :class:`weather.states.WarningState`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from store.connection import ProjectStore
from store.rows import now


@dataclass(frozen=True)
class StoredReport:
    """One report about one municipality, as stored.

    ``entries`` are ``{code, name, status, level, since, in_force}`` mappings (``since`` ISO
    8601 or None; ``in_force`` False for the entries the report lifted). ``flood`` is the flood
    forecast topic ``{code, name, rivers, stations}`` or None.
    """

    area_code: str
    area_name: str | None
    source: str
    report_time: str
    alert_level: int | None
    entries: tuple[dict[str, Any], ...]
    flood: dict[str, Any] | None = None
    origin: str = ""


def save_reports(store: ProjectStore, reports: Sequence[StoredReport]) -> int:
    """Insert the reports not yet stored, in one transaction; return how many were new.

    Parameters
    ----------
    store : ProjectStore
        The open project.
    reports : sequence of StoredReport
        Reports in any order; one already stored (same key) is left as it is.
    """
    rows = [
        {
            "area_code": r.area_code,
            "source": r.source,
            "flood_code": (r.flood or {}).get("code") or "",
            "report_time": r.report_time,
            "area_name": r.area_name,
            "alert_level": r.alert_level,
            "flood": json.dumps(r.flood, ensure_ascii=False) if r.flood else "",
            "entries": json.dumps(list(r.entries), ensure_ascii=False),
            "origin": r.origin,
            "saved_at": now(),
        }
        for r in reports
    ]
    with store.db.atomic():
        before = _count(store)
        store.db["weather_reports"].insert_all(rows, pk=("area_code", "source", "flood_code", "report_time"), ignore=True)
        return _count(store) - before


def load_reports(
    store: ProjectStore, area_code: str | None = None, start: str | None = None, end: str | None = None
) -> list[StoredReport]:
    """Stored reports in time order, of one municipality or all, with ``start <= time <= end``.

    Parameters
    ----------
    store : ProjectStore
        The open project.
    area_code : str, optional
        A 7-digit municipality code (all municipalities when None).
    start, end : str, optional
        ISO 8601 bounds in JST (either optional).
    """
    clauses, params = [], []
    for column, op, value in (("area_code", "=", area_code), ("report_time", ">=", start), ("report_time", "<=", end)):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    where = " where " + " and ".join(clauses) if clauses else ""
    query = f"select * from weather_reports{where} order by report_time, area_code, source, flood_code"
    return [_report(row) for row in store.db.query(query, params)]


def stored_areas(store: ProjectStore) -> list[str]:
    """Municipality codes with stored reports, sorted."""
    return [r[0] for r in store.db.execute("select distinct area_code from weather_reports order by area_code")]


def _report(row: dict[str, Any]) -> StoredReport:
    return StoredReport(
        row["area_code"],
        row["area_name"],
        row["source"],
        row["report_time"],
        row["alert_level"],
        tuple(json.loads(row["entries"])),
        json.loads(row["flood"]) if row["flood"] else None,
        row["origin"] or "",
    )


def _count(store: ProjectStore) -> int:
    return store.db.execute("select count(*) from weather_reports").fetchone()[0]


__all__ = ["StoredReport", "load_reports", "save_reports", "stored_areas"]
