"""Formats from content, and the bad inputs: HTML page, truncated files, DTDs, strangers."""

from __future__ import annotations

import pytest

import i18n
from weather import read_weather
from weather.detect import Kind, detect
from weather.errors import MalformedInputError, UnsafeXMLError, UnsupportedInputError


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("infomation-receiver/data/350000.json", Kind.WARNING_JSON),
        ("jmaxml/assets/sample_xmls/15_11_01_150916_VPWW54.xml", Kind.XML_WARNING),
        ("jmaxml/assets/sample_xmls/15_12_01_161130_VPWW53.xml", Kind.XML_WARNING),
        ("shirasagi/spec/fixtures/jmaxml/afeedc52-107a-3d1d-9196-b108234d6e0f.xml", Kind.XML_WARNING),
        ("jmaxml/assets/sample_xmls/17_04_01_250630_VXWW50.xml", Kind.XML_LANDSLIDE),
        ("jmaxml/assets/sample_xmls/16_05_01_210630_VXKOii.xml", Kind.XML_FLOOD),
        ("jma-analysis/area.json", Kind.AREA_TABLE),
        ("jma-analysis/amedastable.json", Kind.AMEDAS_TABLE),
        ("jma-analysis/20210224150000.json", Kind.AMEDAS_MAP),
        ("jma-analysis/forecast.json", Kind.FORECAST),
        ("jma-analysis/overview_forecast.json", Kind.OVERVIEW),
        ("jma_feed/data/jmaxml_20240216_format_v1_3_hyo1.csv", Kind.OTHER),
        ("PROVENANCE.md", Kind.OTHER),
    ],
)
def test_kind_from_content(weather_data, relative, kind):
    assert detect((weather_data / relative).read_bytes()).kind is kind


def test_kind_does_not_come_from_the_name(weather_data, tmp_path):
    renamed = tmp_path / "VXKO.json"
    renamed.write_bytes((weather_data / "jmaxml/assets/sample_xmls/17_03_01_190529_VXWW50.xml").read_bytes())
    assert detect(renamed.read_bytes()).kind is Kind.XML_LANDSLIDE


def test_html_error_page_instead_of_json(weather_data, feedback):
    with pytest.raises(MalformedInputError, match="HTML のページです.*404｜気象庁"):
        read_weather(weather_data / "infomation-receiver/data/010000.json", feedback)
    i18n.set_language("en")
    with pytest.raises(MalformedInputError, match="an HTML page .* the feed returned an error page"):
        read_weather(weather_data / "infomation-receiver/data/010000.json", feedback)


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>503 Service Unavailable</title></head></html>",
        b'<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd">\n<html><title>Error</title></html>',
    ],
)
def test_other_html_pages(page):
    with pytest.raises(MalformedInputError, match="HTML"):
        detect(page)


def test_truncated_xml(samples, tmp_path, feedback):
    data = (samples / "17_03_01_190529_VXWW50.xml").read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(MalformedInputError, match="途中で切れています"):
        read_weather(cut, feedback)


def test_truncated_json(weather_data, tmp_path, feedback):
    data = (weather_data / "infomation-receiver/data/400000.json").read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[:1000])
    i18n.set_language("en")
    with pytest.raises(MalformedInputError, match=r"broken or truncated JSON \(line 1, column \d+\)"):
        read_weather(cut, feedback)


@pytest.mark.parametrize(
    "header",
    [
        '<!DOCTYPE Report [<!ENTITY x "boom">]>',
        '<!DOCTYPE Report [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE Report SYSTEM "http://example.invalid/report.dtd">',
    ],
)
def test_xml_with_a_dtd_is_refused(samples, tmp_path, feedback, header):
    text = (samples / "17_03_01_190529_VXWW50.xml").read_text(encoding="utf-8")
    text = text.replace("<Report ", header + "\n<Report ", 1).replace("<Name>高梁市</Name>", "<Name>&x;</Name>")
    path = tmp_path / "dtd.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnsafeXMLError, match="DTD"):
        read_weather(path, feedback)


def test_empty_file(tmp_path, feedback):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"  \n")
    with pytest.raises(MalformedInputError, match="空"):
        read_weather(empty, feedback)


def test_other_jma_telegram_is_not_a_warning_file(samples, tmp_path, feedback):
    text = (samples / "17_03_01_190529_VXWW50.xml").read_text(encoding="utf-8")
    text = text.replace("<Title>土砂災害警戒情報</Title>", "<Title>記録的短時間大雨情報</Title>", 1)
    text = text.replace("<InfoKind>土砂災害警戒情報</InfoKind>", "<InfoKind>記録的短時間大雨情報</InfoKind>")
    path = tmp_path / "vpoa50.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnsupportedInputError) as caught:
        read_weather(path, feedback)
    assert caught.value.kind == "jma-xml-other"


def test_revised_control_title_falls_back_to_info_kind(samples, tmp_path):
    text = (samples / "15_11_01_150916_VPWW54.xml").read_text(encoding="utf-8")
    text = text.replace("<Title>気象警報・注意報（Ｈ２７）</Title>", "<Title>気象警報・注意報（Ｒ０８）</Title>", 1)
    assert detect(text.encode("utf-8")).kind is Kind.XML_WARNING


def test_area_table_is_not_a_warning_file(weather_data, feedback):
    with pytest.raises(UnsupportedInputError, match="area.json") as caught:
        read_weather(weather_data / "jma-analysis/area.json", feedback)
    assert caught.value.kind == "jma-area-table"
