"""JMA's weather forecast for an office (bosai ``forecast/{office}.json``).

The file is a list of reports (the 3-day forecast, then the weekly one), each
``{publishingOffice, reportDatetime, timeSeries: [{timeDefines: [...], areas: [{area: {name, code},
<field>: [one value per time], ...}]}]}``. A series is recognised by its fields, not its position:

* ``weathers`` (+ ``weatherCodes``, ``winds``, ``waves``): weather per class10 area → :class:`AreaWeather`;
* ``pops`` alone: 降水確率 (%) per class10 area and 6 h window → :class:`Pop`;
* ``temps``: temperature per city (AMeDAS point; named as the file names it) → :class:`CityTemperature`;
* ``reliabilities`` (+ ``weatherCodes``, ``pops``): the weekly days per area → :class:`WeeklyDay`;
* ``tempsMin``/``tempsMax`` (+ ``…Upper``/``…Lower``): weekly temperatures per city → :class:`WeeklyTemperature`.

Empty strings (JMA leaves the first weekly day blank) become None. Weather codes are kept raw;
:func:`weather_category` names the category of a known code (100s 晴れ … 400s 雪) and a code
outside those is reported once. Area names come from the area table, else from the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from i18n import t
from jobs.inputs import InputFile
from weather import default_areas
from weather.areas import AreaTable
from weather.detect import Kind, detect
from weather.entries import Warn, area_name
from weather.errors import MalformedInputError
from weather.times import JST, parse_time

#: Leading digit of a JMA weather code (天気コード, 100–450) → its category.
WEATHER_CATEGORIES: dict[str, tuple[str, str]] = {
    "1": ("晴れ", "sunny"),
    "2": ("くもり", "cloudy"),
    "3": ("雨", "rain"),
    "4": ("雪", "snow"),
}


@dataclass(frozen=True)
class AreaWeather:
    """Weather of one class10 area for one period of the 3-day forecast (texts as JMA writes them)."""

    area_code: str
    area_name: str | None
    time: datetime
    weather_code: str | None
    weather: str | None
    wind: str | None
    wave: str | None


@dataclass(frozen=True)
class Pop:
    """降水確率 (%) of one class10 area for the 6 h window starting at ``time``; None when blank."""

    area_code: str
    area_name: str | None
    time: datetime
    percent: int | None


@dataclass(frozen=True)
class CityTemperature:
    """Forecast temperature (°C) at one city of the 3-day forecast at ``time``."""

    city_code: str
    city_name: str | None
    time: datetime
    celsius: float | None


@dataclass(frozen=True)
class WeeklyDay:
    """One day of the weekly forecast for one area; ``reliability`` is JMA's A/B/C (None when blank)."""

    area_code: str
    area_name: str | None
    time: datetime
    weather_code: str | None
    pop: int | None
    reliability: str | None


@dataclass(frozen=True)
class WeeklyTemperature:
    """Minimum and maximum (°C, with JMA's upper/lower bounds) at one city for one day of the week."""

    city_code: str
    city_name: str | None
    time: datetime
    min: float | None
    min_upper: float | None
    min_lower: float | None
    max: float | None
    max_upper: float | None
    max_lower: float | None


@dataclass(frozen=True)
class Forecast:
    """Everything in one forecast file; ``report_time`` is the first report's (the 3-day forecast)."""

    office: str | None
    report_time: datetime
    weather: tuple[AreaWeather, ...] = ()
    pops: tuple[Pop, ...] = ()
    temperatures: tuple[CityTemperature, ...] = ()
    weekly: tuple[WeeklyDay, ...] = ()
    weekly_temperatures: tuple[WeeklyTemperature, ...] = ()


@dataclass(frozen=True)
class AreaOutlook:
    """The rows of one class10 area, as shown for a municipality (see :func:`municipality_outlook`)."""

    area_code: str
    area_name: str | None
    report_time: datetime
    weather: tuple[AreaWeather, ...]
    pops: tuple[Pop, ...]
    weekly: tuple[WeeklyDay, ...]


@dataclass(frozen=True)
class DayOutlook:
    """One JST day of an :class:`AreaOutlook`: its weather (the day's first period) and 降水確率 per 6 h."""

    day: date
    weather_code: str | None
    weather: str | None
    pops: tuple[int | None, ...]


@dataclass(frozen=True)
class _Cell:
    """One area at one time of one series: the area (code, name in the file), time and fields."""

    code: str
    given_name: str | None
    time: datetime
    values: dict[str, Any]


def weather_category(code: str | None) -> str | None:
    """The category of a JMA weather code (``"202"`` → くもり), or None for a blank or unknown code."""
    if code is None or len(code) != 3 or not code.isdigit():
        return None
    names = WEATHER_CATEGORIES.get(code[0])
    return t(*names) if names else None


