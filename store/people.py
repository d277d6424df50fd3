"""People needing support, their care profile, consents and supporters (tables of ``m004``).

Rows are plain dicts keyed by column name; :mod:`evac_plans.records` turns them into the
domain dataclasses. Every change runs in one transaction with its audit rows, which name the
fields changed and never their values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from store.connection import ProjectStore
from store.rows import changed_fields, now, one_row, set_deleted

Row = dict[str, Any]


@dataclass(frozen=True)
class PersonRows:
    """One person as stored: the ``people`` row, the ``care_profiles`` row and ``consents`` rows."""

    person: Row
    care: Row | None = None
    consents: tuple[Row, ...] = ()


def save_people(store: ProjectStore, items: Sequence[PersonRows], source: str = "") -> None:
    """Insert or update people, all in one transaction (all are saved or none).

    Parameters
    ----------
    store : ProjectStore
        The open project.
    items : sequence of PersonRows
        Each person's rows; ``person["id"]`` is the key, the other rows carry the same
        ``person_id``. Consents not given are left as stored.
    source : str
        Where the change comes from ("import" …), recorded in the audit detail.

    Notes
    -----
    One audit row per person that changed: action ``create`` or ``update``, detail
    ``{"fields": [names changed], "source": ...}`` (care and consent fields prefixed
    ``care.`` and ``consent.<purpose>.``).
    """
    with store.db.atomic():
        for item in items:
            _save_person(store, item, source)


def _save_person(store: ProjectStore, item: PersonRows, source: str) -> None:
    person_id = item.person["id"]
    old = one_row(store, "people", "id = ?", [person_id])
    fields = changed_fields(old, item.person)
    if item.care is not None:
        old_care = one_row(store, "care_profiles", "person_id = ?", [person_id])
        fields += changed_fields(old_care, item.care, "care.")
    for consent in item.consents:
        old_consent = one_row(store, "consents", "person_id = ? and purpose = ?", [person_id, consent["purpose"]])
        fields += changed_fields(old_consent, consent, f"consent.{consent['purpose']}.")
    if not fields:
        return
    _write(store, "people", old, item.person)
    if item.care is not None:
        store.db["care_profiles"].upsert(item.care, pk="person_id")
    if item.consents:
        store.db["consents"].upsert_all(item.consents, pk=("person_id", "purpose"))
    detail = {"fields": fields, **({"source": source} if source else {})}
    store.audit("update" if old else "create", "person", person_id, detail)


def _write(store: ProjectStore, table: str, old: Row | None, row: Row) -> None:
    """Insert a new row with its creation stamps, or update an existing one (keeping them)."""
    stamp = now()
    if old is None:
        store.db[table].insert({**row, "created_at": stamp, "updated_at": stamp, "deleted_at": None})
    else:
        store.db[table].update(row["id"], {**row, "updated_at": stamp})


def load_person(store: ProjectStore, person_id: str, include_deleted: bool = False) -> PersonRows | None:
    """A person's rows, or None when absent (or soft-deleted, unless ``include_deleted``)."""
    person = one_row(store, "people", "id = ?", [person_id])
    if person is None or (person["deleted_at"] and not include_deleted):
        return None
    care = one_row(store, "care_profiles", "person_id = ?", [person_id])
    consents = tuple(store.db.query("select * from consents where person_id = ? order by purpose", [person_id]))
    return PersonRows(person, care, consents)


def list_people(store: ProjectStore, include_deleted: bool = False) -> list[Row]:
    """Every ``people`` row (soft-deleted ones only with ``include_deleted``), in insertion order."""
    where = "" if include_deleted else "where deleted_at is null"
    return list(store.db.query(f"select * from people {where} order by rowid"))


def delete_person(store: ProjectStore, person_id: str) -> None:
    """Soft-delete a person (kept, hidden from lists; :func:`restore_person` brings them back)."""
    set_deleted(store, "people", "person", person_id, True)


def restore_person(store: ProjectStore, person_id: str) -> None:
    """Undo :func:`delete_person`."""
    set_deleted(store, "people", "person", person_id, False)


def save_supporter(store: ProjectStore, supporter: Row) -> None:
    """Insert or update a supporter (``supporter["id"]`` is the key), audited."""
    with store.db.atomic():
        old = one_row(store, "supporters", "id = ?", [supporter["id"]])
        fields = changed_fields(old, supporter)
        if fields:
            _write(store, "supporters", old, supporter)
            store.audit("save", "supporter", supporter["id"], {"fields": fields})


def link_supporters(store: ProjectStore, person_id: str, links: Iterable[Row]) -> None:
    """Replace a person's supporter links (``supporter_id``, ``roles``) in one transaction."""
    links = list(links)
    with store.db.atomic():
        store.db.execute("delete from support_links where person_id = ?", [person_id])
        store.db["support_links"].insert_all({**link, "person_id": person_id} for link in links)
        store.audit("link_supporters", "person", person_id, {"count": len(links)})


def supporters_of(store: ProjectStore, person_id: str) -> list[tuple[Row, Row]]:
    """The person's (supporter row, link row) pairs, soft-deleted supporters left out."""
    rows = store.db.query(
        "select s.*, l.roles as link_roles from support_links l join supporters s on s.id = l.supporter_id "
        "where l.person_id = ? and s.deleted_at is null order by l.rowid",
        [person_id],
    )
    out = []
    for row in rows:
        roles = row.pop("link_roles")
        out.append((row, {"person_id": person_id, "supporter_id": row["id"], "roles": roles}))
    return out
