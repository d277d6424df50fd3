"""Feed readers on the real snapshots and on files generated here in the documented formats."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import i18n
from feeds.detect import read_feed_bytes
from feeds.errors import FeedFormatError, NotAFeedError
from feeds.series import combine
from feeds.status import gauge_state
from jobs.feedback import Feedback

CRISIS = "river_levels/crisis-watcher-river-jp"
KOTOGAWA = "river_levels/kotogawa-monitor-streamlit/history"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def _read(path: Path, feedback: Feedback | None = None):
    return read_feed_bytes(path.read_bytes(), str(path), feedback or Feedback())


def _expected_three(item: dict) -> str:
    """The status computed straight from the raw item (independent of the package)."""
    level = item["level"]
    status = "normal"
    for name, key in (("observing", "startLevel"), ("danger", "warnLevel"), ("flooding", "fladLevel")):
        if level is not None and item[key] is not None and level >= item[key]:
            status = name
    return "missing" if level is None else status


def test_every_real_snapshot_loads_one_series_per_item_with_the_raw_status(shared_data: Path) -> None:
    files = sorted((shared_data / CRISIS).glob("*.json"))
    assert len(files) == 20
    total = 0
    for path in files:
        raw = json.loads(path.read_text(encoding="utf-8"))
        feedback = Feedback()
        series = _read(path, feedback)
        assert len(series) == raw["totalItems"] == len(raw["items"])
        statuses = {s.gauge.station_id: gauge_state(s).status.status for s in series}
        assert statuses == {i["code"]: _expected_three(i) for i in raw["items"]}
        assert sum(v == "flooding" for v in statuses.values()) == raw["floodCount"]
        assert all(s.gauge.scheme == "three" and len(s) == 1 for s in series)
        assert [p for p in feedback.problems if p.severity == "error"] == []
        total += len(series)
    assert total == 10706


def test_sabagawa_gauges_in_yamaguchi_city_by_hand(shared_data: Path) -> None:
    series = {s.gauge.station_id: s for s in _read(shared_data / CRISIS / "2026-06-26-10.json")}
    g = series["8700000032"]
    assert (g.gauge.name, g.gauge.lon, g.gauge.lat) == ("佐波川19.8k右岸", pytest.approx(131.5, abs=0.2), pytest.approx(34.1, abs=0.2))
    assert (g.gauge.thresholds.observing, g.gauge.thresholds.danger, g.gauge.thresholds.flooding) == (44.17, 45.13, 45.84)
    state = gauge_state(g)
    assert (state.level_m, state.status.status, state.status.alert_level) == (44.61, "observing", None)
    assert state.time == pd.Timestamp("2026-06-26T10:30:00+09:00")
    # 新山川放水路 has no 危険水位 (warnLevel null): skipped, never zero; above 氾濫開始水位 → flooding (level 5)
    flood = gauge_state(series["0300000242"])
    assert series["0300000242"].gauge.thresholds.danger is None
    assert (flood.level_m, flood.status.status, flood.status.alert_level) == (37.49, "flooding", 5)


def test_kotogawa_history_is_one_gauge_every_ten_minutes(shared_data: Path) -> None:
    files = sorted((shared_data / KOTOGAWA).rglob("*.json"))
    series = combine([s for path in files for s in _read(path)])
    assert len(series) == 1
    kotogawa = series[0]
    assert (kotogawa.gauge.station_id, kotogawa.gauge.name, kotogawa.gauge.river) == ("05067", "持世寺", "厚東川")
    assert len(kotogawa) == 274 and kotogawa.valid.all()
    per_day = kotogawa.frame.groupby(kotogawa.frame["time"].dt.day).size().to_dict()
    assert per_day == {13: 74, 14: 59, 15: 71, 16: 70}
    assert kotogawa.interval == pd.Timedelta(minutes=10)
    assert (kotogawa.levels.min(), kotogawa.levels.max()) == (2.36, 2.83)
    assert kotogawa.frame["time"].iloc[-1] == pd.Timestamp("2025-07-16T23:50:00+09:00")


@pytest.mark.parametrize("name", ["PROVENANCE.md", "crisis-watcher-river-jp/lookup/pref.json", "crisis-watcher-river-jp/lookup/twn.json"])
def test_files_that_are_not_feeds_are_recognised(shared_data: Path, name: str) -> None:
    with pytest.raises(NotAFeedError):
        _read(shared_data / "river_levels" / name)


def _kawabou(values: list[dict], **top: object) -> bytes:
    return json.dumps({**top, "min10Values": values}, ensure_ascii=False).encode()


def test_kawabou_ten_minute_json_flags_codes_duplicates_and_spikes() -> None:
    values = [
        {"obsTime": "2026/06/03 23:10", "stg": 1.20, "stgCcd": 0},
        {"obsTime": "2026/06/03 23:20", "stg": 1.22, "stgCcd": 0},
        {"obsTime": "2026/06/03 23:30", "stg": 3.90, "stgCcd": 0},  # spike: up 2.7 m and straight back
        {"obsTime": "2026/06/03 23:40", "stg": 1.25, "stgCcd": 0},
        {"obsTime": "2026/06/03 23:40", "stg": 1.26, "stgCcd": 0},  # duplicate time, different value
        {"obsTime": "2026/06/03 23:50", "stg": 9.99, "stgCcd": 3},  # flagged by the source
        {"obsTime": "2026/06/03 24:00", "stg": None, "stgCcd": 0},  # missing, and 24:00 = next day 00:00
    ]
    feedback = Feedback()
    [series] = read_feed_bytes(_kawabou(values, obsFcd="0101100400005"), "x/stg.json", feedback)
    frame = series.frame
    assert series.gauge.station_id == "0101100400005"
    assert frame["flag"].tolist() == ["", "", "spike", "duplicate", "", "ccd:3", "missing"]
    assert frame["time"].iloc[-1] == pd.Timestamp("2026-06-04T00:00:00+09:00")
    assert frame["level_m"].iloc[2] == 3.90  # kept as given, never used
    state = gauge_state(series)
    assert (state.status.status, state.level_m, state.flag) == ("missing", None, "missing")
    assert (state.last_valid.time, state.last_valid.level_m) == (pd.Timestamp("2026-06-03T23:40:00+09:00"), 1.26)
    messages = [p.message for p in feedback.problems]
    assert any("duplicate readings" in m and "1 of them with different values" in m for m in messages)
    assert any("spike" in m and "2026-06-03T23:30:00+09:00" in m for m in messages)


def test_kawabou_without_station_code_uses_the_file_name() -> None:
    feedback = Feedback()
    [series] = read_feed_bytes(_kawabou([{"obsTime": "2026/06/03 05:10", "stg": 0.5, "stgCcd": 0}]), "a.zip!stg/0101.json", feedback)
    assert series.gauge.station_id == "0101"
    assert "its name 0101 is used as the station code" in feedback.problems[0].message


DAT_HEADER = "時刻水位検索結果\n水系名,椹野川\n河川名,椹野川\n観測所名,湯田\n観測所記号,307041287716010\n#\n#  フラグの意味： *:暫定値, $:欠測, #:閉局, -:未登録\n"


def test_hydro_dat_long_form_in_shift_jis() -> None:
    text = DAT_HEADER + (
        "日付,時刻,データ,フラグ\n"
        "2026/06/03,23:30,1.20,\n"
        "2026/06/03,23:40,$,$\n"
        "2026/06/03,23:50,1.25,*\n"
        "2026/06/03,23:50,1.25,*\n"
        "2026/06/03,24:00,1.30,\n"
        "2026/06/04,00:10,,#\n"
        "2026/06/04,00:20,1.40,?\n"
        "2026/06/04,00:30,-,-\n"
    )
    feedback = Feedback()
    [series] = read_feed_bytes(text.encode("cp932"), "yuda.dat", feedback)
    assert (series.gauge.station_id, series.gauge.name, series.gauge.river) == ("307041287716010", "湯田", "椹野川")
    frame = series.frame
    assert frame["time"].dt.strftime("%d %H:%M").tolist() == ["03 23:30", "03 23:40", "03 23:50", "03 23:50", "04 00:00", "04 00:10", "04 00:20"]
    assert frame["flag"].tolist() == ["", "missing", "duplicate", "provisional", "", "closed", "flag:?"]
    np.testing.assert_array_equal(series.valid, [True, False, False, True, True, False, False])
    state = gauge_state(series)
    assert (state.status.status, state.last_valid.level_m) == ("missing", 1.30)
    assert any("unknown flags ?" in p.message for p in feedback.problems)


def test_hydro_dat_wide_month_table_with_24_oclock_and_unregistered_tail() -> None:
    header = "," + ",".join(f"{h}時," for h in range(1, 25)) + "\n"
    day1 = "2026/06/01," + ",".join(f"{1 + h / 100:.2f}," for h in range(1, 25)) + "\n"
    day2 = "2026/06/02,1.50,*,$,$," + ",".join("-,-" for _ in range(22)) + "\n"
    [series] = read_feed_bytes((DAT_HEADER + header + day1 + day2).encode("cp932"), "m.dat", Feedback())
    frame = series.frame
    assert len(frame) == 26  # 24 + 2; the 22 unregistered slots of the rest of the month are not observations
    assert frame["time"].iloc[23] == pd.Timestamp("2026-06-02T00:00:00+09:00")  # 24時 of day 1
    assert frame["level_m"].iloc[23] == 1.24
    assert frame["flag"].tolist()[-2:] == ["provisional", "missing"]
    assert series.interval == pd.Timedelta(hours=1)


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b'{"min10Values": [{"obsTime": "2026/06/03 05:10", "st', FeedFormatError, "broken or truncated JSON"),
        (b"<html><body>503 Service Unavailable</body></html>", NotAFeedError, "HTML"),
        (b'{"prefs": []}', NotAFeedError, "not a water-level feed"),
        (b"\x00\x01\x02\xff\xfe", NotAFeedError, "not a text file"),
        (DAT_HEADER.encode("cp932"), FeedFormatError, "no data rows"),
        (b"# a note\nhello world\n", NotAFeedError, "not a water-level feed format"),
    ],
)
def test_broken_and_foreign_content(content: bytes, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        read_feed_bytes(content, "f", Feedback())


def test_simple_csv_and_demo_levels(demo_dir: Path) -> None:
    series = _read(demo_dir / "river/levels.csv")
    assert [(s.gauge.station_id, len(s), int((~s.valid).sum())) for s in series] == [
        ("DEMO001", 288, 3),
        ("DEMO002", 288, 1),
        ("DEMO003", 288, 0),
    ]
    assert series[0].source == "simple_csv" and series[0].interval == pd.Timedelta(minutes=10)
