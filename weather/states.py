"""Per-municipality warning states and how a sequence of telegrams updates them.

A :class:`WarningState` is what one file says about one municipality (市町村等, a 7-digit JMA
class20 code): the entries in force, the entries lifted in this report, and the highest
警戒レベル相当 in force. JMA reports are complete statements for the areas they list (a 継続
entry is repeated, a lifted one appears once as 解除), so :func:`apply` replaces the state of
each (area, source, flood forecast area) with the newer report, keeps areas the report does not list, ignores
reports older than the state they would replace, and carries each entry's ``since`` forward.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

#: Status values of an entry (JMA's words); 発表警報・注意報はなし and なし mean "no entry".
ISSUED, CANCELLED = "発表", "解除"
NO_ENTRY_STATUSES = frozenset({"発表警報・注意報はなし", "なし"})

StateKey = tuple[str, str, str | None]


@dataclass(frozen=True)
class WarningEntry:
    """One warning, advisory or information in a municipality.

    ``code`` is JMA's two-digit kind code, ``"landslide"`` or ``"flood:NN"`` (unknown codes are
    kept raw); ``name`` is JMA's name (None for an unknown code in a file that gives no name);
    ``status`` is JMA's word (発表, 継続, 解除, 特別警報から警報 …; None when the file gives none);
    ``level`` the 警戒レベル相当 or None; ``since`` since when it has been in force, if known (the
    report time of its 発表, carried forward by :func:`apply`).
    """

    code: str
    name: str | None
    status: str | None
    level: int | None = None
    since: datetime | None = None

    def as_record(self) -> dict[str, str | None]:
        """The ``weather-status`` shape of an entry: ``{"code", "name", "status"}``."""
        return {"code": self.code, "name": self.name, "status": self.status}


@dataclass(frozen=True)
class FloodTopic:
    """The 指定河川洪水予報 a flood-forecast state belongs to: its forecast area and rivers."""

    code: str | None
    name: str | None
    rivers: tuple[str, ...] = ()
    stations: tuple[str, ...] = ()


@dataclass(frozen=True)
class WarningState:
    """What one report says about one municipality.

    ``report_time`` is tz-aware; ``alert_level`` is the highest level in force (None when
    nothing with a level is in force). ``flood`` is set for flood-forecast states: one
    municipality may be under several forecasts (one per river section) at once, so those
    states are kept apart per forecast area.
    """

    area_code: str
    area_name: str | None
    source: str
    report_time: datetime
    in_force: tuple[WarningEntry, ...] = ()
    cancelled: tuple[WarningEntry, ...] = ()
    alert_level: int | None = None
    flood: FloodTopic | None = None

    @property
    def key(self) -> StateKey:
        """What a newer report replaces: (area code, source, flood forecast area or None)."""
        return (self.area_code, self.source, self.flood.code if self.flood else None)


def make_state(
    area_code: str,
    area_name: str | None,
    source: str,
    report_time: datetime,
    entries: Iterable[WarningEntry],
    flood: FloodTopic | None = None,
) -> WarningState:
    """Build a state from a report's entries, splitting them into in force / cancelled.

    Entries issued in this report (発表) get ``since = report_time`` unless they carry one.
    ``alert_level`` is the highest level in force.
    """
    in_force: list[WarningEntry] = []
    cancelled: list[WarningEntry] = []
    for entry in entries:
        if entry.status == CANCELLED:
            cancelled.append(entry)
        else:
            in_force.append(replace(entry, since=report_time) if entry.status == ISSUED and entry.since is None else entry)
    return WarningState(
        area_code, area_name, source, report_time, tuple(in_force), tuple(cancelled), highest_level(in_force), flood
    )


def highest_level(entries: Iterable[WarningEntry]) -> int | None:
    """The highest 警戒レベル相当 among ``entries``, or None when none carries a level."""
    return max((e.level for e in entries if e.level is not None), default=None)


def apply(previous: Mapping[StateKey, WarningState], new: Iterable[WarningState]) -> dict[StateKey, WarningState]:
    """The states after a report: ``previous`` updated with the report's ``new`` states.

    Parameters
    ----------
    previous
        Current states by :attr:`WarningState.key` (not modified).
    new
        The states one report gives (e.g. :func:`weather.read_weather` of one file).

    Returns
    -------
    dict
        A new mapping. A new state replaces the one with the same key unless it is older (a
        late or replayed report never rolls a state back). Entries still in force keep the
        ``since`` of the previous state (a kind in force in both reports has been in force
        since the earlier time, even when the newer report says 発表 again). Areas the report does not list keep their state.

    Examples
    --------
    >>> states = {}
    >>> for report in reports:  # doctest: +SKIP
    ...     states = apply(states, report)
    """
    result = dict(previous)
    for state in new:
        before = result.get(state.key)
        if before is not None and before.report_time > state.report_time:
            continue
        result[state.key] = _carry_since(before, state) if before is not None else state
    return result


def replay(reports: Iterable[Iterable[WarningState]]) -> dict[StateKey, WarningState]:
    """The states after applying ``reports`` in order, starting from nothing."""
    states: dict[StateKey, WarningState] = {}
    for report in reports:
        states = apply(states, report)
    return states


def area_level(states: Iterable[WarningState], area_code: str) -> int | None:
    """The highest level in force in one municipality over every source and forecast."""
    return max((s.alert_level for s in states if s.area_code == area_code and s.alert_level is not None), default=None)


def _carry_since(before: WarningState, after: WarningState) -> WarningState:
    known = {e.code: e.since for e in before.in_force if e.since is not None}
    in_force = tuple(replace(e, since=known[e.code]) if e.code in known else e for e in after.in_force)
    return replace(after, in_force=in_force)
