"""``m010``: shelters opened and closed by staff, and who entered each safety check and from where,
on real SQLite files (an m009 file with marks is migrated; the marks keep their values)."""

from __future__ import annotations

from sqlite_utils import Database

from store import open_store
from store.board import CheckRow, add_check, check_entries
from store.migrations import MIGRATIONS, known_names
from store.package_keys import add_checks
from store.shelter_status import ShelterStatusRow, add_shelter_status, shelter_statuses


def test_an_m009_file_gains_the_columns_and_keeps_its_marks(tmp_path):
    path = tmp_path / "p.nigezero"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before="m010_board_shelters_and_check_sources")
    db["safety_checks"].insert({"person_id": "p1", "status": "absent", "time": "2026-06-02T17:00:00+09:00", "imported_at": "x"})
    db.close()
    with open_store(path, staff="佐藤") as store:
        assert known_names()[-1] == "m010_board_shelters_and_check_sources"
        old = check_entries(store, "p1")
        add_check(store, CheckRow("p1", "evacuated", "2026-06-02T17:30:00+09:00", "体育館"))
        add_checks(store, [CheckRow("p1", "safe_home", "2026-06-02T18:00:00+09:00", "", "pkg1")], "pkg1", "anpi-pkg1.json")
        entries = check_entries(store, "p1")
    assert [(e.check.status, e.staff, e.source) for e in old] == [("absent", "", "")]
    assert [(e.check.status, e.check.note, e.staff, e.source) for e in entries] == [
        ("safe_home", "", "佐藤", "anpi-pkg1.json"),
        ("evacuated", "体育館", "佐藤", ""),
        ("absent", "", "", ""),
    ]


def test_shelter_entries_are_kept_in_time_order_and_audited_without_people(tmp_path):
    with open_store(tmp_path / "p.nigezero", staff="田中") as store:
        add_shelter_status(store, ShelterStatusRow("E1", False, "2026-06-02T18:00:00+09:00"))
        add_shelter_status(store, ShelterStatusRow("E1", True, "2026-06-02T16:00:00+09:00"))
        rows = shelter_statuses(store)
        audit = list(store.db.query("select staff, action, entity, entity_id, detail from audit where entity = 'shelter'"))
    assert [(r.open, r.time, r.staff) for r in rows] == [(True, "2026-06-02T16:00:00+09:00", "田中"), (False, "2026-06-02T18:00:00+09:00", "田中")]
    assert [(a["action"], a["entity_id"], a["staff"]) for a in audit] == [("close_shelter", "E1", "田中"), ("open_shelter", "E1", "田中")]
