"""Domain dataclasses ↔ store rows: dates as ISO text, tuples and nested objects as JSON.

The column names of the ``m004_people_and_plans`` tables are the dataclass field names
(tests check that they stay equal), so each conversion is one place to read.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from typing import Any

from evac_plans.model import (
    CareProfile,
    Consent,
    Destination,
    Disability,
    EvacuationPlan,
    Person,
    Route,
    Shelter,
    Supporter,
    SupportLink,
    trigger_from_dict,
)

Row = dict[str, Any]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def person_row(person: Person) -> Row:
    """The ``people`` row of a person."""
    return {**asdict(person), "birth_date": _iso(person.birth_date)}


def _values(cls: type, row: Row) -> dict[str, Any]:
    """The row's values for the fields of ``cls``; NULL text columns become ""."""
    return {f.name: (row[f.name] or "") if f.type == "str" else row[f.name] for f in fields(cls)}


def person_from_row(row: Row) -> Person:
    """A :class:`Person` from its ``people`` row (bookkeeping columns ignored)."""
    return Person(**{**_values(Person, row), "birth_date": _date(row["birth_date"])})


def care_row(care: CareProfile) -> Row:
    """The ``care_profiles`` row of a care profile."""
    return {
        **asdict(care),
        "disabilities": _dumps([asdict(d) for d in care.disabilities]),
        "medical_care": _dumps(list(care.medical_care)),
    }


def care_from_row(row: Row) -> CareProfile:
    """A :class:`CareProfile` from its ``care_profiles`` row."""
    return CareProfile(
        person_id=row["person_id"],
        care_level=row["care_level"] or "",
        disabilities=tuple(Disability(**d) for d in json.loads(row["disabilities"] or "[]")),
        mobility=row["mobility"] or "",
        medical_care=tuple(json.loads(row["medical_care"] or "[]")),
        battery_hours=row["battery_hours"],
        medication=row["medication"] or "",
        communication=row["communication"] or "",
    )


def consent_row(consent: Consent) -> Row:
    """The ``consents`` row of a consent."""
    return {**asdict(consent), "date": _iso(consent.date)}


def consent_from_row(row: Row) -> Consent:
    """A :class:`Consent` from its ``consents`` row."""
    return Consent(row["person_id"], row["purpose"], row["status"], _date(row["date"]), row["signer"] or "")


def supporter_row(supporter: Supporter) -> Row:
    """The ``supporters`` row of a supporter."""
    return asdict(supporter)


def supporter_from_row(row: Row) -> Supporter:
    """A :class:`Supporter` from its ``supporters`` row."""
    return Supporter(**_values(Supporter, row))


def link_row(link: SupportLink) -> Row:
    """The ``support_links`` row of a link."""
    return {"person_id": link.person_id, "supporter_id": link.supporter_id, "roles": _dumps(list(link.roles))}


def link_from_row(row: Row) -> SupportLink:
    """A :class:`SupportLink` from its ``support_links`` row."""
    return SupportLink(row["person_id"], row["supporter_id"], tuple(json.loads(row["roles"] or "[]")))


def shelter_row(shelter: Shelter) -> Row:
    """The ``shelters`` row of a shelter."""
    return {
        **asdict(shelter),
        "hazards": _dumps(sorted(shelter.hazards)),
        "upper_floor_only": _dumps(shelter.upper_floor_only),
        "welfare": int(shelter.welfare),
    }


def shelter_from_row(row: Row) -> Shelter:
    """A :class:`Shelter` from its ``shelters`` row."""
    return Shelter(
        common_id=row["common_id"],
        name=row["name"],
        address=row["address"] or "",
        kind=row["kind"],
        hazards=frozenset(json.loads(row["hazards"] or "[]")),
        upper_floor_only=json.loads(row["upper_floor_only"] or "{}"),
        capacity=row["capacity"],
        welfare=bool(row["welfare"]),
        lon=row["lon"],
        lat=row["lat"],
    )


def plan_version_row(plan: EvacuationPlan) -> Row:
    """The ``plan_versions`` columns a save writes (the store adds number, time and staff)."""
    return {
        "author": plan.author,
        "destination": _dumps(asdict(plan.destination)) if plan.destination is not None else None,
        "route_wkt": plan.route.wkt if plan.route is not None else None,
        "trigger": _dumps(plan.trigger.to_dict()),
        "preparation_min": plan.preparation_min,
        "travel_means": plan.travel_means,
        "items": _dumps(list(plan.items)),
        "notes": plan.notes,
        "review_date": _iso(plan.review_date),
    }


def plan_from_rows(head: Row, version: Row) -> EvacuationPlan:
    """An :class:`EvacuationPlan` from its ``plans`` head row and one ``plan_versions`` row."""
    return EvacuationPlan(
        person_id=head["person_id"],
        destination=Destination(**json.loads(version["destination"])) if version["destination"] else None,
        route=Route.from_wkt(version["route_wkt"]) if version["route_wkt"] else None,
        trigger=trigger_from_dict(json.loads(version["trigger"])),
        preparation_min=version["preparation_min"],
        travel_means=version["travel_means"] or "",
        items=tuple(json.loads(version["items"] or "[]")),
        notes=version["notes"] or "",
        review_date=_date(version["review_date"]),
        author=version["author"] or "",
        id=head["id"],
        version=version["version"],
        saved_at=version["saved_at"],
    )
