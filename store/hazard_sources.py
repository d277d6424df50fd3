"""The hazard sources recorded in a project (table of ``m005_hazard_sources``), audited.

The assessment (``assess``) reads every recorded source plus any given on the command line.
A relative path is resolved against the project file's folder, so a project folder can move.
"""

from __future__ import annotations

import os
from pathlib import Path

from store.connection import ProjectStore
from store.rows import now


def add_hazard_source(store: ProjectStore, path: str | os.PathLike[str]) -> None:
    """Record a hazard source (a file or folder); recording it again restores it if removed."""
    text = os.fspath(path)
    with store.db.atomic():
        store.db.execute(
            "insert into hazard_sources (path, added_at, deleted_at) values (?, ?, null) "
            "on conflict(path) do update set deleted_at = null",
            [text, now()],
        )
        store.audit("add_hazard_source", "hazard_source", text)


def remove_hazard_source(store: ProjectStore, path: str | os.PathLike[str]) -> None:
    """Stop assessing against a recorded source (the row is kept, marked deleted)."""
    text = os.fspath(path)
    with store.db.atomic():
        store.db.execute("update hazard_sources set deleted_at = ? where path = ?", [now(), text])
        store.audit("remove_hazard_source", "hazard_source", text)


def hazard_source_paths(store: ProjectStore) -> list[Path]:
    """The recorded sources in the order added, relative paths resolved against the project's folder."""
    rows = store.db.query("select path from hazard_sources where deleted_at is null order by id")
    return [store.path.parent / row["path"] if not Path(row["path"]).is_absolute() else Path(row["path"]) for row in rows]
