"""Times on the board: tz-aware JST timestamps; text without an offset is JST (docs/CLI.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd

from feeds.times import JST, iso_jst, parse_jst

__all__ = ["JST", "iso_jst", "parse_time", "to_ns"]


def parse_time(text: str) -> pd.Timestamp | None:
    """One ISO 8601 time (``2026-06-02T17:20``, ``…+09:00``, ``2026/06/02 17:20``) in JST, or None.

    Examples
    --------
    >>> parse_time("2026-06-02T17:20").isoformat()
    '2026-06-02T17:20:00+09:00'
    >>> parse_time("tomorrow") is None
    True
    """
    value = parse_jst(pd.Series([text]))[0]
    return None if pd.isna(value) else pd.Timestamp(value)


def to_ns(time: pd.Timestamp) -> int:
    """A tz-aware time as integer nanoseconds since the epoch (UTC), for array arithmetic."""
    return int(pd.Timestamp(time).value)


Dated = TypeVar("Dated")


def newest_at(entries: Iterable[Dated], at: pd.Timestamp, key: Callable[[Dated], str]) -> dict[str, Dated]:
    """The newest entry (by its ``time``) at or before ``at`` for each ``key``: a person's
    safety check, a shelter's opening or closing."""
    out: dict[str, Dated] = {}
    for entry in sorted((e for e in entries if e.time <= at), key=lambda e: e.time):  # type: ignore[attr-defined]
        out[key(entry)] = entry
    return out
