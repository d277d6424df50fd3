"""Per-municipality timelines: when each warning was issued (発表), continued (継続) and lifted (解除).

JMA reports are complete statements for the areas they list (:mod:`weather.states`), so a
sequence of reports, oldest first, says for each municipality and each kind of entry:

* ``issued``: in force now and not in the previous report of the same source (whatever word the
  report uses: 発表, or a transition such as 特別警報から警報, kept in ``status``);
* ``continued``: in force now and in the previous report;
* ``lifted``: listed as 解除, or in force in the previous report and absent from this one
  (``status`` None: the report dropped it without saying 解除).

Reports are kept apart per (area, source, flood forecast area) as in :func:`weather.states.apply`;
a report seen twice (same key and time) counts once. :func:`periods` folds the events into
intervals (start, end or None while still in force) for a chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from i18n import t
from weather.states import StateKey, WarningEntry, WarningState

Change = Literal["issued", "continued", "lifted"]

CHANGE_LABELS: dict[Change, tuple[str, str]] = {
    "issued": ("発表", "issued"),
    "continued": ("継続", "continued"),
    "lifted": ("解除", "lifted"),
}
"""Change → display label (ja, en)."""


@dataclass(frozen=True)
class TimelineEvent:
    """One entry of one report for one municipality, and what it changed.

    ``status`` is JMA's word as the report gives it (None when an entry was dropped without
    解除); ``flood_area`` is the 指定河川洪水予報 forecast area (None for other sources).
    """

    time: datetime
    area_code: str
    source: str
    code: str
    name: str | None
    change: Change
    status: str | None
    level: int | None
    flood_area: str | None = None

    @property
    def label(self) -> str:
        """The change in the user's language (発表 / 継続 / 解除)."""
        return t(*CHANGE_LABELS[self.change])


@dataclass(frozen=True)
class Period:
    """One stretch of time an entry was in force in a municipality (``end`` None: still in force).

    ``start`` is the time of its first report in the history (its 発表, or the first report seen
    when the history starts while it is in force); ``last_seen`` the last report that had it.
    """

    area_code: str
    source: str
    code: str
    name: str | None
    level: int | None
    start: datetime
    end: datetime | None
    last_seen: datetime
    flood_area: str | None = None


def timeline(states: Iterable[WarningState], area_code: str | None = None) -> list[TimelineEvent]:
    """The events of a history of reports, oldest first.

    Parameters
    ----------
    states : iterable of WarningState
        Reports in any order (e.g. :func:`weather.history.load_states`, or the states of several
        files); sorted here by report time (ties keep the given order).
    area_code : str, optional
        Keep only this municipality (7-digit code).

    Returns
    -------
    list of TimelineEvent
        Per report: the entries in force (issued or continued), then those lifted.

    Examples
    --------
    >>> events = timeline(states_of_telegrams, "3320900")  # doctest: +SKIP
    >>> [(e.time.strftime("%H:%M"), e.name, e.label) for e in events]  # doctest: +SKIP
    [('15:37', '土砂災害警戒情報', '発表'), ('17:50', '土砂災害警戒情報', '解除')]
    """
    chosen = [s for s in states if area_code is None or s.area_code == area_code]
    active: dict[StateKey, dict[str, WarningEntry]] = {}
    seen: set[tuple[StateKey, datetime]] = set()
    events: list[TimelineEvent] = []
    for state in sorted(chosen, key=lambda s: s.report_time):
        if (state.key, state.report_time) in seen:
            continue
        seen.add((state.key, state.report_time))
        before = active.get(state.key, {})
        now = {e.code: e for e in state.in_force}
        said_lifted = {e.code for e in state.cancelled}
        flood = state.flood.code if state.flood else None
        for entry in state.in_force:
            change: Change = "continued" if entry.code in before else "issued"
            events.append(_event(state, entry, change, entry.status, flood))
        for entry in state.cancelled:
            events.append(_event(state, entry, "lifted", entry.status, flood))
        for code, entry in before.items():
            if code not in now and code not in said_lifted:
                events.append(_event(state, entry, "lifted", None, flood))
        active[state.key] = now
    return events


def periods(events: Sequence[TimelineEvent]) -> list[Period]:
    """Fold :func:`timeline` events into the intervals each entry was in force, by start time.

    A lift of an entry that was not in force (the history starts with its 解除) gives no period.
    """
    open_: dict[tuple[str, str, str | None, str], Period] = {}
    done: list[Period] = []
    for event in events:
        key = (event.area_code, event.source, event.flood_area, event.code)
        current = open_.get(key)
        if event.change == "lifted":
            if current is not None:
                done.append(replace(current, end=event.time))
                del open_[key]
        elif current is None:
            open_[key] = Period(
                event.area_code, event.source, event.code, event.name, event.level, event.time, None, event.time, event.flood_area
            )
        else:
            open_[key] = replace(current, last_seen=event.time, level=event.level, name=event.name or current.name)
    return sorted([*done, *open_.values()], key=lambda p: (p.start, p.code))


def _event(state: WarningState, entry: WarningEntry, change: Change, status: str | None, flood: str | None) -> TimelineEvent:
    return TimelineEvent(state.report_time, state.area_code, state.source, entry.code, entry.name, change, status, entry.level, flood)
