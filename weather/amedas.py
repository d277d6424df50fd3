"""AMeDAS rainfall: the station table (``amedastable.json``) and a map snapshot (``map/{time}.json``).

* ``amedastable.json``: station id → ``{type, elems, lat: [deg, min], lon: [deg, min], alt,
  kjName, knName, enName}``; positions are degrees + decimal minutes (→ decimal degrees here).
* ``map/YYYYMMDDhhmmss.json``: station id → element → ``[value, quality]``. The snapshot carries
  no time: it is the file name's, in JST (:func:`time_from_name`). A value is used only when its
  quality flag is in :data:`USABLE_QUALITY`; otherwise it is None and the flag is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from i18n import t
from weather.entries import Warn
from weather.errors import MalformedInputError
from weather.times import JST

#: Quality flags whose values are used (0 正常, 1 準正常). Others (4 資料不足, 5 欠測, 6 …) give None.
USABLE_QUALITY: frozenset[int] = frozenset({0, 1})

_MAP_NAME = re.compile(r"(\d{14})")


@dataclass(frozen=True)
class Station:
    """An AMeDAS station; ``lon``/``lat`` in decimal degrees (JGD2011 ≈ WGS84)."""

    code: str
    name: str
    kana: str | None
    en_name: str | None
    lon: float
    lat: float
    alt_m: float | None
    type: str | None


@dataclass(frozen=True)
class Rainfall:
    """Precipitation at one station at one time (mm; None when absent or flagged)."""

    station: str
    name: str | None
    lon: float | None
    lat: float | None
    time: datetime | None
    precipitation_1h: float | None
    precipitation_24h: float | None
    quality_1h: int | None
    quality_24h: int | None


def read_station_table(document: Mapping[str, Any], warn: Warn) -> dict[str, Station]:
    """The stations of a parsed ``amedastable.json`` by id; malformed entries are reported and skipped."""
    stations: dict[str, Station] = {}
    for code, entry in document.items():
        try:
            stations[str(code)] = Station(
                str(code), entry["kjName"], entry.get("knName"), entry.get("enName"),
                _degrees(entry["lon"]), _degrees(entry["lat"]), entry.get("alt"), entry.get("type"),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError, IndexError):
            warn(str(code), t("アメダス地点の項目が不完全です", "incomplete AMeDAS station entry"))
    return stations


def read_rainfall(
    document: Mapping[str, Any], stations: Mapping[str, Station], time: datetime | None, warn: Warn
) -> list[Rainfall]:
    """1 h and 24 h precipitation at every station of a map snapshot, quality flags honoured.

    Parameters
    ----------
    document
        The parsed map JSON.
    stations
        From :func:`read_station_table`; stations missing there keep a null name and position.
    time
        The snapshot time (see :func:`time_from_name`), or None.
    warn
        Receives problems with single stations.

    Raises
    ------
    MalformedInputError
        If ``document`` is not an object of stations.
    """
    if not isinstance(document, Mapping):
        raise MalformedInputError(t("アメダスの観測値 (地点ごとのオブジェクト) ではありません", "not an AMeDAS map (an object of stations)"))
    rows = []
    for code, elements in document.items():
        if not isinstance(elements, Mapping):
            warn(str(code), t("観測値がオブジェクトではありません", "observation is not an object"))
            continue
        station = stations.get(str(code))
        one_h, q1 = _value(elements.get("precipitation1h"))
        day, q24 = _value(elements.get("precipitation24h"))
        rows.append(Rainfall(
            str(code), station.name if station else None, station.lon if station else None,
            station.lat if station else None, time, one_h, day, q1, q24,
        ))  # fmt: skip
    return rows


def time_from_name(name: str) -> datetime | None:
    """The JST time in a map file name (``20210224150000.json`` → 2021-02-24 15:00 +09:00), or None."""
    match = _MAP_NAME.search(name)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=JST)
    except ValueError:
        return None


def _degrees(pair: Any) -> float:
    degrees, minutes = pair
    return float(degrees) + float(minutes) / 60.0


def _value(cell: Any) -> tuple[float | None, int | None]:
    if not isinstance(cell, list) or len(cell) != 2:
        return None, None
    value, quality = cell
    flag = quality if isinstance(quality, int) else None
    usable = flag in USABLE_QUALITY and isinstance(value, (int, float))
    return (float(value) if usable else None), flag
