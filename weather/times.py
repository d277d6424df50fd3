"""Report times: parsed tz-aware (JST when a time carries no offset), written ISO 8601 with seconds."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from i18n import t
from weather.errors import MalformedInputError

#: Japan Standard Time; JMA report times are JST (+09:00).
JST = timezone(timedelta(hours=9), "JST")


def parse_time(text: object, what: str = "reportDatetime") -> datetime:
    """A tz-aware time from an ISO 8601 string; a time without offset is JST.

    Parameters
    ----------
    text
        The value as found in the file (``"2026-05-28T03:32:00+09:00"``, ``"…Z"``).
    what
        The field's name, for the message.

    Returns
    -------
    datetime
        Aware datetime (the offset of the file, or JST).

    Raises
    ------
    MalformedInputError
        If ``text`` is missing or not an ISO 8601 time.

    Examples
    --------
    >>> parse_time("2026-05-28T03:32:00").isoformat()
    '2026-05-28T03:32:00+09:00'
    """
    if not isinstance(text, str) or not text.strip():
        raise MalformedInputError(t("{w} がありません", "{w} is missing", w=what))
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise MalformedInputError(
            t("{w} が ISO 8601 の時刻ではありません: {v!r}", "{w} is not an ISO 8601 time: {v!r}", w=what, v=text)
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=JST)


def iso(moment: datetime) -> str:
    """``moment`` as ISO 8601 with seconds and an explicit offset (``2026-06-03T05:10:00+09:00``)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=JST)
    return aware.isoformat(timespec="seconds")
