"""``shelter-import`` on the real GSI shelters of Yamaguchi City: every shelter into the project,
updated in place on a second import, staff-typed capacity kept, and no project file for nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evac_plans.repository import import_shelters, load_shelters
from store import open_store


def test_real_shelters_are_imported_and_a_second_import_updates_them(cli, shared_data: Path, tmp_path: Path) -> None:
    store = tmp_path / "city.nigezero"
    folder = shared_data / "shelters"
    result = cli("shelter-import", str(folder), "--store", str(store), "--format", "json")
    assert result.code == 0, result.stderr
    records = result.records()
    assert {r["kind"] for r in records} == {"emergency", "evacuation"} and all(r["imported"] > 0 for r in records)
    with open_store(store, read_only=True) as project:
        shelters = load_shelters(project)
    assert len(shelters) == len({s.common_id for s in shelters}) > 0
    assert all(s.lon is not None and 130 < s.lon < 132 for s in shelters if s.lon is not None)  # 山口市
    first = shelters[0]
    with open_store(store, staff="test") as project:  # staff typed a capacity (the board's 避難所 tab)
        import_shelters(project, [replace(first, capacity=120, welfare=True)], source="board")
    again = cli("shelter-import", str(folder), "--store", str(store), "--format", "json")
    assert again.code == 0 and again.records() == records
    with open_store(store, read_only=True) as project:
        after = {s.common_id: s for s in load_shelters(project)}
    assert len(after) == len(shelters) and (after[first.common_id].capacity, after[first.common_id].welfare) == (120, True)


def test_no_shelter_data_is_exit_1_and_creates_no_project(cli, tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("メモ", encoding="utf-8")
    store = tmp_path / "none.nigezero"
    result = cli("shelter-import", str(tmp_path / "notes"), "--store", str(store), "--lang", "en")
    assert result.code == 1 and "no shelter data" in result.stderr and result.stdout == ""
    assert not store.exists()
