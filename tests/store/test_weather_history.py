"""Weather history in the project store, on real SQLite files in tmp_path and real JMA telegrams."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from store import open_store
from store.migrations import MIGRATIONS, known_names
from store.weather_history import StoredReport, load_reports, save_reports, stored_areas
from weather import read_weather
from weather.history import load_states, save_states

OKAYAMA = [f"17_03_0{i}_190529_VXWW50.xml" for i in range(1, 6)]
TAKAHASHI = "3320900"


@pytest.fixture(scope="module")
def telegrams(shared_data: Path) -> list:
    samples = shared_data / "weather" / "jmaxml" / "assets" / "sample_xmls"
    return [read_weather(samples / name) for name in OKAYAMA]


def test_migration_is_named_and_applied_after_the_earlier_ones(tmp_path):
    assert "m006_weather_history" in known_names()
    path = tmp_path / "p.nigezero"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m006_weather_history")
    assert not db["weather_reports"].exists()
    db.close()
    with open_store(path):
        pass
    with open_store(path):  # applying twice changes nothing
        pass
    conn = sqlite3.connect(path)
    schema = conn.execute("select sql from sqlite_master where name = 'weather_reports'").fetchone()[0]
    assert 'PRIMARY KEY ("area_code", "source", "flood_code", "report_time")' in schema
    names = [r[0] for r in conn.execute("select name from _sqlite_migrations where migration_set = 'nigezero'")]
    assert names.count("m006_weather_history") == 1


def test_states_round_trip_once_each(tmp_path, telegrams):
    with open_store(tmp_path / "p.nigezero") as store:
        new = [save_states(store, report, f"okayama-{i}") for i, report in enumerate(telegrams)]
        assert new == [len(r) for r in telegrams]
        assert sum(save_states(store, report) for report in telegrams) == 0  # re-read: stored once
        loaded = load_states(store, TAKAHASHI)
        assert [s.report_time.strftime("%m-%d %H:%M") for s in loaded] == ["09-02 15:37", "09-02 17:50", "09-04 08:12", "09-04 09:22", "09-04 09:49"]
        original = next(s for s in telegrams[0] if s.area_code == TAKAHASHI)
        assert loaded[0] == original  # every field, since-times and levels included
        assert [[e.status for e in s.in_force + s.cancelled] for s in loaded[:2]] == [["発表"], ["解除"]]
        assert len(load_states(store)) == sum(len(r) for r in telegrams)
        assert TAKAHASHI in stored_areas(store) and stored_areas(store) == sorted(stored_areas(store))
        window = load_reports(store, start="2013-09-04T00:00:00+09:00", end="2013-09-04T09:30:00+09:00")
        assert {r.report_time for r in window} == {"2013-09-04T08:12:00+09:00", "2013-09-04T09:22:00+09:00"}
        assert window[0].origin in ("okayama-2", "okayama-3")


def test_flood_forecast_topic_is_kept(tmp_path, shared_data):
    sample = shared_data / "weather" / "jmaxml" / "assets" / "sample_xmls" / "16_06_01_220728_VXKOii.xml"
    states = read_weather(sample)
    with open_store(tmp_path / "p.nigezero") as store:
        assert save_states(store, states) == len({(s.area_code, s.flood.code) for s in states})  # one row per key and time
        back = load_states(store)
        assert {s.flood for s in back} == {s.flood for s in states}
        report = StoredReport("3520300", "山口市", "jma-warning-json", "2026-06-03T05:10:00+09:00", None, ())
        assert save_reports(store, [report, report]) == 1