def read_forecast(
    source: InputFile | str | Path, areas: AreaTable | None = None, warn: Warn | None = None
) -> Forecast:
    """Read a forecast file (``forecast/{office}.json``).

    Parameters
    ----------
    source
        The file.
    areas
        Names for class10 codes (default: the table the app ships).
    warn
        Receives problems with single values ``(where, message)``; default: ignored.

    Returns
    -------
    Forecast

    Raises
    ------
    MalformedInputError
        The file is empty, an HTML page, truncated or broken JSON, or not a forecast.
    OSError
        The file cannot be read.
    """
    input_file = source if isinstance(source, InputFile) else InputFile(label=str(source), path=Path(source))
    with input_file.open() as stream:
        detected = detect(stream.read())
    if detected.kind is not Kind.FORECAST:
        raise MalformedInputError(
            t(
                "天気予報 JSON (reportDatetime と timeSeries を持つ報告のリスト) ではありません: {k}",
                "not a forecast JSON (a list of reports with reportDatetime and timeSeries): {k}",
                k=detected.kind.value,
            )
        )
    return forecast_from_json(detected.document, areas or default_areas(), warn or (lambda where, message: None))


def forecast_from_json(document: Any, areas: AreaTable, warn: Warn) -> Forecast:
    """A :class:`Forecast` from a parsed forecast JSON.

    Each problem is reported to ``warn`` once (an unknown area code or weather code, a
    non-numeric value); the file is still read.

    Raises
    ------
    MalformedInputError
        When ``document`` is not a non-empty list of reports with ``reportDatetime`` and a
        ``timeSeries`` list, or a series lacks ``timeDefines``/``areas`` or has a value list
        whose length differs from its times.
    """
    if not isinstance(document, list) or not document or not all(isinstance(r, Mapping) for r in document):
        raise MalformedInputError(t("天気予報 JSON は報告のリストです", "a forecast JSON is a list of reports"))
    warn = _once(warn)
    rows: dict[str, list[Any]] = {key: [] for key in _ROW_BUILDERS}
    for report in document:
        if not isinstance(report.get("timeSeries"), list):
            raise MalformedInputError(t("timeSeries がありません", "timeSeries is missing"))
        parse_time(report.get("reportDatetime"))  # every report must carry a valid time
        for series in report["timeSeries"]:
            cells = list(_cells(series))
            if not cells:
                continue
            fields = set().union(*(c.values for c in cells))
            target = _target(fields)
            if target is None:
                warn(None, t("未知の時系列 {f} は読み飛ばします", "unknown series {f} skipped", f=sorted(fields)))
                continue
            rows[target].extend(_ROW_BUILDERS[target](cell, areas, warn) for cell in cells)
    first = document[0]
    return Forecast(
        first.get("publishingOffice"),
        parse_time(first.get("reportDatetime")),
        **{key: tuple(value) for key, value in rows.items()},
    )


def municipality_outlook(forecast: Forecast, municipality: str, areas: AreaTable) -> AreaOutlook | None:
    """The forecast rows of the class10 area a municipality (class20 code) lies in.

    The area is the municipality's nearest ancestor in ``areas`` that the forecast covers; the
    weekly rows are those of the nearest ancestor the weekly forecast covers (it may be coarser).

    Returns
    -------
    AreaOutlook or None
        None when no ancestor of ``municipality`` is in the forecast (another office, unknown code).

    Examples
    --------
    >>> outlook = municipality_outlook(read_forecast("forecast/130000.json"), "1310100", areas)  # doctest: +SKIP
    >>> outlook.area_name, outlook.pops[0].percent  # doctest: +SKIP
    ('東京地方', 10)
    """
    chain = [municipality, *(a.code for a in areas.ancestors(municipality))]
    short = {row.area_code for row in (*forecast.weather, *forecast.pops)}
    code = next((c for c in chain if c in short), None)
    if code is None:
        return None
    weekly_code = next((c for c in chain if any(d.area_code == c for d in forecast.weekly)), None)
    return AreaOutlook(
        code,
        areas.name(code) or next((w.area_name for w in forecast.weather if w.area_code == code), None),
        forecast.report_time,
        tuple(w for w in forecast.weather if w.area_code == code),
        tuple(p for p in forecast.pops if p.area_code == code),
        tuple(d for d in forecast.weekly if d.area_code == weekly_code),
    )


def outlook_days(outlook: AreaOutlook, days: int = 2) -> tuple[DayOutlook, ...]:
    """今日・明日…: the first ``days`` JST days from the report's day that have weather or 降水確率.

    Examples
    --------
    >>> [(d.day.isoformat(), d.pops) for d in outlook_days(outlook)]  # doctest: +SKIP
    [('2021-02-24', (10,)), ('2021-02-25', (10, 0, 0, 10))]
    """
    start = _day(outlook.report_time)
    dates = sorted({_day(row.time) for row in (*outlook.weather, *outlook.pops)})
    result = []
    for day in [d for d in dates if d >= start][:days]:
        first = next((w for w in outlook.weather if _day(w.time) == day), None)
        pops = tuple(p.percent for p in outlook.pops if _day(p.time) == day)
        result.append(DayOutlook(day, first.weather_code if first else None, first.weather if first else None, pops))
    return tuple(result)


