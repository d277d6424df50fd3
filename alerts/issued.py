"""The 警戒レベル / 避難情報 the city issued, per area and time (entered by staff).

A CSV ``area,level,info,time`` (UTF-8 or Shift_JIS) or the store's ``issued_levels`` table. ``area``
is a 町内会 / 自治会 or 民生委員 district name as on the roster, or ``*`` (also ``全域``, ``市内全域``)
for the whole city. ``level`` and ``info`` say the same thing; either may be empty:

=====  ================  ==========================
level  info              meaning
=====  ================  ==========================
3      高齢者等避難      people needing help leave
4      避難指示          everyone leaves
5      緊急安全確保      take the safest place now
0      解除              lifted
=====  ================  ==========================

At a moment, the newest row of each area at or before it is in force (a lift ends it); rows
after the moment are ignored. A bad row is reported and skipped; a file without the columns is
an :class:`~alerts.errors.IssuedFormatError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alerts.errors import IssuedFormatError
from alerts.times import iso_jst, parse_time
from feeds.csvfile import rows_from_bytes
from i18n import t
from jobs.feedback import Feedback
from store import board as board_table
from store.connection import ProjectStore

COLUMNS = ("area", "level", "info", "time")
WHOLE_CITY = "*"
WHOLE_CITY_WORDS = frozenset({"*", "全域", "市内全域", "all"})
INFO_BY_LEVEL: dict[int, tuple[str, str]] = {
    3: ("高齢者等避難", "Evacuation of older people and others"),
    4: ("避難指示", "Evacuation order"),
    5: ("緊急安全確保", "Emergency safety measures"),
    0: ("解除", "lifted"),
}
"""Level → the 避難情報 (ja, en); 0 is a lift."""
LEVEL_BY_INFO = {ja: level for level, (ja, _) in INFO_BY_LEVEL.items()}


@dataclass(frozen=True)
class IssuedLevel:
    """One issue (or lift: ``level`` 0) for an area (:data:`WHOLE_CITY` for all); ``time`` tz-aware."""

    area: str
    level: int
    time: pd.Timestamp

    @property
    def info(self) -> str:
        """The 避難情報 in Japanese, as issued (高齢者等避難 …, 解除)."""
        return INFO_BY_LEVEL[self.level][0]

    @property
    def label(self) -> str:
        """The 避難情報 in the user's language."""
        return t(*INFO_BY_LEVEL[self.level])


def area_key(name: str) -> str:
    """An area as written in a file or typed, with the whole-city words made :data:`WHOLE_CITY`."""
    name = name.strip()
    return WHOLE_CITY if name in WHOLE_CITY_WORDS else name


def read_issued(path: str | os.PathLike[str], feedback: Feedback) -> list[IssuedLevel]:
    """Read an ``area,level,info,time`` CSV (see the module docstring).

    Raises
    ------
    IssuedFormatError
        If the file is empty, not UTF-8/Shift_JIS, or lacks one of the columns.
    OSError
        If it cannot be read.
    """
    label = os.fspath(path)
    rows = rows_from_bytes(Path(path).read_bytes(), COLUMNS, feedback, IssuedFormatError, label)
    out = []
    for i, cells in enumerate(rows.frame.itertuples(index=False)):
        level = _level(str(cells.level), str(cells.info))
        time = parse_time(str(cells.time))
        if level is None:
            rows.warn(feedback, i, "level", t(
                "level は 3/4/5/0、info は 高齢者等避難/避難指示/緊急安全確保/解除 のはずですが「{l}」「{i}」でした。この行は使いません",
                "level should be 3/4/5/0 and info 高齢者等避難/避難指示/緊急安全確保/解除, got {l!r} and {i!r}; row skipped",
                l=cells.level, i=cells.info))  # fmt: skip
        elif time is None or not str(cells.area).strip():
            rows.warn(feedback, i, "time" if time is None else "area", t(
                "area と ISO 8601 の time (例 2026-06-02T17:30) が必要です。この行は使いません",
                "area and an ISO 8601 time (e.g. 2026-06-02T17:30) are required; row skipped"))  # fmt: skip
        else:
            out.append(IssuedLevel(area_key(str(cells.area)), level, time))
    return out


def _level(level: str, info: str) -> int | None:
    """The level a row states by its level, its info or both (None when they disagree or neither fits)."""
    by_level = int(level) if level.strip() in {"0", "3", "4", "5"} else None
    by_info = LEVEL_BY_INFO.get(info.strip())
    if level.strip() and by_level is None or info.strip() and by_info is None:
        return None
    if by_level is not None and by_info is not None and by_level != by_info:
        return None
    return by_level if by_level is not None else by_info


def in_force(issued: Iterable[IssuedLevel], at: pd.Timestamp) -> dict[str, IssuedLevel]:
    """The issue in force in each area at ``at``: its newest row at or before ``at``, lifts left out.

    Examples
    --------
    >>> rows = [IssuedLevel("*", 3, pd.Timestamp("2026-06-02T17:30+09:00")),
    ...         IssuedLevel("*", 0, pd.Timestamp("2026-06-03T06:00+09:00"))]
    >>> in_force(rows, pd.Timestamp("2026-06-02T18:00+09:00"))["*"].info
    '高齢者等避難'
    >>> in_force(rows, pd.Timestamp("2026-06-03T07:00+09:00"))
    {}
    """
    newest: dict[str, IssuedLevel] = {}
    for row in sorted((r for r in issued if r.time <= at), key=lambda r: r.time):
        newest[row.area] = row
    return {area: row for area, row in newest.items() if row.level > 0}


def save_issued(store: ProjectStore, issued: Sequence[IssuedLevel]) -> None:
    """Keep issued levels in the project (history; audited by area and level)."""
    board_table.add_issued(store, [board_table.IssuedRow(r.area, r.level, r.info, iso_jst(r.time)) for r in issued])


def load_issued(store: ProjectStore) -> list[IssuedLevel]:
    """Every issued level kept in the project."""
    out = []
    for row in board_table.load_issued(store):
        time = parse_time(row.time)
        if time is not None:
            out.append(IssuedLevel(row.area, row.level, time))
    return out
