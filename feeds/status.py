"""Gauge status from a water level, and the 警戒レベル / 避難情報 it suggests (DESIGN.md table).

Four-threshold gauges (水防団待機 / 氾濫注意 / 避難判断 / 氾濫危険, plus a stated 氾濫発生 level):

==============  ==============  ==========  ============
status          level reached   警戒レベル  避難情報
==============  ==============  ==========  ============
``normal``      below all       –           –
``standby``     水防団待機水位  –           –
``caution``     氾濫注意水位    2           –
``evacuation``  避難判断水位    3           高齢者等避難
``danger``      氾濫危険水位    4           避難指示
``flooding``    氾濫発生        5           緊急安全確保
==============  ==============  ==========  ============

Three-threshold 危機管理型水位計: ``normal`` (< 観測開始水位), ``observing`` (≥ 観測開始水位, no
level), ``danger`` (≥ 危険水位, level 4 相当), ``flooding`` (≥ 氾濫開始水位, level 5 相当).
``missing`` when there is no valid reading. A threshold that is None is skipped, never zero;
the status is the highest one whose threshold the level reaches.

:func:`gauge_state` applies this to the latest reading of a :class:`~feeds.series.LevelSeries`
(a flagged or absent latest reading is ``missing``, with the last valid one beside it) and adds
the trend and the stale state (:mod:`feeds.trend`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from feeds.gauges import Gauge, Scheme, Thresholds
from feeds.series import LevelSeries
from feeds.times import to_jst
from feeds.trend import Trend, is_stale, trend
from i18n import t

STATUS_ORDER: dict[Scheme, tuple[str, ...]] = {
    "four": ("standby", "caution", "evacuation", "danger", "flooding"),
    "three": ("observing", "danger", "flooding"),
}
"""Per scheme, the statuses above ``normal`` from lowest to highest; each is also the name of
the :class:`~feeds.gauges.Thresholds` field that starts it."""

ALERT_LEVELS: dict[str, int | None] = {
    "normal": None,
    "standby": None,
    "observing": None,
    "caution": 2,
    "evacuation": 3,
    "danger": 4,
    "flooding": 5,
    "missing": None,
}
"""Status → 警戒レベル (相当)."""

EVACUATION_INFO: dict[int, tuple[str, str]] = {
    3: ("高齢者等避難", "Evacuation of older people and others"),
    4: ("避難指示", "Evacuation order"),
    5: ("緊急安全確保", "Emergency safety measures"),
}
"""警戒レベル → the 避難情報 it suggests (ja, en)."""

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "normal": ("平常", "normal"),
    "standby": ("水防団待機水位超過", "above standby level"),
    "caution": ("氾濫注意水位超過", "above flood caution level"),
    "evacuation": ("避難判断水位超過", "above evacuation decision level"),
    "danger": ("氾濫危険水位超過", "above flood danger level"),
    "flooding": ("氾濫発生", "flooding"),
    "observing": ("観測中 (観測開始水位超過)", "observing (above start level)"),
    "missing": ("欠測", "no reading"),
}
"""Status → display label (ja, en)."""


@dataclass(frozen=True)
class GaugeStatus:
    """The state of one gauge for one reading."""

    status: str
    alert_level: int | None

    @property
    def label(self) -> str:
        """The status in the user's language."""
        return t(*STATUS_LABELS[self.status])

    @property
    def evacuation_info(self) -> str | None:
        """The 避難情報 the level suggests, in the user's language, or None."""
        pair = EVACUATION_INFO.get(self.alert_level) if self.alert_level else None
        return t(*pair) if pair else None


