"""The one shape every feed reader returns: a gauge and its readings with a quality flag each.

A :class:`LevelSeries` is one gauge's readings from one source; its ``frame`` has the columns

``time``
    ``datetime64[ns, Asia/Tokyo]``, sorted (ties keep source order).
``level_m``
    float metres on the gauge's datum; NaN where the source gave no number.
``flag``
    ``""`` for a good reading, else one of :data:`FLAGS` or a raw source code
    (``ccd:3`` for a 川の防災情報 ``stgCcd`` of 3, ``flag:!`` for an unknown 水文水質DB flag).

Only rows whose flag is in :data:`VALID_FLAGS` and whose level is a number are *valid*: status,
trend and charts use those; the others are kept (to be shown as gaps or marked points), never
silently dropped or plotted as values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from feeds.gauges import Gauge, Thresholds
from feeds.times import JST
from i18n import t
from jobs.feedback import Feedback, Problem

OK = ""
PROVISIONAL = "provisional"
"""暫定値 (水文水質DB ``*``): a valid reading, still subject to revision."""
MISSING = "missing"
"""欠測: the source says there is no reading (水文水質DB ``$``, a null level, a non-number)."""
CLOSED = "closed"
"""閉局 (水文水質DB ``#``): the station was not operating."""
UNREGISTERED = "unregistered"
"""未登録 (水文水質DB ``-``): no value registered for this slot."""
SPIKE = "spike"
"""A reading that jumps away and straight back (see :mod:`feeds.quality`)."""
DUPLICATE = "duplicate"
"""An earlier reading at a time that the source repeats; the last one at that time is kept."""

FLAGS = (OK, PROVISIONAL, MISSING, CLOSED, UNREGISTERED, SPIKE, DUPLICATE)
"""Flags this package sets itself; sources may add raw codes (``ccd:…``, ``flag:…``)."""
VALID_FLAGS = (OK, PROVISIONAL)
"""Flags of readings that status, trend and charts may use (:attr:`LevelSeries.valid`)."""

COLUMNS = ("time", "level_m", "flag")


@dataclass(frozen=True, eq=False)
class LevelSeries:
    """One gauge's readings from one source, as parallel numpy arrays sorted by time.

    ``gauge`` carries what the source says about the gauge (id, name, thresholds where the
    feed has them; empty strings and None otherwise). ``times`` are ``datetime64[ns]`` UTC
    instants (ties keep source order), ``levels`` metres (NaN where absent), ``flags`` one flag
    each (see the module docstring); :attr:`frame` shows them as a DataFrame in JST.
    ``interval`` is the source's usual time between readings (for the stale rule); ``source``
    names the format.
    """

    gauge: Gauge
    times: np.ndarray
    levels: np.ndarray
    flags: np.ndarray
    interval: pd.Timedelta
    source: str

    def __len__(self) -> int:
        return int(self.times.size)

    @property
    def valid(self) -> np.ndarray:
        """Boolean mask of the readings status, trend and charts may use."""
        flags = self.flags
        return ((flags == OK) | (flags == PROVISIONAL)) & ~np.isnan(self.levels)

    @property
    def frame(self) -> pd.DataFrame:
        """The readings as a DataFrame: ``time`` (tz-aware JST), ``level_m``, ``flag``."""
        times = pd.DatetimeIndex(self.times).tz_localize("UTC").tz_convert(JST)
        return pd.DataFrame({"time": times, "level_m": self.levels, "flag": self.flags})

    def head(self, n: int) -> LevelSeries:
        """The first ``n`` readings (for replay: what was known at some moment)."""
        return replace(self, times=self.times[:n], levels=self.levels[:n], flags=self.flags[:n])

    def with_gauge(self, gauge: Gauge) -> LevelSeries:
        """The same readings for updated gauge metadata (e.g. thresholds from ``--gauges``)."""
        return replace(self, gauge=gauge)

    def with_flags(self, flags: np.ndarray) -> LevelSeries:
        """The same readings with new flags (quality checks)."""
        return replace(self, flags=flags)


def make_series(
    gauge: Gauge,
    times: pd.Series | pd.DatetimeIndex | np.ndarray,
    levels: np.ndarray,
    flags: np.ndarray,
    default_interval: pd.Timedelta,
    source: str,
) -> LevelSeries:
    """A :class:`LevelSeries`, sorted by time (ties in the given order).

    Parameters
    ----------
    gauge : Gauge
        What the source says about the gauge.
    times : pandas.Series, DatetimeIndex or numpy.ndarray
        tz-aware times, or ``datetime64`` UTC instants.
    levels : numpy.ndarray
        Levels in metres, NaN where absent.
    flags : numpy.ndarray
        One flag per reading (see the module docstring).
    default_interval : pandas.Timedelta
        The format's nominal interval, used when there are fewer than two distinct times.
    source : str
        The format's name.
    """
    instants_ = times if isinstance(times, np.ndarray) and times.dtype.kind == "M" else to_instants(times)
    order = np.argsort(instants_, kind="stable")
    sorted_times = instants_[order].astype("datetime64[ns]")
    return LevelSeries(
        gauge,
        sorted_times,
        np.asarray(levels, dtype=float)[order],
        np.asarray(flags, dtype=object)[order],
        usual_interval(sorted_times, default_interval),
        source,
    )


def to_instants(times: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """tz-aware times as ``datetime64[ns]`` UTC instants (for vectorised arithmetic)."""
    index = pd.DatetimeIndex(times)
    return index.tz_convert("UTC").tz_localize(None).to_numpy(dtype="datetime64[ns]")


def bare_gauge(station_id: str, name: str = "", river: str = "", *, scheme: str = "four") -> Gauge:
    """A gauge known only by what a feed without metadata says: no point, no thresholds."""
    return Gauge(str(station_id), str(name), str(river), None, None, Thresholds(), scheme)  # type: ignore[arg-type]


def usual_interval(times: np.ndarray, default: pd.Timedelta) -> pd.Timedelta:
    """The most common step between consecutive distinct reading times (the smallest of equally
    common ones), or ``default`` with fewer than two; gaps in a feed do not lengthen it.

    Parameters
    ----------
    times : numpy.ndarray
        ``datetime64`` reading times, sorted.
    default : pandas.Timedelta
        The format's nominal interval.
    """
    steps = np.diff(times)
    steps = steps[steps > np.timedelta64(0)]
    if not steps.size:
        return default
    values, counts = np.unique(steps, return_counts=True)
    return pd.Timedelta(values[np.argmax(counts)])


def group_series(
    stations: np.ndarray,
    times: pd.Series,
    levels: np.ndarray,
    flags: np.ndarray,
    gauges: dict[str, Gauge],
    default_interval: pd.Timedelta,
    source: str,
) -> list[LevelSeries]:
    """Split long arrays (one station code per reading) into one series per station.

    Stations come out in order of first appearance; ``gauges`` gives each one's metadata (a
    bare gauge when absent). Vectorised: one sort, then slices.
    """
    stations = np.asarray(stations, dtype=str)
    codes, first, inverse = np.unique(stations, return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(first))[inverse]
    instants_ = to_instants(times)
    order = np.lexsort((instants_, rank))
    bounds = np.flatnonzero(np.diff(rank[order])) + 1
    out = []
    for part in np.split(order, bounds) if order.size else []:
        code = str(stations[part[0]])
        gauge = gauges.get(code) or bare_gauge(code)
        sorted_times = instants_[part]
        out.append(
            LevelSeries(
                gauge,
                sorted_times,
                np.asarray(levels, dtype=float)[part],
                np.asarray(flags, dtype=object)[part],
                usual_interval(sorted_times, default_interval),
                source,
            )
        )
    return out


def combine(series: Sequence[LevelSeries]) -> list[LevelSeries]:
    """Join the series of each gauge (e.g. one 10-minute file per reading) into one series.

    The first series' gauge metadata and source are kept; readings are sorted by time. Use
    :func:`feeds.quality.check_quality` afterwards to flag duplicates across files.
    """
    by_gauge: dict[str, list[LevelSeries]] = {}
    for s in series:
        by_gauge.setdefault(s.gauge.station_id, []).append(s)
    return [
        make_series(
            parts[0].gauge,
            np.concatenate([p.times for p in parts]),
            np.concatenate([p.levels for p in parts]),
            np.concatenate([p.flags for p in parts]),
            parts[0].interval,
            parts[0].source,
        )
        for parts in by_gauge.values()
    ]


def station_from_label(label: str, feedback: Feedback) -> str:
    """The file name's stem as a station code, for feeds whose body names none (reported).

    ``label`` may be a path, ``archive.zip!inner/path`` or a URL path.
    """
    stem = PurePosixPath(label.replace("\\", "/").split("!")[-1].split("?")[0]).stem
    feedback.warn(
        Problem(
            label,
            None,
            t(
                "観測所コードがファイル内にないため、ファイル名 {s} を観測所コードとします",
                "no station code in the file; its name {s} is used as the station code",
                s=stem,
            ),
        )
    )
    return stem
