"""Whole-project reads for roster-wide work (assessment, the person list): a few queries, not n.

Reading 10,000 people one by one costs tens of thousands of queries; these return every row
of a table at once, soft-deleted people and plans left out, for :mod:`evac_plans.records`
to turn into dataclasses.
"""

from __future__ import annotations

from typing import Any

from store.connection import ProjectStore

Row = dict[str, Any]


def all_care_rows(store: ProjectStore) -> list[Row]:
    """Every ``care_profiles`` row of a person not soft-deleted."""
    return list(
        store.db.query("select c.* from care_profiles c join people p on p.id = c.person_id where p.deleted_at is null")
    )


def all_consent_rows(store: ProjectStore) -> list[Row]:
    """Every ``consents`` row of a person not soft-deleted."""
    return list(store.db.query("select c.* from consents c join people p on p.id = c.person_id where p.deleted_at is null"))


def current_plan_rows(store: ProjectStore) -> list[tuple[Row, Row]]:
    """(head row, current version row) of every plan not soft-deleted, oldest plan first."""
    rows = store.db.query(
        "select h.id as h_id, h.person_id as h_person_id, h.current_version as h_current_version, "
        "h.created_at as h_created_at, h.deleted_at as h_deleted_at, v.* "
        "from plans h join plan_versions v on v.plan_id = h.id and v.version = h.current_version "
        "where h.deleted_at is null order by h.created_at, h.rowid"
    )
    out = []
    for row in rows:
        head = {key[2:]: row.pop(key) for key in list(row) if key.startswith("h_")}
        out.append((head, row))
    return out