def classify_levels(levels_m: np.ndarray, thresholds: Thresholds, scheme: Scheme = "four") -> np.ndarray:
    """Status name of each water level.

    Parameters
    ----------
    levels_m : numpy.ndarray
        Water levels in metres; NaN for a missing reading.
    thresholds : Thresholds
        The gauge's thresholds; None ones are skipped.
    scheme : {"four", "three"}
        Which threshold scheme the gauge uses.

    Returns
    -------
    numpy.ndarray
        Status names (``object`` array), same shape as ``levels_m``.

    Examples
    --------
    >>> th = Thresholds(standby=1.5, caution=2.2, evacuation=None, danger=3.2)
    >>> classify_levels(np.array([1.0, 2.5, 2.9, 3.2, np.nan]), th).tolist()
    ['normal', 'caution', 'caution', 'danger', 'missing']
    """
    if scheme not in STATUS_ORDER:
        raise ValueError(f"scheme should be one of four or three, got {scheme!r} instead")
    levels = np.asarray(levels_m, dtype=float)
    status = np.full(levels.shape, "normal", dtype=object)
    for name in STATUS_ORDER[scheme]:
        value = getattr(thresholds, name)
        if value is not None:
            status[levels >= value] = name
    status[np.isnan(levels)] = "missing"
    return status


def gauge_status(level_m: float | None, gauge: Gauge) -> GaugeStatus:
    """The status, 警戒レベル and 避難情報 of one reading of ``gauge``.

    Examples
    --------
    >>> g = Gauge("X", "x", "river", None, None, Thresholds(standby=1.5, caution=2.2, evacuation=2.8, danger=3.2))
    >>> gauge_status(2.9, g)
    GaugeStatus(status='evacuation', alert_level=3)
    >>> gauge_status(None, g).status
    'missing'
    """
    level = np.nan if level_m is None else float(level_m)
    status = str(classify_levels(np.array([level]), gauge.thresholds, gauge.scheme)[0])
    return GaugeStatus(status, ALERT_LEVELS[status])


@dataclass(frozen=True)
class Reading:
    """One reading: its time (tz-aware JST) and level in metres."""

    time: pd.Timestamp
    level_m: float


@dataclass(frozen=True)
class GaugeState:
    """What a gauge says now: its latest reading, status, last valid reading, trend and age.

    ``time`` is the latest observation time (None when the series is empty); ``level_m`` is its
    level when that reading is valid, else None (then ``status`` is ``missing`` and ``flag``
    says why: ``missing``, ``closed``, ``ccd:…``). ``last_valid`` is the last valid reading
    (the latest one itself when it is valid; None when there is none). ``stale`` follows
    :func:`feeds.trend.is_stale` against the ``now`` given to :func:`gauge_state` (None when
    no ``now`` was given).
    """

    gauge: Gauge
    time: pd.Timestamp | None
    level_m: float | None
    flag: str | None
    status: GaugeStatus
    last_valid: Reading | None
    trend: Trend
    stale: bool | None


def gauge_state(series: LevelSeries, now: pd.Timestamp | None = None) -> GaugeState:
    """The state of one gauge from its (quality-checked) readings.

    Parameters
    ----------
    series : LevelSeries
        The gauge's readings, e.g. from :func:`feeds.detect.read_feed`.
    now : pandas.Timestamp, optional
        The current time, for the stale rule.

    Returns
    -------
    GaugeState
        Vectorised over the readings: no per-reading Python work.
    """
    valid = series.valid
    good = np.flatnonzero(valid)
    last_valid = Reading(to_jst(series.times[good[-1]]), float(series.levels[good[-1]])) if good.size else None
    if not len(series):
        return GaugeState(series.gauge, None, None, None, GaugeStatus("missing", None), None, Trend("unknown", None), None if now is None else True)
    latest_ok = bool(valid[-1])
    level = float(series.levels[-1]) if latest_ok else None
    return GaugeState(
        series.gauge,
        to_jst(series.times[-1]),
        level,
        str(series.flags[-1]),
        gauge_status(level, series.gauge),
        last_valid,
        trend(series.times, series.levels, valid),
        None if now is None else is_stale(series.times[-1], now, series.interval),
    )

