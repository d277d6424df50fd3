"""The 個別避難計画 menu, the person list and plan form docks, and the map editing, wired together.

The main window creates one :class:`PlansController`; it adds its own menu and docks. The first
use opens a project file (the default one beside the demo data, seeded with the demo residents
through the roster import) unless the user opened or created another. The editing overlay is
attached to whichever 2D canvas the window shows when editing starts.
"""

from __future__ import annotations

import sqlite3

from pathlib import Path

import numpy as np
import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox

from app.plans.draft import AddVertex, DeleteVertex, Draft, MoveVertex, SetHome
from app.plans.list_panel import PersonListPanel
from app.plans.map_overlay import PlanOverlay
from app.plans.plan_form import PlanForm
from app.job_runner import JobRunner
from app.plans.session import PlansSession
from app.project_file import project_path
from evac_plans.assessment.single import assess_one, suggestions
from evac_plans.consent import DEFAULT_RULES, ConsentRules
from evac_plans.model import CareProfile, Person
from evac_plans.repository import PersonRecord
from evac_plans.shelter_summary import read_shelter_inputs
from evac_plans.shelters import save_shelter_frame
from evac_plans.validation import sharing_blockers
from i18n import t
from store import StoreError
from workspace import default_demo_dir

RISK_KIND_JA = {"river_flood": "洪水", "inland_flood": "内水", "high_tide": "高潮", "tsunami": "津波", "reservoir_flood": "ため池", "landslide": "土砂"}


