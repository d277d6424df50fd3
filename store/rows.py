"""Helpers shared by the store's table modules: timestamps, changed fields, soft delete."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from i18n import t
from store.connection import ProjectStore
from store.errors import StoreError

NOT_REPORTED = frozenset({"created_at", "updated_at", "deleted_at", "id", "person_id", "purpose", "plan_id", "supporter_id"})
"""Bookkeeping and key columns, never reported as changed fields."""


def now() -> str:
    """The current time, ISO 8601 with seconds and an explicit offset (UTC)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def changed_fields(old: Mapping[str, Any] | None, new: Mapping[str, Any], prefix: str = "") -> list[str]:
    """Names of the fields of ``new`` whose value differs from ``old`` (the filled ones when ``old`` is None).

    Only names are returned, never values: the audit trail holds no personal data.
    """
    if old is None:
        return [prefix + k for k, v in new.items() if k not in NOT_REPORTED and v not in (None, "", "[]", "{}")]
    return [prefix + k for k, v in new.items() if k not in NOT_REPORTED and old.get(k) != v]


def one_row(store: ProjectStore, table: str, where: str, params: list[Any]) -> dict[str, Any] | None:
    """The first row of ``table`` matching ``where``, or None."""
    rows = list(store.db.query(f"select * from [{table}] where {where} limit 1", params))
    return rows[0] if rows else None


def set_deleted(store: ProjectStore, table: str, entity: str, key: str, deleted: bool) -> None:
    """Soft-delete (``deleted`` True) or restore one row of ``table`` by its ``id``, with an audit row.

    Raises
    ------
    StoreError
        If no row has that id.
    """
    with store.db.atomic():
        if one_row(store, table, "id = ?", [key]) is None:
            raise StoreError(t("{e} {k} は見つかりません", "no {e} with id {k}", e=entity, k=key))
        store.db.execute(f"update [{table}] set deleted_at = ? where id = ?", [now() if deleted else None, key])
        store.audit("delete" if deleted else "restore", entity, key)
