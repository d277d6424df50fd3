"""Opening a project file: WAL, foreign keys, migrations (with a backup first), one writer."""

from __future__ import annotations

import getpass
import json
import os
import socket
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from i18n import t
from store.errors import StoreError, StoreLockedError, StoreVersionError
from store.migrations import MIGRATIONS, known_names


@dataclass(frozen=True)
class LayerRecord:
    """One saved layer: its source path and how it is shown."""

    name: str
    kind: str
    source: str
    visible: bool = True
    opacity: float = 1.0
    style: str = "{}"


class ProjectStore:
    """An open project file. Use :func:`open_store`; close with :meth:`close` or ``with``."""

    def __init__(self, path: Path, db: Database, lock_path: Path | None, staff: str) -> None:
        self.path = path
        self.db = db
        self._lock_path = lock_path
        self.staff = staff

    # settings -----------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        rows = list(self.db.query("select value from settings where key = ?", [key]))
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self.db.conn:
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")

    # audit --------------------------------------------------------------------
    @property
    def who(self) -> str:
        """Who is working: the staff name chosen, else the OS user (stored with entries staff make)."""
        return self.staff or _os_user()

    def audit(self, action: str, entity: str = "", entity_id: str = "", detail: dict | None = None) -> None:
        """Record who did what. ``detail`` names fields changed, never personal values."""
        self.db["audit"].insert(
            {
                "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "staff": self.staff,
                "os_user": _os_user(),
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "detail": json.dumps(detail or {}, ensure_ascii=False),
            }
        )

    # layers -------------------------------------------------------------------
    def save_layers(self, layers: list[LayerRecord]) -> None:
        """Replace the saved layer list in one transaction (drawing order = list order)."""
        with self.db.conn:
            self.db.execute("delete from layers")
            self.db["layers"].insert_all(
                {
                    "position": i,
                    "name": r.name,
                    "kind": r.kind,
                    "source": r.source,
                    "visible": int(r.visible),
                    "opacity": r.opacity,
                    "style": r.style,
                }
                for i, r in enumerate(layers)
            )
            self.audit("save_layers", "layers", detail={"count": len(layers)})

    def load_layers(self) -> list[LayerRecord]:
        return [
            LayerRecord(r["name"], r["kind"], r["source"], bool(r["visible"]), r["opacity"], r["style"])
            for r in self.db.query("select * from layers order by position")
        ]

    def backup(self) -> Path:
        """Back the project up on demand (migrations make a backup by themselves); audited."""
        target = backup(self.path, self.db.conn)
        self.audit("backup", "project", detail={"file": target.name})
        return target

    # lifecycle ----------------------------------------------------------------
    def close(self) -> None:
        self.db.close()
        if self._lock_path is not None:
            self._lock_path.unlink(missing_ok=True)

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _take_lock(path: Path) -> Path:
    """Create ``<file>.lock`` exclusively; it names the holder so a second writer is told who.

    A lock whose process on this host is gone is stale and taken over.
    """
    lock = path.with_name(path.name + ".lock")
    me = {"host": socket.gethostname(), "pid": os.getpid(), "user": _os_user()}
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                holder = json.loads(lock.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                holder = {}
            if holder.get("host") == me["host"] and not _alive(int(holder.get("pid", 0))):
                lock.unlink(missing_ok=True)
                continue
            raise StoreLockedError(
                t(
                    "{f} は {user}@{host} が編集中です。閉じるまで読み取り専用でしか開けません。",
                    "{f} is open for writing by {user}@{host}; it can only be opened read-only until they close it.",
                    f=path,
                    user=holder.get("user", "?"),
                    host=holder.get("host", "?"),
                )
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(me, f)
        return lock
    raise StoreLockedError(str(lock))


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def backup(path: Path, source: sqlite3.Connection | None = None) -> Path:
    """Copy the project file (consistently, through SQLite's backup API) beside itself.

    ``source`` is an open connection to copy through (the writer's own, so its latest
    committed state is copied); without one the file is opened for the copy.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    src = source if source is not None else sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        if source is None:
            src.close()
    return target


def open_store(path: str | os.PathLike[str], staff: str = "", *, read_only: bool = False) -> ProjectStore:
    """Open (creating if needed) a project file, migrate it, and lock it for this writer.

    A file that needs migrations is backed up first. A file with migrations unknown to this
    version is refused rather than damaged. With ``read_only`` the file must exist and be
    up to date; no lock is taken, so reports can run while the app has the project open.

    Raises
    ------
    StoreLockedError
        Another writer holds the project.
    StoreVersionError
        The file comes from a newer version (or, read-only, from an older one).
    StoreError
        The file is not a Nigezero project (or not SQLite at all), or, read-only, is absent.
    """
    path = Path(path)
    if read_only:
        return _open_read_only(path, staff)
    existed = path.exists() and path.stat().st_size > 0
    lock = _take_lock(path)
    try:
        db = Database(path)
        _check_schema(db, path, setup=True)
        if MIGRATIONS.pending(db):
            if existed:
                backup(path)
            MIGRATIONS.apply(db)
        return ProjectStore(path, db, lock, staff)
    except BaseException:
        lock.unlink(missing_ok=True)
        raise


def _open_read_only(path: Path, staff: str) -> ProjectStore:
    if not path.is_file():
        raise StoreError(t("プロジェクトファイル {f} がありません", "no project file {f}", f=path))
    db = Database(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True))
    try:
        _check_schema(db, path, setup=False)
        if MIGRATIONS.pending(db):
            raise StoreVersionError(
                t(
                    "{f} は古い版の形式です。一度アプリ (または書き込むコマンド) で開いて更新してください",
                    "{f} uses an older format; open it once in the app (or with a command that writes) to upgrade it",
                    f=path,
                )
            )
    except BaseException:
        db.close()
        raise
    return ProjectStore(path, db, None, staff)


def _check_schema(db: Database, path: Path, *, setup: bool) -> None:
    """Refuse files that are not projects, or that newer versions wrote; set WAL when writing."""
    try:
        if setup:
            db.execute("pragma journal_mode = wal")
            db.execute("pragma foreign_keys = on")
        applied = [m.name for m in MIGRATIONS.applied(db)]
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            t("{f} は Nigezero のプロジェクトファイルではありません: {e}", "{f} is not a Nigezero project file: {e}", f=path, e=exc)
        ) from exc
    unknown = sorted(set(applied) - set(known_names()))
    if unknown:
        raise StoreVersionError(
            t(
                "{f} は新しい版の Nigezero で作られています (未知の変更: {u})",
                "{f} was written by a newer Nigezero (unknown migrations: {u})",
                f=path,
                u=", ".join(unknown),
            )
        )


__all__ = ["LayerRecord", "ProjectStore", "backup", "open_store"]
