"""Warning states to and from the project store's weather history (:mod:`store.weather_history`).

After every weather poll the states a report gave are saved (idempotently: a report read twice
is stored once); :func:`load_states` gives them back as :class:`~weather.states.WarningState`
objects, in report-time order, for :func:`weather.timeline.timeline` and :func:`weather.states.replay`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from store.connection import ProjectStore
from store.weather_history import StoredReport, load_reports, save_reports
from weather.states import FloodTopic, WarningEntry, WarningState
from weather.times import JST, iso, parse_time


def save_states(store: ProjectStore, states: Iterable[WarningState], origin: str = "") -> int:
    """Save the states of one or more reports; return how many were new.

    Parameters
    ----------
    store : ProjectStore
        The open project.
    states : iterable of WarningState
        E.g. :func:`weather.read_weather` of one file.
    origin : str
        Where they come from (file path or URL), kept with each row.
    """
    return save_reports(store, [_stored(s, origin) for s in states])


def load_states(
    store: ProjectStore, area_code: str | None = None, start: datetime | None = None, end: datetime | None = None
) -> list[WarningState]:
    """Stored states (of one municipality or all, optionally between ``start`` and ``end``), oldest first."""
    bounds = [None if b is None else iso(b.astimezone(JST)) for b in (start, end)]
    return [_state(r) for r in load_reports(store, area_code, *bounds)]


def _stored(state: WarningState, origin: str) -> StoredReport:
    entries = [_entry_record(e, True) for e in state.in_force] + [_entry_record(e, False) for e in state.cancelled]
    flood = state.flood
    topic = {"code": flood.code, "name": flood.name, "rivers": list(flood.rivers), "stations": list(flood.stations)} if flood else None
    return StoredReport(
        state.area_code, state.area_name, state.source, iso(state.report_time.astimezone(JST)), state.alert_level, tuple(entries), topic, origin
    )


def _entry_record(entry: WarningEntry, in_force: bool) -> dict[str, Any]:
    since = None if entry.since is None else iso(entry.since.astimezone(JST))
    return {"code": entry.code, "name": entry.name, "status": entry.status, "level": entry.level, "since": since, "in_force": in_force}


def _state(row: StoredReport) -> WarningState:
    entries = [
        (WarningEntry(e["code"], e["name"], e["status"], e["level"], parse_time(e["since"]) if e["since"] else None), e["in_force"])
        for e in row.entries
    ]
    flood = row.flood
    topic = FloodTopic(flood["code"], flood["name"], tuple(flood["rivers"]), tuple(flood["stations"])) if flood else None
    return WarningState(
        row.area_code,
        row.area_name,
        row.source,
        parse_time(row.report_time),
        tuple(e for e, on in entries if on),
        tuple(e for e, on in entries if not on),
        row.alert_level,
        topic,
    )
