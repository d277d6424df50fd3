"""The 水位・気象 dock with pytest-qt: a real local HTTP feed going broken (stale state shown),
the demo hydrograph replay recolouring the gauges, and JMA warnings on the demo city.

Screenshots go to ``/tmp/nigezero-screens/`` for people to look at.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.live.panel import LivePanel
from app.main_window import MainWindow
from layers.project import Project
from workspace.live_layers import SOURCE_JMA, STALE_COLOR, LiveVectorLayer
from workspace.live_sources import LiveSettings, SourceSetting
from workspace.loaders import ALERT_LEVEL_COLORS

SCREENS = Path("/tmp/nigezero-screens")
FEED = json.dumps(
    {"obsFcd": "DEMO001", "min10Values": [{"obsTime": "2026/06/03 05:00", "stg": 2.3, "stgCcd": 0}, {"obsTime": "2026/06/03 05:10", "stg": 2.5, "stgCcd": 0}]}
).encode()


class FeedHandler(BaseHTTPRequestHandler):
    """Serves the feed while ``broken`` is False, then an HTML error page (as feeds do in floods)."""

    broken = False
    body = FEED

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body, kind = (b"<!DOCTYPE html><html><title>503</title></html>", "text/html") if FeedHandler.broken else (FeedHandler.body, "application/json")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    FeedHandler.broken, FeedHandler.body = False, FEED
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/stg.json"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


class Clock:
    def __init__(self) -> None:
        self.now = pd.Timestamp("2026-06-03T05:15:00+09:00")

    def __call__(self) -> pd.Timestamp:
        return self.now


@pytest.fixture
def window(demo_window) -> MainWindow:
    return demo_window(1500, 900)


def _colour(layer: LiveVectorLayer, column: str, key: str) -> tuple[int, int, int, int]:
    row = int(np.flatnonzero(layer.data[column].to_numpy() == key)[0])
    return layer.style.colors[layer.class_codes()[row]]


def _save(image: QImage, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SCREENS / name))


def test_http_feed_going_broken_shows_stale(qtbot: QtBot, server: str, demo_dir: Path) -> None:
    panel = LivePanel(Project())
    qtbot.addWidget(panel)
    clock = Clock()
    controller = panel.controller
    controller.clock = clock
    controller.configure(LiveSettings(sources=(SourceSetting("river", server),), gauge_table=str(demo_dir / "river" / "gauges.csv")))
    with qtbot.waitSignal(controller.polled, timeout=10_000):
        assert controller.poll_now()
    assert panel.gauge_table.rowCount() == 1 and panel.gauge_table.item(0, 0).text() == "湯田（デモ）"
    assert panel.gauge_table.item(0, 2).text() == "氾濫注意水位超過" and panel.gauge_table.item(0, 4).text().startswith("↑")
    assert panel.stale_label.isHidden()
    layer = controller.layers["gauges"]
    assert _colour(layer, "station_id", "DEMO001") == ALERT_LEVEL_COLORS[2]
    FeedHandler.broken = True
    clock.now += pd.Timedelta(minutes=30)
    with qtbot.waitSignal(controller.polled, timeout=10_000):
        assert controller.poll_now()
    assert "HTML" in controller.feeds[0][1].state.error
    assert not panel.stale_label.isHidden()
    assert "5時15分から更新なし" in panel.stale_label.text() and "5時10分から更新なし" in panel.stale_label.text()
    assert "から更新なし" in panel.gauge_table.item(0, 2).text() and panel.gauge_table.item(0, 6).text() == "35分前"
    assert _colour(controller.layers["gauges"], "station_id", "DEMO001") == STALE_COLOR
    assert any("更新なし" in e.label for e in controller.layers["gauges"].legend())
    panel.close_panel()


def test_demo_replay_changes_gauge_colours_and_draws_the_hydrograph(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.live
    panel.start_demo_replay()
    controller = panel.controller
    assert controller.replay is not None and panel.replay_bar.isEnabled()
    panel.replay_bar.toggle()  # pause: the test moves the time itself
    layer_colour = lambda: _colour(controller.layers["gauges"], "station_id", "DEMO001")  # noqa: E731
    seen = []
    for hour in (2, 17, 19, 20, 22):
        panel.replay_bar.seek_fraction(hour / 47.833)
        qtbot.waitUntil(lambda: controller.replay is not None and abs((controller.replay.sim_time - controller.replay.first).total_seconds() / 3600 - hour) < 0.2)
        qtbot.waitUntil(lambda: panel.gauge_table.rowCount() == 3)
        qtbot.wait(400)  # a replay tick
        seen.append(layer_colour())
    assert seen[0] == (255, 255, 255, 255)
    assert ALERT_LEVEL_COLORS[4] in seen and len(set(seen)) >= 3
    static = next(lyr for lyr in window.project.layers if lyr.kind == "gauges" and not isinstance(lyr, LiveVectorLayer))
    assert not static.visible  # the live layer shows the same gauges
    panel.gauge_table.select_key("DEMO001")
    labels = [label for label, _ in panel.chart.threshold_lines()]
    assert labels == ["水防団待機水位", "氾濫注意水位", "避難判断水位", "氾濫危険水位", "氾濫発生"]
    window.live_dock.raise_()  # it may share a tab with other docks
    window.canvas.render_now()
    _save(panel.chart.grab().toImage(), "live-hydrograph.png")
    _save(window.grab().toImage(), "live-replay-window.png")


def test_yamaguchi_warning_colours_the_demo_city(qtbot: QtBot, window: MainWindow, shared_data: Path) -> None:
    """JMA's VPWW54 sample for 山口県 has 高潮警報 (レベル4相当) in 山口市 3520300."""
    sample = shared_data / "weather" / "jmaxml" / "assets" / "sample_xmls" / "15_11_01_150916_VPWW54.xml"
    panel = window.live
    assert panel.controller.read_weather_files([sample]) == 1
    layer = panel.controller.layers["weather"]
    assert _colour(layer, "n03_code", "35203") == ALERT_LEVEL_COLORS[4]
    assert any(line.startswith(SOURCE_JMA) for line in window.project.attributions())
    panel.tabs.setCurrentIndex(1)
    panel.weather_table.select_key("3520300")
    rows = [panel.timeline_table.item(r, 1).text() for r in range(panel.timeline_table.rowCount())]
    assert "高潮警報" in rows and panel.timeline_table.item(0, 2).text() == "発表"
    assert SOURCE_JMA in panel.weather_label.text()
    window.canvas.zoom_to_layer(layer)
    window.live_dock.raise_()
    window.canvas.render_now()
    _save(window.grab().toImage(), "live-weather-yamaguchi.png")


