"""The 水位・気象 dock: river gauges (list + hydrograph + replay) and weather (municipalities +
timeline), over one :class:`~app.live.controller.LiveController`.

The window adds :meth:`LivePanel.actions` to its ライブ menu; every action has Japanese text
(English through :func:`i18n.t`) and a keyboard shortcut.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.live.controller import LiveController
from app.live.hydrograph import HydrographChart
from app.live.replay_bar import ReplayBar
from app.live.settings_dialog import LiveSettingsDialog
from app.live.tables import GaugeTable, TimelineTable, WeatherTable
from i18n import t
from layers.project import Project
from weather.forecast import days_text, outlook_days
from workspace.live_layers import SOURCE_JMA, no_update_text

Action = tuple[tuple[str, str], list[str], Callable[[], object]]


class LivePanel(QWidget):
    """Gauges and weather, live or replayed, for the window's project."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = LiveController(project, self)
        self.folder: Path | None = None
        self.gauge_table = GaugeTable()
        self.chart = HydrographChart()
        self.replay_bar = ReplayBar()
        self.stale_label = QLabel()
        self.stale_label.setStyleSheet("color: #a00000; font-weight: bold")
        self.stale_label.setWordWrap(True)
        self.weather_table = WeatherTable()
        self.timeline_table = TimelineTable()
        self.weather_label = QLabel(SOURCE_JMA)
        self.weather_label.setWordWrap(True)
        self.forecast_label = QLabel()
        self.forecast_label.setWordWrap(True)
        self.forecast_label.setVisible(False)
        self.forecast_label.setAccessibleName(t("今日・明日の天気と降水確率", "Weather and chance of rain today and tomorrow"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._river_tab(), t("水位", "River levels"))
        self.tabs.addTab(self._weather_tab(), t("気象", "Weather"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        self.gauge_table.key_selected.connect(lambda _: self.refresh_chart())
        self.weather_table.key_selected.connect(self._show_area)
        self.controller.gauges_updated.connect(self._on_gauges)
        self.controller.weather_updated.connect(self._on_weather)

    def _river_tab(self) -> QWidget:
        buttons = QHBoxLayout()
        for text, slot in (((t("今すぐ更新", "Update now")), self.poll_now), ((t("自動更新", "Auto update")), self.toggle_polling), ((t("設定…", "Settings…")), self.edit_settings)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.gauge_table)
        splitter.addWidget(self.chart)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(self.stale_label)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.replay_bar)
        return tab

    def _weather_tab(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.weather_table)
        splitter.addWidget(self.timeline_table)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.weather_label)
        layout.addWidget(self.forecast_label)
        layout.addWidget(splitter, 1)
        return tab

    # window hooks -------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        """Follow the window's new project."""
        self.controller.set_project(project)
        self.replay_bar.set_replay(None)
        self._on_gauges()
        self._on_weather()

    def set_folder(self, folder: Path) -> None:
        """The data folder just opened (its store, gauge table and demo hydrographs)."""
        self.folder = folder
        self.controller.set_folder(folder)

    def close_panel(self) -> None:
        """Stop polling and replay and close the store (the window is closing)."""
        self.controller.stop()
        self.controller.close_store()

    def actions(self) -> list[Action]:
        """The ライブ menu: (text (ja, en), shortcuts, slot)."""
        return [
            (("今すぐ更新", "Update now"), ["F5"], self.poll_now),
            (("自動更新の開始・停止", "Start / stop auto update"), ["Ctrl+F5"], self.toggle_polling),
            (("デモ水位を再生", "Replay the demo hydrographs"), ["Ctrl+F6"], self.start_demo_replay),
            (("再生・一時停止", "Play / pause"), ["F6"], self.replay_bar.toggle),
            (("再生を遅く", "Replay slower"), ["F7"], lambda: self.replay_bar.step_speed(-1)),
            (("再生を速く", "Replay faster"), ["F8"], lambda: self.replay_bar.step_speed(+1)),
            (("気象電文・警報ファイルを読み込む…", "Read JMA warning files…"), ["Ctrl+Shift+W"], self.ask_weather_files),
            (("フィードの設定…", "Feed settings…"), ["Ctrl+F9"], self.edit_settings),
        ]

    # actions ------------------------------------------------------------------------
    def poll_now(self) -> None:
        if not self.controller.feeds:
            self.controller.message.emit(t("フィードが設定されていません (ライブ → フィードの設定…)", "no feed is set (Live → Feed settings…)"))
        self.controller.poll_now()

    def toggle_polling(self) -> None:
        if self.controller.polling:
            self.controller.stop()
        else:
            self.controller.start_polling()
            self.replay_bar.set_replay(None)

    def start_demo_replay(self) -> None:
        """Replay the open folder's ``river/levels.csv`` (the demo's 48-hour flood) at the bar's speed."""
        river = (self.folder or Path(".")) / "river"
        try:
            replay = self.controller.start_demo_replay(river, self.replay_bar.speed)
        except (ValueError, OSError) as exc:
            QMessageBox.warning(self, t("再生できません", "Cannot replay"), t("{p}\n{e}", "{p}\n{e}", p=river, e=exc))
            return
        self.replay_bar.set_replay(replay)

    def ask_weather_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, t("気象電文・警報ファイル", "JMA warning files"), "", t("気象庁 JSON/XML (*.json *.xml)", "JMA JSON/XML (*.json *.xml)"))
        if paths:
            self.controller.read_weather_files([Path(p) for p in paths])

    def edit_settings(self) -> None:
        ids = [s.gauge.station_id for s in self.controller.gauge_states] + list(self.controller.board.table)
        dialog = LiveSettingsDialog(self.controller.settings, ids, self)
        while dialog.exec():
            try:
                settings = dialog.settings()
            except ValueError as exc:
                QMessageBox.warning(self, t("入力を確認してください", "Check the input"), str(exc))
                continue
            self.controller.configure(settings, save=True)
            break

    # views --------------------------------------------------------------------------
    def _on_gauges(self) -> None:
        controller = self.controller
        now = controller.replay.sim_time if controller.replay is not None else controller.clock()
        self.gauge_table.show_states(controller.gauge_states, now)
        since = controller.stale_since.get("river") if controller.replay is None else None
        stale = [s for s in controller.gauge_states if s.stale]
        lines = [t("⚠ フィード: {s}", "⚠ feed: {s}", s=no_update_text(since))] if since is not None else []
        lines += [f"⚠ {s.gauge.name or s.gauge.station_id}: {no_update_text(s.time)}" for s in stale if s.time is not None]
        self.stale_label.setText("\n".join(lines))
        self.stale_label.setVisible(bool(lines))
        if self.gauge_table.selected_key is None and self.gauge_table.rowCount():
            self.gauge_table.selectRow(0)
        self.refresh_chart()

    def refresh_chart(self) -> None:
        """Show the selected gauge's hydrograph (up to the replay time when replaying)."""
        key = self.gauge_table.selected_key
        controller = self.controller
        now = controller.replay.sim_time if controller.replay is not None else None
        self.chart.set_series(controller.series_for(key) if key else None, now)

    def _on_weather(self) -> None:
        controller = self.controller
        self.weather_table.show_states(controller.weather_states.values())
        parts = [SOURCE_JMA]
        if controller.weather_time is not None:
            parts.append(t("最新の発表 {s}", "latest report {s}", s=controller.weather_time.strftime("%Y-%m-%d %H:%M")))
        if (since := controller.stale_since.get("weather")) is not None:
            parts.append("⚠ " + no_update_text(since))
        self.weather_label.setText("　".join(parts))
        if (key := self.weather_table.selected_key) is not None:
            self._show_area(key)

    def _show_area(self, area_code: str) -> None:
        """The municipality's timeline and its area's 今日・明日の天気と降水確率 (when a forecast was read)."""
        self.timeline_table.show_events(self.controller.timeline(area_code))
        outlook = self.controller.forecast_outlook(area_code)
        self.forecast_label.setText(
            t("{a} の天気 ({r} 発表)\n{d}", "Forecast for {a} (issued {r})\n{d}", a=outlook.area_name or outlook.area_code,
              r=outlook.report_time.strftime("%Y-%m-%d %H:%M"), d=days_text(outlook_days(outlook)))
            if outlook is not None else ""
        )  # fmt: skip
        self.forecast_label.setVisible(outlook is not None)
