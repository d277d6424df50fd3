"""What the law requires before a roster entry or a plan may be shared, as a list of what is missing.

Roster items (災害対策基本法 49条の10): 氏名, 生年月日, 性別, 住所, 連絡先, 避難支援等を必要とする
事由. Plan items (49条の14): those, plus each supporter's 氏名・住所・連絡先 and the 避難場所・
避難経路; sharing a plan in normal times also needs the person's consent for it (or the city's
ordinance, 49条の15). Each missing item carries its Japanese name for the form and a stable code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from evac_plans.consent import ConsentRules, may_share
from evac_plans.model import Consent, EvacuationPlan, Person, Supporter


@dataclass(frozen=True)
class MissingItem:
    """A required item that is missing: ``code`` (stable), ``ja`` (as the law names it), ``en``."""

    code: str
    ja: str
    en: str


ROSTER_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("name", "氏名", "name"),
    ("birth_date", "生年月日", "date of birth"),
    ("sex", "性別", "sex"),
    ("address", "住所又は居所", "address"),
    ("phone", "電話番号その他の連絡先", "phone or other contact"),
    ("reason", "避難支援等を必要とする事由", "reason support is needed"),
)
"""(Person field, Japanese name, English name) of the roster items of 49条の10."""


def missing_roster_items(person: Person) -> list[MissingItem]:
    """The roster items of 49条の10 that the person's record lacks."""
    return [MissingItem(code, ja, en) for code, ja, en in ROSTER_ITEMS if getattr(person, code) in ("", None)]


def missing_plan_items(person: Person, plan: EvacuationPlan | None, supporters: Sequence[Supporter]) -> list[MissingItem]:
    """The items of 49条の14 missing from the person, their plan and their supporters."""
    missing = missing_roster_items(person)
    if not supporters:
        missing.append(MissingItem("supporter", "避難支援等実施者", "supporter"))
    for i, s in enumerate(supporters, start=1):
        for code, ja, en in (("name", "氏名", "name"), ("address", "住所又は居所", "address"), ("phone", "連絡先", "contact")):
            if not getattr(s, code):
                missing.append(MissingItem(f"supporter.{i}.{code}", f"避難支援等実施者{i}の{ja}", f"supporter {i} {en}"))
    if plan is None or plan.destination is None:
        missing.append(MissingItem("destination", "避難場所", "destination"))
    if plan is None or (plan.route is None and not (plan.destination and plan.destination.kind == "vertical")):
        missing.append(MissingItem("route", "避難経路", "evacuation route"))
    return missing


def sharing_blockers(
    person: Person,
    plan: EvacuationPlan | None,
    supporters: Sequence[Supporter],
    consents: Mapping[str, Consent],
    rules: ConsentRules,
) -> list[MissingItem]:
    """Everything that stops the plan being shared with supporters in normal times.

    The missing legal items (:func:`missing_plan_items`) plus the consent for plan sharing
    when the city's rules do not allow sharing without it. Empty means it may be shared.
    """
    blockers = missing_plan_items(person, plan, supporters)
    if not may_share("plan_sharing", consents.get("plan_sharing"), rules):
        blockers.append(MissingItem("consent.plan_sharing", "個別避難計画の提供への同意", "consent to share the plan"))
    return blockers
