"""Gauge status, 警戒レベル and 避難情報 from water levels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import i18n
from feeds.gauges import Gauge, Thresholds, read_gauge_table
from feeds.levels import read_simple_levels
from feeds.status import classify_levels, gauge_status

FOUR = Gauge("X", "x", "川", 131.4, 34.1, Thresholds(standby=1.5, caution=2.2, evacuation=2.8, danger=3.2, flooding=4.0))
THREE = Gauge("Y", "y", "川", 131.4, 34.1, Thresholds(observing=9.81, danger=11.42, flooding=12.53), "three")


@pytest.mark.parametrize(
    ("level", "status", "alert", "info"),
    [
        (1.0, "normal", None, None),
        (1.5, "standby", None, None),
        (2.2, "caution", 2, None),
        (2.8, "evacuation", 3, "Evacuation of older people and others"),
        (3.5, "danger", 4, "Evacuation order"),
        (4.0, "flooding", 5, "Emergency safety measures"),
        (None, "missing", None, None),
        (float("nan"), "missing", None, None),
    ],
)
def test_four_threshold_statuses(monkeypatch: pytest.MonkeyPatch, level, status, alert, info) -> None:  # noqa: ANN001
    monkeypatch.setattr(i18n, "_current", "en")
    result = gauge_status(level, FOUR)
    assert (result.status, result.alert_level, result.evacuation_info) == (status, alert, info)


def test_three_threshold_statuses_and_japanese_labels() -> None:
    levels = np.array([9.0, 10.97, 11.42, 13.0])
    assert classify_levels(levels, THREE.thresholds, "three").tolist() == ["normal", "observing", "danger", "flooding"]
    danger = gauge_status(11.5, THREE)
    assert (danger.alert_level, danger.label, danger.evacuation_info) == (4, "氾濫危険水位超過", "避難指示")
    assert gauge_status(10.0, THREE).alert_level is None


def test_missing_thresholds_are_skipped_never_zero() -> None:
    only_danger = Thresholds(danger=3.0)
    assert classify_levels(np.array([0.0, 0.1, 2.9, 3.0]), only_danger).tolist() == [
        "normal", "normal", "normal", "danger"
    ]
    assert classify_levels(np.array([5.0]), Thresholds()).tolist() == ["normal"]


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="scheme should be one of four or three, got 'two' instead"):
        classify_levels(np.array([1.0]), Thresholds(), "two")  # type: ignore[arg-type]


def test_demo_main_gauge_rises_through_all_four_thresholds_and_recedes(demo_dir: Path) -> None:
    gauges = {g.station_id: g for g in read_gauge_table(demo_dir / "river/gauges.csv")}
    levels = read_simple_levels(demo_dir / "river/levels.csv")
    order = ["normal", "standby", "caution", "evacuation", "danger", "flooding"]
    peaks = {}
    for station, series in levels.groupby("station_id"):
        status = classify_levels(series["level_m"].to_numpy(), gauges[station].thresholds)
        valid = status[status != "missing"]
        steps = np.array([order.index(s) for s in valid])
        peaks[station] = order[steps.max()]
        peak_at = int(np.argmax(steps))
        assert (np.diff(steps[: peak_at + 1]) >= 0).all() and (np.diff(steps[peak_at:]) <= 0).all()
        assert valid[0] == "normal" and steps[-1] < steps.max()
    assert peaks == {"DEMO001": "danger", "DEMO002": "caution", "DEMO003": "standby"}
