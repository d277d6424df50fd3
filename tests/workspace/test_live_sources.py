"""Live sources: settings in the store, JMA telegrams through the feed machinery (a watched
folder), bad content keeping the last good states, local thresholds, weather triggers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from evac_plans.model import LandslideAlertTrigger, WeatherLevelTrigger, WeatherWarningTrigger, trigger_from_dict
from feeds.gauges import Thresholds
from feeds.polling import FolderFeed
from jobs.feedback import Feedback
from store import open_store
from weather import default_areas, read_weather
from weather.states import replay
from workspace.live_sources import LiveSettings, SourceSetting, demo_series, load_settings, make_feed, save_settings, weather_parser

OKAYAMA = [f"17_03_0{i}_190529_VXWW50.xml" for i in range(1, 6)]


@pytest.fixture(scope="module")
def samples(shared_data: Path) -> Path:
    return shared_data / "weather" / "jmaxml" / "assets" / "sample_xmls"


def test_settings_round_trip_in_the_store(tmp_path):
    settings = LiveSettings(
        sources=(SourceSetting("river", "http://127.0.0.1:9/levels.json"), SourceSetting("weather", str(tmp_path))),
        interval_s=30,
        gauge_table="river/gauges.csv",
        prefectures=("35",),
        thresholds={"DEMO001": Thresholds(caution=2.0, danger=3.0)},
    )
    with open_store(tmp_path / "p.nigezero") as store:
        assert load_settings(store) == LiveSettings()
        save_settings(store, settings)
    with open_store(tmp_path / "p.nigezero") as store:
        assert load_settings(store) == settings
    with pytest.raises(ValueError, match="got 'radar' instead"):
        LiveSettings.from_json('{"sources": [{"kind": "radar", "location": "x"}]}')
    with pytest.raises(ValueError, match="positive number of seconds, got 0"):
        LiveSettings.from_json('{"interval_s": 0}')


def test_watched_folder_of_telegrams_then_a_broken_one(tmp_path, samples, shared_data):
    clock = _Clock()
    feed = make_feed(SourceSetting("weather", str(tmp_path)), weather_parser(default_areas()), clock)
    assert isinstance(feed, FolderFeed)
    shutil.copy(samples / OKAYAMA[0], tmp_path / OKAYAMA[0])
    first = feed.poll()
    assert first.ok and first.changed and {s.area_code for s in first.series if s.in_force} == {"3320900"}
    assert not feed.poll().changed  # nothing new
    for name in OKAYAMA[1:3]:
        shutil.copy(samples / name, tmp_path / name)
    second = feed.poll()
    assert second.changed and len(second.series) == sum(len(read_weather(samples / n)) for n in OKAYAMA[:3])
    good_at = clock.now
    clock.now += pd.Timedelta(minutes=10)
    shutil.copy(shared_data / "weather" / "infomation-receiver" / "data" / "010000.json", tmp_path / "zz-error.json")
    broken = feed.poll()
    assert not broken.ok and "HTML" in broken.error and broken.stale_since == good_at
    assert broken.series == second.series  # the last good states stay
    states = replay([broken.series])
    assert sum(1 for s in states.values() if s.in_force) == 20  # 17_03_03: 13 発表 + 7 継続


def test_local_thresholds_override_the_table(demo_dir):
    board, series = demo_series(demo_dir / "river", Feedback())
    board.local = {"DEMO003": Thresholds(evacuation=1.0)}  # 吉敷川 has no 避難判断水位 in the table
    gauge = next(s for s in board.complete(series, Feedback()) if s.gauge.station_id == "DEMO003").gauge
    assert (gauge.thresholds.evacuation, gauge.thresholds.caution) == (1.0, 1.30)
    peak = board.states(series, pd.Timestamp("2026-06-03T00:00:00+09:00"))
    assert {s.gauge.station_id for s in peak} == {"DEMO001", "DEMO002", "DEMO003"}


def test_weather_triggers(samples):
    states = list(replay([read_weather(samples / name) for name in OKAYAMA[:1]]).values())
    assert LandslideAlertTrigger("3320900").met_by(states)
    assert not LandslideAlertTrigger("3310000").met_by(states)
    assert WeatherLevelTrigger("3320900", 4).met_by(states) and not WeatherLevelTrigger("3320900", 5).met_by(states)
    assert not WeatherWarningTrigger("3320900", "03").met_by(states)
    yamaguchi = read_weather(samples / "15_11_01_150916_VPWW54.xml")
    assert WeatherWarningTrigger("3520300", "08").met_by(yamaguchi)  # 高潮警報 in the sample
    for trigger in (LandslideAlertTrigger("3520300"), WeatherWarningTrigger("3520300", "03"), WeatherLevelTrigger("3520300", 3)):
        assert trigger_from_dict(trigger.to_dict()) == trigger


class _Clock:
    def __init__(self) -> None:
        self.now = pd.Timestamp("2013-09-04T09:00:00+09:00")

    def __call__(self) -> pd.Timestamp:
        return self.now
