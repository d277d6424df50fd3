"""厚東川 monitor records (山口県土木防災情報システム, re-published every 10 minutes).

One record per file: ``{"data_time": "2025-07-13T07:50:00+09:00", "river": {"water_level": 2.83,
"status": "正常", ...}, "dam": {...}, "rainfall": {...}, ...}``; a JSON list of such records is
read too. ``data_time`` is the observation time (``timestamp`` is only when it was fetched);
``river.water_level`` is the level at 持世寺 (station 05067) in metres. The record names no
station and carries no thresholds: the gauge is fixed (:data:`GAUGE_ID`), its thresholds come
from ``--gauges`` (水防団待機 3.80 / 氾濫注意 5.00 / 避難判断 5.10 / 氾濫危険 5.50 m). The dam and
rainfall parts are not river levels and are not read; ``river.status`` (the site's own
wording) is not used: status is always derived from the thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from feeds.errors import FeedFormatError
from feeds.series import MISSING, OK, LevelSeries, bare_gauge, make_series
from feeds.times import parse_jst
from i18n import t

SOURCE = "kotogawa"
INTERVAL = pd.Timedelta(minutes=10)
GAUGE_ID = "05067"
GAUGE_NAME = "持世寺"
RIVER = "厚東川"


def _is_record(value: Any) -> bool:
    return isinstance(value, Mapping) and "data_time" in value and isinstance(value.get("river"), Mapping)


def is_kotogawa(document: Any) -> bool:
    """True for one record or a non-empty list of records of this shape."""
    if isinstance(document, list):
        return bool(document) and all(_is_record(r) for r in document)
    return _is_record(document)


def read_kotogawa(document: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> list[LevelSeries]:
    """Read parsed 厚東川 record(s).

    Parameters
    ----------
    document : mapping or sequence of mappings
        One record or a list of records (see :func:`is_kotogawa`).

    Returns
    -------
    list of LevelSeries
        One series for gauge 05067 持世寺 (no thresholds; they come from ``--gauges``).

    Raises
    ------
    FeedFormatError
        If a record's ``data_time`` cannot be read (the record's whole point).
    """
    records = [document] if isinstance(document, Mapping) else list(document)
    times = parse_jst(pd.Series([r.get("data_time") for r in records], dtype=object))
    if times.isna().any():
        bad = records[int(np.flatnonzero(times.isna().to_numpy())[0])].get("data_time")
        raise FeedFormatError(t("data_time を読めません ({v!r})", "unreadable data_time {v!r}", v=bad))
    levels = pd.to_numeric(pd.Series([r["river"].get("water_level") for r in records], dtype=object), errors="coerce")
    levels = levels.to_numpy(dtype=float)
    flags = np.where(np.isnan(levels), MISSING, OK).astype(object)
    return [make_series(bare_gauge(GAUGE_ID, GAUGE_NAME, RIVER), times, levels, flags, INTERVAL, SOURCE)]
