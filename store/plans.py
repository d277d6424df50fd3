"""Evacuation plans with their full history, and the shelters they lead to (tables of ``m004``).

A plan is a ``plans`` head row plus one ``plan_versions`` row per save. Saving never updates
a version: it inserts version n + 1 and moves ``plans.current_version``, with its audit row,
in one transaction, so after a crash each version is either complete or absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from i18n import t
from store.connection import ProjectStore
from store.errors import StoreError
from store.rows import changed_fields, now, one_row, set_deleted

Row = dict[str, Any]
_NOT_COMPARED = frozenset({"plan_id", "version", "saved_at", "staff"})


def save_plan_version(store: ProjectStore, plan_id: str, person_id: str, version: Row) -> Row:
    """Store a new version of a plan (creating the plan on its first save).

    Parameters
    ----------
    store : ProjectStore
        The open project.
    plan_id, person_id : str
        The plan and whose plan it is (a plan never changes person).
    version : dict
        The ``plan_versions`` columns except ``plan_id``, ``version``, ``saved_at`` and ``staff``.

    Returns
    -------
    dict
        The stored version row (with its number, time and the staff who saved it).

    Raises
    ------
    StoreError
        If the plan exists for another person.
    """
    with store.db.atomic():
        head = one_row(store, "plans", "id = ?", [plan_id])
        if head is not None and head["person_id"] != person_id:
            raise StoreError(t("計画 {p} は別の人の計画です", "plan {p} belongs to another person", p=plan_id))
        number = 1 if head is None else head["current_version"] + 1
        previous = None if head is None else one_row(store, "plan_versions", "plan_id = ? and version = ?", [plan_id, head["current_version"]])
        row = {**version, "plan_id": plan_id, "version": number, "saved_at": now(), "staff": store.staff}
        if head is None:
            store.db["plans"].insert({"id": plan_id, "person_id": person_id, "current_version": 1, "created_at": row["saved_at"], "deleted_at": None})
        else:
            store.db["plans"].update(plan_id, {"current_version": number})
        store.db["plan_versions"].insert(row)
        fields = [f for f in changed_fields(previous, version) if f not in _NOT_COMPARED]
        store.audit("save_plan", "plan", plan_id, {"version": number, "fields": fields})
    return row


def plan_versions(store: ProjectStore, plan_id: str) -> list[Row]:
    """Every stored version of a plan, oldest first."""
    return list(store.db.query("select * from plan_versions where plan_id = ? order by version", [plan_id]))


def current_version(store: ProjectStore, plan_id: str, include_deleted: bool = False) -> tuple[Row, Row] | None:
    """The plan's head row and its current version row, or None (also when soft-deleted)."""
    head = one_row(store, "plans", "id = ?", [plan_id])
    if head is None or (head["deleted_at"] and not include_deleted):
        return None
    version = one_row(store, "plan_versions", "plan_id = ? and version = ?", [plan_id, head["current_version"]])
    return (head, version) if version is not None else None


def plans_of(store: ProjectStore, person_id: str, include_deleted: bool = False) -> list[Row]:
    """The head rows of a person's plans, oldest first."""
    where = "" if include_deleted else " and deleted_at is null"
    return list(store.db.query(f"select * from plans where person_id = ?{where} order by created_at, rowid", [person_id]))


def delete_plan(store: ProjectStore, plan_id: str) -> None:
    """Soft-delete a plan with all its versions (:func:`restore_plan` brings it back)."""
    set_deleted(store, "plans", "plan", plan_id, True)


def restore_plan(store: ProjectStore, plan_id: str) -> None:
    """Undo :func:`delete_plan`."""
    set_deleted(store, "plans", "plan", plan_id, False)


def save_shelters(store: ProjectStore, shelters: Iterable[Row], source: str = "") -> int:
    """Insert or update shelters keyed on ``common_id`` (GSI 共通ID) in one transaction.

    Returns
    -------
    int
        How many shelters were written; one audit row names the count and the source.
    """
    stamp = now()
    rows = [{**row, "updated_at": stamp} for row in shelters]
    with store.db.atomic():
        store.db["shelters"].upsert_all(rows, pk="common_id")
        store.audit("import_shelters", "shelter", "", {"count": len(rows), **({"source": source} if source else {})})
    return len(rows)


def load_shelters(store: ProjectStore) -> list[Row]:
    """Every stored shelter row, ordered by 共通ID."""
    return list(store.db.query("select * from shelters order by common_id"))
