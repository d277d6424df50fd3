"""The points CSV: encodings, header names, broken rows reported with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

import i18n
from jobs.feedback import Feedback
from sources.points import read_points


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def test_shift_jis_with_extra_columns_and_broken_rows(tmp_path: Path) -> None:
    text = "氏名,ID,Lat,Lon\n山口太郎,a1,34.17,131.47\n\n山口花子,a2,95,131.47\n山口次郎,a3\n山口三郎,a4,34.2,nan\n"
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode("cp932"))
    feedback = Feedback()
    points = read_points(path, feedback)
    assert points is not None and points.ids == ["a1"] and points.lonlat.tolist() == [[131.47, 34.17]]
    assert [(p.where, p.message) for p in feedback.problems] == [
        ("line 4", "lon/lat out of range: 131.47, 95.0"),
        ("line 5", "too few columns (2)"),
        ("line 6", "lon/lat out of range: nan, 34.2"),
    ]
    assert not any("山口" in p.message for p in feedback.problems)


def test_unreadable_files_are_errors(tmp_path: Path) -> None:
    feedback = Feedback()
    assert read_points(tmp_path / "none.csv", feedback) is None
    (tmp_path / "bin.csv").write_bytes(b"\x81\xff\xfe\x00id")
    assert read_points(tmp_path / "bin.csv", feedback) is None
    assert [p.message for p in feedback.problems] == ["no such file", "neither UTF-8 nor Shift_JIS text"]
    assert feedback.had_errors
