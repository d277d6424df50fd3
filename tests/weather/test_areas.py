"""JMA's area table: the shipped copy, names, parents, and a file that is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from weather import default_areas
from weather.areas import DEFAULT_PATH, AreaTable
from weather.errors import AreaTableError


def test_shipped_table_names_yamaguchi_and_its_parents():
    areas = default_areas()
    assert areas.name("3520300") == "山口市"
    assert [a.code for a in areas.ancestors("3520300")][:3] == ["350021", "350020", "350000"]
    assert areas.get("350000").name == "山口県"
    assert areas.name("1410011") is None
    assert "3520100" in areas


def test_shipped_copy_carries_its_attribution():
    readme = (DEFAULT_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert "出典：気象庁ホームページ" in readme
    assert DEFAULT_PATH.stat().st_size < 1_000_000


def test_shipped_table_is_built_from_the_data_set_and_names_the_same_areas(weather_data, tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_area_table", Path(__file__).resolve().parents[2] / "scripts" / "build_area_table.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    source = weather_data / "jma-analysis" / "area.json"
    script.build(source, tmp_path / "area.json")
    assert DEFAULT_PATH.read_bytes() == (tmp_path / "area.json").read_bytes()  # up to date with the script
    shipped, original = AreaTable.load(DEFAULT_PATH), AreaTable.load(source)
    for code in ("3520300", "1310100", "350000", "350010"):
        assert shipped.get(code) == original.get(code)


def test_not_an_area_table(tmp_path):
    bad = tmp_path / "area.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(AreaTableError, match="area.json"):
        AreaTable.load(bad)
    with pytest.raises(AreaTableError, match="読めません"):
        AreaTable.load(tmp_path / "missing.json")
