"""The 避難判断ボード inside the main window: its dock, its menu, the map layer, and recomputing.

The board borrows the project store of the window's data folder (:mod:`app.project_file`, the
same one the live panel uses) the first time it is shown. It is recomputed whenever the live panel
reports new gauge states or weather (a poll, files read, each replay step), when the moment typed
on the board changes, and after a 安否確認 or an issue is entered. Recomputes are coalesced (one
per :data:`COALESCE_MS`); reading the store stays on the GUI thread, which owns the SQLite
connection, and the evaluation itself is vectorised (~20 ms for 10,000 people).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow

from alerts.board import Board
from alerts.board_lists import LeaveNowRow, leave_now_rows, write_leave_now_csv
from alerts.board_roster import BoardRoster, board_at, load_board_roster
from alerts.issued import IssuedLevel, save_issued
from alerts.safety import SafetyCheck, add_check
from alerts.times import JST, parse_time
from app.board.map_layer import people_layer, recolor
from app.board.panel import BoardPanel
from app.board.pdf import write_leave_now_pdf
from app.project_file import acquire, project_path, release
from i18n import t
from store import ProjectStore, StoreError
from workspace.live_layers import LiveVectorLayer

COALESCE_MS = 50
"""Updates arriving closer together than this make one recompute."""
MESSAGE_MS = 8000
DOCK_SHARE = 0.45
"""The share of the window's height the dock takes when shown from the menu."""


