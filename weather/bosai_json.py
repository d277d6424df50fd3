"""The JMA bosai warning JSON (``warning/{office}.json``), per 市町村等.

Shape (minified UTF-8)::

    {"reportDatetime": "2026-05-28T03:32:00+09:00", "publishingOffice": "下関地方気象台",
     "areaTypes": [{"areas": [{"code": "350010", "warnings": [...]}]},          # class10
                   {"areas": [{"code": "3520300", "warnings": [
                        {"status": "発表警報・注意報はなし"}]}]}],              # class20, 7 digits
     "timeSeries": [...]}                                                      # optional

Municipalities are the areas with 7-digit codes, whatever their ``areaTypes`` index. An entry
with a code is in force unless its status is 解除; 発表警報・注意報はなし has no code and means
nothing is in force. The file gives no names: they come from :data:`weather.levels.KIND_NAMES`
(unknown codes kept raw, name null). A 高潮注意報 whose 危険度 in ``timeSeries`` reaches 警報級
says it may become a warning (level 3).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from i18n import t
from weather.areas import AreaTable
from weather.detect import Kind
from weather.entries import Warn, area_name, warning_entry
from weather.errors import MalformedInputError
from weather.levels import MAY_BECOME_WARNING_LEVELS, WARNING_GRADE
from weather.states import NO_ENTRY_STATUSES, WarningEntry, WarningState, make_state
from weather.times import parse_time

def read_warning_json(document: Mapping[str, Any], areas: AreaTable, warn: Warn) -> list[WarningState]:
    """One state per municipality (7-digit area) of a bosai warning JSON, in file order.

    Parameters
    ----------
    document
        The parsed JSON object.
    areas
        Names for the area codes.
    warn
        Receives problems with single areas or entries (those are skipped or kept raw).

    Returns
    -------
    list of WarningState

    Raises
    ------
    MalformedInputError
        No ``reportDatetime``, no ``areaTypes`` list, or no 7-digit area in it.
    """
    report_time = parse_time(document.get("reportDatetime"), "reportDatetime")
    area_types = document.get("areaTypes")
    if not isinstance(area_types, list):
        raise MalformedInputError(t("areaTypes (地域の一覧) がありません", "no areaTypes list"))
    municipal = [area for area in _areas(area_types) if _is_municipality(area.get("code"))]
    if not municipal:
        raise MalformedInputError(
            t("市町村等 (7 桁のコード) の地域がありません", "no 市町村等 area (7-digit code) in areaTypes")
        )
    upgraded = _may_become_warning(document.get("timeSeries"))
    states = []
    for area in municipal:
        code = str(area["code"])
        entries = _entries(code, area.get("warnings"), upgraded, warn)
        states.append(make_state(code, area_name(code, None, areas, warn), Kind.WARNING_JSON.value, report_time, entries))
    return states


def _entries(area: str, warnings: Any, upgraded: set[tuple[str, str]], warn: Warn) -> Iterator[WarningEntry]:
    for item in _mappings(warnings):
        status = item.get("status")
        code = item.get("code")
        if status in NO_ENTRY_STATUSES:
            continue
        if not isinstance(code, str) or not code:
            warn(area, t("コードのない警報・注意報 (状態 {s}) を読み飛ばしました", "skipped an entry without a code (status {s})", s=status))
            continue
        if not isinstance(status, str) or not status:
            warn(area, t("種別 {c} に状態 (status) がありません", "kind {c} has no status", c=code))
            status = None
        yield warning_entry(code, None, status, warn, may_become_warning=(area, code) in upgraded)


def _may_become_warning(time_series: Any) -> set[tuple[str, str]]:
    """(area, code) pairs of advisories whose own 危険度 reaches 警報級 in some time slot."""
    found: set[tuple[str, str]] = set()
    for series in _mappings(time_series):
        for area in _areas(series.get("areaTypes")):
            for item in _mappings(area.get("warnings")):
                if item.get("code") not in MAY_BECOME_WARNING_LEVELS:
                    continue
                grades = (
                    value
                    for level in _mappings(item.get("levels"))
                    if "危険度" in str(level.get("type", ""))
                    for local in _mappings(level.get("localAreas"))
                    for value in (local.get("values") or [])
                )
                if any(str(v).isdigit() and int(v) >= WARNING_GRADE for v in grades):
                    found.add((str(area.get("code")), item["code"]))
    return found


def _areas(area_types: Any) -> Iterator[Mapping[str, Any]]:
    for area_type in _mappings(area_types):
        yield from _mappings(area_type.get("areas"))


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _is_municipality(code: Any) -> bool:
    return isinstance(code, str) and len(code) == 7 and code.isdigit()
