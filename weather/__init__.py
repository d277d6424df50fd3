"""Weather: JMA warnings, 土砂災害警戒情報 and 指定河川洪水予報 per municipality, as alert levels.

The domain API (no Qt): :func:`read_weather` reads one file (bosai warning JSON or a JMA XML
telegram, detected from content) into :class:`~weather.states.WarningState` objects, one per
municipality (市町村等); :func:`weather.states.apply` merges a report into the current states;
:mod:`weather.levels` holds the 警戒レベル相当 table; :mod:`weather.amedas` reads AMeDAS rainfall.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from i18n import t
from jobs.feedback import Feedback, Problem
from jobs.inputs import InputFile
from weather.areas import AreaTable
from weather.bosai_json import read_warning_json
from weather.detect import WARNING_KINDS, Detected, Kind, detect
from weather.entries import Warn
from weather.errors import UnsupportedInputError, WeatherError
from weather.jmaxml import read_telegram
from weather.states import WarningEntry, WarningState, apply

__all__ = ["AreaTable", "WarningEntry", "WarningState", "WeatherError", "apply", "default_areas", "read_detected", "read_weather"]

#: What each non-warning kind is, for the message when one is given as a warning input.
_NOT_WARNINGS: dict[Kind, tuple[str, str]] = {
    Kind.AREA_TABLE: ("気象庁の地域コード表 (area.json)", "JMA's area table (area.json)"),
    Kind.AMEDAS_TABLE: ("アメダス地点表 (amedastable.json)", "the AMeDAS station table (amedastable.json)"),
    Kind.AMEDAS_MAP: ("アメダス観測値 (map JSON)", "AMeDAS observations (map JSON)"),
    Kind.FORECAST: (
        "天気予報 JSON (forecast/{office}.json; 警報・注意報は含みません)",
        "a weather forecast JSON (forecast/{office}.json; it carries no warnings)",
    ),
    Kind.OVERVIEW: ("天気概況 JSON", "a forecast overview JSON"),
    Kind.XML_OTHER: ("警報・注意報以外の気象庁 XML 電文", "a JMA XML telegram that carries no warnings"),
    Kind.OTHER_JSON: ("気象庁の警報 JSON ではない JSON", "JSON that is not a JMA warning file"),
    Kind.OTHER_XML: ("気象庁防災情報 XML ではない XML", "XML that is not a JMA 防災情報XML telegram"),
    Kind.OTHER: ("JSON でも XML でもないファイル", "neither JSON nor XML"),
}


@cache
def default_areas() -> AreaTable:
    """The area table the app ships (``resources/weather/area.json``), read once."""
    return AreaTable.load()


def read_weather(
    source: InputFile | str | Path, feedback: Feedback | None = None, areas: AreaTable | None = None
) -> list[WarningState]:
    """The warning states of one file, one per municipality it lists.

    Parameters
    ----------
    source
        A file (bosai warning JSON, VPWW53/54/50, VXWW50 or VXKO XML; detected from content).
    feedback
        Receives warnings about single values (unknown codes, a forecast without 浸水想定地区).
    areas
        Names for area codes (default: the table the app ships).

    Returns
    -------
    list of WarningState

    Raises
    ------
    MalformedInputError
        The file is empty, an HTML page, truncated or broken JSON/XML, or lacks required fields.
    UnsafeXMLError
        The XML declares a DTD or entities.
    UnsupportedInputError
        The file is readable but carries no warnings (``area.json``, AMeDAS, forecast, other XML);
        its ``kind`` says what it is.
    OSError
        The file cannot be read.

    Examples
    --------
    >>> states = read_weather("../shared/data/weather/infomation-receiver/data/350000.json")  # doctest: +SKIP
    >>> [s.cancelled[0].name for s in states if s.area_code == "3520100"]  # doctest: +SKIP
    ['強風注意報']
    """
    input_file = source if isinstance(source, InputFile) else InputFile(label=str(source), path=Path(source))
    with input_file.open() as stream:
        detected = detect(stream.read())
    return read_detected(detected, input_file.label, feedback, areas)


def read_detected(
    detected: Detected, label: str, feedback: Feedback | None = None, areas: AreaTable | None = None
) -> list[WarningState]:
    """The warning states of content already classified by :func:`weather.detect.detect`.

    Raises
    ------
    MalformedInputError, UnsupportedInputError
        As :func:`read_weather`.
    """
    if detected.kind not in WARNING_KINDS:
        ja, en = _NOT_WARNINGS[detected.kind]
        raise UnsupportedInputError(
            t("警報・注意報のファイルではありません: {w}", "not a warning file: {w}", w=t(ja, en)), detected.kind.value
        )
    table = areas if areas is not None else default_areas()
    warn = _warner(label, feedback if feedback is not None else Feedback())
    if detected.kind is Kind.WARNING_JSON:
        return read_warning_json(detected.document, table, warn)
    return read_telegram(detected.document, detected.kind, table, warn)


def _warner(label: str, feedback: Feedback) -> Warn:
    return lambda where, message: feedback.warn(Problem(label, where, message))
