"""The project file of a data folder, shared by every panel of the window.

SQLite allows one writer, and the store's lock refuses a second ``open_store`` even from the same
process; so the plans editor and the live panel borrow one open store per file from here instead
of opening their own.
"""

from __future__ import annotations

from pathlib import Path

from store import ProjectStore, open_store

_open: dict[Path, tuple[ProjectStore, int]] = {}


def project_path(folder: Path) -> Path:
    """The project file of a data folder: beside it, named after it (``data/`` → ``data.nigezero``),
    so the data folder itself is only ever read."""
    return folder.with_name(folder.name + ".nigezero")


def acquire(path: Path) -> ProjectStore:
    """The open store of ``path``, opened (and migrated, locked) by the first borrower.

    Raises
    ------
    store.StoreError
        If the file is locked by another program or is not a project file.
    """
    key = Path(path).resolve()
    if key in _open:
        store, count = _open[key]
        _open[key] = (store, count + 1)
        return store
    store = open_store(key)
    _open[key] = (store, 1)
    return store


def release(store: ProjectStore) -> None:
    """Give a borrowed store back; the last borrower's release closes it (and frees the lock)."""
    key = store.path.resolve()
    held, count = _open.get(key, (store, 1))
    if count > 1:
        _open[key] = (held, count - 1)
        return
    _open.pop(key, None)
    held.close()
