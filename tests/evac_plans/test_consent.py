"""Consent and eligibility as city configuration: opt-in vs ordinance opt-out, rules as data."""

from __future__ import annotations

from datetime import date

import pytest

from evac_plans.consent import DEFAULT_RULES, ConsentRules, ConsentRulesError, eligible, may_share
from evac_plans.model import CareProfile, Consent, Disability, Person

OPT_OUT = ConsentRules.from_dict({"city": "例示市", "mode": "opt_out", "ordinance_purposes": ["roster_sharing"]})
OPT_IN = ConsentRules.from_dict({"city": "例示町", "mode": "opt_in"})


def consent(purpose: str, status: str) -> Consent:
    return Consent("p", purpose, status, date(2025, 4, 1), "本人")


@pytest.mark.parametrize(
    ("rules", "purpose", "status", "expected"),
    [
        (OPT_IN, "roster_sharing", "given", True),
        (OPT_IN, "roster_sharing", "refused", False),
        (OPT_IN, "roster_sharing", "unknown", False),
        (OPT_IN, "roster_sharing", None, False),
        (OPT_IN, "roster_sharing", "presumed_by_ordinance", False),
        (OPT_OUT, "roster_sharing", "unknown", True),
        (OPT_OUT, "roster_sharing", None, True),
        (OPT_OUT, "roster_sharing", "presumed_by_ordinance", True),
        (OPT_OUT, "roster_sharing", "refused", False),
        (OPT_OUT, "plan_sharing", "unknown", False),  # the ordinance covers the roster, not the plan
        (OPT_OUT, "plan_sharing", "given", True),
    ],
)
def test_normal_times(rules, purpose, status, expected):
    assert may_share(purpose, consent(purpose, status) if status else None, rules) is expected


@pytest.mark.parametrize("status", ["refused", "unknown"])
def test_in_a_disaster_everything_may_be_shared(status):
    assert may_share("plan_sharing", consent("plan_sharing", status), OPT_IN, disaster=True)


def test_default_rules_file_eligibility():
    rules = ConsentRules.load(DEFAULT_RULES)
    on = date(2026, 6, 1)
    old_alone = Person("a", birth_date=date(1950, 6, 1), household="独居")
    assert eligible(old_alone, None, rules, on) == ["75歳以上独居"]
    assert eligible(Person("b", birth_date=date(1951, 6, 2), household="独居"), None, rules, on) == []  # 74
    care3 = CareProfile("c", care_level="要介護3")
    assert eligible(Person("c"), care3, rules, on) == ["要介護3以上"]
    assert eligible(Person("c"), CareProfile("c", care_level="要介護2"), rules, on) == []
    grade2 = CareProfile("d", disabilities=(Disability("身体障害者手帳", "2"),))
    assert eligible(Person("d"), grade2, rules, on) == ["身障手帳1・2級"]
    grade3 = CareProfile("d", disabilities=(Disability("身体障害者手帳", "3"),))
    assert eligible(Person("d"), grade3, rules, on) == []


def test_a_city_adds_its_own_rule_as_data():
    rules = ConsentRules.from_dict(
        {"eligibility": [{"name": "医療的ケア(電源)", "medical_care_any": ["人工呼吸器", "在宅酸素"]}, {"name": "車いす以上", "mobility_at_least": "車いす"}]}
    )
    person = Person("e")
    assert eligible(person, CareProfile("e", mobility="寝たきり", medical_care=("在宅酸素",)), rules, date(2026, 1, 1)) == ["医療的ケア(電源)", "車いす以上"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "sometimes"}, "mode should be one of opt_in, opt_out, got 'sometimes'"),
        ({"ordinance_purposes": ["everything"]}, "ordinance_purposes should be one of"),
        ({"eligibility": [{"name": "x", "shoe_size_at_least": 30}]}, "eligibility condition should be one of"),
        ({"eligibility": [{"care_level_at_least": "要介護9"}]}, "care_level_at_least should be one of"),
    ],
)
def test_bad_rules_are_refused(data, message):
    with pytest.raises(ConsentRulesError, match=message):
        ConsentRules.from_dict(data)
