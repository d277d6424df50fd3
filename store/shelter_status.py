"""Shelters opened and closed by staff (``shelter_status``, ``m010``): every entry is kept, the
newest per shelter (by time, then entry) is its state. The audit names the shelter and whether it
opened or closed: no personal data is involved."""

from __future__ import annotations

from dataclasses import dataclass

from store.connection import ProjectStore
from store.rows import now


@dataclass(frozen=True)
class ShelterStatusRow:
    """A shelter (GSI 共通ID) opened (``open`` True) or closed at ``time`` (ISO 8601), entered by ``staff``."""

    common_id: str
    open: bool
    time: str
    staff: str = ""


def add_shelter_status(store: ProjectStore, row: ShelterStatusRow) -> None:
    """Keep one opening or closing (who entered it is recorded: the staff name, else the OS user), audited."""
    with store.db.atomic():
        store.db["shelter_status"].insert(
            {"common_id": row.common_id, "open": int(row.open), "time": row.time, "staff": store.who, "saved_at": now()}
        )
        store.audit("open_shelter" if row.open else "close_shelter", "shelter", row.common_id, {"time": row.time})


def shelter_statuses(store: ProjectStore) -> list[ShelterStatusRow]:
    """Every opening and closing kept, oldest first (by time, then entry)."""
    rows = store.db.query("select * from shelter_status order by time, id")
    return [ShelterStatusRow(r["common_id"], bool(r["open"]), r["time"], r["staff"] or "") for r in rows]
