"""Drives the live view: polls the feeds off the GUI thread, replays hydrographs, keeps the live
layers and the weather history up to date.

A ``QTimer`` starts each poll; the poll itself (HTTP with retries, file reads, parsing) runs on
a plain Python thread — not a ``QThreadPool`` thread, for the reason given in
:mod:`app.job_runner` — and its result comes back to the GUI thread through a queued signal.
A poll never overlaps the previous one. River series go through the same
:class:`~workspace.live_sources.RiverBoard` and :func:`feeds.status.gauge_state` as a replay,
so the map shows a drill exactly as it would show a flood.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from feeds.detect import read_feed_bytes
from feeds.gauges import read_gauge_table
from feeds.history import load_series, save_series
from feeds.polling import Clock, FeedState, Parser, now_jst
from feeds.replay import HydrographReplay
from feeds.series import LevelSeries, combine
from feeds.status import GaugeState
from i18n import t
from jobs.failure_log import log_failure
from jobs.feedback import Feedback
from layers.project import Project
from app.background import emit_from_worker
from app.project_file import acquire, project_path, release
from store import ProjectStore, StoreError
from weather import default_areas, read_weather
from weather.amedas import Rainfall
from weather.detect import Kind
from weather.errors import UnsupportedInputError, WeatherError
from weather.forecast import AreaOutlook, Forecast, municipality_outlook, read_forecast
from weather.history import load_states, save_states
from weather.states import StateKey, WarningState, apply
from weather.timeline import TimelineEvent, timeline
from workspace.live_layers import (
    LiveVectorLayer,
    amedas_layer,
    flood_forecast_layer,
    gauge_layer,
    municipal_shapes,
    prefecture_at,
    update_gauge_layer,
    update_weather_layer,
    weather_layer,
)
from workspace.live_sources import (
    Feed,
    LiveSettings,
    RiverBoard,
    SourceSetting,
    amedas_parser,
    demo_series,
    forecast_parser,
    load_settings,
    make_feed,
    read_stations,
    save_settings,
    weather_parser,
)

log = logging.getLogger(__name__)

REPLAY_TICK_MS = 200
"""How often a running replay updates the map and lists."""


class LiveController(QObject):
    """The live state of one project.

    Signals
    -------
    gauges_updated()
        New gauge states (a poll or a replay step).
    weather_updated()
        New weather states (a poll or files read).
    polled()
        A poll finished (after the updates it caused).
    message(str)
        Something the status bar should say.
    """

    gauges_updated = Signal()
    weather_updated = Signal()
    polled = Signal()
    message = Signal(str)
    _from_worker = Signal(object)

    def __init__(self, project: Project, parent: QObject | None = None, clock: Clock = now_jst) -> None:
        super().__init__(parent)
        self.project = project
        self.clock = clock
        self.settings = LiveSettings()
        self.store_path: Path | None = None
        self._store: ProjectStore | None = None
        self.board = RiverBoard()
        self.feeds: list[tuple[SourceSetting, Feed]] = []
        self.river_series: list[LevelSeries] = []
        self.gauge_states: list[GaugeState] = []
        self.weather_states: dict[StateKey, WarningState] = {}
        self.weather_history: list[WarningState] = []
        self.weather_time: pd.Timestamp | None = None
        self.forecasts: dict[str | None, Forecast] = {}
        self.rainfall: list[Rainfall] = []
        self.stale_since: dict[str, pd.Timestamp | None] = {}
        self.replay: HydrographReplay | None = None
        self._replay_series: list[LevelSeries] = []
        self._weather_prefectures: set[str] = set()
        self.layers: dict[str, LiveVectorLayer] = {}
        self._busy = False
        self._poll_timer = QTimer(self, timeout=self.poll_now)
        self._replay_timer = QTimer(self, interval=REPLAY_TICK_MS, timeout=self._replay_step)
        self._from_worker.connect(self._on_polled, Qt.ConnectionType.QueuedConnection)

    # project and settings ------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        """Follow a new project: stop polling and replay; the live layers start afresh."""
        self.stop()
        self.project = project
        self.layers = {}
        self.gauge_states, self.river_series, self.rainfall = [], [], []
        self.weather_states, self.weather_history = {}, []

    def set_folder(self, folder: Path) -> None:
        """The project's data folder: its project file (:func:`app.project_file.project_path`) and, for a folder laid
        out like the demo, the gauge table."""
        self.close_store()
        self.store_path = project_path(folder)
        settings = LiveSettings()
        if self.store_path.exists() and (store := self.store) is not None:
            settings = load_settings(store)
            self.weather_history = load_states(store)
        gauges = folder / "river" / "gauges.csv"
        if not settings.gauge_table and gauges.exists():
            settings = replace(settings, gauge_table=str(gauges))
        self.configure(settings)

    @property
    def store(self) -> ProjectStore | None:
        """The project store, opened on first use (None without a folder or when it cannot be opened)."""
        if self._store is None and self.store_path is not None:
            try:
                self._store = acquire(self.store_path)
            except (StoreError, OSError) as exc:
                self.message.emit(t("プロジェクトファイルを開けません: {e}", "cannot open the project file: {e}", e=exc))
                self.store_path = None
        return self._store

    def close_store(self) -> None:
        if self._store is not None:
            release(self._store)
            self._store = None

    def configure(self, settings: LiveSettings, save: bool = False) -> None:
        """Use ``settings`` (and keep them in the project store when ``save``)."""
        feedback = Feedback()
        self.settings = settings
        table = {}
        if settings.gauge_table:
            try:
                table = {g.station_id: g for g in read_gauge_table(settings.gauge_table, feedback)}
            except (ValueError, OSError) as exc:
                self.message.emit(t("観測所表を読めません: {e}", "cannot read the gauge table: {e}", e=exc))
        self.board = RiverBoard(table, settings.thresholds)
        self.feeds = [(s, make_feed(s, self._parser(s), self.clock)) for s in settings.sources]
        self._poll_timer.setInterval(settings.interval_s * 1000)
        if save and (store := self.store) is not None:
            save_settings(store, settings)

    def _parser(self, setting: SourceSetting) -> Parser:
        if setting.kind == "weather":
            return weather_parser(default_areas())
        if setting.kind == "forecast":
            return forecast_parser(default_areas())
        if setting.kind == "amedas":
            stations = {}
            if self.settings.amedas_table:
                try:
                    stations = read_stations(self.settings.amedas_table, Feedback())
                except (ValueError, OSError) as exc:
                    self.message.emit(str(exc))
            return amedas_parser(stations)
        return read_feed_bytes

    # polling ------------------------------------------------------------------------
    @property
    def polling(self) -> bool:
        return self._poll_timer.isActive()

    def start_polling(self) -> None:
        """Poll now, then every ``settings.interval_s`` seconds."""
        self._poll_timer.start(self.settings.interval_s * 1000)
        self.poll_now()

    def stop(self) -> None:
        """Stop polling and any replay."""
        self._poll_timer.stop()
        self._replay_timer.stop()
        self.replay = None

    def poll_now(self) -> bool:
        """Start one poll of every source off the GUI thread (False when one is still running)."""
        if self._busy or not self.feeds:
            return False
        self._busy = True
        feeds = list(self.feeds)

        def work() -> None:
            results = []
            for setting, feed in feeds:
                try:
                    results.append((setting, feed.poll(Feedback())))
                except Exception as exc:  # a parser bug must not kill the timer: keep the old state
                    log_failure(log, f"poll of {setting.location} failed", exc)
                    results.append((setting, feed.state))
            emit_from_worker(self._from_worker, results)

        threading.Thread(target=work, name="live poll", daemon=True).start()
        return True

    def _on_polled(self, results: list[tuple[SourceSetting, FeedState]]) -> None:
        self._busy = False
        now = self.clock()
        for kind in ("river", "weather", "forecast", "amedas"):
            mine = [state for setting, state in results if setting.kind == kind]
            if mine:
                self.stale_since[kind] = min((s.stale_since for s in mine if s.stale_since is not None), default=None)
        river = [state for setting, state in results if setting.kind == "river"]
        if river:
            self.river_series = combine([s for state in river for s in state.series])
            self._save_river([state for state in river if state.changed])
            self.show_gauges(self.board.states(self.river_series, now), now, self.stale_since.get("river"))
        weather = [(setting, state) for setting, state in results if setting.kind == "weather"]
        for setting, state in weather:
            if state.changed:
                self.add_weather(list(state.series), setting.location)
        if weather and not any(state.changed for _, state in weather):
            self._show_weather()  # nothing new, but the stale state may have changed
        for setting, state in results:
            if setting.kind == "forecast" and state.changed:
                for forecast in state.series:
                    self._keep_forecast(forecast)
        amedas = [state for setting, state in results if setting.kind == "amedas" and state.series]
        if amedas:
            self.rainfall = list(amedas[-1].series)
            self._show_rainfall()
        errors = [f"{setting.location}: {state.error}" for setting, state in results if state.error]
        self.message.emit("; ".join(errors) if errors else t("更新しました {s}", "updated {s}", s=now.strftime("%H:%M:%S")))
        self.polled.emit()

    def _save_river(self, states: Sequence[FeedState]) -> None:
        if (store := self.store) is None:
            return
        for state in states:
            for series in self.board.complete(state.series, Feedback()):
                save_series(store, series)

    # gauges -------------------------------------------------------------------------
    def show_gauges(self, states: list[GaugeState], updated: pd.Timestamp | None, stale_since: pd.Timestamp | None) -> None:
        """Put ``states`` on the map (building the live gauge layer when the gauges change)."""
        self.gauge_states = states
        layer = self.layers.get("gauges")
        located = {s.gauge.station_id for s in states if s.gauge.lon is not None and s.gauge.lat is not None}
        if layer is None or set(layer.data["station_id"]) != located:
            self._replace("gauges", gauge_layer(states, updated, stale_since))
            for other in self.project.layers:
                if other.kind == "gauges" and not isinstance(other, LiveVectorLayer):
                    other.visible = False  # the live layer shows the same gauges, up to date
        else:
            update_gauge_layer(layer, states, updated, stale_since)
        self.gauges_updated.emit()

    def series_for(self, gauge_id: str) -> LevelSeries | None:
        """The hydrograph of one gauge: up to the replay time, or the stored history plus the feed."""
        if self.replay is not None:
            return next((s for s in self.replay_series_now() if s.gauge.station_id == gauge_id), None)
        live = next((s for s in self.river_series if s.gauge.station_id == gauge_id), None)
        if self._store is not None:
            stored = load_series(self._store, gauge_id)
            if len(stored):
                gauge = self.board.complete([live or stored], Feedback())[0].gauge
                return stored.with_gauge(gauge)
        return self.board.complete([live], Feedback())[0] if live is not None else None

    # replay -------------------------------------------------------------------------
    def start_demo_replay(self, river_dir: Path, speed: float = 600.0) -> HydrographReplay:
        """Replay the demo hydrographs (``river/gauges.csv`` + ``levels.csv``) at ``speed``×.

        Raises
        ------
        ValueError, OSError
            If the demo files cannot be read.
        """
        board, series = demo_series(river_dir, Feedback())
        board.local = dict(self.settings.thresholds)
        return self.start_replay(board, series, speed)

    def start_replay(self, board: RiverBoard, series: Sequence[LevelSeries], speed: float, clock: Callable[[], float] = time.monotonic) -> HydrographReplay:
        """Replay ``series`` through ``board`` at ``speed``× (polling stops meanwhile)."""
        self._poll_timer.stop()
        self.board = board
        self._replay_series = board.complete(series, Feedback())
        self.replay = HydrographReplay(self._replay_series, speed=speed, clock=clock)
        self._replay_timer.start()
        self._replay_step()
        return self.replay

    def replay_series_now(self) -> list[LevelSeries]:
        """Each replayed series up to the scenario time."""
        if self.replay is None:
            return []
        instant = self.replay.sim_time.tz_convert("UTC").tz_localize(None).to_datetime64()
        return [s.head(int((s.times <= instant).sum())) for s in self._replay_series]

    def _replay_step(self) -> None:
        if self.replay is None:
            return
        self.show_gauges(self.replay.states(), self.replay.sim_time, None)
        if self.replay.finished:
            self._replay_timer.stop()

    # weather ------------------------------------------------------------------------
    def add_weather(self, states: Sequence[WarningState], origin: str = "") -> None:
        """Apply one report's states, keep them in the history (and the store), update the map."""
        known = {(s.key, s.report_time) for s in self.weather_history}
        self.weather_history.extend(s for s in states if (s.key, s.report_time) not in known)
        self.weather_states = apply(self.weather_states, states)
        if states:
            latest = max(s.report_time for s in states)
            self.weather_time = max(self.weather_time, pd.Timestamp(latest)) if self.weather_time is not None else pd.Timestamp(latest)
        if (store := self.store) is not None:
            save_states(store, states, origin)
        self._show_weather()

    def read_weather_files(self, paths: Sequence[Path]) -> int:
        """Read warning files (any order; applied by report time) and forecast JSON; return how many were read."""
        reports: list[list[WarningState]] = []
        forecasts: list[Path] = []
        for path in paths:
            try:
                reports.append(read_weather(path))
            except UnsupportedInputError as exc:
                if exc.kind == Kind.FORECAST.value:
                    forecasts.append(path)
                else:
                    self.message.emit(f"{path}: {exc}")
            except (WeatherError, OSError) as exc:
                self.message.emit(f"{path}: {exc}")
        for report in sorted(reports, key=lambda r: min((s.report_time for s in r), default=pd.Timestamp.min.tz_localize("UTC"))):
            self.add_weather(report, str(paths[0].parent) if paths else "")
        return len(reports) + sum(self._read_forecast(path) for path in forecasts)

    def _read_forecast(self, path: Path) -> bool:
        """Keep the newest forecast per office; False (and a message) when the file cannot be read."""
        try:
            forecast = read_forecast(path, default_areas())
        except (WeatherError, OSError) as exc:
            self.message.emit(f"{path}: {exc}")
            return False
        self._keep_forecast(forecast)
        return True

    def _keep_forecast(self, forecast: Forecast) -> None:
        """Keep the newest forecast per office and tell the panel."""
        kept = self.forecasts.get(forecast.office)
        if kept is None or forecast.report_time >= kept.report_time:
            self.forecasts[forecast.office] = forecast
        self.weather_updated.emit()

    def forecast_outlook(self, area_code: str) -> AreaOutlook | None:
        """The forecast of the class10 area of a municipality, from the forecasts read, or None."""
        outlooks = (municipality_outlook(f, area_code, default_areas()) for f in self.forecasts.values())
        return next((o for o in outlooks if o is not None), None)

    def timeline(self, area_code: str) -> list[TimelineEvent]:
        """The timeline of one municipality from the history (store and this session)."""
        return timeline(self.weather_history, area_code)

    def _show_weather(self) -> None:
        prefectures = self._prefectures()
        layer = self.layers.get("weather")
        states = list(self.weather_states.values())
        stale = self.stale_since.get("weather")
        if layer is None or self._weather_prefectures != prefectures:
            self._weather_prefectures = prefectures
            shapes = municipal_shapes(sorted(prefectures))
            self._replace("weather", weather_layer(shapes, states, self.weather_time, stale))
        else:
            update_weather_layer(layer, states, self.weather_time, stale)
        flood = flood_forecast_layer(self.layers["weather"].data, states)
        self._replace("flood", flood)
        self.weather_updated.emit()

    def _prefectures(self) -> set[str]:
        if self.settings.prefectures:
            return set(self.settings.prefectures)
        found = {s.area_code[:2] for s in self.weather_states.values() if s.in_force}
        extent = self.project.extent()
        if extent is not None and (here := prefecture_at((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)):
            found.add(here)
        return found or {s.area_code[:2] for s in self.weather_states.values()}

    def _show_rainfall(self) -> None:
        extent = self.project.extent() if self.layers.get("weather") is None else self.layers["weather"].extent
        self._replace("amedas", amedas_layer(self.rainfall, extent, self.stale_since.get("amedas")))

    def _replace(self, key: str, layer: LiveVectorLayer | None) -> None:
        old = self.layers.pop(key, None)
        if old is not None and old in self.project.layers:
            self.project.layers.remove(old)
        if layer is not None:
            if self.project.crs is not None:
                layer.prepare(self.project.crs)
            self.layers[key] = layer
            self.project.add(layer)
