"""The gauge table and the simple level CSV: good files, the demo files and broken rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import i18n
from feeds.errors import FeedError, FeedFormatError
from feeds.gauges import GAUGE_COLUMNS, Thresholds, read_gauge_table
from feeds.levels import read_simple_levels
from jobs.feedback import Feedback

HEADER = ",".join(GAUGE_COLUMNS)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_demo_gauges_read_clean(demo_dir: Path) -> None:
    feedback = Feedback()
    gauges = read_gauge_table(demo_dir / "river/gauges.csv", feedback)
    assert feedback.problems == []
    assert [(g.station_id, g.river, g.scheme) for g in gauges] == [
        ("DEMO001", "椹野川", "four"), ("DEMO002", "仁保川", "four"), ("DEMO003", "吉敷川", "four")
    ]
    assert gauges[0].thresholds == Thresholds(1.5, 2.2, 2.8, 3.2, 4.3)
    assert gauges[2].thresholds.evacuation is None and gauges[2].thresholds.flooding is None


def test_gauge_table_bad_rows_are_reported_and_never_zero(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"
        "G1,一,川,131.4,34.1,1.0,2.0,,3.0,\n"
        "G1,dup,川,131.4,34.1,1,2,3,4,5\n"
        ",none,川,131.4,34.1,1,2,3,4,5\n"
        "G2,二,川,34.1,131.4,abc,2.0,1.5,3.0,\n"
        "G3,三,川\n"
    )
    feedback = Feedback()
    gauges = read_gauge_table(_write(tmp_path, text, "cp932"), feedback)
    assert [g.station_id for g in gauges] == ["G1", "G2"]
    assert gauges[0].thresholds.evacuation is None and gauges[1].thresholds.standby is None
    assert (gauges[1].lon, gauges[1].lat) == (None, None)
    assert [(p.where, p.message) for p in feedback.problems] == [
        ("line 6", "expected 10 fields, got 3; row skipped"),
        ("line 5", "longitude/latitude (34.1, 131.4) outside Japan (columns swapped?)"),
        ("line 5, column standby_m", "expected a number (got 'abc')"),
        ("line 3, column station_id", "duplicate station_id; row skipped"),
        ("line 4, column station_id", "station_id is empty; row skipped"),
        ("line 5", "thresholds are not in increasing order standby ≤ caution ≤ evacuation ≤ danger ≤ flooding"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"station_id,name\nA,b\n", "missing columns: river, lon, lat"),
        (b"station_id\n\x81\x20x", "neither UTF-8 nor Shift_JIS"),
    ],
)
def test_unreadable_gauge_tables_raise(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(content)
    with pytest.raises(FeedFormatError, match=message) as info:
        read_gauge_table(path)
    assert isinstance(info.value, FeedError) and isinstance(info.value, ValueError)


def test_demo_levels_have_48_hours_per_gauge_and_missing_readings(demo_dir: Path) -> None:
    feedback = Feedback()
    levels = read_simple_levels(demo_dir / "river/levels.csv", feedback)
    assert feedback.problems == []
    assert levels.groupby("station_id").size().to_dict() == {"DEMO001": 288, "DEMO002": 288, "DEMO003": 288}
    assert str(levels["time"].dt.tz) == "Asia/Tokyo"
    assert levels["time"].iloc[0] == pd.Timestamp("2026-06-02T00:00:00+09:00")
    assert levels["time"].diff().dropna().isin([pd.Timedelta(minutes=10), pd.Timedelta(hours=-47, minutes=-50)]).all()
    assert levels["level_m"].isna().sum() == 4


def test_levels_bad_rows_are_reported_with_line_and_column(tmp_path: Path) -> None:
    text = (
        "station_id,time,level_m\n"
        "A,2026-06-03T05:10:00+09:00,1.2\n"
        "A,2026-06-03T05:20:00,\n"
        "A,2026/06/03 05:30,abc\n"
        ",2026-06-03T05:40:00+09:00,1.0\n"
        "A,yesterday,1.0\n"
        "A,2026-06-02T20:50:00Z,１．１\n"
    )
    feedback = Feedback()
    levels = read_simple_levels(_write(tmp_path, "\ufeff" + text), feedback)
    assert levels["time"].dt.strftime("%H:%M").tolist() == ["05:10", "05:20", "05:30", "05:50"]
    np.testing.assert_array_equal(levels["level_m"], [1.2, np.nan, np.nan, 1.1])
    assert [str(p) for p in feedback.problems] == [
        f"{tmp_path / 'f.csv'}, line 4, column level_m: expected a number (got 'abc')",
        f"{tmp_path / 'f.csv'}, line 5, column station_id: station_id is empty; row skipped",
        f"{tmp_path / 'f.csv'}, line 6, column time: expected an ISO 8601 time such as 2026-06-03T05:10:00+09:00, "
        "got 'yesterday'; row skipped",
    ]


def test_header_only_levels_file_gives_an_empty_frame(tmp_path: Path) -> None:
    levels = read_simple_levels(_write(tmp_path, "station_id,time,level_m\n"))
    assert levels.empty and list(levels.columns) == ["station_id", "time", "level_m"]
