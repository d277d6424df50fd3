"""Feed history in the project store, on real SQLite files in tmp_path."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from i18n import set_language
from store import StoreError, open_store
from store.feed_history import StoredGauge, gauge_ids, load_gauge, load_readings, save_gauge, save_readings
from store.migrations import MIGRATIONS, known_names

TIMES = ("2026-06-03T05:00:00+09:00", "2026-06-03T05:10:00+09:00", "2026-06-03T05:20:00+09:00")


def test_readings_are_saved_once_and_corrections_replace(tmp_path):
    with open_store(tmp_path / "p.nigezero") as store:
        assert save_readings(store, "05067", TIMES, [2.8, None, float("nan")], ["", "missing", "missing"], "kotogawa") == 3
        assert save_readings(store, "05067", TIMES, [2.8, None, float("nan")], ["", "missing", "missing"], "kotogawa") == 0
        assert save_readings(store, "05067", TIMES[1:2] + ("2026-06-03T05:30:00+09:00",), [2.81, 2.82], ["", ""]) == 1
        stored = load_readings(store, "05067")
        assert stored.times == (*TIMES, "2026-06-03T05:30:00+09:00")
        assert stored.levels == (2.8, 2.81, None, 2.82)
        assert stored.flags == ("", "", "missing", "")
        window = load_readings(store, "05067", start=TIMES[1], end=TIMES[2])
        assert window.times == TIMES[1:]
        assert load_readings(store, "none").times == ()
        set_language("en")
        with pytest.raises(StoreError, match="differ in length"):
            save_readings(store, "05067", TIMES, [1.0], [""])


def test_gauge_metadata_round_trip(tmp_path):
    gauge = StoredGauge("05067", "持世寺", "厚東川", "four", None, None, {"standby": 3.8, "caution": 5.0, "flooding": None}, "")
    with open_store(tmp_path / "p.nigezero") as store:
        save_gauge(store, gauge)
        save_readings(store, "8700000032", TIMES[:1], [44.61], [""])
        loaded = load_gauge(store, "05067")
        assert (loaded.name, loaded.thresholds, loaded.lon) == ("持世寺", {"standby": 3.8, "caution": 5.0, "flooding": None}, None)
        assert loaded.updated_at.endswith("+00:00")
        assert load_gauge(store, "nope") is None
        assert gauge_ids(store) == ["05067", "8700000032"]


def test_feed_history_migration_is_named_applied_once_and_keyed(tmp_path):
    path = tmp_path / "p.nigezero"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m003_feed_history")
    assert not db["feed_readings"].exists()
    db.close()
    with open_store(path):
        pass
    assert "m003_feed_history" in known_names()
    conn = sqlite3.connect(path)
    schema = conn.execute("select sql from sqlite_master where name = 'feed_readings'").fetchone()[0]
    assert 'PRIMARY KEY ("gauge_id", "time")' in schema
    names = [r[0] for r in conn.execute("select name from _sqlite_migrations where migration_set = 'nigezero'")]
    assert names.count("m003_feed_history") == 1
