"""危機管理型水位計 snapshots (国土交通省「川の水位情報」 area JSON): many gauges, one reading each.

Two wrappings of the same items are read: the upstream file (``{"obss": [...]}``, as served at
``k.river.go.jp/swin/files/area_info/current/<prefCode>.json``) and the scraped snapshots
(``{"generatedAt", "items": [...]}``, ../shared/data/river_levels/crisis-watcher-river-jp).
Item fields used:

``code``
    10-digit gauge id (the station code).
``name``, ``obsTime``, ``level``
    name, observation time (JST ISO), level in metres (null: flagged ``missing``).
``startLevel`` / ``warnLevel`` / ``fladLevel``
    観測開始水位 / 危険水位 / 氾濫開始水位 → thresholds ``observing`` / ``danger`` /
    ``flooding`` of the three-threshold scheme; null means the gauge has none (never zero).
``latitude``/``longitude`` or ``lat``/``lon``
    the gauge's point (degrees).

A snapshot lists only gauges above their start level, so a gauge missing from a later snapshot
has dropped below it (or stopped reporting): callers compare snapshots, not this reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from feeds.csvfile import in_japan
from feeds.errors import FeedFormatError
from feeds.gauges import Gauge, Thresholds
from feeds.series import MISSING, OK, LevelSeries, group_series
from feeds.times import parse_jst
from i18n import t
from jobs.feedback import Feedback, Problem

SOURCE = "crisis"
INTERVAL = pd.Timedelta(minutes=10)
"""危機管理型水位計 report every 10 minutes once above their start level."""
ITEM_KEYS = ("items", "obss")
THRESHOLD_KEYS = {"observing": "startLevel", "danger": "warnLevel", "flooding": "fladLevel"}
_POINT_KEYS = (("longitude", "lon"), ("latitude", "lat"))


def is_crisis_snapshot(document: Any) -> bool:
    """True for a parsed snapshot: an ``items``/``obss`` list of objects with ``code`` and ``level``."""
    if not isinstance(document, Mapping):
        return False
    items = next((document[k] for k in ITEM_KEYS if isinstance(document.get(k), list)), None)
    if items is None:
        return False
    sample = [i for i in items[:20] if isinstance(i, Mapping)]
    return not items or (bool(sample) and all("code" in i and "level" in i for i in sample))


def read_crisis_snapshot(document: Mapping[str, Any], label: str, feedback: Feedback) -> list[LevelSeries]:
    """Read a parsed 危機管理型水位計 snapshot.

    Parameters
    ----------
    document : mapping
        The parsed JSON (see :func:`is_crisis_snapshot`).
    label : str
        The file as problems name it.
    feedback : jobs.feedback.Feedback
        Receives one warning per item without a code or a readable time (skipped).

    Returns
    -------
    list of LevelSeries
        One per gauge code, in order of first appearance, scheme ``three``.

    Raises
    ------
    FeedFormatError
        If an item is not an object.
    """
    key = next(k for k in ITEM_KEYS if isinstance(document.get(k), list))
    items = document[key]
    if not all(isinstance(i, Mapping) for i in items):
        raise FeedFormatError(t("{k} の要素がオブジェクトではありません", "{k} items are not objects", k=key))
    table = pd.DataFrame(list(items))
    for column in ("code", "name", "obsTime", "level", *THRESHOLD_KEYS.values()):
        if column not in table:
            table[column] = None
    codes = table["code"].astype("string").fillna("").str.strip()
    times = parse_jst(table["obsTime"])
    skip = (codes == "").to_numpy() | times.isna().to_numpy()
    for i in np.flatnonzero(skip):
        feedback.warn(
            Problem(
                label,
                f"{key}[{i}]",
                t(
                    "観測所コードまたは観測時刻 (obsTime) がありません。この観測所は読み込みません",
                    "item without a code or a readable obsTime; skipped",
                ),
            )
        )
    levels = pd.to_numeric(table["level"], errors="coerce").to_numpy(dtype=float)
    keep = ~skip
    flags = np.where(np.isnan(levels), MISSING, OK).astype(object)
    gauges = _gauges(table[keep], codes[keep])
    return group_series(codes[keep].to_numpy(dtype=str), times[keep], levels[keep], flags[keep], gauges, INTERVAL, SOURCE)


def _gauges(table: pd.DataFrame, codes: pd.Series) -> dict[str, Gauge]:
    """Gauge metadata per code (the first item of a code wins)."""
    thresholds = {
        field: pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        for field, column in THRESHOLD_KEYS.items()
    }
    lon, lat = (_numbers(table, keys) for keys in _POINT_KEYS)
    located = in_japan(lon, lat)
    names = table["name"].astype("string").fillna("").to_numpy(dtype=str).tolist()
    gauges: dict[str, Gauge] = {}
    for i, code in enumerate(codes.to_numpy(dtype=str).tolist()):
        if code in gauges:
            continue
        values = {k: None if np.isnan(v[i]) else float(v[i]) for k, v in thresholds.items()}
        point = (float(lon[i]), float(lat[i])) if located[i] else (None, None)
        gauges[code] = Gauge(code, names[i], "", *point, Thresholds(**values), "three")
    return gauges


def _numbers(table: pd.DataFrame, keys: tuple[str, str]) -> np.ndarray:
    for key in keys:
        if key in table:
            return pd.to_numeric(table[key], errors="coerce").to_numpy(dtype=float)
    return np.full(len(table), np.nan)