def test_settings_dialog_round_trip_and_bad_threshold(qtbot: QtBot) -> None:
    from app.live.settings_dialog import LiveSettingsDialog
    from feeds.gauges import Thresholds

    settings = LiveSettings(
        sources=(SourceSetting("river", "http://127.0.0.1:9/a.json"), SourceSetting("weather", "/tmp/telegrams")),
        interval_s=120,
        prefectures=("35",),
        thresholds={"DEMO003": Thresholds(evacuation=1.0)},
    )
    dialog = LiveSettingsDialog(settings, ["DEMO001", "DEMO003"])
    qtbot.addWidget(dialog)
    assert dialog.settings() == settings
    dialog.thresholds.item(0, 2).setText("二メートル")
    with pytest.raises(ValueError, match="二メートル"):
        dialog.settings()


def test_forecast_json_shows_today_and_tomorrow_for_the_selected_municipality(qtbot: QtBot, shared_data: Path) -> None:
    """Real Tokyo forecast (2021-02-24 17:00) read with the Tokyo warning JSON: 千代田区 → 東京地方."""
    weather = shared_data / "weather"
    panel = LivePanel(Project())
    qtbot.addWidget(panel)
    files = [weather / "infomation-receiver" / "data" / "130000.json", weather / "jma-analysis" / "forecast.json"]
    assert panel.controller.read_weather_files(files) == 2
    assert panel.forecast_label.isHidden()
    panel.weather_table.select_key("1310100")
    text = panel.forecast_label.text()
    assert not panel.forecast_label.isHidden()
    assert text.startswith("東京地方 の天気 (2021-02-24 17:00 発表)")
    assert "今日 2/24 晴れ　夜遅く　くもり　降水確率 10%" in text and "明日 2/25" in text and "10/0/0/10%" in text
    panel.close_panel()


def test_forecast_url_is_polled_and_a_broken_reply_keeps_the_last_forecast(qtbot: QtBot, server: str, shared_data: Path) -> None:
    FeedHandler.body = (shared_data / "weather" / "jma-analysis" / "forecast.json").read_bytes()
    panel = LivePanel(Project())
    qtbot.addWidget(panel)
    controller = panel.controller
    controller.configure(LiveSettings(sources=(SourceSetting("forecast", server),)))
    with qtbot.waitSignal(controller.polled, timeout=10_000):
        assert controller.poll_now()
    [forecast] = controller.forecasts.values()
    outlook = controller.forecast_outlook("1310100")  # 千代田区 → 東京地方
    assert outlook is not None and forecast.report_time.isoformat() == "2021-02-24T17:00:00+09:00"
    FeedHandler.broken = True
    with qtbot.waitSignal(controller.polled, timeout=10_000):
        assert controller.poll_now()
    assert "HTML" in controller.feeds[0][1].state.error
    assert list(controller.forecasts.values()) == [forecast]  # the last good forecast stays
    assert controller.stale_since["forecast"] is not None
    panel.close_panel()
