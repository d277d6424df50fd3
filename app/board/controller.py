"""The 避難判断ボード inside the main window: its dock, its menu, the map layer, and recomputing.

The board borrows the project store of the window's data folder (:mod:`app.project_file`, the
same one the live panel uses) the first time it is shown, for what staff enter (安否確認, issues,
shelters opened or closed: small writes). It is recomputed whenever the live panel reports new
gauge states or weather (a poll, files read, each replay step), when the moment typed on the
board changes, and after something is entered. Recomputes are coalesced (one per
:data:`COALESCE_MS`) and run off the GUI thread (:mod:`app.background`): reading the
people, plans, history and statuses, computing the board and wording the list use a read-only
store of their own (:func:`alerts.board_update.update_board`); the GUI thread only shows the
result. A person's safety-check history is read the same way when their row is selected.

While following live polling (no typed moment, no replay), the weather sources' last successful
poll goes into the board's stale rule (:class:`alerts.conditions.WeatherPoll`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow

from alerts.board import Board
from alerts.board_lists import LeaveNowRow, leave_now_rows, write_leave_now_csv
from alerts.board_pdf import leave_now_bounds, write_leave_now_pdf
from alerts.board_roster import BoardRoster
from alerts.board_update import BoardUpdate, read_history, update_board
from alerts.conditions import WeatherPoll
from alerts.issued import IssuedLevel, save_issued
from alerts.safety import SafetyCheck, add_check
from alerts.shelter_status import ShelterState, save_shelter_state
from alerts.times import JST, parse_time
from app.background import Background
from app.board.map_layer import recolor, roster_layer
from app.board.panel import BoardPanel
from app.board.table_model import board_rows
from app.job_runner import JobRunner
from app.project_file import acquire, project_path, release
from app.widgets import MenuEntry, add_menu_entries
from evac_plans.package.mapdata import project_map
from evac_plans.repository import import_shelters
from i18n import t
from jobs.feedback import Feedback
from store import ProjectStore, StoreError
from store.hazard_sources import hazard_source_paths
from workspace.live_layers import LiveVectorLayer

COALESCE_MS = 50
"""Updates arriving closer together than this make one recompute."""
MESSAGE_MS = 8000
DOCK_SHARE = 0.45
"""The share of the window's height the dock takes when shown from the menu …"""
DOCK_MIN_PX = 400
"""… but at least this (on a 768-pixel screen the list still shows several rows)."""