def days_text(days: Sequence[DayOutlook]) -> str:
    """One line per day for the live panel: 「今日 2/24 晴れ　夜遅く　くもり　降水確率 10%」.

    The first day is 今日 and the second 明日 relative to the first (others by date);
    降水確率 lists the day's 6 h windows (``-`` for a blank one).
    """
    labels = (t("今日", "Today"), t("明日", "Tomorrow"))
    lines = []
    for index, day in enumerate(days):
        label = labels[index] if index < len(labels) and day.day == days[0].day + timedelta(days=index) else ""
        pops = "/".join("-" if p is None else str(p) for p in day.pops)
        weather = day.weather or weather_category(day.weather_code) or day.weather_code or "-"
        text = f"{label} {day.day.month}/{day.day.day} {weather}".strip()
        lines.append(text + (t("　降水確率 {p}%", "  chance of rain {p}%", p=pops) if pops else ""))
    return "\n".join(lines)


def _day(moment: datetime) -> date:
    return moment.astimezone(JST).date()


def _cells(series: Any) -> Iterator[_Cell]:
    if not isinstance(series, Mapping) or not isinstance(series.get("timeDefines"), list) or not isinstance(series.get("areas"), list):
        raise MalformedInputError(
            t("timeSeries の要素に timeDefines または areas がありません", "a timeSeries entry lacks timeDefines or areas")
        )
    times = [parse_time(text, "timeDefines") for text in series["timeDefines"]]
    for entry in series["areas"]:
        area = entry.get("area") if isinstance(entry, Mapping) else None
        if not isinstance(area, Mapping) or not area.get("code"):
            raise MalformedInputError(t("areas の要素に area.code がありません", "an areas entry lacks area.code"))
        lists = {key: value for key, value in entry.items() if key != "area"}
        if any(not isinstance(value, list) or len(value) != len(times) for value in lists.values()):
            raise MalformedInputError(
                t(
                    "地域 {c} の値の数が timeDefines ({n} 個) と合いません",
                    "area {c}: the value lists do not match the {n} timeDefines",
                    c=area["code"],
                    n=len(times),
                )
            )
        for index, moment in enumerate(times):
            yield _Cell(str(area["code"]), area.get("name"), moment, {key: value[index] for key, value in lists.items()})


def _target(fields: set[str]) -> str | None:
    if "weathers" in fields:
        return "weather"
    if "reliabilities" in fields:
        return "weekly"
    if "tempsMin" in fields or "tempsMax" in fields:
        return "weekly_temperatures"
    if "temps" in fields:
        return "temperatures"
    if "pops" in fields:
        return "pops"
    return None


def _once(warn: Warn) -> Warn:
    seen: set[tuple[str | None, str]] = set()

    def once(where: str | None, message: str) -> None:
        if (where, message) not in seen:
            seen.add((where, message))
            warn(where, message)

    return once


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _number(value: Any, where: str, warn: Warn) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        warn(where, t("数値ではない値 {v!r} は空として扱います", "non-numeric value {v!r} treated as blank", v=value))
        return None


def _percent(value: Any, where: str, warn: Warn) -> int | None:
    number = _number(value, where, warn)
    return round(number) if number is not None else None


def _weather_code(value: Any, warn: Warn) -> str | None:
    code = _text(value)
    if code is not None and weather_category(code) is None:
        warn(None, t("不明な天気コード {c} はそのまま保持します", "unknown weather code {c} is kept as is", c=code))
    return code


def _weather(cell: _Cell, areas: AreaTable, warn: Warn) -> AreaWeather:
    v = cell.values
    name = area_name(cell.code, cell.given_name, areas, warn)
    code = _weather_code(v.get("weatherCodes"), warn)
    return AreaWeather(cell.code, name, cell.time, code, _text(v.get("weathers")), _text(v.get("winds")), _text(v.get("waves")))


def _pop(cell: _Cell, areas: AreaTable, warn: Warn) -> Pop:
    return Pop(cell.code, area_name(cell.code, cell.given_name, areas, warn), cell.time, _percent(cell.values.get("pops"), cell.code, warn))


def _temperature(cell: _Cell, areas: AreaTable, warn: Warn) -> CityTemperature:
    return CityTemperature(cell.code, cell.given_name, cell.time, _number(cell.values.get("temps"), cell.code, warn))


def _weekly(cell: _Cell, areas: AreaTable, warn: Warn) -> WeeklyDay:
    v = cell.values
    name = area_name(cell.code, cell.given_name, areas, warn)
    code, pop = _weather_code(v.get("weatherCodes"), warn), _percent(v.get("pops"), cell.code, warn)
    return WeeklyDay(cell.code, name, cell.time, code, pop, _text(v.get("reliabilities")))


def _weekly_temperature(cell: _Cell, areas: AreaTable, warn: Warn) -> WeeklyTemperature:
    numbers = [
        _number(cell.values.get(key), cell.code, warn)
        for key in ("tempsMin", "tempsMinUpper", "tempsMinLower", "tempsMax", "tempsMaxUpper", "tempsMaxLower")
    ]
    return WeeklyTemperature(cell.code, cell.given_name, cell.time, *numbers)


_ROW_BUILDERS = {
    "weather": _weather,
    "pops": _pop,
    "temperatures": _temperature,
    "weekly": _weekly,
    "weekly_temperatures": _weekly_temperature,
}

