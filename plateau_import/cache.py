"""Parse cache: one SQLite file per GML content hash, so a second open is near-instant.

The key is the SHA-256 of the file's bytes plus :data:`FORMAT`, so a renamed or moved file
hits the cache and a changed one misses it. What is cached is the parse *before* codelists
are applied (:class:`~plateau_import.records.RawFile`, problems included), so adding or fixing
a codelist never needs a re-parse. Geometries are stored as WKB blobs.

The default folder is ``$NIGEZERO_CACHE_DIR`` if set, else the user cache folder
(``%LOCALAPPDATA%\\nigezero\\plateau`` on Windows, ``$XDG_CACHE_HOME`` or ``~/.cache/nigezero/plateau``
elsewhere). The cache is only ever written by this user; deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import numpy as np
import shapely

from jobs.feedback import Problem
from jobs.inputs import InputFile
from plateau_import.records import TABLES, RawFile, Table, shapes_from_wkb, shapes_to_wkb

#: Bump when the parse result changes shape or meaning: old entries are then ignored.
FORMAT = "plateau-raw-3"


def default_cache_dir() -> Path:
    """The folder used when no ``cache_dir`` is given."""
    env = os.environ.get("NIGEZERO_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "nigezero" / "plateau"


def content_key(source: InputFile) -> str:
    """SHA-256 of the file's bytes (and the cache format), read in 1 MiB blocks."""
    digest = hashlib.sha256(FORMAT.encode())
    with source.open() as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class ParseCache:
    """A folder of cached parses.

    Parameters
    ----------
    directory
        Where the entries live (created on first store).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.sqlite"

    def load(self, key: str, label: str) -> RawFile | None:
        """The cached parse for ``key``, relabelled ``label``; None on a miss or a broken entry."""
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            with closing(sqlite3.connect(path)) as db:
                return _read(db, label)
        except (sqlite3.Error, ValueError, KeyError, shapely.errors.ShapelyError):
            return None

    def store(self, key: str, raw: RawFile) -> None:
        """Write ``raw`` under ``key`` (atomically: a half-written entry is never read)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self._path(key).with_suffix(f".tmp{os.getpid()}")
        tmp.unlink(missing_ok=True)
        with closing(sqlite3.connect(tmp)) as db:
            _write(db, raw)
            db.commit()
        os.replace(tmp, self._path(key))


def _write(db: sqlite3.Connection, raw: RawFile) -> None:
    meta = {"format": FORMAT, "uro_version": raw.uro_version, "epsg": raw.epsg, "features": raw.features}
    db.execute("CREATE TABLE meta (json TEXT)")
    db.execute("INSERT INTO meta VALUES (?)", (json.dumps(meta, ensure_ascii=False),))
    db.execute("CREATE TABLE problems (where_ TEXT, message TEXT, severity TEXT)")
    db.executemany("INSERT INTO problems VALUES (?, ?, ?)", [(p.where, p.message, p.severity) for p in raw.problems])
    for table_name, shapes_name in TABLES:
        table: Table = getattr(raw, table_name)
        columns = dict(table.columns)
        if shapes_name is not None:
            columns["geometry"] = list(shapes_to_wkb(getattr(raw, shapes_name)))
        names = list(columns)
        db.execute(f"CREATE TABLE {table_name} ({', '.join(f'c{i}' for i in range(len(names)))})")
        db.execute(f"CREATE TABLE {table_name}_columns (name TEXT)")
        db.executemany(f"INSERT INTO {table_name}_columns VALUES (?)", [(n,) for n in names])
        marks = ", ".join("?" * len(names))
        db.executemany(f"INSERT INTO {table_name} VALUES ({marks})", zip(*columns.values()))


def _read(db: sqlite3.Connection, label: str) -> RawFile | None:
    meta = json.loads(db.execute("SELECT json FROM meta").fetchone()[0])
    if meta.get("format") != FORMAT:
        return None
    raw = RawFile(label=label, uro_version=meta["uro_version"], epsg=meta["epsg"], features=meta["features"])
    raw.problems = [Problem(label, w, m, s) for w, m, s in db.execute("SELECT where_, message, severity FROM problems")]
    for table_name, shapes_name in TABLES:
        names = [r[0] for r in db.execute(f"SELECT name FROM {table_name}_columns ORDER BY rowid")]
        rows = db.execute(f"SELECT * FROM {table_name} ORDER BY rowid").fetchall()
        columns = {n: [r[i] for r in rows] for i, n in enumerate(names)}
        if shapes_name is not None:
            setattr(raw, shapes_name, shapes_from_wkb(np.array(columns.pop("geometry"), dtype=object)))
        setattr(raw, table_name, Table.from_columns(columns))
    return raw
