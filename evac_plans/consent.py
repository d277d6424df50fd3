"""Consent and eligibility rules per city, as configuration data (JSON), not code.

災害対策基本法 49条の11: in normal times roster data reaches community supporters only with
the person's consent, or where a city ordinance provides it (some cities presume consent
unless refused: 徳島市, いなべ市; others ask first: 防府市); in a disaster it may be shared
without consent. Who is on the roster (要介護3以上, 身障手帳1・2級, 75歳以上独居 …) also differs by
city. A rules file looks like::

    {"city": "例示市", "mode": "opt_out", "ordinance_purposes": ["roster_sharing"],
     "eligibility": [
        {"name": "要介護3以上", "care_level_at_least": "要介護3"},
        {"name": "身障手帳1・2級", "disability": {"kind": "身体障害者手帳", "grades": ["1", "2"]}},
        {"name": "75歳以上独居", "age_at_least": 75, "household_in": ["独居"]}]}

Conditions inside a rule must all hold; a person is eligible when any rule holds.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evac_plans.errors import EvacPlansError
from evac_plans.model import CARE_LEVELS, MOBILITY, PURPOSES, CareProfile, Consent, Person

DEFAULT_RULES = Path(__file__).with_name("rules") / "default.json"
"""An example rules file (opt-in, 要介護3以上 / 身障手帳1・2級 / 75歳以上独居); cities supply their own."""
MODES = ("opt_in", "opt_out")
"""``opt_in``: only given consent counts; ``opt_out``: the ordinance presumes consent unless refused."""


class ConsentRulesError(EvacPlansError, ValueError):
    """A consent rules file that cannot be used (unknown mode, purpose or condition)."""


Condition = Callable[[Person, CareProfile | None, date, Any], bool]


def _care_at_least(person: Person, care: CareProfile | None, on: date, level: str) -> bool:
    return care is not None and care.care_level in CARE_LEVELS and CARE_LEVELS.index(care.care_level) >= CARE_LEVELS.index(level)


def _age_at_least(person: Person, care: CareProfile | None, on: date, years: int) -> bool:
    age = person.age(on)
    return age is not None and age >= years


def _household_in(person: Person, care: CareProfile | None, on: date, values: list[str]) -> bool:
    return person.household in values


def _mobility_at_least(person: Person, care: CareProfile | None, on: date, level: str) -> bool:
    return care is not None and care.mobility in MOBILITY and MOBILITY.index(care.mobility) >= MOBILITY.index(level)


def _medical_care_any(person: Person, care: CareProfile | None, on: date, values: list[str]) -> bool:
    return care is not None and any(c in values for c in care.medical_care)


def _disability(person: Person, care: CareProfile | None, on: date, spec: Mapping[str, Any]) -> bool:
    grades = spec.get("grades")
    return care is not None and any(
        d.kind == spec["kind"] and (grades is None or d.grade in grades) for d in care.disabilities
    )


CONDITIONS: dict[str, Condition] = {
    "care_level_at_least": _care_at_least,
    "age_at_least": _age_at_least,
    "household_in": _household_in,
    "mobility_at_least": _mobility_at_least,
    "medical_care_any": _medical_care_any,
    "disability": _disability,
}
"""The condition vocabulary of eligibility rules (the rules themselves are data)."""


@dataclass(frozen=True)
class EligibilityRule:
    """A named rule: all its conditions must hold."""

    name: str
    conditions: tuple[tuple[str, Any], ...]

    def holds(self, person: Person, care: CareProfile | None, on: date) -> bool:
        """True when every condition holds for the person on ``on``."""
        return all(CONDITIONS[key](person, care, on, value) for key, value in self.conditions)


@dataclass(frozen=True)
class ConsentRules:
    """A city's consent mode, the purposes its ordinance covers, and its roster eligibility rules."""

    city: str
    mode: str = "opt_in"
    ordinance_purposes: frozenset[str] = frozenset()
    eligibility: tuple[EligibilityRule, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConsentRules:
        """Build rules from their JSON form (see the module docstring).

        Raises
        ------
        ConsentRulesError
            If the mode, a purpose, a condition or a level is not one this version knows.
        """
        mode = data.get("mode", "opt_in")
        _check("mode", [mode], MODES)
        purposes = list(data.get("ordinance_purposes", []))
        _check("ordinance_purposes", purposes, PURPOSES)
        rules = []
        for rule in data.get("eligibility", []):
            conditions = {k: v for k, v in rule.items() if k not in ("name", "note")}
            _check("eligibility condition", list(conditions), tuple(CONDITIONS))
            if "care_level_at_least" in conditions:
                _check("care_level_at_least", [conditions["care_level_at_least"]], CARE_LEVELS)
            if "mobility_at_least" in conditions:
                _check("mobility_at_least", [conditions["mobility_at_least"]], MOBILITY)
            rules.append(EligibilityRule(str(rule.get("name", "")), tuple(conditions.items())))
        return cls(str(data.get("city", "")), mode, frozenset(purposes), tuple(rules))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ConsentRules:
        """Read rules from a UTF-8 JSON file."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _check(what: str, values: list[Any], allowed: tuple[str, ...]) -> None:
    for value in values:
        if value not in allowed:
            raise ConsentRulesError(f"{what} should be one of {', '.join(allowed)}, got {value!r} instead")


def may_share(purpose: str, consent: Consent | None, rules: ConsentRules, *, disaster: bool = False) -> bool:
    """Whether data may be shared for ``purpose`` under the city's rules.

    Parameters
    ----------
    purpose : str
        One of :data:`evac_plans.model.PURPOSES`.
    consent : Consent or None
        The person's consent for that purpose (None: nothing recorded, as ``unknown``).
    rules : ConsentRules
        The city's rules: given consent always counts, refusal never; ``unknown`` and
        ``presumed_by_ordinance`` count only where an ``opt_out`` ordinance covers the purpose.
    disaster : bool
        During a disaster everything may be shared (49条の11 第3項).

    Examples
    --------
    >>> rules = ConsentRules("例示市", "opt_out", frozenset({"roster_sharing"}))
    >>> may_share("roster_sharing", None, rules)
    True
    >>> may_share("roster_sharing", Consent("p", "roster_sharing", "refused"), rules)
    False
    >>> may_share("plan_sharing", None, rules)
    False
    """
    if disaster:
        return True
    status = consent.status if consent is not None else "unknown"
    if status in ("given", "refused"):
        return status == "given"
    return rules.mode == "opt_out" and purpose in rules.ordinance_purposes


def eligible(person: Person, care: CareProfile | None, rules: ConsentRules, on: date) -> list[str]:
    """The names of the eligibility rules the person meets on ``on`` (empty: not on the roster)."""
    return [rule.name for rule in rules.eligibility if rule.holds(person, care, on)]
