"""Level series saved to and loaded back from the project store (flags and gauge kept)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from feeds.detect import read_feed_bytes
from feeds.history import load_series, save_series
from feeds.thresholds import merge_gauge
from feeds.gauges import read_gauge_table
from jobs.feedback import Feedback
from store import open_store


def test_demo_series_round_trip_through_the_store(demo_dir: Path, tmp_path: Path) -> None:
    table = {g.station_id: g for g in read_gauge_table(demo_dir / "river/gauges.csv")}
    [first, *_] = read_feed_bytes((demo_dir / "river/levels.csv").read_bytes(), "levels.csv", Feedback())
    first = first.with_gauge(merge_gauge(first.gauge, table["DEMO001"], "levels.csv", Feedback()))
    with open_store(tmp_path / "p.nigezero") as store:
        assert save_series(store, first) == 288
        assert save_series(store, first) == 0
        back = load_series(store, "DEMO001")
        window = load_series(store, "DEMO001", start=pd.Timestamp("2026-06-02T21:00+09:00"), end=pd.Timestamp("2026-06-02T22:00+09:00"))
    assert back.gauge == first.gauge
    np.testing.assert_array_equal(back.times, first.times)
    np.testing.assert_array_equal(back.levels, first.levels)
    assert back.flags.tolist() == first.flags.tolist() and (~back.valid).sum() == 3
    assert len(window) == 7 and window.frame["time"].iloc[0] == pd.Timestamp("2026-06-02T21:00+09:00")
