"""JMA 防災情報XML telegrams, per 市町村等: 気象警報・注意報, 土砂災害警戒情報, 指定河川洪水予報.

* 気象警報・注意報 (VPWW54 「気象警報・注意報（Ｈ２７）」, VPWW53 「気象特別警報・警報・注意報」, the
  pre-2015 VPWW50): ``Body/Warning/Item`` whose ``Area/Code`` has 7 digits (the 市町村等 block),
  ``Kind{Name, Code, Status}`` per kind. A 高潮注意報 whose own 危険度 in the 量的予想時系列 reaches
  警報級, or whose notes say 警報に切り替える可能性, may become a warning (level 3).
* 土砂災害警戒情報 (VXWW50): ``Body/Warning/Item`` per municipality, ``Kind/Code`` 3 = 警戒
  (発表/継続), 1 = 解除, 0 = なし (:data:`LANDSLIDE_KIND_CODES`). The entry is named after the
  telegram (``Head/Title`` without the prefecture): 土砂災害警戒情報, or the 2026 level-named
  「レベル４土砂災害危険警報」.
* 指定河川洪水予報 (VXKO): the kind of the forecast area in ``Head/Headline``
  (:data:`FLOOD_KINDS`), applied to every city of the ``浸水想定地区`` items in the Body. A
  forecast without that list names no municipality: it gives no state and is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from lxml import etree

from i18n import t
from weather.areas import AreaTable
from weather.detect import Kind
from weather.entries import Warn, area_name, warning_entry
from weather.errors import MalformedInputError
from weather.levels import (
    FLOOD_NAMES,
    LANDSLIDE,
    LANDSLIDE_NAME,
    MAY_BECOME_WARNING_LEVELS,
    WARNING_GRADE,
    alert_level,
    level_in_name,
)
from weather.states import CANCELLED, ISSUED, NO_ENTRY_STATUSES, FloodTopic, WarningEntry, WarningState, make_state
from weather.times import parse_time

#: VXWW50 ``Kind/Code`` → what it means for the municipality: in force, cancelled, or nothing.
LANDSLIDE_KIND_CODES: dict[str, str | None] = {"3": "in_force", "1": "cancelled", "0": None}

#: VXKO kind code (JMA コード表 指定河川洪水予報) → (entry in force, entries lifted).
#: 10 氾濫注意情報解除; 20/21 氾濫注意情報; 22 氾濫注意情報（警戒情報解除）; 30/31 氾濫警戒情報;
#: 40/41 氾濫危険情報; 50–53 氾濫発生情報 (53: 氾濫水の予報). The second digit says whether the
#: underlying 洪水警報・注意報 is new (0) or continued, not whether the information is.
FLOOD_KINDS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "10": (None, ("flood:20",)),
    "20": ("flood:20", ()), "21": ("flood:20", ()), "22": ("flood:20", ("flood:30",)),
    "30": ("flood:30", ()), "31": ("flood:30", ()),
    "40": ("flood:40", ()), "41": ("flood:40", ()),
    "50": ("flood:50", ()), "51": ("flood:50", ()), "52": ("flood:50", ()), "53": ("flood:50", ()),
}  # fmt: skip

#: For kind codes not in :data:`FLOOD_KINDS` (the 2008 format's 00): words of the name, in order.
FLOOD_NAME_WORDS: tuple[tuple[str, str], ...] = (
    ("発生", "flood:50"), ("危険", "flood:40"), ("警戒", "flood:30"), ("注意", "flood:20"),
)  # fmt: skip

_MUNICIPALITY = re.compile(r"^\d{7}$")


def read_telegram(root: etree._Element, kind: Kind, areas: AreaTable, warn: Warn) -> list[WarningState]:
    """One state per municipality the telegram lists, in telegram order.

    Parameters
    ----------
    root
        The ``Report`` element (parsed by :func:`weather.detect.detect`).
    kind
        The telegram kind: ``XML_WARNING``, ``XML_LANDSLIDE`` or ``XML_FLOOD``.
    areas
        Names for the area codes.
    warn
        Receives problems with single items, and notes on training or withdrawn telegrams.

    Returns
    -------
    list of WarningState

    Raises
    ------
    MalformedInputError
        No ``Head/ReportDateTime`` or no ``Body``.
    """
    report_time = parse_time(root.findtext("{*}Head/{*}ReportDateTime"), "Head/ReportDateTime")
    body = root.find("{*}Body")
    if body is None:
        raise MalformedInputError(t("電文に Body がありません", "the telegram has no Body"))
    _note_status(root, warn)
    if kind is Kind.XML_WARNING:
        return list(_warning_states(body, report_time, areas, warn))
    if kind is Kind.XML_LANDSLIDE:
        return list(_landslide_states(root, body, report_time, areas, warn))
    return _flood_states(root, body, report_time, areas, warn)


def _note_status(root: etree._Element, warn: Warn) -> None:
    status = _text(root, "{*}Control/{*}Status")
    if status and status != "通常":
        warn(None, t("訓練または試験の電文です (Control/Status: {s})", "a training or test telegram (Control/Status: {s})", s=status))
    if _text(root, "{*}Head/{*}InfoType") == "取消":
        warn(None, t("取消の電文です: 直前の電文を取り消します", "a 取消 telegram: it withdraws the previous one"))


def _municipal_items(body: etree._Element) -> Iterator[tuple[etree._Element, str, str | None]]:
    """(Item, area code, area name) of every ``Body/Warning/Item`` for a 7-digit area."""
    for item in body.iterfind("{*}Warning/{*}Item"):
        code = _text(item, "{*}Area/{*}Code")
        if code and _MUNICIPALITY.match(code):
            yield item, code, _text(item, "{*}Area/{*}Name")


def _warning_states(body: etree._Element, report_time: datetime, areas: AreaTable, warn: Warn) -> Iterator[WarningState]:
    upgraded = _may_become_warning(body)
    for item, code, given in _municipal_items(body):
        entries = []
        for kind in item.iterfind("{*}Kind"):
            status = _text(kind, "{*}Status")
            kind_code = _text(kind, "{*}Code")
            if status in NO_ENTRY_STATUSES:
                continue
            if kind_code is None:
                warn(code, t("コードのない種別 (状態 {s}) を読み飛ばしました", "skipped a kind without a code (status {s})", s=status))
                continue
            may_become = (code, kind_code) in upgraded or _says_may_become_warning(kind)
            entries.append(warning_entry(kind_code, _text(kind, "{*}Name"), status, warn, may_become_warning=may_become))
        yield make_state(code, area_name(code, given, areas, warn), Kind.XML_WARNING.value, report_time, entries)


def _may_become_warning(body: etree._Element) -> set[tuple[str, str]]:
    """(area, code) of advisories whose 危険度 time series reaches 警報級 (量的予想時系列)."""
    found: set[tuple[str, str]] = set()
    for item in body.iterfind("{*}MeteorologicalInfos/{*}TimeSeriesInfo/{*}Item"):
        area = _text(item, "{*}Area/{*}Code")
        for kind in item.iterfind("{*}Kind"):
            code = _text(kind, "{*}Code")
            if area is None or code not in MAY_BECOME_WARNING_LEVELS:
                continue
            grades = (g.findtext("{*}Code") or "" for g in kind.iter("{*}Significancy"))
            if any(g.strip().isdigit() and int(g) >= WARNING_GRADE for g in grades):
                found.add((area, code))
    return found


def _says_may_become_warning(kind: etree._Element) -> bool:
    return any("警報に切り替える可能性" in (note.text or "") for note in kind.iter("{*}Note"))


def _landslide_states(
    root: etree._Element, body: etree._Element, report_time: datetime, areas: AreaTable, warn: Warn
) -> Iterator[WarningState]:
    name = _landslide_name(root)
    for item, code, given in _municipal_items(body):
        kind_code = _text(item, "{*}Kind/{*}Code") or ""
        status = _text(item, "{*}Kind/{*}Status")
        if kind_code not in LANDSLIDE_KIND_CODES:
            warn(code, t("不明な土砂災害警戒情報の種別コード {c} (状態 {s}) はそのまま出力します",
                         "unknown 土砂災害警戒情報 kind code {c} (status {s}) is kept as is", c=kind_code, s=status))  # fmt: skip
            meaning = None if status in NO_ENTRY_STATUSES else ("cancelled" if status == CANCELLED else "in_force")
        else:
            meaning = LANDSLIDE_KIND_CODES[kind_code]
        entries = []
        if meaning is not None:
            status = CANCELLED if meaning == "cancelled" else status
            entries.append(WarningEntry(LANDSLIDE, name, status, alert_level(LANDSLIDE, name)))
        yield make_state(code, area_name(code, given, areas, warn), Kind.XML_LANDSLIDE.value, report_time, entries)


def _landslide_name(root: etree._Element) -> str:
    """土砂災害警戒情報, or the level-named title (「レベル４土砂災害危険警報」) without the prefecture."""
    title = _text(root, "{*}Head/{*}Title") or ""
    prefecture = _text(root, "{*}Body/{*}TargetArea/{*}Name") or ""
    name = title[len(prefecture) :] if prefecture and title.startswith(prefecture) else title
    return name if level_in_name(name) is not None else LANDSLIDE_NAME


def _flood_states(
    root: etree._Element, body: etree._Element, report_time: datetime, areas: AreaTable, warn: Warn
) -> list[WarningState]:
    headline = "{*}Head/{*}Headline/{*}Information"
    forecast = root.find(f"{headline}[@type='指定河川洪水予報（予報区域）']/{{*}}Item")
    if forecast is None:
        raise MalformedInputError(
            t("指定河川洪水予報の予報区域 (Head/Headline) がありません", "no 指定河川洪水予報 forecast area in Head/Headline")
        )
    entries = _flood_entries(_text(forecast, "{*}Kind/{*}Code") or "", _text(forecast, "{*}Kind/{*}Name"), warn)
    topic = FloodTopic(
        _text(forecast, "{*}Areas/{*}Area/{*}Code"),
        _text(forecast, "{*}Areas/{*}Area/{*}Name"),
        tuple(_texts(root, f"{headline}[@type='指定河川洪水予報（河川）']/{{*}}Item/{{*}}Areas/{{*}}Area/{{*}}Name")),
        tuple(_texts(body, "{*}Warning/{*}Item/{*}Stations/{*}Station/{*}Name")),
    )
    cities = _flood_cities(body)
    if not cities:
        warn(None, t(
            "浸水想定地区の一覧がないため、この洪水予報 ({n}) の市町村は出力しません",
            "no 浸水想定地区 list: this flood forecast ({n}) names no municipality, nothing is printed for it",
            n=topic.name or "?",
        ))  # fmt: skip
    return [
        make_state(code, area_name(code, given, areas, warn), Kind.XML_FLOOD.value, report_time, entries, topic)
        for code, given in cities
    ]


def _flood_entries(code: str, name: str | None, warn: Warn) -> list[WarningEntry]:
    if code in FLOOD_KINDS:
        in_force, lifted = FLOOD_KINDS[code]
    else:
        in_force, lifted = _flood_kind_from_name(name)
        warn(None, t(
            "不明な指定河川洪水予報の種別コード {c}: 名称「{n}」から {e} と判断しました",
            "unknown 指定河川洪水予報 kind code {c}: read as {e} from its name {n!r}",
            c=code, n=name or "", e=in_force or ", ".join(lifted) or "-",
        ))  # fmt: skip
    entries = [WarningEntry(c, FLOOD_NAMES[c], CANCELLED) for c in lifted]
    if in_force is not None:
        shown = name or FLOOD_NAMES[in_force]
        entries.append(warning_entry(in_force, shown, ISSUED, warn))
    return entries


def _flood_kind_from_name(name: str | None) -> tuple[str | None, tuple[str, ...]]:
    text = (name or "").replace("はん濫", "氾濫")
    level = level_in_name(text)
    code = f"flood:{level}0" if level in (2, 3, 4, 5) else next((c for word, c in FLOOD_NAME_WORDS if word in text), None)
    if code is not None and "解除" in text:
        return None, (code,)
    return code, ()


def _flood_cities(body: etree._Element) -> list[tuple[str, str | None]]:
    """(city code, city name) of the 浸水想定地区 items, each once, in telegram order."""
    seen: dict[tuple[str, str | None], None] = {}
    for item in body.iterfind("{*}Warning/{*}Item"):
        if not (_text(item, "{*}Kind/{*}Name") or "").startswith("浸水想定地区"):
            continue
        for area in item.iterfind("{*}Areas/{*}Area"):
            code = _text(area, "{*}CityCode")
            if code:
                seen.setdefault((code, _text(area, "{*}City")), None)
    return list(seen)


def _text(element: etree._Element, path: str) -> str | None:
    value = element.findtext(path)
    return (value.strip() or None) if value is not None else None


def _texts(element: etree._Element, path: str) -> Iterator[str]:
    for found in element.iterfind(path):
        if found.text and found.text.strip():
            yield found.text.strip()
