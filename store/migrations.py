"""Schema of the project store as named, forward-only migrations (never edit one; add one).

``sqlite_utils.migrations`` records each applied migration in ``_sqlite_migrations``, so
applying twice changes nothing and a partly migrated file is completed.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATIONS = Migrations("nigezero")


@MIGRATIONS()
def m001_settings_and_audit(db: Database) -> None:
    """Key–value settings and the audit trail (who, when, what; never personal data values)."""
    db["settings"].create({"key": str, "value": str}, pk="key")
    db["audit"].create(
        {"id": int, "at": str, "staff": str, "os_user": str, "action": str, "entity": str, "entity_id": str, "detail": str},
        pk="id",
        not_null={"at", "action"},
    )
    db["audit"].create_index(["entity", "entity_id"])


@MIGRATIONS()
def m002_layers(db: Database) -> None:
    """The project's layers: where each comes from and how it is shown, in drawing order."""
    db["layers"].create(
        {
            "id": int,
            "position": int,
            "name": str,
            "kind": str,
            "source": str,
            "visible": int,
            "opacity": float,
            "style": str,
        },
        pk="id",
        not_null={"position", "name", "kind", "source", "visible", "opacity"},
        defaults={"visible": 1, "opacity": 1.0, "style": "{}"},
    )


def known_names() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]
