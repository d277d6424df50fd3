"""The forecast JSON (forecast/{office}.json): real Tokyo 2021-02-24 17:00 sample, outlook, bad input."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

import i18n
from jobs.feedback import Feedback
from weather.areas import AreaTable
from weather.errors import MalformedInputError
from weather.forecast import Forecast, days_text, forecast_from_json, municipality_outlook, outlook_days, read_forecast, weather_category
from weather.inputs import weather_states
from weather.times import JST


@pytest.fixture(scope="session")
def forecast_file(weather_data: Path) -> Path:
    return weather_data / "jma-analysis" / "forecast.json"


@pytest.fixture(scope="session")
def areas(weather_data: Path) -> AreaTable:
    return AreaTable.load(weather_data / "jma-analysis" / "area.json")


@pytest.fixture
def problems() -> list[tuple[str | None, str]]:
    return []


def _read(path: Path, areas: AreaTable, problems: list) -> Forecast:
    return read_forecast(path, areas, lambda where, message: problems.append((where, message)))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=JST)


def test_three_day_part_hand_checked(forecast_file, areas, problems):
    forecast = _read(forecast_file, areas, problems)
    assert (forecast.office, forecast.report_time.isoformat()) == ("気象庁", "2021-02-24T17:00:00+09:00")
    assert all(row.time.tzinfo is not None for row in (*forecast.weather, *forecast.pops, *forecast.temperatures))
    assert (len(forecast.weather), len(forecast.pops), len(forecast.temperatures)) == (4 * 3, 4 * 5, 4 * 2)
    # raw: timeSeries[0] area 130020, timeDefines[1] 2021-02-25T00:00, weatherCodes[1] "201"
    north = next(w for w in forecast.weather if w.area_code == "130020" and w.time == _at("2021-02-25T00:00"))
    assert north.area_name == "伊豆諸島北部"
    assert (north.weather_code, north.weather) == ("201", "くもり　昼前　まで　時々　晴れ　所により　夕方　から　雨")
    assert north.wave == "２メートル　後　１．５メートル　うねり　を伴う"
    # raw: timeSeries[1] area 130030, timeDefines[3] 2021-02-25T12:00, pops[3] "30"
    assert next(p.percent for p in forecast.pops if p.area_code == "130030" and p.time == _at("2021-02-25T12:00")) == 30
    # raw: timeSeries[2] city 44263 八丈島, timeDefines[1] 2021-02-25T09:00, temps[1] "14"
    hachijo = next(c for c in forecast.temperatures if c.city_code == "44263" and c.time == _at("2021-02-25T09:00"))
    assert (hachijo.city_name, hachijo.celsius) == ("八丈島", 14.0)
    assert not problems


def test_weekly_part_hand_checked(forecast_file, areas, problems):
    forecast = _read(forecast_file, areas, problems)
    assert (len(forecast.weekly), len(forecast.weekly_temperatures)) == (4 * 7, 4 * 7)
    first = next(d for d in forecast.weekly if d.area_code == "130010")
    assert (first.time, first.weather_code, first.pop, first.reliability) == (_at("2021-02-25T00:00"), "111", None, None)
    # raw: weekly timeSeries[0] area 130040 小笠原諸島, day 3 (2021-02-27): "202", pops "70", reliabilities "A"
    ogasawara = next(d for d in forecast.weekly if d.area_code == "130040" and d.time == _at("2021-02-27T00:00"))
    assert (ogasawara.area_name, ogasawara.weather_code, ogasawara.pop, ogasawara.reliability) == ("小笠原諸島", "202", 70, "A")
    # raw: weekly timeSeries[1] city 44132 東京, 2021-03-01: tempsMin 5 (8/2), tempsMax 16 (20/13)
    tokyo = next(c for c in forecast.weekly_temperatures if c.city_code == "44132" and c.time == _at("2021-03-01T00:00"))
    assert (tokyo.min, tokyo.min_upper, tokyo.min_lower, tokyo.max, tokyo.max_upper, tokyo.max_lower) == (5, 8, 2, 16, 20, 13)


def test_outlook_of_a_municipality_today_and_tomorrow(forecast_file, areas):
    forecast = read_forecast(forecast_file, areas)
    outlook = municipality_outlook(forecast, "1310100", areas)  # 千代田区 → 東京地方
    assert outlook is not None and (outlook.area_code, outlook.area_name) == ("130010", "東京地方")
    assert [p.percent for p in outlook.pops] == [10, 10, 0, 0, 10]
    assert len(outlook.weather) == 3 and len(outlook.weekly) == 7
    today, tomorrow = outlook_days(outlook)
    assert (today.day, today.weather_code, today.weather, today.pops) == (date(2021, 2, 24), "111", "晴れ　夜遅く　くもり", (10,))
    assert (tomorrow.day, tomorrow.pops) == (date(2021, 2, 25), (10, 0, 0, 10))
    assert len(outlook_days(outlook, days=3)) == 3
    assert days_text(outlook_days(outlook)) == "今日 2/24 晴れ　夜遅く　くもり　降水確率 10%\n明日 2/25 晴れ　夕方　から　くもり　降水確率 10/0/0/10%"
    i18n.set_language("en")
    assert days_text(outlook_days(outlook)).startswith("Today 2/24 晴れ　夜遅く　くもり  chance of rain 10%\nTomorrow 2/25")
    assert municipality_outlook(forecast, "3520300", areas) is None  # 山口市: another office
    assert municipality_outlook(forecast, "0000000", areas) is None


def test_unknown_weather_code_kept_raw_and_reported_once(forecast_file, areas, problems, tmp_path):
    document = json.loads(forecast_file.read_bytes())
    document[0]["timeSeries"][0]["areas"][0]["weatherCodes"] = ["999", "999", "202"]
    changed = tmp_path / "130000.json"
    changed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    forecast = _read(changed, areas, problems)
    tokyo = [w for w in forecast.weather if w.area_code == "130010"]
    assert [w.weather_code for w in tokyo] == ["999", "999", "202"]
    assert [weather_category(w.weather_code) for w in tokyo] == [None, None, "くもり"]
    assert [m for _, m in problems] == ["不明な天気コード 999 はそのまま保持します"]


@pytest.mark.parametrize(
    ("content", "ja", "en"),
    [
        (None, "途中で切れています", "truncated"),
        ('[{"publishingOffice": "気象庁", "reportDatetime": "2021-02-24T17:00:00+09:00"}]', "天気予報 JSON", "not a forecast JSON"),
        ('{"reportDatetime": "2021-02-24T17:00:00+09:00", "timeSeries": []}', "天気予報 JSON", "not a forecast JSON"),
        ('[{"reportDatetime": "2021-02-24T17:00:00+09:00", "timeSeries": [{"areas": []}]}]', "timeDefines", "timeDefines"),
        (
            '[{"reportDatetime": "x", "timeSeries": []}]',
            "reportDatetime が ISO 8601 の時刻ではありません",
            "reportDatetime is not an ISO 8601 time",
        ),
        (
            '[{"reportDatetime": "2021-02-24T17:00:00+09:00", "timeSeries": [{"timeDefines": ["2021-02-24T17:00:00+09:00"],'
            ' "areas": [{"area": {"name": "東京地方", "code": "130010"}, "pops": ["10", "20"]}]}]}]',
            "timeDefines \\(1 個\\) と合いません",
            "do not match the 1 timeDefines",
        ),
    ],
)
def test_malformed_input_says_why_in_both_languages(forecast_file, areas, tmp_path, content, ja, en):
    bad = tmp_path / "130000.json"
    if content is None:
        raw = forecast_file.read_bytes()
        bad.write_bytes(raw[: len(raw) // 2])
    else:
        bad.write_text(content, encoding="utf-8")
    with pytest.raises(MalformedInputError, match=ja):
        read_forecast(bad, areas)
    i18n.set_language("en")
    with pytest.raises(MalformedInputError, match=en):
        read_forecast(bad, areas)


def test_missing_time_series_in_a_parsed_document(forecast_file, areas):
    document = json.loads(forecast_file.read_bytes())
    del document[1]["timeSeries"]
    with pytest.raises(MalformedInputError, match="timeSeries がありません"):
        forecast_from_json(document, areas, lambda where, message: None)
    with pytest.raises(MalformedInputError, match="報告のリスト"):
        forecast_from_json([], areas, lambda where, message: None)


def test_html_error_page_is_malformed(weather_data, areas):
    with pytest.raises(MalformedInputError, match="HTML"):
        read_forecast(weather_data / "infomation-receiver/data/010000.json", areas)


def test_weather_status_skips_a_forecast_and_says_so(forecast_file, areas):
    infos: list[str] = []
    feedback = Feedback()
    feedback.info = infos.append  # type: ignore[method-assign]
    assert list(weather_states([forecast_file.parent], feedback, areas)) == []
    assert any("forecast.json" in m and "天気予報 JSON" in m for m in infos)
    generic = next(m for m in infos if "警報・注意報ではない" in m)
    assert "overview_forecast.json" in generic and not re.search(r"[(, ]forecast\.json", generic)
    named = Feedback()
    assert list(weather_states([forecast_file], named, areas)) == []
    assert [p.severity for p in named.problems] == ["error"] and "天気予報 JSON" in named.problems[0].message