class PlansController(QObject):
    """Everything of the plan editor inside one main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = PlansSession(window)
        self.rules = ConsentRules.load(DEFAULT_RULES)
        self.draft = Draft()
        self.undo = QUndoStack(self)
        self.overlay: PlanOverlay | None = None
        self.person_id: str | None = None
        self.list_panel = PersonListPanel()
        self.form = PlanForm()
        self.list_dock = self._dock(t("要支援者一覧", "People needing support"), "plans_list_dock", self.list_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.form_dock = self._dock(t("個別避難計画", "Evacuation plan"), "plans_form_dock", self.form, Qt.DockWidgetArea.RightDockWidgetArea)
        self._build_menu()
        self.list_panel.person_selected.connect(self.select_person)
        self.list_panel.new_person.connect(self.new_person)
        self.form.edited.connect(self.refresh_status)
        self.form.save_requested.connect(self.save)
        self.form.shelter_picked.connect(lambda _: self.refresh_status())
        self.form.home_button.clicked.connect(self.pick_home)
        self.form.route_button.clicked.connect(self.draw_route)
        self.form.undo_button.clicked.connect(self.undo.undo)
        self.form.redo_button.clicked.connect(self.undo.redo)
        self.form.delete_button.clicked.connect(self.delete_vertex)
        self.session.changed.connect(self._on_changed)
        self.session.assessed.connect(self._on_assessed)
        window.installEventFilter(self)

    def _dock(self, title: str, name: str, widget: object, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        neighbours = [d for d in self.window.findChildren(QDockWidget) if d is not dock and self.window.dockWidgetArea(d) == area]
        self.window.addDockWidget(area, dock)
        if neighbours:
            self.window.tabifyDockWidget(neighbours[0], dock)
        dock.hide()
        dock.visibilityChanged.connect(lambda shown: shown and self.ensure_project())
        return dock

    def _build_menu(self) -> None:
        menu = self.window.menuBar().addMenu(t("個別避難計画(&P)", "&Plans"))
        entries = (
            (("プロジェクトを開く…", "Open project…"), ["Ctrl+Shift+O"], self.ask_open),
            (("新しいプロジェクト…", "New project…"), ["Ctrl+Shift+N"], self.ask_new),
            (("プロジェクトのバックアップを作成", "Back up the project"), ["Ctrl+Alt+B"], self.backup),
            (("避難所データを取り込む (国土地理院)…", "Import shelters (GSI)…"), ["Ctrl+Shift+G"], self.ask_import_shelters),
            (("要支援者一覧と計画", "People and plans"), ["Ctrl+Shift+P"], self.show_docks),
            (("新しい要支援者", "New person"), ["Ctrl+N"], self.new_person),
            (("地図で自宅を指定", "Set home on the map"), ["Ctrl+H"], self.pick_home),
            (("経路を描く・編集", "Draw or edit the route"), ["Ctrl+R"], self.draw_route),
            (("選択した経路の点を削除", "Delete selected route vertex"), ["Ctrl+Del"], self.delete_vertex),
            (("元に戻す", "Undo"), ["Ctrl+Z"], self.undo.undo),
            (("やり直し", "Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], self.undo.redo),
            (("おすすめの避難所を選ぶ", "Pick the suggested shelter"), ["Ctrl+J"], self.form.pick_first_suggestion),
            (("計画を保存", "Save plan"), ["Ctrl+S"], self.save),
            (("全員を再評価", "Reassess everyone"), ["Ctrl+Shift+A"], self.session.reassess),
            (("地図の編集を終了", "Stop editing on the map"), ["Esc"], lambda: self._set_mode("view")),
            (("検索欄へ", "Go to search"), ["Ctrl+F"], lambda: (self.show_docks(), self.list_panel.search.setFocus())),
        )
        self.actions: dict[str, QAction] = {}
        for text, keys, slot in entries:
            action = menu.addAction(t(*text))
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, s=slot: s())
            self.actions[text[1]] = action
        # Esc belongs to the map (clear the selection) unless a map edit is under way.
        self.actions["Stop editing on the map"].setEnabled(False)

    # project -----------------------------------------------------------------
    def ensure_project(self) -> bool:
        """Open the project file of the window's data folder (seeded from it on first use) unless one is open."""
        if self.session.store is not None:
            return True
        folder = self.window.folder or default_demo_dir()
        return self.open_project(project_path(folder), folder)

    def open_project(self, path: Path, demo_dir: Path | None = None) -> bool:
        """Open ``path`` (seeding an empty one from ``demo_dir``); errors go to a message box."""
        try:
            self.session.open(path, demo_dir)
        except (StoreError, OSError, ValueError) as exc:
            QMessageBox.warning(self.window, t("プロジェクトを開けません", "Cannot open the project"), f"{path}\n{exc}")
            return False
        self.form.set_shelters(self.session.shelters)
        self.window.statusBar().showMessage(t("プロジェクト: {p}", "Project: {p}", p=path), 8000)
        return True

    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, t("プロジェクトを開く", "Open project"), "", "Nigezero (*.nigezero)")
        if path:
            self.open_project(Path(path))
            self.show_docks()

    def ask_new(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, t("新しいプロジェクト", "New project"), "project.nigezero", "Nigezero (*.nigezero)")
        if path:
            self.open_project(Path(path))
            self.show_docks()

    def ask_import_shelters(self) -> JobRunner | None:
        """Ask for GSI shelter files (CSV, GeoJSON or zips) and import them (:meth:`import_shelters`)."""
        if not self.ensure_project():
            return None
        paths, _ = QFileDialog.getOpenFileNames(
            self.window, t("避難所データを取り込む", "Import shelters"), "",
            t("国土地理院の避難所データ (*.csv *.json *.geojson *.zip)", "GSI shelter data (*.csv *.json *.geojson *.zip)"),
        )  # fmt: skip
        return self.import_shelters([Path(p) for p in paths]) if paths else None

    def import_shelters(self, paths: list[Path]) -> JobRunner | None:
        """Read the shelter files off the GUI thread, then save them into the open project on it
        (the store's thread), as ``shelter-import`` does; problems go to 読み込みの問題を表示."""
        if self.session.store is None:
            return None
        read: list[tuple[str, object]] = []
        runner = JobRunner(t("避難所データを読んでいます", "Reading shelter data"), lambda feedback: read_shelter_inputs(paths, feedback), self.window)
        runner.item.connect(read.append)

        def done() -> None:
            store = self.session.store
            if store is None:
                return
            count = sum(save_shelter_frame(store, frame, label, runner.feedback) for label, frame in read)  # type: ignore[arg-type]
            self.session.reload()
            self.window.report_problems(runner.feedback.problems, ", ".join(str(p) for p in paths))  # type: ignore[attr-defined]
            self.window.statusBar().showMessage(t("避難所 {n} 件を取り込みました", "Imported {n} shelters", n=count), 10_000)

        runner.finished.connect(done)
        runner.start()
        return runner

    def backup(self) -> None:
        """Copy the open project file beside itself and say where."""
        if not self.ensure_project() or self.session.store is None:
            return
        try:
            target = self.session.store.backup()
        except (OSError, sqlite3.Error) as exc:
            QMessageBox.warning(self.window, t("バックアップできません", "Cannot back up"), f"{self.session.store.path}\n{exc}")
            return
        self.window.statusBar().showMessage(t("バックアップを作成しました: {p}", "Backup written: {p}", p=target), 10_000)

    def show_docks(self) -> None:
        if self.ensure_project():
            for dock in (self.list_dock, self.form_dock):
                dock.show()
                dock.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.session.close()
        return False

    # people ------------------------------------------------------------------
    def _on_changed(self) -> None:
        self.list_panel.set_table(self.session.table())
        self.form.set_shelters(self.session.shelters)
        if self.person_id is not None:
            self.list_panel.select_person(self.person_id)

    def _on_assessed(self) -> None:
        self.list_panel.set_table(self.session.table())
        if self.person_id is not None:
            self.list_panel.select_person(self.person_id)
            self.refresh_status()

    def select_person(self, person_id: str) -> None:
        """Show a person in the form and on the map; map edits start afresh."""
        record = self.session.record(person_id)
        if record is None or person_id == self.person_id:
            return
        self._load(record)

    def new_person(self) -> None:
        """Start a new, empty person (saved with the plan)."""
        if not self.ensure_project():
            return
        self.show_docks()
        person = Person(name="")
        self._load(PersonRecord(person, CareProfile(person.id)))

    def _load(self, record: PersonRecord) -> None:
        self.person_id = record.person.id
        plan = self.session.plans.get(record.person.id)
        supporters = self.session.supporters(record.person.id) if self.session.record(record.person.id) else []
        self.form.load(record, plan, supporters[0] if supporters else None)
        p = record.person
        self.draft.home = (p.home_lon, p.home_lat) if p.home_lon is not None and p.home_lat is not None else None
        self.draft.building_id = p.building_id
        self.draft.route = list(plan.route.coordinates) if plan is not None and plan.route is not None else []
        self.undo.clear()
        self._draft_changed()

    # map ---------------------------------------------------------------------
    def ensure_overlay(self) -> PlanOverlay | None:
        """The overlay on the window's current 2D canvas (made anew when the canvas changed)."""
        canvas = getattr(self.window, "canvas", None)
        crs = self.window.project.crs
        if canvas is None or crs is None:
            return None
        if self.overlay is None or not shiboken6.isValid(self.overlay) or self.overlay.parent() is not canvas:
            self.overlay = PlanOverlay(canvas, crs, self.draft)
            self.overlay.home_clicked.connect(self._home_clicked)
            self.overlay.vertex_added.connect(lambda i, x, y: self.undo.push(AddVertex(self.draft, self._draft_changed, i, (x, y))))
            self.overlay.vertex_moved.connect(lambda i, x, y: self.undo.push(MoveVertex(self.draft, self._draft_changed, i, (x, y))))
            self.overlay.vertex_deleted.connect(lambda i: self.undo.push(DeleteVertex(self.draft, self._draft_changed, i)))
        return self.overlay

    def _set_mode(self, mode: str) -> None:
        self.actions["Stop editing on the map"].setEnabled(mode != "view")
        overlay = self.ensure_overlay()
        if overlay is not None:
            overlay.set_mode(mode)

    def pick_home(self) -> None:
        if self.person_id is not None:
            self._set_mode("home")

    def draw_route(self) -> None:
        if self.person_id is None:
            return
        if not self.draft.route and self.draft.home is not None:
            self.undo.push(AddVertex(self.draft, self._draft_changed, 0, self.draft.home))
        self._set_mode("route")

    def delete_vertex(self) -> None:
        overlay = self.overlay
        if overlay is not None and overlay.selected is not None and overlay.selected < len(self.draft.route):
            self.undo.push(DeleteVertex(self.draft, self._draft_changed, overlay.selected))
            overlay.selected = None

    def _home_clicked(self, lon: float, lat: float) -> None:
        """Set the home at the click, snapped to the PLATEAU building under it when there is one."""
        building_id, home = "", (lon, lat)
        buildings = self.session.inputs.buildings
        if buildings is not None:
            row = int(buildings.locate(np.array([""], dtype=object), np.array([[lon, lat]]))[0])
            if row >= 0:
                building_id = str(buildings.building_id[row])
                centre = buildings.footprints[row].representative_point()
                home = (centre.x, centre.y)
        self.undo.push(SetHome(self.draft, self._draft_changed, home, building_id))
        self._set_mode("view")

    def _draft_changed(self) -> None:
        overlay = self.ensure_overlay()
        if overlay is not None:
            overlay.update()
        self.refresh_status()

    # status ------------------------------------------------------------------
    def current(self) -> tuple[PersonRecord, object] | None:
        if self.person_id is None:
            return None
        return self.form.person_record(self.draft.home, self.draft.building_id), self.form.plan(self.draft.route)

    def refresh_status(self) -> None:
        """Recompute what is missing, what blocks sharing, the live assessment and the suggestions."""
        found = self.current()
        if found is None:
            return
        record, plan = found
        supporter, _ = self.form.supporter()
        blockers = sharing_blockers(record.person, plan, [supporter] if supporter else [], record.consents, self.rules)
        inputs, shelters = self.session.inputs, self.session.shelters
        ready = bool(inputs.labels)
        self.form.show_status(blockers, assess_one(record, plan, inputs, shelters) if ready else None)
        self.form.show_home(self._home_text(record))
        suggested = suggestions(record, inputs, shelters) if ready else []
        self.form.show_suggestions(suggested)
        by_id = {s.common_id: s for s in shelters}
        chosen = by_id.get(plan.destination.shelter_id) if plan.destination is not None else None
        if self.overlay is not None and shiboken6.isValid(self.overlay):
            self.overlay.destination = ((chosen.lon, chosen.lat), chosen.name) if chosen and chosen.lon is not None else None
            self.overlay.suggested = [((s.lon, s.lat), s.name) for s, _ in suggested if s is not chosen]
            self.overlay.update()

    def _home_text(self, record: PersonRecord) -> str:
        p = record.person
        if p.home_lon is None or p.home_lat is None:
            return t("自宅の位置が未設定です。地図で指定してください。", "No home location yet: set it on the map.")
        text = f"経度 {p.home_lon:.6f}, 緯度 {p.home_lat:.6f}"
        buildings = self.session.inputs.buildings
        if not p.building_id or buildings is None:
            return text + t(" (建物と対応なし)", " (no building)")
        rows = np.flatnonzero(buildings.building_id == p.building_id)
        if not len(rows):
            return text + f" / 建物 {p.building_id}"
        storeys = buildings.storeys[rows[0]]
        risks = buildings.risks[buildings.risks["building"] == rows[0]]
        entries = "、".join(f"{RISK_KIND_JA.get(k, k)} {s or ''} ランク{r}" for k, s, r in zip(risks["kind"], risks["scale"], risks["rank"]))
        floors = "階数不明" if np.isnan(storeys) else f"{int(storeys)}階建て"
        return f"{text} / 建物 {p.building_id} ({floors}) / {entries or 'リスク情報なし'}"

    # saving ------------------------------------------------------------------
    def save(self) -> None:
        """Save the person, supporter and a new plan version (never overwriting an old one)."""
        found = self.current()
        if found is None or self.session.store is None:
            return
        record, plan = found
        if not record.person.name:
            QMessageBox.warning(self.window, t("保存できません", "Cannot save"), t("氏名を入力してください。", "Enter a name."))
            return
        supporter, roles = self.form.supporter()
        stored = self.session.save(record, plan, supporter, roles)
        saved = self.session.record(record.person.id)
        if saved is not None:
            self._load(saved)
        self.window.statusBar().showMessage(t("計画を保存しました (第{v}版)", "Plan saved (version {v})", v=stored.version), 8000)