class BoardController(QObject):
    """Everything of the alert board inside one main window (created by the window)."""

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
        self.layer: LiveVectorLayer | None = None
        self.moment: pd.Timestamp | None = None
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS, timeout=self.recompute)
        live = window.live.controller  # type: ignore[attr-defined]
        live.gauges_updated.connect(self.schedule)
        live.weather_updated.connect(self.schedule)
        self.panel.recompute_requested.connect(self.refresh)
        self.panel.moment_typed.connect(self.set_moment_text)
        self.panel.person_selected.connect(self._on_person)
        self.panel.check_form.entered.connect(self.add_check)
        self.panel.issued_form.entered.connect(self.add_issued)
        self.panel.export_button.clicked.connect(lambda: self.ask_export())
        self.panel.pdf_button.clicked.connect(lambda: self.ask_export(pdf=True))
        self._build_menu()

    def _build_menu(self) -> None:
        menu = self.window.menuBar().addMenu(t("ボード(&B)", "&Board"))
        entries: tuple[tuple[tuple[str, str], str, Callable[[], object]], ...] = (
            (("避難判断ボードを表示", "Show the alert board"), "Ctrl+Alt+D", self.show),
            (("再計算", "Recompute"), "Ctrl+Alt+U", self.refresh),
            (("判定時刻を入力", "Type the board time"), "Ctrl+Alt+T", lambda: self._focus(self.panel.moment)),
            (("ライブ・再生に追従", "Follow live / replay"), "Ctrl+Alt+F", lambda: self.set_moment_text("")),
            (("一覧を絞り込む", "Filter the list"), "Ctrl+Alt+G", lambda: self._focus(self.panel.search)),
            (("安否確認を記録", "Record safety check"), "Ctrl+Alt+K", self.panel.check_form.submit),
            (("市の避難情報を記録", "Record issued information"), "Ctrl+Alt+I", self.panel.issued_form.submit),
            (("今すぐ避難の一覧を支援者別に CSV 出力…", "Export leave-now list per supporter (CSV)…"), "Ctrl+Alt+X", self.ask_export),
            (("今すぐ避難の一覧を支援者別に印刷用 PDF 出力…", "Export leave-now pages per supporter (PDF)…"), "Ctrl+Alt+P",
             lambda: self.ask_export(pdf=True)),
        )  # fmt: skip
        for text, key, slot in entries:
            action = menu.addAction(t(*text))
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, s=slot: s())

    def _focus(self, widget) -> None:  # noqa: ANN001 (any widget)
        self.show()
        widget.setFocus()

    # store and roster ---------------------------------------------------------------
    def show(self) -> None:
        """Show and raise the dock (the board is computed on showing)."""
        self.dock.show()
        self.dock.raise_()
        self.window.resizeDocks([self.dock], [int(self.window.height() * DOCK_SHARE)], Qt.Orientation.Vertical)
        self.refresh()

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
        """Give the store back and take the layer off the map."""
        self._timer.stop()
        self._drop_layer()
        self.roster, self.board = None, None
        if self.store is not None:
            release(self.store)
            self.store = None

    def refresh(self) -> None:
        """Read the roster, plans and supporters again, then recompute."""
        if (store := self.ensure_store()) is None:
            return
        assessments = self.window.plans.session.assessments  # type: ignore[attr-defined]
        self.roster = load_board_roster(store, {pid: a.vertical_ok for pid, a in assessments.items()})
        areas = sorted({a for r in self.roster.records for a in (r.person.area, r.person.welfare_district) if a})
        self._drop_layer()  # the roster may have changed: the layer is built afresh
        self.recompute()
        self.panel.issued_form.set_areas(areas)

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

    def recompute(self) -> Board | None:
        """Evaluate the board now and show it (list, counts, map); nothing before the board was shown."""
        if self.roster is None or (store := self.ensure_store()) is None:
            return None
        if self.roster is None:  # another data folder was opened: read its people first
            self.refresh()
            return self.board
        live = self.window.live.controller  # type: ignore[attr-defined]
        series = live.replay_series_now() if live.replay is not None else live.river_series
        self.board = board_at(store, self.roster, self.now(), series, live.weather_history)
        note = (
            t("(入力)", "(typed)")
            if self.moment is not None
            else t("(再生)", "(replay)")
            if live.replay is not None
            else t("(ライブ)", "(live)")
        )
        self.panel.show_board(self.board, self.roster.records, note)
        self._set_layer(self.board)
        return self.board

    def _set_layer(self, board: Board) -> None:
        """Recolour the people on the map (the layer is built when absent, e.g. after a new project)."""
        assert self.roster is not None
        project = self.window.project  # type: ignore[attr-defined]
        if self.layer is not None and self.layer in project.layers:
            recolor(self.layer, board)
            return
        persons = [r.person for r in self.roster.records]
        self.layer = people_layer(board, [p.home_lon for p in persons], [p.home_lat for p in persons])
        if project.crs is not None:
            self.layer.prepare(project.crs)
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

    def add_check(self, check: SafetyCheck) -> None:
        """Keep a 安否確認 entered on the board and recompute."""
        if self.store is not None:
            add_check(self.store, check)
            self._say(t("安否確認を記録しました", "Safety check recorded"))
            self.recompute()

    def add_issued(self, issued: IssuedLevel) -> None:
        """Keep an issue of the city and recompute."""
        if self.store is not None:
            save_issued(self.store, [issued])
            self._say(t("{a}: {i} を記録しました", "{a}: {i} recorded", a=issued.area, i=issued.label))
            self.recompute()

    # export ----------------------------------------------------------------------------
    def export_csv(self, path: Path) -> int:
        """Write the current ``leave_now`` list per supporter as CSV; returns the rows written."""
        return self._export(path, write_leave_now_csv, t("{n} 行を書き出しました: {p}", "Wrote {n} rows: {p}"))

    def export_pdf(self, path: Path) -> int:
        """Print the current ``leave_now`` list, a page per supporter; returns the supporters printed."""
        return self._export(
            path, write_leave_now_pdf, t("支援者 {n} 人分を印刷用に書き出しました: {p}", "Wrote pages for {n} supporters: {p}")
        )

    def _export(self, path: Path, write: Callable[[Path, list[LeaveNowRow], pd.Timestamp], int], done: str) -> int:
        if self.board is None or self.roster is None:
            return 0
        r = self.roster
        n = write(path, leave_now_rows(self.board, r.records, r.plans, r.shelters, r.supporters), self.board.at)
        self._say(done.format(n=n, p=path))
        return n

    def ask_export(self, pdf: bool = False) -> None:
        """Ask where, then export as CSV or PDF (the board is computed first if needed)."""
        if self.board is None:
            self.show()
        kind = "pdf" if pdf else "csv"
        default = f"leave_now_{self.now().strftime('%Y%m%d_%H%M')}.{kind}"
        title = t("今すぐ避難の一覧", "Leave-now list")
        path, _ = QFileDialog.getSaveFileName(self.window, title, default, f"{kind.upper()} (*.{kind})")
        if path:
            try:
                (self.export_pdf if pdf else self.export_csv)(Path(path))
            except OSError as exc:
                self.window.show_error(t("保存できませんでした", "Could not save"), f"{path}\n{exc}")  # type: ignore[attr-defined]

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)
