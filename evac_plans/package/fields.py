"""The fields a package can carry about a person, the consent purpose each needs, and their values
as the package shows them (Japanese text; 和暦 dates with 西暦 beside them).

A field of the roster (災害対策基本法 49条の10, care needs) needs ``roster_sharing``; a field of
the plan (49条の14: supporters, destination, route …) needs ``plan_sharing``. Recipient types
choose among these keys (``recipients.json``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from evac_plans.model import AlertLevelTrigger, EvacuationPlan, GaugeTrigger, OwnDecisionTrigger, Shelter, Supporter, SupportLink, Trigger
from evac_plans.repository import PersonRecord
from evac_plans.wareki import ERAS
from weather.levels import KIND_NAMES


@dataclass(frozen=True)
class Field:
    """One field: its key, Japanese and English labels, and the consent purpose it needs."""

    key: str
    ja: str
    en: str
    purpose: str


_ROSTER = "roster_sharing"
_PLAN = "plan_sharing"
FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("name", "氏名", "name", _ROSTER),
        Field("kana", "ふりがな", "kana", _ROSTER),
        Field("birth_date", "生年月日", "date of birth", _ROSTER),
        Field("age", "年齢", "age", _ROSTER),
        Field("sex", "性別", "sex", _ROSTER),
        Field("address", "住所", "address", _ROSTER),
        Field("phone", "連絡先", "phone", _ROSTER),
        Field("reason", "避難支援等を必要とする事由", "reason support is needed", _ROSTER),
        Field("household", "世帯の状況", "household", _ROSTER),
        Field("care_level", "要介護度", "care level", _ROSTER),
        Field("disabilities", "障害等", "disabilities", _ROSTER),
        Field("mobility", "移動の状況", "mobility", _ROSTER),
        Field("medical_care", "医療的ケア", "medical care", _ROSTER),
        Field("battery_hours", "機器のバッテリー（時間）", "device battery (hours)", _ROSTER),
        Field("communication", "意思疎通・配慮事項", "communication", _ROSTER),
        Field("home", "自宅の位置", "home location", _ROSTER),
        Field("supporters", "避難支援等実施者", "supporters", _PLAN),
        Field("destination", "避難先", "destination", _PLAN),
        Field("route", "避難経路", "route", _PLAN),
        Field("trigger", "避難開始のタイミング", "when to leave", _PLAN),
        Field("travel_means", "移動手段", "means of travel", _PLAN),
        Field("items", "持ち出す物", "items to take", _PLAN),
        Field("medication", "服薬", "medication", _PLAN),
        Field("notes", "特記事項", "notes", _PLAN),
        Field("review_date", "見直し予定日", "review date", _PLAN),
    )
}
"""Every field a package may carry, in the order sheets and lists show them."""

DESTINATION_KINDS = {"shelter": "指定避難所等", "relative_home": "親戚・知人宅", "vertical": "自宅の上階（垂直避難）", "welfare_shelter": "福祉避難所"}
THRESHOLDS = {"evacuation": "避難判断水位", "danger": "氾濫危険水位", "caution": "氾濫注意水位", "flooding": "氾濫発生"}
ALERT_LEVELS = {3: "高齢者等避難", 4: "避難指示", 5: "緊急安全確保"}


def wareki(day: date | None) -> str:
    """``昭和15年4月1日（1940-04-01）``; 元年 for year 1; empty for None.

    Examples
    --------
    >>> wareki(date(1989, 1, 8))
    '平成元年1月8日（1989-01-08）'
    """
    if day is None:
        return ""
    era = next(e for e in reversed(ERAS) if e.first <= day)
    year = day.year - era.year_one + 1
    return f"{era.name}{'元' if year == 1 else year}年{day.month}月{day.day}日（{day.isoformat()}）"


def trigger_text(trigger: Trigger) -> str:
    """The trigger as a leader reads it: 「警戒レベル3（高齢者等避難）が出たら」 …"""
    if isinstance(trigger, AlertLevelTrigger):
        return f"警戒レベル{trigger.level}（{ALERT_LEVELS.get(trigger.level, '')}）が発令されたら"
    if isinstance(trigger, GaugeTrigger):
        return f"水位観測所 {trigger.gauge_id} が{THRESHOLDS.get(trigger.threshold, trigger.threshold)}に達したら"
    if isinstance(trigger, OwnDecisionTrigger):
        return f"本人・家族の判断で早めに（{trigger.note}）" if trigger.note else "本人・家族の判断で早めに"
    code = getattr(trigger, "code", "")
    if code:
        return f"気象庁の{KIND_NAMES.get(code, code)}が出たら"
    level = getattr(trigger, "level", None)
    return f"気象の警戒レベル{level}相当が出たら" if level else "土砂災害警戒情報が出たら"


def destination_value(plan: EvacuationPlan, shelters: Mapping[str, Shelter]) -> dict[str, Any] | None:
    """The destination as ``{"kind", "text", "lon", "lat"}`` (a shelter's point from the shelter table)."""
    dest = plan.destination
    if dest is None:
        return None
    shelter = shelters.get(dest.shelter_id) if dest.shelter_id else None
    parts = [DESTINATION_KINDS.get(dest.kind, dest.kind)]
    if shelter is not None:
        parts.append(shelter.name)
        if "flood" in shelter.upper_floor_only:
            parts.append(f"（洪水時は{shelter.upper_floor_only['flood']}階以上）")
    elif dest.shelter_id:
        parts.append(f"共通ID {dest.shelter_id}")
    if dest.kind == "vertical" and dest.floor is not None:
        parts.append(f"{dest.floor}階以上")
    if dest.address:
        parts.append(dest.address)
    if dest.note:
        parts.append(f"（{dest.note}）")
    lon, lat = (shelter.lon, shelter.lat) if shelter is not None else (dest.lon, dest.lat)
    return {"kind": dest.kind, "text": " ".join(parts), "shelter_id": dest.shelter_id, "lon": lon, "lat": lat}


def person_values(
    record: PersonRecord,
    plan: EvacuationPlan | None,
    supporters: Sequence[tuple[Supporter, SupportLink]],
    shelters: Mapping[str, Shelter],
    today: date,
) -> dict[str, Any]:
    """Every field's value for one person (before any consent or recipient filter)."""
    p, care = record.person, record.care
    values: dict[str, Any] = {
        "name": p.name, "kana": p.kana, "birth_date": wareki(p.birth_date), "age": p.age(today), "sex": p.sex,
        "address": p.address, "phone": p.phone, "reason": p.reason, "household": p.household,
        "home": [p.home_lon, p.home_lat] if p.home_lon is not None and p.home_lat is not None else None,
    }  # fmt: skip
    if care is not None:
        values.update(
            care_level=care.care_level,
            disabilities="、".join(" ".join(x for x in (d.kind, f"{d.grade}級" if d.grade else "", d.note) if x) for d in care.disabilities),
            mobility=care.mobility,
            medical_care="、".join(care.medical_care),
            battery_hours=care.battery_hours,
            communication=care.communication,
            medication=care.medication,
        )
    values["supporters"] = [
        {"name": s.name, "address": s.address, "phone": s.phone, "roles": "・".join(link.roles), "note": s.note} for s, link in supporters
    ]
    if plan is not None:
        values.update(
            destination=destination_value(plan, shelters),
            route=[list(c) for c in plan.route.coordinates] if plan.route is not None else None,
            trigger=trigger_text(plan.trigger),
            travel_means=plan.travel_means,
            items="、".join(plan.items),
            notes=plan.notes,
            review_date=wareki(plan.review_date),
        )
    return values


def allowed_values(values: Mapping[str, Any], fields: Sequence[str], purposes: frozenset[str]) -> dict[str, Any]:
    """Only the recipient's ``fields`` whose purpose is in ``purposes``; absent values become None."""
    return {key: values.get(key) for key in fields if FIELDS[key].purpose in purposes}
