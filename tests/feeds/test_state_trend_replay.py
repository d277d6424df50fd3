"""Spike/duplicate rules, trend, the stale rule, gauge state and the scenario replay (no Qt, no sleeping)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from feeds.detect import read_feed_bytes
from feeds.gauges import Gauge, Thresholds, read_gauge_table
from feeds.quality import duplicate_mask, spike_mask
from feeds.replay import HydrographReplay
from feeds.series import MISSING, OK, bare_gauge, make_series
from feeds.status import gauge_state
from feeds.thresholds import merge_gauge
from feeds.trend import Trend, is_stale, trend
from jobs.feedback import Feedback

T0 = pd.Timestamp("2026-06-03T05:00:00+09:00")
TEN = pd.Timedelta(minutes=10)


def _times(n: int, step: pd.Timedelta = TEN) -> np.ndarray:
    return pd.DatetimeIndex([T0 + step * i for i in range(n)]).tz_convert("UTC").tz_localize(None).to_numpy()


@pytest.mark.parametrize(
    ("levels", "step", "expected"),
    [
        ([1.0, 2.2, 1.1, 1.2], TEN, [False, True, False, False]),  # up 1.2, back 1.1: spike
        ([1.0, 0.1, 1.0, 1.0], TEN, [False, False, False, False]),  # 0.9 m: below the 1.0 m rule
        ([1.0, 2.2, 3.4, 4.6], TEN, [False, False, False, False]),  # a real rise does not revert
        ([1.0, 2.2, 1.1], pd.Timedelta(hours=1), [False, False, False]),  # hourly data are not judged
        ([1.0, 1.1, 3.0], TEN, [False, False, False]),  # the last reading cannot be judged yet
    ],
)
def test_spike_rule(levels: list[float], step: pd.Timedelta, expected: list[bool]) -> None:
    levels_ = np.array(levels)
    assert spike_mask(_times(len(levels_), step), levels_, np.ones(len(levels_), bool)).tolist() == expected


def test_spike_neighbours_skip_invalid_readings() -> None:
    levels = np.array([1.0, np.nan, 2.3, 1.1])
    valid = ~np.isnan(levels)
    assert spike_mask(_times(4, pd.Timedelta(minutes=5)), levels, valid).tolist() == [False, False, True, False]


def test_duplicates_keep_the_last_copy() -> None:
    times = np.array([1, 2, 2, 2, 3])
    assert duplicate_mask(times).tolist() == [False, True, True, False, False]


def test_trend_rates_and_directions() -> None:
    valid = np.ones(7, bool)
    rising = trend(_times(7), 1.0 + 0.05 * np.arange(7), valid)  # 0.3 m/h
    assert (rising.direction, rising.rate_m_per_h) == ("rising", pytest.approx(0.3))
    falling = trend(_times(7), 2.0 - 0.02 * np.arange(7), valid)
    assert (falling.direction, falling.rate_m_per_h) == ("falling", pytest.approx(-0.12))
    assert trend(_times(7), np.full(7, 1.0), valid).direction == "steady"
    assert trend(_times(7), np.full(7, 1.0), np.eye(7, dtype=bool)[0]).direction == "unknown"
    same_moment = np.repeat(_times(1), 3)  # a feed repeating one timestamp: no slope, never NaN
    assert trend(same_moment, np.array([1.0, 1.1, 1.2]), np.ones(3, bool)) == Trend("unknown", None)
    # only the last hour counts: an old rise followed by a flat hour is steady
    old_rise = np.r_[np.linspace(0.0, 3.0, 6), np.full(7, 3.0)]
    assert trend(_times(13), old_rise, np.ones(13, bool)).direction == "steady"


def test_stale_is_older_than_twice_the_interval() -> None:
    assert not is_stale(T0, T0 + 2 * TEN, TEN)
    assert is_stale(T0, T0 + 2 * TEN + pd.Timedelta(seconds=1), TEN)
    assert not is_stale(T0, T0 + pd.Timedelta(hours=2), pd.Timedelta(hours=1))
    assert is_stale(None, T0, TEN)
    naive_utc = np.datetime64("2026-06-02T20:00:00")  # = 05:00 JST
    assert not is_stale(naive_utc, T0 + TEN, TEN)


def test_state_of_a_gauge_whose_latest_reading_is_missing() -> None:
    gauge = Gauge("G", "g", "川", None, None, Thresholds(standby=1.0, caution=2.0, evacuation=2.5, danger=3.0))
    series = make_series(
        gauge, _times(3), np.array([2.1, 2.6, np.nan]), np.array([OK, OK, MISSING], dtype=object), TEN, "test"
    )
    state = gauge_state(series, now=T0 + pd.Timedelta(minutes=45))
    assert (state.status.status, state.level_m, state.time) == ("missing", None, T0 + 2 * TEN)
    assert (state.last_valid.time, state.last_valid.level_m) == (T0 + TEN, 2.6)
    assert state.trend.direction == "rising" and state.stale is True
    empty = gauge_state(series.head(0), now=T0)
    assert (empty.status.status, empty.time, empty.last_valid, empty.stale) == ("missing", None, None, True)


def test_merge_feed_thresholds_win_and_differences_are_reported() -> None:
    feed = Gauge("8700000032", "佐波川19.8k右岸", "", 131.6, 34.1, Thresholds(observing=44.17, danger=45.13, flooding=45.84), "three")
    table = Gauge("8700000032", "別名", "佐波川", 131.0, 34.0, Thresholds(standby=44.0, danger=45.0))
    feedback = Feedback()
    merged = merge_gauge(feed, table, "f.json", feedback)
    assert merged.thresholds == Thresholds(standby=44.0, danger=45.13, flooding=45.84, observing=44.17)
    assert (merged.name, merged.river, merged.lon, merged.scheme) == ("佐波川19.8k右岸", "佐波川", 131.6, "three")
    [problem] = feedback.problems
    assert "danger_m" in problem.message and "45.13" in problem.message and "45.0" in problem.message
    assert merge_gauge(bare_gauge("X"), None, "f", feedback) == bare_gauge("X")


@pytest.fixture(scope="module")
def demo_series(demo_dir: Path):
    table = {g.station_id: g for g in read_gauge_table(demo_dir / "river/gauges.csv")}
    series = read_feed_bytes((demo_dir / "river/levels.csv").read_bytes(), "levels.csv", Feedback())
    return [s.with_gauge(merge_gauge(s.gauge, table[s.gauge.station_id], "levels.csv", Feedback())) for s in series]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("hours", "status", "alert"),
    [
        (0.0, "normal", None),
        (15.0, "standby", None),
        (16.0, "caution", 2),
        (18.0, "evacuation", 3),
        (20.0, "danger", 4),
        (21.5, "missing", None),  # the feed fails at the peak
        (26.0, "evacuation", 3),
        (30.0, "caution", 2),
        (36.0, "standby", None),
    ],
)
def test_demo_hydrograph_replay_crosses_every_level(demo_series, hours: float, status: str, alert: int | None) -> None:
    clock = FakeClock()
    replay = HydrographReplay(demo_series, speed=3600.0, clock=clock)  # one scenario hour per clock second
    clock.now = hours
    state = replay.states()[0]
    assert state.gauge.station_id == "DEMO001"
    assert (state.status.status, state.status.alert_level) == (status, alert)
    assert state.time == pd.Timestamp("2026-06-02T00:00:00+09:00") + pd.Timedelta(hours=hours)
    assert state.stale is False


def test_replay_speed_pause_seek_and_end(demo_series) -> None:
    clock = FakeClock()
    replay = HydrographReplay(demo_series, speed=600.0, clock=clock)
    clock.now = 6.0
    assert replay.sim_time == replay.first + pd.Timedelta(hours=1)
    replay.speed = 3600.0
    clock.now = 7.0
    assert replay.sim_time == replay.first + pd.Timedelta(hours=2)
    replay.pause()
    clock.now = 100.0
    assert replay.sim_time == replay.first + pd.Timedelta(hours=2)
    replay.resume()
    clock.now = 101.0
    assert replay.sim_time == replay.first + pd.Timedelta(hours=3)
    replay.seek(replay.first + pd.Timedelta(hours=22, minutes=30))
    [peak, *_] = replay.states()
    assert peak.status.status == "danger" and peak.last_valid.level_m > 3.2
    clock.now = 1e6
    assert replay.finished and replay.sim_time == replay.end
    with pytest.raises(ValueError, match="speed should be a positive factor such as 60, got 0 instead"):
        replay.speed = 0
