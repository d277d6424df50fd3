"""The alert board's tables (``m009_alert_board``) and the safety checks it enters (``m008``).

* ``issued_levels``: every 警戒レベル / 避難情報 the city issued or lifted, per area (history).
* ``board_areas``: which gauges and which JMA municipality stand for an area (``*``: all).
* ``safety_checks`` (created by ``m008_package_keys``, shared with the offline packages): a
  safety check (安否確認) entered on the board is one more row with an empty ``package_id`` and
  the staff name (``m010``); the history is never overwritten, a person's status at a moment is
  their newest mark by then (:func:`check_entries` lists it with who entered each mark and where from).

The audit names the person, the area or the count and never a status, note or place: whether a
person was found safe is personal data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from store.connection import ProjectStore
from store.package_keys import CheckRow
from store.rows import now


@dataclass(frozen=True)
class IssuedRow:
    """One issue (or lift, ``level`` 0) of 避難情報 for an area, as stored; ``time`` ISO 8601."""

    area: str
    level: int
    info: str
    time: str


@dataclass(frozen=True)
class AreaRow:
    """The gauges (ids) and JMA municipality (7-digit code, "" when none) standing for an area."""

    area: str
    gauges: tuple[str, ...]
    municipality: str = ""


def add_issued(store: ProjectStore, rows: Sequence[IssuedRow]) -> None:
    """Keep issued (or lifted) levels, all in one transaction, one audit row per area and level."""
    stamp = now()
    with store.db.atomic():
        for row in rows:
            new_id = (
                store.db["issued_levels"]
                .insert({"area": row.area, "level": row.level, "info": row.info, "time": row.time, "saved_at": stamp})
                .last_pk
            )
            store.audit("issue_level", "issued_level", str(new_id), {"area": row.area, "level": row.level, "time": row.time})


def load_issued(store: ProjectStore) -> list[IssuedRow]:
    """Every issued level kept, in the order entered."""
    return [
        IssuedRow(r["area"], r["level"], r["info"], r["time"]) for r in store.db.query("select * from issued_levels order by id")
    ]


def save_areas(store: ProjectStore, areas: Sequence[AreaRow]) -> None:
    """Insert or replace the reference gauges and municipality of each area, audited."""
    with store.db.atomic():
        for area in areas:
            store.db["board_areas"].upsert(
                {"area": area.area, "gauges": json.dumps(list(area.gauges)), "municipality": area.municipality}, pk="area"
            )
            store.audit(
                "save_board_area", "board_area", area.area, {"gauges": list(area.gauges), "municipality": area.municipality}
            )


def load_areas(store: ProjectStore) -> list[AreaRow]:
    """Every area's reference gauges and municipality, by area name."""
    rows = store.db.query("select * from board_areas order by area")
    return [AreaRow(r["area"], tuple(json.loads(r["gauges"])), r["municipality"] or "") for r in rows]


def add_check(store: ProjectStore, check: CheckRow) -> None:
    """Keep one safety check entered on the board (never replacing an earlier one), audited
    with the person's id only."""
    with store.db.atomic():
        store.db["safety_checks"].insert(
            {"person_id": check.person_id, "status": check.status, "time": check.time, "note": check.note,
             "package_id": check.package_id, "imported_at": now(), "staff": store.who, "source": ""}
        )  # fmt: skip
        store.audit("safety_check", "person", check.person_id, {"source": check.package_id or "board"})


def all_checks(store: ProjectStore) -> list[CheckRow]:
    """Every safety-check mark kept (board and packages), oldest first per person."""
    rows = store.db.query("select * from safety_checks order by person_id, time, id")
    return [CheckRow(r["person_id"], r["status"], r["time"], r["note"] or "", r["package_id"] or "") for r in rows]


@dataclass(frozen=True)
class CheckEntry:
    """One mark of a person's history as kept: the mark, when it was saved (ISO 8601), who entered
    or merged it (staff name, "" before ``m010``) and the return file it came from ("" when typed)."""

    check: CheckRow
    saved_at: str
    staff: str
    source: str


def check_entries(store: ProjectStore, person_id: str) -> list[CheckEntry]:
    """Every mark kept for one person, newest first (the dock's history)."""
    rows = store.db.query("select * from safety_checks where person_id = ? order by time desc, id desc", [person_id])
    return [
        CheckEntry(
            CheckRow(r["person_id"], r["status"], r["time"], r["note"] or "", r["package_id"] or ""),
            r["imported_at"], r["staff"] or "", r["source"] or "",
        )
        for r in rows
    ]  # fmt: skip


def support_roles(store: ProjectStore) -> dict[str, tuple[str, ...]]:
    """Every role any (not deleted) supporter holds for each person, by person id (for the drill)."""
    rows = store.db.query(
        "select l.person_id, l.roles from support_links l join supporters s on s.id = l.supporter_id where s.deleted_at is null"
    )
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["person_id"], set()).update(json.loads(row["roles"] or "[]"))
    return {k: tuple(sorted(v)) for k, v in out.items()}


__all__ = [
    "AreaRow",
    "CheckEntry",
    "CheckRow",
    "IssuedRow",
    "add_check",
    "add_issued",
    "all_checks",
    "check_entries",
    "load_areas",
    "load_issued",
    "save_areas",
    "support_roles",
]
