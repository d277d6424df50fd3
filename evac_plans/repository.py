"""People, supporters, plans and shelters in the project store, as domain dataclasses.

The GUI and the jobs call these; :mod:`store.people` and :mod:`store.plans` do the SQL,
the transactions and the audit. Soft delete and restore take only ids: call
``store.people.delete_person`` / ``restore_person`` and ``store.plans.delete_plan`` /
``restore_plan`` directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from evac_plans import records
from evac_plans.model import CareProfile, Consent, EvacuationPlan, Person, Shelter, Supporter, SupportLink
from store import people as people_table
from store import roster_rows
from store import plans as plans_table
from store.connection import ProjectStore


@dataclass(frozen=True)
class PersonRecord:
    """A person with their care profile and consents (by purpose)."""

    person: Person
    care: CareProfile | None = None
    consents: dict[str, Consent] = field(default_factory=dict)


def save_people(store: ProjectStore, items: Sequence[PersonRecord], source: str = "") -> None:
    """Save people with their care and consents in one transaction (all or none), audited."""
    people_table.save_people(
        store,
        [
            people_table.PersonRows(
                records.person_row(item.person),
                records.care_row(item.care) if item.care is not None else None,
                tuple(records.consent_row(c) for c in item.consents.values()),
            )
            for item in items
        ],
        source,
    )


def save_person(store: ProjectStore, item: PersonRecord) -> None:
    """Save one person (see :func:`save_people`)."""
    save_people(store, [item])


def load_person(store: ProjectStore, person_id: str, include_deleted: bool = False) -> PersonRecord | None:
    """A person with care and consents, or None when absent or soft-deleted."""
    rows = people_table.load_person(store, person_id, include_deleted)
    if rows is None:
        return None
    return PersonRecord(
        records.person_from_row(rows.person),
        records.care_from_row(rows.care) if rows.care is not None else None,
        {row["purpose"]: records.consent_from_row(row) for row in rows.consents},
    )


def list_people(store: ProjectStore, include_deleted: bool = False) -> list[Person]:
    """Every person (soft-deleted ones only with ``include_deleted``)."""
    return [records.person_from_row(row) for row in people_table.list_people(store, include_deleted)]


def save_supporter(store: ProjectStore, supporter: Supporter) -> None:
    """Insert or update a supporter, audited."""
    people_table.save_supporter(store, records.supporter_row(supporter))


def link_supporters(store: ProjectStore, person_id: str, links: Sequence[SupportLink]) -> None:
    """Replace the person's supporters and their roles in one transaction."""
    people_table.link_supporters(store, person_id, [records.link_row(link) for link in links])


def supporters_of(store: ProjectStore, person_id: str) -> list[tuple[Supporter, SupportLink]]:
    """The person's supporters with their roles."""
    return [(records.supporter_from_row(s), records.link_from_row(link)) for s, link in people_table.supporters_of(store, person_id)]


def save_plan(store: ProjectStore, plan: EvacuationPlan) -> EvacuationPlan:
    """Store ``plan`` as a new version (never overwriting one) and return it as stored.

    Raises
    ------
    store.errors.StoreError
        If the plan id belongs to another person's plan.
    """
    row = plans_table.save_plan_version(store, plan.id, plan.person_id, records.plan_version_row(plan))
    return replace(plan, version=row["version"], saved_at=row["saved_at"])


def load_plan(store: ProjectStore, plan_id: str, include_deleted: bool = False) -> EvacuationPlan | None:
    """The current version of a plan, or None when absent or soft-deleted."""
    found = plans_table.current_version(store, plan_id, include_deleted)
    return records.plan_from_rows(*found) if found is not None else None


def plan_history(store: ProjectStore, plan_id: str) -> list[EvacuationPlan]:
    """Every version of a plan, oldest first."""
    found = plans_table.current_version(store, plan_id, include_deleted=True)
    if found is None:
        return []
    return [records.plan_from_rows(found[0], version) for version in plans_table.plan_versions(store, plan_id)]


def plans_of(store: ProjectStore, person_id: str) -> list[EvacuationPlan]:
    """The current version of each of the person's (not deleted) plans."""
    return [p for p in (load_plan(store, head["id"]) for head in plans_table.plans_of(store, person_id)) if p is not None]


def import_shelters(store: ProjectStore, shelters: Iterable[Shelter], source: str = "") -> int:
    """Insert or update shelters keyed on 共通ID in one transaction; returns how many."""
    return plans_table.save_shelters(store, (records.shelter_row(s) for s in shelters), source)


def load_shelters(store: ProjectStore) -> list[Shelter]:
    """Every stored shelter."""
    return [records.shelter_from_row(row) for row in plans_table.load_shelters(store)]


def load_roster(store: ProjectStore) -> list[PersonRecord]:
    """Every person (not soft-deleted) with care and consents, in a few queries (for the list and the assessment)."""
    cares = {row["person_id"]: records.care_from_row(row) for row in roster_rows.all_care_rows(store)}
    consents: dict[str, dict[str, Consent]] = {}
    for row in roster_rows.all_consent_rows(store):
        consents.setdefault(row["person_id"], {})[row["purpose"]] = records.consent_from_row(row)
    return [PersonRecord(p, cares.get(p.id), consents.get(p.id, {})) for p in list_people(store)]


def current_plans(store: ProjectStore) -> dict[str, EvacuationPlan]:
    """Each person's most recently created plan (current version), by person id."""
    return {head["person_id"]: records.plan_from_rows(head, version) for head, version in roster_rows.current_plan_rows(store)}
