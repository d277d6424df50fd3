"""Live layers on real data: municipal shapes vs the N03 originals, the 土砂災害警戒情報 replay
driving the weather layer, AMeDAS rainfall, flood-forecast areas, gauges with the stale state."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from feeds.replay import HydrographReplay
from jobs.feedback import Feedback
from weather import read_weather
from weather.amedas import read_rainfall, read_station_table, time_from_name
from weather.states import apply
from workspace.live_layers import (
    SOURCE_JMA,
    amedas_layer,
    flood_forecast_layer,
    gauge_layer,
    municipal_shapes,
    prefecture_at,
    update_gauge_layer,
    update_weather_layer,
    weather_layer,
)
from workspace.live_sources import demo_series
from workspace.loaders import ALERT_LEVEL_COLORS

OKAYAMA = [f"17_03_0{i}_190529_VXWW50.xml" for i in range(1, 6)]


@pytest.fixture(scope="module")
def samples(shared_data: Path) -> Path:
    return shared_data / "weather" / "jmaxml" / "assets" / "sample_xmls"


def _colour(layer, n03_code: str) -> tuple[int, int, int, int]:
    row = int(np.flatnonzero(layer.data["n03_code"].to_numpy() == n03_code)[0])
    return layer.style.colors[layer.class_codes()[row]]


@pytest.mark.parametrize(("name", "digits"), [("N03-21_210101.json", 4), ("N03-21_35_210101.json", 5)])
def test_shipped_shapes_are_the_originals_rounded(shared_data, name, digits):
    shipped = {"N03-21_210101.json": "japan_0.1pct.geojson", "N03-21_35_210101.json": "pref35_1pct.geojson"}[name]
    original = json.loads((shared_data / "boundaries" / "japan-topography" / name).read_text(encoding="utf-8"))
    ours = json.loads((Path(__file__).resolve().parents[2] / "resources" / "boundaries" / shipped).read_text(encoding="utf-8"))
    assert [f["properties"] for f in ours["features"]] == [f["properties"] for f in original["features"]]
    first_o, first_s = original["features"][0]["geometry"], ours["features"][0]["geometry"]
    flat_o = np.array(_flatten(first_o["coordinates"]))
    flat_s = np.array(_flatten(first_s["coordinates"]))
    assert flat_o.shape == flat_s.shape and np.abs(flat_o - flat_s).max() <= 0.5 * 10**-digits + 1e-12


def _flatten(coords) -> list[float]:
    return [coords[0], coords[1]] if isinstance(coords[0], (int, float)) else [v for c in coords for v in _flatten(c)]


def test_n03_codes_map_to_jma_areas():
    japan = municipal_shapes()
    codes = dict(zip(japan["n03_code"], japan["area_codes"], strict=False))
    assert codes["35203"] == ("3520300",)  # 山口市: 5 digits + 00
    assert codes["04101"] == ("0410001", "0410002")  # 仙台市青葉区 → 仙台市東部・西部
    assert codes["01101"] == ("0110000",)  # 札幌市中央区 → 札幌市
    assert codes["20202"] == ("2020201", "2020202")  # 松本市 split in two JMA areas
    assert codes["01695"] == ()  # 色丹村: no JMA area
    yamaguchi = municipal_shapes(["35"])
    assert len(yamaguchi) == 19 and yamaguchi.crs.equals("EPSG:6668")
    assert "山口県 山口市" in set(yamaguchi["name"])
    assert prefecture_at(131.4714, 34.1785) == "35" and prefecture_at(140.0, 30.0) is None


def test_landslide_telegram_sequence_drives_the_weather_layer(samples):
    """Replay 17_03_01 … 05 (岡山県): 高梁市 purple, then white, then purple; 西粟倉村 purple last."""
    layer = weather_layer(municipal_shapes(["33"]), [])
    purple, nothing = ALERT_LEVEL_COLORS[4], layer.style.color
    states: dict = {}
    takahashi, nishiawakura, tamano = [], [], []
    for name in OKAYAMA:
        report = read_weather(samples / name)
        states = apply(states, report)
        update_weather_layer(layer, states.values(), max(s.report_time for s in report), None)
        takahashi.append(_colour(layer, "33209"))
        nishiawakura.append(_colour(layer, "33643"))
        tamano.append(_colour(layer, "33204"))
    assert takahashi == [purple, nothing, purple, purple, purple]
    assert nishiawakura == [nothing, nothing, nothing, nothing, purple]  # 1 発表 in the last telegram
    assert tamano == [nothing] * 5  # the one municipality never under 警戒
    row = layer.data[layer.data["n03_code"] == "33209"].iloc[0]
    assert row["alert_level"] == 4 and row["in_force"].startswith("土砂災害警戒情報")
    labels = [e.label for e in layer.legend()]
    assert labels[1].startswith("レベル4相当: 土砂災害警戒情報") and SOURCE_JMA in labels and any("最終更新: 2013-09-04 09:49" in x for x in labels)
    assert layer.attribution.startswith(SOURCE_JMA)


def test_stale_weather_is_in_the_legend():
    t0 = pd.Timestamp("2026-06-03T05:10:00+09:00")
    layer = weather_layer(municipal_shapes(["35"]), [], t0, t0)
    assert any("5時10分から更新なし" in e.label or "05:10" in e.label for e in layer.legend())


def test_amedas_rainfall(shared_data):
    folder = shared_data / "weather" / "jma-analysis"
    stations = read_station_table(json.loads((folder / "amedastable.json").read_text()), lambda *a: None)
    rain = read_rainfall(json.loads((folder / "20210224150000.json").read_text()), stations, time_from_name("20210224150000.json"), lambda *a: None)
    layer = amedas_layer(rain, (130.7, 33.7, 132.5, 34.9))
    yamaguchi = layer.data[layer.data["station"] == "81286"].iloc[0]
    assert yamaguchi["name"] == "山口" and yamaguchi["precipitation_1h"] == 0.0 and yamaguchi["rain_class"] == "0"
    assert "1時間 0 mm" in yamaguchi["label"]
    everywhere = amedas_layer(rain)
    assert (everywhere.data["precipitation_1h"].fillna(0) > 0).sum() == 61  # PROVENANCE: 61 stations with rain
    assert any("観測: 2021-02-24 15:00" in e.label for e in layer.legend())


def test_flood_forecast_areas_synthetic_on_yamaguchi(samples):
    """JMA's VXKO sample uses placeholder codes; here its 氾濫危険情報 is moved to 山口市 (synthetic)."""
    real = read_weather(samples / "16_06_01_220728_VXKOii.xml")[0]
    moved = replace(real, area_code="3520300", area_name="山口市")
    shapes = municipal_shapes(["35"])
    layer = flood_forecast_layer(shapes, [moved])
    assert len(layer.data) == 1 and layer.geometry_type == "line"
    assert layer.style.colors[layer.class_codes()[0]] == ALERT_LEVEL_COLORS[4]
    assert "○○川" in layer.legend()[0].label
    assert flood_forecast_layer(shapes, [real]) is None  # placeholder codes: no polygon


