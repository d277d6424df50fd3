"""Duplicate times and spikes: flagged (kept, never used as values) and reported.

Rules (vectorised over the whole series):

* **Duplicate time.** When a source gives several readings for one time, the *last* one in
  source order stands (feeds re-send corrected values) and the earlier ones are flagged
  ``duplicate``. Copies that disagree are reported as a conflict.
* **Spike.** A valid reading is a spike when it jumps more than :data:`SPIKE_JUMP_M` away from
  the previous valid reading and comes back by more than :data:`SPIKE_JUMP_M` at the next one,
  ending within ``SPIKE_JUMP_M / 2`` of where it started, with both neighbours at most
  :data:`SPIKE_WINDOW` away (so: 10-minute data; hourly data are not checked). The last reading
  has no next neighbour and cannot be judged yet: it is used until the next reading arrives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from feeds.series import DUPLICATE, SPIKE, LevelSeries
from feeds.times import iso_jst
from i18n import t
from jobs.feedback import Feedback, Problem

SPIKE_JUMP_M = 1.0
"""Metres a reading must jump away from, and back towards, its neighbours to be a spike."""
SPIKE_WINDOW = pd.Timedelta(minutes=20)
"""Largest gap to either neighbour for the spike rule to apply."""
_SHOWN = 3


def duplicate_mask(times: np.ndarray) -> np.ndarray:
    """True for every reading whose time occurs again later (all but the last copy).

    Parameters
    ----------
    times : numpy.ndarray
        Reading times (any comparable dtype), sorted with ties in source order.
    """
    times = np.asarray(times)
    later_same = np.zeros(times.shape, dtype=bool)
    later_same[:-1] = times[:-1] == times[1:]
    return later_same


def spike_mask(times: np.ndarray, levels: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """True for the valid readings that are spikes by the module's rule.

    Parameters
    ----------
    times : numpy.ndarray
        ``datetime64`` reading times, sorted.
    levels : numpy.ndarray
        Levels in metres.
    valid : numpy.ndarray
        Which readings take part (neighbours are the previous/next *valid* readings).

    Examples
    --------
    >>> ts = np.array(["2026-06-03T05:00", "2026-06-03T05:10", "2026-06-03T05:20"], dtype="datetime64[ns]")
    >>> spike_mask(ts, np.array([1.0, 3.5, 1.1]), np.ones(3, bool)).tolist()
    [False, True, False]
    """
    out = np.zeros(np.shape(levels), dtype=bool)
    idx = np.flatnonzero(valid)
    if idx.size < 3:
        return out
    x = np.asarray(levels, dtype=float)[idx]
    tt = np.asarray(times)[idx]
    up = x[1:-1] - x[:-2]
    down = x[2:] - x[1:-1]
    close = (tt[1:-1] - tt[:-2] <= SPIKE_WINDOW.to_timedelta64()) & (tt[2:] - tt[1:-1] <= SPIKE_WINDOW.to_timedelta64())
    jump = (np.abs(up) > SPIKE_JUMP_M) & (np.abs(down) > SPIKE_JUMP_M) & (np.sign(up) != np.sign(down))
    reverts = np.abs(x[2:] - x[:-2]) <= SPIKE_JUMP_M / 2
    out[idx[1:-1][close & jump & reverts]] = True
    return out


def check_quality(series: LevelSeries, feedback: Feedback, label: str) -> LevelSeries:
    """Flag duplicate times and spikes in ``series`` and report them to ``feedback``.

    Parameters
    ----------
    series : LevelSeries
        A reader's output.
    feedback : jobs.feedback.Feedback
        Receives at most one warning per kind and gauge, naming the first few times.
    label : str
        The file as problems name it.

    Returns
    -------
    LevelSeries
        The same readings with ``flag`` set to ``duplicate`` / ``spike`` where the rules say.
    """
    times, levels = series.times, series.levels
    flags = series.flags.copy()
    dup = duplicate_mask(times)
    if dup.any():
        conflict = dup & ~_same(levels, levels[_kept_index(times)])
        flags[dup] = DUPLICATE
        _report(feedback, label, series, times[dup], _duplicate_text(int(conflict.sum())))
    spikes = spike_mask(times, levels, series.with_flags(flags).valid)
    if spikes.any():
        flags[spikes] = SPIKE
        _report(
            feedback,
            label,
            series,
            times[spikes],
            t(
                "急な跳ね上がり (±{j} m 以上で元に戻る) を異常値として使いません",
                "spike (a jump of more than {j} m that reverts) flagged and not used",
                j=SPIKE_JUMP_M,
            ),
        )
    return series.with_flags(flags) if dup.any() or spikes.any() else series


def _kept_index(times: np.ndarray) -> np.ndarray:
    """For each reading, the index of the last reading with the same time."""
    last_of_run = np.r_[times[1:] != times[:-1], True]
    ends = np.flatnonzero(last_of_run)
    return ends[np.searchsorted(ends, np.arange(times.size))]


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a == b) | (np.isnan(a) & np.isnan(b))


def _duplicate_text(conflicts: int) -> str:
    text = t(
        "同じ時刻の観測が重複しています。各時刻の最後の値を使います",
        "duplicate readings for one time; the last one at each time is used",
    )
    if conflicts:
        text += t(" (うち {n} 件は値が異なります)", " ({n} of them with different values)", n=conflicts)
    return text


def _report(feedback: Feedback, label: str, series: LevelSeries, times: np.ndarray, text: str) -> None:
    shown = ", ".join(iso_jst(x) for x in times[:_SHOWN])
    more = t(" ほか {n} 件", " and {n} more", n=len(times) - _SHOWN) if len(times) > _SHOWN else ""
    where = t("観測所 {g}", "gauge {g}", g=series.gauge.station_id)
    feedback.warn(Problem(label, where, f"{text}: {shown}{more}"))
