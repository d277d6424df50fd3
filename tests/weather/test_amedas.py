"""AMeDAS rainfall with the station table, quality flags honoured (real 2021-02-24 15:00 snapshot)."""

from __future__ import annotations

import json

from weather.amedas import read_rainfall, read_station_table, time_from_name


def test_rainfall_at_yamaguchi_and_the_maximum(weather_data):
    problems = []
    warn = lambda where, message: problems.append((where, message))  # noqa: E731
    folder = weather_data / "jma-analysis"
    stations = read_station_table(json.loads((folder / "amedastable.json").read_bytes()), warn)
    assert len(stations) == 1295
    yamaguchi = stations["81286"]
    assert (yamaguchi.name, round(yamaguchi.lat, 4), round(yamaguchi.lon, 4)) == ("山口", 34.1617, 131.4617)  # 34°9.7′ 131°27.7′
    snapshot = json.loads((folder / "20210224150000.json").read_bytes())
    rows = read_rainfall(snapshot, stations, time_from_name("20210224150000.json"), warn)
    by_station = {r.station: r for r in rows}
    assert (by_station["81286"].precipitation_1h, by_station["81286"].precipitation_24h) == (0.0, 0.0)
    assert by_station["81286"].time.isoformat() == "2021-02-24T15:00:00+09:00"
    assert sum(1 for r in rows if (r.precipitation_1h or 0) > 0) == 61
    assert max(r.precipitation_24h or 0 for r in rows) == 32.0 == by_station["15356"].precipitation_24h
    flagged = [r for r in rows if r.quality_1h == 4]
    assert flagged and all(r.precipitation_1h is None for r in flagged)  # value present in the file, flag 4: not used
    assert all(r.precipitation_1h is None for r in rows if r.quality_1h == 5)
    assert not problems


def test_time_from_name():
    assert time_from_name("map/20260603051000.json").isoformat() == "2026-06-03T05:10:00+09:00"
    assert time_from_name("latest.json") is None
