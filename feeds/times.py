"""Observation times as feeds write them, to tz-aware JST timestamps (vectorised).

Accepted forms: ISO 8601 with an offset (``2026-06-03T05:10:00+09:00``, ``…Z``), ISO 8601
without one (JST), and the slash forms Japanese feeds and Excel use (``2026/06/03 05:10``,
``2026/6/3 5:10:00``; readers of ``日付,時刻`` columns join them with a space first).
``24:00`` is the end of the day:
``2026/06/03 24:00`` is ``2026-06-04T00:00:00+09:00`` (水文水質DB and 川の防災情報 both write it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

JST = "Asia/Tokyo"
"""The time zone every feed time is converted to (JST, +09:00, no daylight saving)."""

_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
_END_OF_DAY = r"(?<=[ T])24:00(?::00)?"
_SLASH_FORMATS = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S")


def parse_jst(cells: pd.Series) -> pd.Series:
    """Parse time strings to ``datetime64[ns, Asia/Tokyo]``; NaT where none of the forms fits.

    Parameters
    ----------
    cells : pandas.Series
        Time strings (see the module docstring for the forms); None or "" gives NaT.

    Returns
    -------
    pandas.Series
        Same index as ``cells``.

    Examples
    --------
    >>> [str(x) for x in parse_jst(pd.Series(["2026/06/03 24:00", "2026-06-03T05:10:00Z", "x"]))]
    ['2026-06-04 00:00:00+09:00', '2026-06-03 14:10:00+09:00', 'NaT']
    """
    text = cells.astype("string").fillna("").str.strip()
    end_of_day = text.str.contains(_END_OF_DAY, regex=True).to_numpy(dtype=bool)
    text = text.str.replace(_END_OF_DAY, "00:00", regex=True)
    aware = text.str.contains(_OFFSET, regex=True).to_numpy(dtype=bool)
    times = pd.Series(pd.NaT, index=cells.index, dtype=f"datetime64[ns, {JST}]")
    if aware.any():
        parsed = pd.to_datetime(text[aware], format="ISO8601", utc=True, errors="coerce")
        times[aware] = parsed.dt.tz_convert(JST)
    slash = text.str.contains("/", regex=False).to_numpy(dtype=bool)
    naive = ~aware & (text != "").to_numpy(dtype=bool)
    for fmt, rows in (*((f, naive & slash) for f in _SLASH_FORMATS), ("ISO8601", naive & ~slash)):
        todo = rows & times.isna().to_numpy()
        if todo.any():
            times[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce").dt.tz_localize(JST)
    times[end_of_day] += pd.Timedelta(days=1)
    return times


def to_jst(time: pd.Timestamp | np.datetime64) -> pd.Timestamp:
    """A tz-aware JST timestamp; a naive time (a ``datetime64`` instant of
    :class:`~feeds.series.LevelSeries`) is taken as UTC."""
    stamp = pd.Timestamp(time)
    return (stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp).tz_convert(JST)


def iso_jst(time: pd.Timestamp | np.datetime64) -> str:
    """``2026-06-03T05:10:00+09:00``: ISO 8601 with seconds and the +09:00 offset (see :func:`to_jst`)."""
    return to_jst(time).isoformat(timespec="seconds")
