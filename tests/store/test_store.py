"""The project store on real SQLite files in tmp_path."""

from __future__ import annotations

import sqlite3

import pytest

from i18n import set_language

from store import StoreError, StoreLockedError, open_store
from store.connection import LayerRecord
from store.errors import StoreVersionError
from store.migrations import MIGRATIONS, known_names


def test_new_store_is_migrated_wal_and_has_fk(tmp_path):
    path = tmp_path / "p.nigezero"
    with open_store(path, staff="職員A") as s:
        assert [m.name for m in MIGRATIONS.applied(s.db)] == known_names()
        assert s.db.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert not (tmp_path / "p.nigezero.lock").exists()


def test_partly_migrated_file_is_completed_with_backup_and_twice_changes_nothing(tmp_path):
    path = tmp_path / "p.nigezero"
    from sqlite_utils import Database

    db = Database(path)
    MIGRATIONS.apply(db, stop_before=known_names()[1])
    db["settings"].insert({"key": "zone", "value": "6671"})
    db.close()
    with open_store(path) as s:
        assert s.get_setting("zone") == "6671"
        assert s.db["layers"].exists()
    backups = list(tmp_path.glob("p.backup-*.nigezero"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("select value from settings").fetchone() == ("6671",)
    schema = sqlite3.connect(path).execute("select group_concat(sql) from sqlite_master").fetchone()
    with open_store(path):
        pass
    assert sqlite3.connect(path).execute("select group_concat(sql) from sqlite_master").fetchone() == schema
    assert len(list(tmp_path.glob("p.backup-*.nigezero"))) == 1


def test_second_writer_is_told_who_holds_the_project(tmp_path):
    path = tmp_path / "p.nigezero"
    set_language("en")
    with open_store(path):
        with pytest.raises(StoreLockedError, match=r"open for writing by .*@"):
            open_store(path)


def test_not_sqlite_is_a_clear_error_and_file_untouched(tmp_path):
    path = tmp_path / "notes.nigezero"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    set_language("en")
    with pytest.raises(StoreError, match="is not a Nigezero project file"):
        open_store(path)
    assert path.read_bytes() == before


def test_newer_file_is_refused(tmp_path):
    path = tmp_path / "p.nigezero"
    with open_store(path) as s:
        s.db["_sqlite_migrations"].insert(
            {"migration_set": "nigezero", "name": "m999_future", "applied_at": "2030-01-01"}, alter=True
        )
    set_language("en")
    with pytest.raises(StoreVersionError, match="m999_future"):
        open_store(path)


def test_layers_round_trip_in_order_and_audited(tmp_path):
    path = tmp_path / "p.nigezero"
    layers = [LayerRecord("建物", "plateau", "/d/bldg.gml", True, 0.8), LayerRecord("浸水", "raster", "/d/f.tif", False, 0.5)]
    with open_store(path, staff="職員A") as s:
        s.save_layers(layers)
    with open_store(path) as s:
        assert s.load_layers() == layers
        audit = list(s.db.query("select staff, action, detail from audit"))
    assert audit == [{"staff": "職員A", "action": "save_layers", "detail": '{"count": 2}'}]


def test_read_only_open_needs_no_lock_and_refuses_writes(tmp_path):
    path = tmp_path / "p.nigezero"
    with open_store(path) as writer:
        writer.set_setting("zone", "6671")
        with open_store(path, read_only=True) as reader:
            assert reader.get_setting("zone") == "6671"
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                reader.set_setting("zone", "6672")


def test_read_only_open_of_a_missing_or_outdated_file_is_refused(tmp_path):
    set_language("en")
    with pytest.raises(StoreError, match="no project file"):
        open_store(tmp_path / "none.nigezero", read_only=True)
    assert not (tmp_path / "none.nigezero").exists()
    from sqlite_utils import Database

    path = tmp_path / "old.nigezero"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before=known_names()[1])
    db.close()
    with pytest.raises(StoreVersionError, match="older format"):
        open_store(path, read_only=True)


def test_backup_on_demand_copies_the_latest_state_and_is_audited(tmp_path):
    path = tmp_path / "p.nigezero"
    with open_store(path, staff="職員A") as s:
        s.set_setting("zone", "6671")
        target = s.backup()
        actions = [r["action"] for r in s.db.query("select action from audit")]
    assert sqlite3.connect(target).execute("select value from settings where key='zone'").fetchone() == ("6671",)
    assert target.parent == tmp_path and target.name.startswith("p.backup-")
    assert actions == ["backup"]
