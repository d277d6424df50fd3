"""What blocks sharing: missing legal items (Japanese names) and the consent for plan sharing."""

from __future__ import annotations

from datetime import date

from evac_plans.consent import ConsentRules
from evac_plans.model import Consent, Destination, EvacuationPlan, Person, Route, Supporter
from evac_plans.validation import missing_roster_items, sharing_blockers

FULL = Person("山口 花子", birth_date=date(1940, 4, 1), sex="女", address="山口市", phone="083-000-0001", reason="要介護3")
RULES = ConsentRules("例示町")
PLAN = EvacuationPlan(FULL.id, Destination("shelter", shelter_id="E3520300001201"), Route(((131.4, 34.1), (131.5, 34.2))))
SUPPORTER = Supporter("湯田 一郎", "山口市", "083-000-0002")
GIVEN = {"plan_sharing": Consent(FULL.id, "plan_sharing", "given")}


def test_complete_plan_with_consent_may_be_shared():
    assert missing_roster_items(FULL) == []
    assert sharing_blockers(FULL, PLAN, [SUPPORTER], GIVEN, RULES) == []


def test_missing_items_are_listed_with_their_japanese_names():
    person = Person("山口 花子")
    blockers = sharing_blockers(person, None, [Supporter("湯田 一郎")], {}, RULES)
    assert [b.ja for b in blockers] == [
        "生年月日", "性別", "住所又は居所", "電話番号その他の連絡先", "避難支援等を必要とする事由",
        "避難支援等実施者1の住所又は居所", "避難支援等実施者1の連絡先", "避難場所", "避難経路", "個別避難計画の提供への同意",
    ]  # fmt: skip
    assert blockers[-1].code == "consent.plan_sharing"


def test_vertical_evacuation_needs_no_route_and_a_supporter_is_required():
    vertical = EvacuationPlan(FULL.id, Destination("vertical", floor=2))
    assert [b.code for b in sharing_blockers(FULL, vertical, [], GIVEN, RULES)] == ["supporter"]
