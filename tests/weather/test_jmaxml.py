"""JMA 防災情報XML telegrams, hand-checked against the raw files in ../shared/data/weather."""

from __future__ import annotations

import pytest

from weather import read_weather
from weather.errors import MalformedInputError


def _by_area(states):
    return {s.area_code: s for s in states}


def _kinds(state):
    return [(e.code, e.name, e.status) for e in state.in_force]


def test_vpww54_yamaguchi(samples, feedback):
    # Raw: 市町村等 items for 下関市 3520100 and 山口市 3520300: 高潮警報 08, 乾燥 21, 霜 24, all 発表.
    states = _by_area(read_weather(samples / "15_11_01_150916_VPWW54.xml", feedback))
    assert len(states) == 19
    for code, name in (("3520300", "山口市"), ("3520100", "下関市")):
        assert states[code].area_name == name
        assert _kinds(states[code]) == [("08", "高潮警報", "発表"), ("21", "乾燥注意報", "発表"), ("24", "霜注意報", "発表")]
        assert states[code].alert_level == 4
        assert states[code].source == "jma-xml-warning"
    assert sum(1 for s in states.values() if any(e.code == "08" for e in s.in_force)) == 18
    assert not feedback.problems


def test_vpww54_shimane_heavy_rain_special_warning(samples, feedback):
    # Raw: 浜田市 3220200: 33 発表, 04 継続, 14 継続; 松江市 3220100: 10, 14, 18 継続.
    states = _by_area(read_weather(samples / "15_12_01_161130_VPWW54.xml", feedback))
    assert _kinds(states["3220200"]) == [("33", "大雨特別警報", "発表"), ("04", "洪水警報", "継続"), ("14", "雷注意報", "継続")]
    assert states["3220200"].alert_level == 5
    assert [e.code for e in states["3220100"].in_force] == ["10", "14", "18"]
    assert states["3220100"].alert_level == 2
    assert sum(1 for s in states.values() if s.alert_level == 5) == 3


def test_vpww53_says_the_same_as_vpww54(samples, feedback):
    h27 = read_weather(samples / "15_12_01_161130_VPWW54.xml", feedback)
    h25 = read_weather(samples / "15_12_01_161130_VPWW53.xml", feedback)
    assert [(s.area_code, _kinds(s), s.alert_level) for s in h27] == [(s.area_code, _kinds(s), s.alert_level) for s in h25]


def test_real_fukushima_telegram_all_clear(weather_data, feedback):
    path = weather_data / "shirasagi/spec/fixtures/jmaxml/afeedc52-107a-3d1d-9196-b108234d6e0f.xml"
    states = _by_area(read_weather(path, feedback))
    assert len(states) == 61
    assert not any(s.in_force for s in states.values())
    assert [(e.code, e.status) for e in states["0720400"].cancelled] == [("15", "解除"), ("16", "解除")]  # いわき市
    assert states["0720100"].cancelled == ()  # 福島市: 発表警報・注意報はなし


def test_vxww50_okayama(samples, feedback):
    # Raw 17_03_01: only 高梁市 3320900 Kind/Code 3 発表; 玉野市 3320400 Code 0 なし.
    states = _by_area(read_weather(samples / "17_03_01_190529_VXWW50.xml", feedback))
    assert [c for c, s in states.items() if s.in_force] == ["3320900"]
    assert _kinds(states["3320900"]) == [("landslide", "土砂災害警戒情報", "発表")]
    assert states["3320900"].alert_level == 4
    assert states["3320400"].in_force == states["3320400"].cancelled == ()
    assert states["3320900"].source == "jma-xml-landslide"


def test_vxww50_fukuoka_counts(samples, feedback):
    states = read_weather(samples / "17_01_01_190529_VXWW50.xml", feedback)
    assert sum(1 for s in states if s.in_force) == 25
    assert sum(1 for s in states if s.cancelled) == 26


def test_vxww50_level_named_2026(samples, feedback):
    # Head/Title 神奈川県レベル４土砂災害危険警報; 小田原市 1420600, 真鶴町, 湯河原町 発表.
    states = _by_area(read_weather(samples / "17_04_01_250630_VXWW50.xml", feedback))
    assert sorted(c for c, s in states.items() if s.in_force) == ["1420600", "1438300", "1438400"]
    assert _kinds(states["1420600"]) == [("landslide", "レベル４土砂災害危険警報", "発表")]
    assert states["1420600"].alert_level == 4
    assert states["1410011"].area_name == "横浜市北部"  # newer than the area table: named from the file
    assert any(p.where == "1410011" for p in feedback.problems)


