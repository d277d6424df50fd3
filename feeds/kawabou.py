"""川の防災情報 (river.go.jp) 10-minute water-level JSON: ``{"min10Values": [{obsTime, stg, stgCcd}]}``.

* ``obsTime`` is JST, ``2026/06/03 05:10`` (ISO forms and ``24:00`` are accepted too);
* ``stg`` is the level in metres (null or a non-number: flagged ``missing``);
* ``stgCcd`` is the source's quality code: 0 (or absent) is a good reading; any other value
  means missing or doubtful, so the reading is kept with flag ``ccd:<code>`` and not used.

The file names no station in its body (its URL does: ``…/stg/<obsFcd>.json``). The station code
is taken from a top-level ``obsFcd`` / ``obsCd`` / ``stationCode`` / ``code`` field when there is
one, else from the file name (reported); a name from ``obsNm`` / ``obsName`` / ``name``.
Other arrays (``hrValues`` hourly values, ``obsValue`` the latest one) repeat the 10-minute
readings and are not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from feeds.errors import FeedFormatError
from feeds.series import MISSING, OK, LevelSeries, bare_gauge, make_series, station_from_label
from feeds.times import parse_jst
from i18n import t
from jobs.feedback import Feedback, Problem

SOURCE = "kawabou10"
INTERVAL = pd.Timedelta(minutes=10)
ID_KEYS = ("obsFcd", "obsCd", "stationCode", "code")
NAME_KEYS = ("obsNm", "obsName", "name")


def is_kawabou(document: Any) -> bool:
    """True for a parsed JSON document of this shape (a ``min10Values`` list)."""
    return isinstance(document, Mapping) and isinstance(document.get("min10Values"), list)


def read_kawabou(document: Mapping[str, Any], label: str, feedback: Feedback) -> list[LevelSeries]:
    """Read a parsed 川の防災情報 10-minute document.

    Parameters
    ----------
    document : mapping
        The parsed JSON (see :func:`is_kawabou`).
    label : str
        The file as problems name it; its stem is the station code when the body has none.
    feedback : jobs.feedback.Feedback
        Receives a warning per unreadable time (the reading is skipped) and when the station
        code comes from the file name.

    Returns
    -------
    list of LevelSeries
        One series.

    Raises
    ------
    FeedFormatError
        If ``min10Values`` holds something other than objects.
    """
    values = document["min10Values"]
    if not all(isinstance(v, Mapping) for v in values):
        raise FeedFormatError(t("min10Values の要素がオブジェクトではありません", "min10Values items are not objects"))
    table = pd.DataFrame(list(values), columns=["obsTime", "stg", "stgCcd"])
    times = parse_jst(table["obsTime"].astype("string"))
    bad = times.isna().to_numpy()
    for i in np.flatnonzero(bad):
        feedback.warn(
            Problem(
                label,
                f"min10Values[{i}]",
                t("obsTime を読めません ({v!r})。この値は読み込みません", "unreadable obsTime {v!r}; reading skipped", v=values[i].get("obsTime")),
            )
        )
    levels = pd.to_numeric(table["stg"], errors="coerce").to_numpy(dtype=float)
    codes = table["stgCcd"]
    flagged = ~(codes.isna() | (pd.to_numeric(codes, errors="coerce") == 0)).to_numpy()
    flags = np.full(len(table), OK, dtype=object)
    flags[np.isnan(levels)] = MISSING
    flags[flagged] = ("ccd:" + codes[flagged].astype(str)).to_numpy()
    gauge = bare_gauge(_station(document, label, feedback), _first(document, NAME_KEYS) or "")
    return [make_series(gauge, times[~bad], levels[~bad], flags[~bad], INTERVAL, SOURCE)]


def _first(document: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = document.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def _station(document: Mapping[str, Any], label: str, feedback: Feedback) -> str:
    return _first(document, ID_KEYS) or station_from_label(label, feedback)
