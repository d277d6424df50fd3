"""Scenario replay: play recorded or synthetic hydrographs at N× speed for drills and demos.

The replay maps a wall clock onto scenario time, ``start + elapsed × speed``, and at any
moment gives every gauge's :class:`~feeds.status.GaugeState` from the readings known by then,
through the same :func:`~feeds.status.gauge_state` as live feeds (so stale states, missing
readings and spikes behave as they would in a real flood). The clock is injectable (a
function returning seconds); nothing here sleeps or needs Qt: a UI timer calls :meth:`states`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from feeds.series import LevelSeries
from feeds.status import GaugeState, gauge_state
from feeds.times import JST, to_jst

Seconds = Callable[[], float]


class HydrographReplay:
    """Replay ``series`` from ``start`` (default: their first reading) at ``speed``× real time.

    Parameters
    ----------
    series : sequence of LevelSeries
        Recorded (any reader, the store) or synthetic (the demo's levels.csv) hydrographs.
    speed : float
        Scenario seconds per clock second (60: one hour of flood per minute).
    clock : callable
        Returns seconds (``time.monotonic`` by default; tests pass a fake).
    start : pandas.Timestamp, optional
        Scenario time at which the replay starts.

    Raises
    ------
    ValueError
        If ``speed`` is not positive or there is no reading at all.
    """

    def __init__(
        self,
        series: Sequence[LevelSeries],
        speed: float = 60.0,
        clock: Seconds = time.monotonic,
        start: pd.Timestamp | None = None,
    ) -> None:
        readings = [s.times for s in series if len(s)]
        if not readings:
            raise ValueError("a replay needs at least one reading, got none")
        self._series = list(series)
        self._clock = clock
        self.first = to_jst(min(r[0] for r in readings))
        self.end = to_jst(max(r[-1] for r in readings))
        self._speed = _checked(speed)
        self._paused_at: pd.Timestamp | None = None
        self._anchor(pd.Timestamp(start).tz_convert(JST) if start is not None else self.first)

    @property
    def speed(self) -> float:
        """Scenario seconds per clock second."""
        return self._speed

    @speed.setter
    def speed(self, speed: float) -> None:
        now = self.sim_time
        self._speed = _checked(speed)
        self._anchor(now)

    @property
    def sim_time(self) -> pd.Timestamp:
        """The scenario time now (JST), never past the last reading."""
        if self._paused_at is not None:
            return self._paused_at
        elapsed = (self._clock() - self._t0) * self._speed
        return min(self._sim0 + pd.Timedelta(seconds=elapsed), self.end)

    @property
    def finished(self) -> bool:
        """True once the scenario time reached the last reading."""
        return self.sim_time >= self.end

    def seek(self, sim_time: pd.Timestamp) -> None:
        """Jump to ``sim_time`` (a pause stays paused, at the new time)."""
        target = pd.Timestamp(sim_time).tz_convert(JST)
        if self._paused_at is not None:
            self._paused_at = target
        self._anchor(target)

    def pause(self) -> None:
        """Freeze the scenario time."""
        self._paused_at = self.sim_time

    def resume(self) -> None:
        """Go on from where :meth:`pause` stopped."""
        if self._paused_at is not None:
            at, self._paused_at = self._paused_at, None
            self._anchor(at)

    def states(self) -> list[GaugeState]:
        """Every gauge's state from the readings up to the scenario time (stale rule included)."""
        now = self.sim_time
        instant = now.tz_convert("UTC").tz_localize(None).to_datetime64()
        return [gauge_state(s.head(int(np.searchsorted(s.times, instant, side="right"))), now) for s in self._series]

    def _anchor(self, sim_time: pd.Timestamp) -> None:
        self._t0 = self._clock()
        self._sim0 = sim_time


def _checked(speed: float) -> float:
    if not speed > 0:
        raise ValueError(f"speed should be a positive factor such as 60, got {speed!r} instead")
    return float(speed)