@pytest.mark.parametrize(
    ("name", "entry", "level"),
    [
        ("16_01_01_220728_VXKOii.xml", ("flood:20", "氾濫注意情報"), 2),
        ("16_02_01_220728_VXKOii.xml", ("flood:30", "氾濫警戒情報"), 3),
        ("16_03_01_220728_VXKOii.xml", ("flood:30", "氾濫警戒情報"), 3),
        ("16_06_01_220728_VXKOii.xml", ("flood:40", "氾濫危険情報"), 4),
        ("16_04_01_220728_VXKOii.xml", ("flood:50", "氾濫発生情報（氾濫水の予報）"), 5),
    ],
)
def test_vxko_levels_per_municipality_of_the_flood_area(samples, feedback, name, entry, level):
    states = read_weather(samples / name, feedback)
    assert states, "every sample but 16_05 lists 浸水想定地区"
    for state in states:
        assert [(e.code, e.name) for e in state.in_force] == [entry]
        assert state.alert_level == level
        assert state.flood.name == "○○川上流"
        assert state.flood.rivers == ("○○川", "△△川")
        assert state.source == "jma-xml-flood-forecast"


def test_vxko_cities_of_the_flood_area(samples, feedback):
    # Raw 16_01_01: 浸水想定地区 cities ○○市 △△市 ◇◇市 □□市, all CityCode 0000000 (placeholder).
    states = read_weather(samples / "16_01_01_220728_VXKOii.xml", feedback)
    assert [(s.area_code, s.area_name) for s in states] == [("0000000", n) for n in ("○○市", "△△市", "◇◇市", "□□市")]
    assert states[0].flood.stations == ("□□□水位観測所",)


def test_vxko_without_flood_area_list_prints_nothing_and_says_so(samples, feedback):
    assert read_weather(samples / "16_05_01_210630_VXKOii.xml", feedback) == []
    assert "浸水想定地区" in feedback.problems[0].message


def test_vxko_2008_format_kind_00_read_from_its_name(weather_data, feedback):
    path = weather_data / "shirasagi/spec/fixtures/jmaxml/70_16_01_100806_kasenkozui1.xml"
    states = read_weather(path, feedback)
    assert [(e.code, e.level) for s in states for e in s.in_force] == [("flood:20", 2)] * 3
    assert states[0].flood.name == "揖斐川中流"
    assert any("00" in p.message for p in feedback.problems)


def _edited(samples, tmp_path, name, *replacements):
    text = (samples / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_level_named_weather_warning_with_a_new_code(samples, tmp_path, feedback):
    path = _edited(
        samples, tmp_path, "15_11_01_150916_VPWW54.xml",
        ("<Name>霜注意報</Name>\n          <Code>24</Code>", "<Name>レベル３大雨警報</Name>\n          <Code>93</Code>"),
    )  # fmt: skip
    state = read_weather(path, feedback)[0]  # 下関市, the first item
    assert ("93", "レベル３大雨警報", "発表") in _kinds(state)
    assert next(e for e in state.in_force if e.code == "93").level == 3
    assert any("93" in p.message for p in feedback.problems)


def test_high_tide_advisory_with_warning_grade_forecast_is_level_3(samples, tmp_path, feedback):
    # Turn 下関市's 高潮警報 into a 高潮注意報 whose 危険度 still reaches 警報級 (30).
    path = _edited(
        samples, tmp_path, "15_11_01_150916_VPWW54.xml",
        ("<Name>高潮警報</Name>\n          <Code>08</Code>", "<Name>高潮注意報</Name>\n          <Code>19</Code>"),
        ("<Name>高潮警報</Name>\n            <Code>08</Code>\n            <Property>",
         "<Name>高潮注意報</Name>\n            <Code>19</Code>\n            <Property>"),
    )  # fmt: skip
    state = read_weather(path, feedback)[0]
    assert state.area_code == "3520100"
    assert state.in_force[0].code == "19"
    assert state.alert_level == 3


def test_training_telegram_is_read_and_flagged(samples, tmp_path, feedback):
    path = _edited(samples, tmp_path, "17_03_01_190529_VXWW50.xml", ("<Status>通常</Status>", "<Status>訓練</Status>"))
    assert read_weather(path, feedback)
    assert "訓練" in feedback.problems[0].message


def test_telegram_without_report_time(samples, tmp_path, feedback):
    path = _edited(
        samples, tmp_path, "17_03_01_190529_VXWW50.xml", ("<ReportDateTime>", "<Other>"), ("</ReportDateTime>", "</Other>")
    )
    with pytest.raises(MalformedInputError, match="ReportDateTime"):
        read_weather(path, feedback)