def test_demo_replay_crossing_levels_recolours_gauges_and_stale_shows(demo_dir):
    board, series = demo_series(demo_dir / "river", Feedback())
    clock = [0.0]
    replay = HydrographReplay(board.complete(series, Feedback()), speed=3600.0, clock=lambda: clock[0])
    layer = gauge_layer(replay.states(), replay.sim_time, None)
    colours = {"DEMO001": [_gauge_colour(layer, "DEMO001")]}
    for _ in range(30):
        clock[0] += 1.0  # one scenario hour per step
        update_gauge_layer(layer, replay.states(), replay.sim_time, None)
        colours["DEMO001"].append(_gauge_colour(layer, "DEMO001"))
    seen = set(colours["DEMO001"])
    assert {ALERT_LEVEL_COLORS[2], ALERT_LEVEL_COLORS[3], ALERT_LEVEL_COLORS[4]} <= seen  # 湯田 crosses 注意 → 避難判断 → 危険
    states = replay.states()
    late = [replace(s, stale=True) if s.gauge.station_id == "DEMO002" else s for s in states]
    update_gauge_layer(layer, late, replay.sim_time, None)
    assert _gauge_colour(layer, "DEMO002") == (150, 150, 150, 255)
    assert any("更新なし" in e.label for e in layer.legend())


def _gauge_colour(layer, station: str) -> tuple[int, int, int, int]:
    row = int(np.flatnonzero(layer.data["station_id"].to_numpy() == station)[0])
    return layer.style.colors[layer.class_codes()[row]]
