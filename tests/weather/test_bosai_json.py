"""The bosai warning JSON, hand-checked against the raw files in ../shared/data/weather."""

from __future__ import annotations

import json

import pytest

from weather import read_weather
from weather.errors import MalformedInputError


def _by_area(states):
    return {s.area_code: s for s in states}


def test_yamaguchi_nothing_in_force_and_strong_wind_lifted(weather_data, feedback):
    # Raw: 3520300 {"status":"発表警報・注意報はなし"}; 3520100 {"code":"15","status":"解除"}.
    states = _by_area(read_weather(weather_data / "infomation-receiver/data/350000.json", feedback))
    assert len(states) == 19
    yamaguchi = states["3520300"]
    assert (yamaguchi.area_name, yamaguchi.in_force, yamaguchi.cancelled, yamaguchi.alert_level) == ("山口市", (), (), None)
    assert yamaguchi.report_time.isoformat() == "2026-05-28T03:32:00+09:00"
    shimonoseki = states["3520100"]
    assert shimonoseki.area_name == "下関市"
    assert shimonoseki.in_force == ()
    assert [(e.code, e.name, e.status) for e in shimonoseki.cancelled] == [("15", "強風注意報", "解除")]
    lifted = sorted(code for code, s in states.items() if s.cancelled)
    assert lifted == ["3520100", "3520400", "3521100", "3550200"]
    assert not feedback.problems


def test_fukuoka_dense_fog_issued_in_kitakyushu(weather_data, feedback):
    # Raw: {"code":"4010000","warnings":[{"code":"20","status":"発表"}]}; 6 of 60 municipalities.
    states = _by_area(read_weather(weather_data / "infomation-receiver/data/400000.json", feedback))
    assert len(states) == 60
    kitakyushu = states["4010000"]
    assert [(e.code, e.name, e.status) for e in kitakyushu.in_force] == [("20", "濃霧注意報", "発表")]
    assert kitakyushu.alert_level is None  # 濃霧 carries no level
    assert kitakyushu.in_force[0].since == kitakyushu.report_time
    assert sum(1 for s in states.values() if s.in_force) == 6


def test_aomori_thunder_issued_and_fog_continued_everywhere(weather_data, feedback):
    states = read_weather(weather_data / "infomation-receiver/data/020000.json", feedback)
    assert len(states) == 40
    for state in states:
        assert {(e.code, e.status) for e in state.in_force} == {("14", "発表"), ("20", "継続")}
        assert next(e for e in state.in_force if e.code == "20").since is None  # continued: since unknown


def _write(tmp_path, document):
    path = tmp_path / "warning.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _document(warnings, time_series=None):
    doc = {
        "reportDatetime": "2026-07-01T05:00:00+09:00",
        "areaTypes": [
            {"areas": [{"code": "350020", "warnings": warnings}]},
            {"areas": [{"code": "3520300", "warnings": warnings}]},
        ],
    }
    if time_series is not None:
        doc["timeSeries"] = time_series
    return doc


def test_heavy_rain_warning_is_level_3_and_special_warning_5(tmp_path, feedback):
    path = _write(tmp_path, _document([{"code": "03", "status": "発表"}, {"code": "33", "status": "特別警報から警報"}]))
    (state,) = read_weather(path, feedback)
    assert state.area_code == "3520300"
    assert [e.level for e in state.in_force] == [3, 5]
    assert state.alert_level == 5


def test_unknown_code_is_kept_raw_and_reported(tmp_path, feedback):
    path = _write(tmp_path, _document([{"code": "97", "status": "発表"}, {"code": "10", "status": "継続"}]))
    (state,) = read_weather(path, feedback)
    assert [(e.code, e.name) for e in state.in_force] == [("97", None), ("10", "大雨注意報")]
    assert state.alert_level == 2
    assert [p.message for p in feedback.problems] == ["不明な種別コード 97 (-) はそのまま出力します"]


def test_unknown_area_is_kept_raw_with_null_name(tmp_path, feedback):
    doc = {"reportDatetime": "2026-07-01T05:00:00", "areaTypes": [{"areas": [{"code": "9999999", "warnings": []}]}]}
    (state,) = read_weather(_write(tmp_path, doc), feedback)
    assert (state.area_code, state.area_name) == ("9999999", None)
    assert state.report_time.isoformat() == "2026-07-01T05:00:00+09:00"  # no offset: JST
    assert feedback.problems[0].where == "9999999"


def test_high_tide_advisory_reaching_warning_grade_is_level_3(tmp_path, feedback):
    series = [{"timeDefines": [], "areaTypes": [{"areas": [{"code": "3520300", "warnings": [
        {"code": "19", "levels": [{"type": "潮位危険度", "localAreas": [{"values": ["10", "30", "10"]}]}]}
    ]}]}]}]  # fmt: skip
    path = _write(tmp_path, _document([{"code": "19", "status": "発表"}], series))
    assert read_weather(path, feedback)[0].alert_level == 3
    plain = _write(tmp_path, _document([{"code": "19", "status": "発表"}]))
    assert read_weather(plain, feedback)[0].alert_level == 2


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"areaTypes": []}, "reportDatetime"),
        ({"reportDatetime": "yesterday", "areaTypes": []}, "ISO 8601"),
        ({"reportDatetime": "2026-07-01T05:00:00+09:00", "areaTypes": {}}, "areaTypes"),
        ({"reportDatetime": "2026-07-01T05:00:00+09:00", "areaTypes": [{"areas": [{"code": "350020"}]}]}, "7 桁"),
    ],
)
def test_structure_errors_are_specific(tmp_path, feedback, document, message):
    with pytest.raises(MalformedInputError, match=message):
        read_weather(_write(tmp_path, document), feedback)
