"""The 避難訓練 (virtual evacuation drill) inside the main window: its dock, menu, runs, what-ifs
and the drill clock that animates the 2D and 3D maps.

The drill borrows the project store of the window's data folder (:mod:`app.project_file`) just to read
the people, plans and supporters, on the GUI thread, which owns the SQLite connection
(:func:`alerts.drill_inputs.load_drill_inputs`, the ``drill`` command's loader). Loading the
scenario and running the drill go to a worker thread (:class:`~app.job_runner.JobRunner`); a what-if
reruns the loaded drill there on changed copies of the plans (:mod:`alerts.drill_whatif`), never
saved. Each result becomes trips (:mod:`alerts.drill_trips`) that the 2D overlay
(:mod:`app.drill.overlay`) and the 3D view draw at the clock's moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow

from alerts.drill import Drill, DrillResult
from alerts.drill_inputs import DrillInputs, load_drill_inputs, prepare_drill
from alerts.drill_report import debrief_bounds, write_debrief_csv, write_debrief_pdf
from alerts.drill_trips import DrillTrips, FloodTimeline, drill_trips, flood_timeline
from alerts.drill_whatif import WhatIf, changed_plans
from alerts.labels import trigger_label
from alerts.times import JST, parse_time
from app.drill.overlay import DrillOverlay
from app.drill.panel import PAGE_S, STEP_S, DrillPanel
from app.drill.table_model import margin_text, outcome_label
from app.job_runner import JobRunner
from app.project_file import acquire, project_path, release
from evac_plans.model import AlertLevelTrigger, EvacuationPlan, GaugeTrigger, Shelter, Trigger
from evac_plans.package.mapdata import project_map
from evac_plans.repository import load_shelters
from app.widgets import MenuEntry, add_menu_entries
from i18n import t
from jobs.feedback import Feedback
from store import StoreError
from store.hazard_sources import hazard_source_paths

DEMO_SCENARIO = Path("scenario") / "drill.json"
"""Where the demo data set keeps its scenario (preselected when the open folder has one)."""
FRAME_MS = 100
"""Play advances the clock ten times a second."""
MESSAGE_MS = 8000
DOCK_SHARE = 0.45
EARLIER_THRESHOLDS = ("caution", "evacuation", "danger")
"""Gauge thresholds offered as triggers, earliest first."""


@dataclass(frozen=True)
class DrillRun:
    """One run: the plans it used, what came out, and the trips drawn from it."""

    plans: dict[str, EvacuationPlan]
    result: DrillResult
    trips: DrillTrips


class DrillController(QObject):
    """Everything of the drill inside one main window (created by the window after the board)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = DrillPanel()
        self.dock = QDockWidget(t("避難訓練", "Evacuation drill"), window)
        self.dock.setObjectName("drill_dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.board.dock, self.dock)  # type: ignore[attr-defined]
        self.dock.hide()
        self.inputs: DrillInputs | None = None
        self.drill: Drill | None = None
        self.floods: FloodTimeline | None = None
        self.runs: list[DrillRun] = []
        """The first run (the plans as saved), then one per what-if; 元に戻す drops the last."""
        self.overlay: DrillOverlay | None = None
        self.runner: JobRunner | None = None
        self._shelters: list[Shelter] = []
        self._map_sources: list[str] = []
        """The project's hazard sources: PLATEAU buildings and areas under the debrief's map."""
        self._folder: Path | None = None
        self._play = QTimer(self, interval=FRAME_MS, timeout=self._advance)
        self.panel.run_button.clicked.connect(self.run)
        self.panel.scenario.returnPressed.connect(self.run)
        self.panel.what_if.connect(self.apply_what_if)
        self.panel.undo_button.clicked.connect(self.undo)
        self.panel.time_changed.connect(self._show_time)
        self.panel.time_typed.connect(self.set_time_text)
        self.panel.play_button.toggled.connect(self.play)
        self.panel.report_button.clicked.connect(self.ask_debrief)
        self._build_menu()

    def _build_menu(self) -> None:
        menu = self.window.menuBar().addMenu(t("訓練(&R)", "D&rill"))
        entries: tuple[MenuEntry, ...] = (
            (("避難訓練を表示", "Show the evacuation drill"), "Ctrl+Alt+V", self.show),
            (("訓練を実行", "Run the drill"), "Ctrl+Alt+R", self.run),
            (("もしもを元に戻す", "Undo the last what-if"), "Ctrl+Alt+Z", self.undo),
            (("訓練の報告書を書き出す (PDF・CSV)…", "Write the drill debrief (PDF, CSV)…"), "Ctrl+Alt+E", self.ask_debrief),
            (("訓練の時刻を入力", "Type the drill time"), "Ctrl+Alt+J", lambda: self._focus(self.panel.time_field)),
            (("再生・一時停止", "Play / pause"), "Ctrl+Alt+Space", self.panel.play_button.toggle),
            (("1 分進む", "One minute on"), "Ctrl+Alt+]", lambda: self.step(STEP_S)),
            (("1 分戻る", "One minute back"), "Ctrl+Alt+[", lambda: self.step(-STEP_S)),
            (("10 分進む", "Ten minutes on"), "Ctrl+Alt+Shift+]", lambda: self.step(PAGE_S)),
            (("10 分戻る", "Ten minutes back"), "Ctrl+Alt+Shift+[", lambda: self.step(-PAGE_S)),
        )
        add_menu_entries(menu, entries)

    def _focus(self, widget) -> None:  # noqa: ANN001 (any widget)
        self.show()
        widget.setFocus()

    # project --------------------------------------------------------------------------------
    def show(self) -> None:
        """Show and raise the dock, with the open folder's scenario preselected (a drill of
        another folder is dropped)."""
        folder: Path | None = self.window.folder  # type: ignore[attr-defined]
        if folder != self._folder:
            self.close()
            self._folder = folder
            self.panel.scenario.setText(str(folder / DEMO_SCENARIO) if folder and (folder / DEMO_SCENARIO).exists() else "")
        self.dock.show()
        self.dock.raise_()
        self.window.resizeDocks([self.dock], [int(self.window.height() * DOCK_SHARE)], Qt.Orientation.Vertical)

    def read_project(self) -> DrillInputs | None:
        """People, plans and supporters (and the shelters offered) from the window's data folder's
        project, borrowed for the read only (None, said why, when there is none)."""
        folder: Path | None = self.window.folder  # type: ignore[attr-defined]
        if folder is None:
            return None
        try:
            store = acquire(project_path(folder))
        except StoreError as exc:
            self._say(t("訓練: プロジェクトを開けません: {e}", "Drill: cannot open the project: {e}", e=exc))
            return None
        try:
            self._shelters = [s for s in load_shelters(store) if s.lon is not None and s.lat is not None]
            self._map_sources = hazard_source_paths(store)
            return load_drill_inputs(store, Feedback())
        finally:
            release(store)

    def close(self) -> None:
        """Stop playing and take the drill off the maps."""
        self._play.stop()
        if self.runner is not None:
            self.runner.cancel()
        self._set_runs([])

    # running ------------------------------------------------------------------------------
    def run(self) -> JobRunner | None:
        """Read the people and plans, then load the scenario and run the drill off the GUI thread."""
        self.show()
        path = self.panel.scenario.text().strip()
        if self.runner is not None:
            return None
        if not path or self.window.folder is None:  # type: ignore[attr-defined]
            self._say(t("データフォルダとシナリオを選んでください", "Open a data folder and choose a scenario"))
            return None
        if (inputs := self.read_project()) is None:
            return None

        def work(feedback: Feedback) -> Iterator[object]:
            feedback.set_text(t("シナリオを読んでいます…", "Reading the scenario…"))
            drill = prepare_drill(inputs, path, feedback)
            feedback.set_progress(50)
            result = drill.run(inputs.people, inputs.plans, inputs.roles)
            trips = drill_trips(result, inputs.people, inputs.plans, inputs.roles, drill)
            yield drill, flood_timeline(drill), DrillRun(inputs.plans, result, trips)

        def done(item: object) -> None:
            drill, floods, first = item  # type: ignore[misc]
            self.inputs, self.drill, self.floods = inputs, drill, floods
            self._offer_choices()
            self._set_runs([first])
            if self.overlay is not None and (box := self.overlay.world_bounds) is not None:
                canvas = self.window.canvas  # type: ignore[attr-defined]
                canvas.set_view(canvas.view.fitted(box))

        return self._start(t("避難訓練を実行しています", "Running the drill"), work, done)

    def apply_what_if(self, kind: str) -> JobRunner | None:
        """Rerun with the selected people's plans changed (``trigger``, ``shelter``, ``car``, ``vertical``)."""
        chosen = set(self.panel.selected_ids())
        if not self.runs or self.drill is None or self.inputs is None or self.runner is not None:
            return None
        if not chosen:
            self._say(t("一覧で人を選んでください", "Select people in the list"))
            return None
        change = WhatIf(kind, self.panel.trigger_choice.currentData(), self.panel.shelter_choice.currentData())
        records = [r for r in self.inputs.people if r.person.id in chosen]
        try:
            plans = changed_plans(self.runs[-1].plans, records, change)
        except ValueError as exc:
            self._say(str(exc))
            return None
        return self.rerun(plans)

    def rerun(self, plans: dict[str, EvacuationPlan]) -> JobRunner | None:
        """Run the loaded drill again with ``plans`` (a what-if), off the GUI thread."""
        drill, inputs = self.drill, self.inputs
        assert drill is not None and inputs is not None

        def work(feedback: Feedback) -> Iterator[object]:
            result = drill.run(inputs.people, plans, inputs.roles)
            yield DrillRun(plans, result, drill_trips(result, inputs.people, plans, inputs.roles, drill))

        return self._start(t("もしもを再実行しています", "Rerunning the what-if"), work, lambda run: self._set_runs([*self.runs, run]))  # type: ignore[list-item]

    def undo(self) -> None:
        """Drop the last what-if (back to the run before it)."""
        if len(self.runs) > 1 and self.runner is None:
            self._set_runs(self.runs[:-1])

    # debrief ------------------------------------------------------------------------------
    def ask_debrief(self) -> None:
        """Ask where the debrief PDF goes, then write it and the CSV beside it (:meth:`export_debrief`)."""
        if not self.runs:
            self._say(t("先に訓練を実行してください", "Run the drill first"))
            return
        scenario = self.runs[-1].result.scenario
        default = f"drill_debrief_{scenario.start.tz_convert(JST).strftime('%Y%m%d_%H%M')}.pdf"
        path, _ = QFileDialog.getSaveFileName(self.window, t("訓練の報告書", "Drill debrief"), default, "PDF (*.pdf)")
        if path:
            self.export_debrief(Path(path))

    def export_debrief(self, pdf: Path) -> JobRunner | None:
        """Write the shown run's debrief (a what-if's when one is shown) as ``pdf`` and the same name
        with ``.csv``, off the GUI thread; names and addresses only when the panel's box is ticked."""
        if not self.runs or self.drill is None or self.inputs is None or self.runner is not None:
            return None
        run, drill, floods, people, shelters, sources = self.runs[-1], self.drill, self.floods, self.inputs.people, self._shelters, self._map_sources
        scenario, names = self.panel.scenario.text().strip(), self.panel.report_names.isChecked()
        table = pdf.with_suffix(".csv")

        def work(feedback: Feedback) -> Iterator[object]:
            feedback.set_text(t("地図の建物・浸水区域を読んでいます…", "Reading the map's buildings and flood areas…"))
            data = project_map(sources, debrief_bounds(people, run.plans, shelters), feedback)
            feedback.set_text(t("報告書を書いています…", "Writing the debrief…"))
            pages = write_debrief_pdf(pdf, drill, run.result, people, run.plans, shelters, scenario, names, data, floods)
            yield pages, write_debrief_csv(table, run.result, people, with_names=names)

        def done(item: object) -> None:
            pages, rows = item  # type: ignore[misc]
            self._say(t("報告書 {p} ({n} ページ) と {c} ({r} 行) を書き出しました", "Wrote {p} ({n} pages) and {c} ({r} rows)",
                        p=pdf, n=pages, c=table, r=rows))  # fmt: skip

        return self._start(t("訓練の報告書を書いています", "Writing the drill debrief"), work, done,
                           t("報告書を書き出せませんでした", "Could not write the debrief"))  # fmt: skip

    def _start(
        self, title: str, work: Callable[[Feedback], Iterator[object]], done: Callable[[object], None], failure: str | None = None
    ) -> JobRunner:
        runner = JobRunner(title, work, self.window)
        self.runner = runner

        def ended(error: object = None) -> None:
            self.runner = None
            self.panel.run_button.setEnabled(True)
            if error is not None:
                self.window.show_error(failure or t("訓練を実行できませんでした", "Could not run the drill"), str(error))  # type: ignore[attr-defined]

        runner.item.connect(done)
        runner.finished.connect(ended)
        runner.canceled.connect(ended)
        runner.failed.connect(ended)
        self.panel.run_button.setEnabled(False)
        self.panel.status.setText(title + "…")
        runner.start()
        return runner

    # showing ------------------------------------------------------------------------------
    @property
    def result(self) -> DrillResult | None:
        """The drill's result as shown (the last what-if's, else the first run's)."""
        return self.runs[-1].result if self.runs else None

    def _set_runs(self, runs: list[DrillRun]) -> None:
        self.runs = runs
        self.panel.set_ready(bool(runs))
        self.panel.undo_button.setEnabled(len(runs) > 1)
        view3d = self.window.views.view3d  # type: ignore[attr-defined]
        if not runs:
            self._drop_overlay()
            view3d.clear_drill()
            return
        assert self.inputs is not None and self.floods is not None
        first, last = runs[0], runs[-1]
        before = first.result if len(runs) > 1 else None
        self.panel.model.set_result(last.result, self.inputs.people, before)
        self.panel.show_counts(last.result, before)
        self.panel.comparison.setText(self._comparison(before, last.result))
        scenario = last.result.scenario
        self.panel.status.setText(t("{s}: {a} – {b}、{n} 人", "{s}: {a} – {b}, {n} people", s=scenario.name,
                                    a=_hm(scenario.start), b=_hm(scenario.end), n=len(last.result.ids)))  # fmt: skip
        self.panel.set_duration(last.trips.duration_s)
        self._drop_overlay()
        canvas, crs = self.window.canvas, self.window.project.crs  # type: ignore[attr-defined]
        if crs is not None:
            self.overlay = DrillOverlay(last.trips, self.floods, crs)
            canvas.overlays.append(self.overlay.paint)
        view3d.set_drill(last.trips, self.floods)
        self._show_time(self.panel.slider.value())

    def _drop_overlay(self) -> None:
        canvas = self.window.canvas  # type: ignore[attr-defined]
        if self.overlay is not None and self.overlay.paint in canvas.overlays:
            canvas.overlays.remove(self.overlay.paint)
            canvas.update()
        self.overlay = None

    def _comparison(self, before: DrillResult | None, after: DrillResult) -> str:
        """One line per person a what-if changed: ``D0044: 途中で浸水 −1.8 → 垂直避難 +70.0``."""
        if before is None or self.inputs is None:
            return ""
        lines = []
        for i, record in enumerate(self.inputs.people):
            old = (str(before.outcome[i]), margin_text(float(before.margin_min[i])))
            new = (str(after.outcome[i]), margin_text(float(after.margin_min[i])))
            if old != new:
                lines.append(f"{record.person.external_id}: {outcome_label(old[0])} {old[1]} → {outcome_label(new[0])} {new[1]}")
        return "\n".join(lines) or t("変化なし", "no change")

    def _offer_choices(self) -> None:
        """Triggers (the scenario's gauges' thresholds, earliest first; 警戒レベル3, 4) and shelters."""
        assert self.drill is not None and self.inputs is not None
        scenario_gauges = [s.gauge.station_id for s in self.drill.scenario.series]
        gauges = {**self.inputs.known, **{s.gauge.station_id: s.gauge for s in self.drill.scenario.series}}
        triggers: list[Trigger] = [GaugeTrigger(g, th) for g in scenario_gauges for th in EARLIER_THRESHOLDS]
        triggers += [AlertLevelTrigger(3), AlertLevelTrigger(4)]
        _fill(self.panel.trigger_choice, [(trigger_label(tr, gauges), tr) for tr in triggers])
        _fill(self.panel.shelter_choice, [(s.name, s) for s in self._shelters])

    # the clock ----------------------------------------------------------------------------
    def set_time(self, t_s: float) -> None:
        """Show the drill at ``t_s`` seconds after the scenario start (the slider follows)."""
        self.panel.slider.setValue(round(t_s))
        self._show_time(self.panel.slider.value())

    def _show_time(self, t_s: int) -> None:
        if not self.runs:
            return
        start = self.runs[-1].trips.start
        self.panel.time_field.setText((start + pd.Timedelta(seconds=t_s)).tz_convert(JST).strftime("%m/%d %H:%M"))
        if self.overlay is not None:
            self.overlay.set_time(t_s)
            self.window.canvas.update()  # type: ignore[attr-defined]
        self.window.views.view3d.set_drill_time(t_s)  # type: ignore[attr-defined]

    def set_time_text(self, text: str) -> bool:
        """Go to a typed moment (``HH:MM``: its first time in the scenario; ``MM/DD HH:MM`` or ISO 8601)."""
        if not self.runs:
            return False
        trips = self.runs[-1].trips
        at = typed_time(text, trips.start, trips.end)
        if at is None:
            self._say(t("時刻を読めません: {v} (例 19:10)", "Cannot read the time: {v} (e.g. 19:10)", v=text))
            return False
        self.set_time((at - trips.start).total_seconds())
        return True

    def step(self, seconds: int) -> None:
        """Move the clock by ``seconds`` (the step keys)."""
        self.set_time(self.panel.slider.value() + seconds)

    def play(self, on: bool) -> None:
        """Play at the chosen speed (60× or 300×), or pause."""
        self.panel.play_button.setText(t("一時停止", "Pause") if on else t("再生", "Play"))
        if on and self.runs:
            self._play.start()
        else:
            self._play.stop()
            self.panel.play_button.setChecked(False)

    def _advance(self) -> None:
        slider = self.panel.slider
        if slider.value() >= slider.maximum():
            self.panel.play_button.setChecked(False)
            return
        slider.setValue(slider.value() + round(self.panel.speed.currentData() * FRAME_MS / 1000))

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)


def typed_time(text: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.Timestamp | None:
    """A typed moment within [start, end]: ``HH:MM`` is its first occurrence from the start (a
    scenario runs overnight); ``MM/DD HH:MM`` takes the start's year; otherwise ISO 8601."""
    text = text.strip()
    local = start.tz_convert(JST)
    parts = text.split()
    try:
        if len(parts) == 1 and ":" in text and "-" not in text and "T" not in text:
            hour, minute = (int(x) for x in text.split(":"))
            at = local.normalize() + pd.Timedelta(hours=hour, minutes=minute)
            at = at if at >= local else at + pd.Timedelta(days=1)
        elif len(parts) == 2 and "/" in parts[0] and parts[0].count("/") == 1:
            at = parse_time(f"{local.year}/{parts[0]} {parts[1]}")
        else:
            at = parse_time(text)
    except ValueError:
        return None
    return at if at is not None and start <= at <= end else None


def _hm(time: pd.Timestamp) -> str:
    return time.tz_convert(JST).strftime("%m/%d %H:%M")


def _fill(combo, items: Sequence[tuple[str, object]]) -> None:  # noqa: ANN001 (a QComboBox)
    combo.clear()
    for label, value in items:
        combo.addItem(label, value)