class BoardController(QObject):
    """Everything of the alert board inside one main window (created by the window).

    Signals ``shown()`` after a computed board is on screen (list, counts, shelters, map).
    """

    shown = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = BoardPanel(self.now)
        self.dock = QDockWidget(t("避難判断ボード", "Alert board"), window)
        self.dock.setObjectName("board_dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock.visibilityChanged.connect(lambda shown: shown and self.refresh())
        self.store: ProjectStore | None = None
        self.roster: BoardRoster | None = None
        self.board: Board | None = None
        self.update: BoardUpdate | None = None
        self.layer: LiveVectorLayer | None = None
        self.moment: pd.Timestamp | None = None
        self.background = Background()
        self._reload = True
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS, timeout=self.recompute)
        live = window.live.controller  # type: ignore[attr-defined]
        live.gauges_updated.connect(self.schedule)
        live.weather_updated.connect(self.schedule)
        self.panel.recompute_requested.connect(self.refresh)
        self.panel.moment_typed.connect(self.set_moment_text)
        self.panel.person_selected.connect(self._on_person)
        self.panel.check_form.entered.connect(self.add_check)
        self.panel.issued_form.entered.connect(self.add_issued)
        self.panel.shelter_form.entered.connect(self.add_shelter_state)
        self.panel.shelter_form.facts_entered.connect(self.set_shelter_facts)
        self.panel.export_button.clicked.connect(lambda: self.ask_export())
        self.panel.pdf_button.clicked.connect(lambda: self.ask_export(pdf=True))
        self._build_menu()

    def _build_menu(self) -> None:
        menu = self.window.menuBar().addMenu(t("ボード(&B)", "&Board"))
        entries: tuple[MenuEntry, ...] = (
            (("避難判断ボードを表示", "Show the alert board"), "Ctrl+Alt+D", self.show),
            (("再計算", "Recompute"), "Ctrl+Alt+U", self.refresh),
            (("判定時刻を入力", "Type the board time"), "Ctrl+Alt+T", lambda: self._focus(self.panel.moment)),
            (("ライブ・再生に追従", "Follow live / replay"), "Ctrl+Alt+F", lambda: self.set_moment_text("")),
            (("一覧を絞り込む", "Filter the list"), "Ctrl+Alt+G", lambda: self._show_tab(1, self.panel.search)),
            (("安否確認を記録", "Record safety check"), "Ctrl+Alt+K", self.panel.check_form.submit),
            (("市の避難情報を記録", "Record issued information"), "Ctrl+Alt+I", self.panel.issued_form.submit),
            (("一覧・安否確認を表示", "Show the list and safety checks"), "Ctrl+Alt+L", lambda: self._show_tab(1, self.panel.table)),
            (("避難所の受け入れ状況を表示", "Show the shelter load"), "Ctrl+Alt+S", lambda: self._show_tab(2, self.panel.shelters)),
            (("避難所の開設・閉鎖を記録", "Record a shelter opened / closed"), "Ctrl+Alt+O", self.panel.shelter_form.submit),
            (("今すぐ避難の一覧を支援者別に CSV 出力…", "Export leave-now list per supporter (CSV)…"), "Ctrl+Alt+X", self.ask_export),
            (("今すぐ避難の一覧を支援者別に印刷用 PDF 出力…", "Export leave-now pages per supporter (PDF)…"), "Ctrl+Alt+P",
             lambda: self.ask_export(pdf=True)),
        )  # fmt: skip
        add_menu_entries(menu, entries)

    def _focus(self, widget) -> None:  # noqa: ANN001 (any widget)
        self.show()
        widget.setFocus()

    def _show_tab(self, index: int, widget) -> None:  # noqa: ANN001 (any widget)
        self.panel.tabs.setCurrentIndex(index)
        self._focus(widget)

    # store and roster ---------------------------------------------------------------
    def show(self) -> None:
        """Show and raise the dock (the board is computed on showing)."""
        hidden = not self.dock.isVisible()
        self.dock.show()
        self.dock.raise_()
        height = max(int(self.window.height() * DOCK_SHARE), DOCK_MIN_PX)
        self.window.resizeDocks([self.dock], [height], Qt.Orientation.Vertical)
        if not hidden or self.roster is None and not self.background.busy("board"):
            self.refresh()  # showing the dock refreshes it already (visibilityChanged)

    def ensure_store(self) -> ProjectStore | None:
        """The project store of the window's data folder (borrowed on first use; None without a folder)."""
        folder: Path | None = self.window.folder  # type: ignore[attr-defined]
        path = project_path(folder).resolve() if folder is not None else None
        if self.store is not None and self.store.path.resolve() == path:
            return self.store
        self.close()
        if path is None:
            return None
        try:
            self.store = acquire(path)
        except StoreError as exc:
            self._say(t("ボード: プロジェクトを開けません: {e}", "Board: cannot open the project: {e}", e=exc))
        return self.store

    def close(self) -> None:
        """Give the store back and take the layer off the map (work still running is dropped)."""
        self._timer.stop()
        self.background.stop()
        self.panel.set_busy(False)
        self._drop_layer()
        self.roster, self.board, self.update = None, None, None
        if self.store is not None:
            release(self.store)
            self.store = None

    def refresh(self) -> None:
        """Read the roster, plans and supporters again, then recompute (off the GUI thread)."""
        self._reload = True
        self._request()

    # computing ------------------------------------------------------------------------
    def schedule(self) -> None:
        """Recompute soon (live updates in a burst make one recompute)."""
        if self.roster is not None and not self._timer.isActive():
            self._timer.start()

    def now(self) -> pd.Timestamp:
        """The board's moment: the typed one, else the replay's time, else the live clock."""
        live = self.window.live.controller  # type: ignore[attr-defined]
        if self.moment is not None:
            return self.moment
        return live.replay.sim_time if live.replay is not None else pd.Timestamp(live.clock()).tz_convert(JST)

    def set_moment_text(self, text: str) -> bool:
        """Judge at a typed moment ("" follows the live panel again); False when it cannot be read."""
        moment = parse_time(text) if text else None
        if text and moment is None:
            self._say(t("判定時刻を読めません: {v}", "Cannot read the board time: {v}", v=text))
            return False
        self.moment = moment
        self.panel.moment.setText(text)
        self.recompute()
        return True

    def recompute(self) -> None:
        """Evaluate the board now, off the GUI thread, and show it when done (list, counts,
        shelters, map); nothing before the board was shown."""
        if self.roster is not None or self.background.busy("board"):
            self._request()

    def _request(self) -> None:
        """Gather the live inputs (GUI thread, in memory) and compute on a worker."""
        if (store := self.ensure_store()) is None:
            return
        live = self.window.live.controller  # type: ignore[attr-defined]
        series = list(live.replay_series_now() if live.replay is not None else live.river_series)
        reports = list(live.weather_history)
        at, poll, path = self.now(), self.weather_poll(), store.path
        roster = None if self._reload or self.roster is None else self.roster
        vertical = None
        if roster is None:
            assessments = self.window.plans.session.assessments  # type: ignore[attr-defined]
            vertical = {pid: a.vertical_ok for pid, a in assessments.items()}
        note = (
            t("(入力)", "(typed)")
            if self.moment is not None
            else t("(再生)", "(replay)")
            if live.replay is not None
            else t("(ライブ)", "(live)")
        )

        crs = self.window.project.crs  # type: ignore[attr-defined]

        def work() -> tuple[BoardUpdate, list[tuple[str, ...]], str, LiveVectorLayer | None]:
            update = update_board(path, roster, at, series, reports, poll, vertical)
            layer = roster_layer(update, crs) if roster is None else None  # new people: a new layer, projected here
            return update, board_rows(update.board, update.roster.records), note, layer

        self.panel.set_busy(True)
        self.background.submit("board", work, self._show)

    def _show(self, result: Any) -> None:
        """Show a computed update (GUI thread)."""
        self.panel.set_busy(self.background.busy("board"))
        if isinstance(result, Exception):
            self._say(t("ボードを計算できません: {e}", "Cannot compute the board: {e}", e=result))
            return
        update, rows, note, layer = result
        if update.roster is not self.roster:  # read afresh: the layer and the area list follow
            self._reload = self._reload and self.background.busy("board")
            self.roster = update.roster
            self._drop_layer()
            records = update.roster.records
            self.panel.issued_form.set_areas(sorted({a for r in records for a in (r.person.area, r.person.welfare_district) if a}))
        self.update, self.board = update, update.board
        self.panel.show_update(update, rows, note)
        self._set_layer(update, layer)
        self.shown.emit()

    def weather_poll(self) -> WeatherPoll | None:
        """The live weather sources' oldest last successful poll, while following live polling (else None)."""
        live = self.window.live.controller  # type: ignore[attr-defined]
        if self.moment is not None or live.replay is not None or not live.polling:
            return None
        states = [feed.state for setting, feed in live.feeds if setting.kind == "weather"]
        if not states:
            return None
        successes = [s.last_success for s in states]
        last = None if any(x is None for x in successes) else min(successes)
        return WeatherPoll(last, pd.Timedelta(seconds=live.settings.interval_s))

    def _set_layer(self, update: BoardUpdate, built: LiveVectorLayer | None) -> None:
        """Put the layer built on the worker on the map, or recolour the one there (it is built here
        when absent, e.g. after a new project)."""
        project = self.window.project  # type: ignore[attr-defined]
        if built is None and self.layer is not None and self.layer in project.layers:
            recolor(self.layer, update.board)
            return
        self._drop_layer()
        self.layer = built if built is not None else roster_layer(update, project.crs)
        project.add(self.layer)

    def _drop_layer(self) -> None:
        if self.layer is not None and self.layer in self.window.project.layers:  # type: ignore[attr-defined]
            self.window.project.layers.remove(self.layer)  # type: ignore[attr-defined]
        self.layer = None

    # entering -------------------------------------------------------------------------
    def _on_person(self, person_id: str) -> None:
        record = next((r for r in self.roster.records if r.person.id == person_id), None) if self.roster else None
        label = f"{record.person.external_id} {record.person.name}" if record is not None else ""
        self.panel.check_form.set_person(person_id or None, label)
        self.panel.show_history([])
        self.load_history(person_id)

    def load_history(self, person_id: str) -> None:
        """Read a person's safety-check history off the GUI thread and show it if the form is still theirs."""
        if not person_id or self.store is None:
            return
        path = self.store.path

        def done(result: Any) -> None:
            if isinstance(result, Exception):
                self._say(t("安否確認の履歴を読めません: {e}", "Cannot read the safety-check history: {e}", e=result))
            elif self.panel.check_form.person_id == person_id:  # still the person whose form is shown
                self.panel.show_history(result)

        self.background.submit("history", lambda: read_history(path, person_id), done)

    def add_check(self, check: SafetyCheck) -> None:
        """Keep a 安否確認 entered on the board, then recompute and show the person's history."""
        if self.store is not None:
            add_check(self.store, check)
            self._say(t("安否確認を記録しました", "Safety check recorded"))
            self.recompute()
            self.load_history(check.person_id)

    def add_shelter_state(self, state: ShelterState) -> None:
        """Keep a shelter opened or closed by staff and recompute."""
        if self.store is not None:
            save_shelter_state(self.store, state)
            self._say(t("避難所の開設・閉鎖を記録しました", "Shelter opened / closed recorded"))
            self.recompute()

    def set_shelter_facts(self, shelter_id: str, capacity: int | None, welfare: bool) -> None:
        """Keep a shelter's capacity and 福祉避難所 flag as staff typed them, then read the roster again."""
        shelter = next((s for s in self.roster.shelters if s.common_id == shelter_id), None) if self.roster else None
        if self.store is not None and shelter is not None:
            import_shelters(self.store, [replace(shelter, capacity=capacity, welfare=welfare)], source="board")
            self._say(t("{s}: 定員・種別を保存しました", "{s}: capacity and kind saved", s=shelter.name))
            self.refresh()

    def add_issued(self, issued: IssuedLevel) -> None:
        """Keep an issue of the city and recompute."""
        if self.store is not None:
            save_issued(self.store, [issued])
            self._say(t("{a}: {i} を記録しました", "{a}: {i} recorded", a=issued.area, i=issued.label))
            self.recompute()

    # export ----------------------------------------------------------------------------
    def _leave_now(self) -> list[LeaveNowRow] | None:
        if self.board is None or self.roster is None:
            return None
        r = self.roster
        return leave_now_rows(self.board, r.records, r.plans, r.shelters, r.supporters)

    def export_csv(self, path: Path) -> int:
        """Write the current ``leave_now`` list per supporter as CSV; returns the rows written."""
        if (rows := self._leave_now()) is None or self.board is None:
            return 0
        n = write_leave_now_csv(path, rows, self.board.at)
        self._say(t("{n} 行を書き出しました: {p}", "Wrote {n} rows: {p}", n=n, p=path))
        return n

    def export_pdf(self, path: Path) -> JobRunner | None:
        """Print the current ``leave_now`` list, pages per supporter with a route map over the
        project's PLATEAU buildings and flood areas, off the GUI thread (None: no board yet)."""
        if (rows := self._leave_now()) is None or self.board is None or self.store is None:
            return None
        at, sources = self.board.at, hazard_source_paths(self.store)

        def work(feedback: Feedback) -> Iterator[object]:
            feedback.set_text(t("地図の建物・浸水区域を読んでいます…", "Reading the map's buildings and flood areas…"))
            data = project_map(sources, leave_now_bounds(rows), feedback) if rows else None
            yield write_leave_now_pdf(path, rows, at, data)

        runner = JobRunner(t("今すぐ避難の一覧を印刷用に書き出しています", "Writing the leave-now pages"), work, self.window)
        runner.item.connect(lambda n: self._say(
            t("支援者 {n} 人分を印刷用に書き出しました: {p}", "Wrote pages for {n} supporters: {p}", n=n, p=path)))  # fmt: skip
        runner.failed.connect(lambda exc: self.window.show_error(t("保存できませんでした", "Could not save"), f"{path}\n{exc}"))  # type: ignore[attr-defined]
        runner.start()
        return runner

    def ask_export(self, pdf: bool = False) -> None:
        """Ask where, then export as CSV or PDF (the board is computed first if needed)."""
        if self.board is None:
            self.show()
        kind = "pdf" if pdf else "csv"
        default = f"leave_now_{self.now().strftime('%Y%m%d_%H%M')}.{kind}"
        title = t("今すぐ避難の一覧", "Leave-now list")
        path, _ = QFileDialog.getSaveFileName(self.window, title, default, f"{kind.upper()} (*.{kind})")
        if path and pdf:
            self.export_pdf(Path(path))
        elif path:
            try:
                self.export_csv(Path(path))
            except OSError as exc:
                self.window.show_error(t("保存できませんでした", "Could not save"), f"{path}\n{exc}")  # type: ignore[attr-defined]

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)
