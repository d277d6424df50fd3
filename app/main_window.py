"""The main window: map canvas, layer panel, status bar and menus around one project.

The window *holds* a :class:`~layers.project.Project`; it never inherits from it. Files are
read by the workspace loaders in a :class:`~app.job_runner.JobRunner` (off the GUI thread)
and each layer joins the project as soon as it is ready. Every failure reaches the user as a
message naming the file and what was expected, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from app.export.dialog import ask_export
from app.board.controller import BoardController
from app.drill.controller import DrillController
from app.identify.panel import IdentifyPanel
from app.job_runner import JobRunner
from app.live.panel import LivePanel
from app.layer_panel import LayerPanel
from app.map2d.basemap import ask_tile_layer
from app.map2d.canvas import MapCanvas
from app.package_export.actions import import_checks, open_package_export
from app.plans.controller import PlansController
from app.problems_dialog import ProblemsDialog
from app.status_bar import MapStatusBar
from app.view3d import ViewSwitcher
from i18n import t
from jobs.feedback import Feedback, Problem
from layers.base import Layer
from layers.project import Project
from layers.tiles import TiledLayer
from workspace import demo_layers, prepared
from workspace.loaders import IMPORT_KINDS, ImportKind

APP_TITLE = "逃げ遅れゼロ (Nigezero)"
WARNING_MESSAGE_MS = 15_000
SIDE_PANEL_PX = 320


class MainWindow(QMainWindow):
    """Signals ``loading_done(int)`` with the number of layers a load added (also after errors)."""

    loading_done = Signal(int)
    _tile_problem = Signal(object, object)
    """(layer, problem) from the render thread, delivered on the GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.resize(1280, 820)
        self.status = MapStatusBar(self)
        self.setStatusBar(self.status)
        self.layer_dock = QDockWidget(t("レイヤー", "Layers"), self)
        self.layer_dock.setObjectName("layer_dock")
        self.layer_dock.setMinimumWidth(340)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.layer_dock)
        self._runners: set[JobRunner] = set()
        self.project = Project()
        self._last_problems: tuple[str, list[Problem]] = ("", [])
        self.folder: Path | None = None  # the open data folder; its project file is app.project_file.project_path
        self.live = LivePanel(self.project)
        self.live_dock = QDockWidget(t("水位・気象", "River levels and weather"), self)
        self.live_dock.setObjectName("live_dock")
        self.live_dock.setWidget(self.live)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.live_dock)
        self.live.controller.message.connect(lambda text: self.status.showMessage(text, WARNING_MESSAGE_MS))
        self.identify_panel = IdentifyPanel()
        self.identify_dock = QDockWidget(t("情報", "Information"), self)
        self.identify_dock.setObjectName("identify_dock")
        self.identify_dock.setWidget(self.identify_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.identify_dock)
        self.tabifyDockWidget(self.live_dock, self.identify_dock)
        self.views = ViewSwitcher(self.project, self)  # 2D / 3D tabs
        self.views.view3d.identified.connect(self._show_identified)
        self.views.view3d.selection_cleared.connect(self.identify_panel.clear)
        self.setCentralWidget(self.views)
        self._tile_problem.connect(self._on_tile_problem)
        self._attach()
        self._build_menus()
        self.plans = PlansController(self)  # 個別避難計画: its own menu and docks
        self.board = BoardController(self)  # 避難判断ボード: its own menu and dock
        self.drill = DrillController(self)  # 避難訓練: its own menu and dock (tabbed with the board)
        # The map gets the room: side panels start narrow (users widen them by dragging).
        self.resizeDocks([self.layer_dock, self.identify_dock], [SIDE_PANEL_PX, SIDE_PANEL_PX], Qt.Orientation.Horizontal)

    # project ----------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        """Show ``project`` instead of the current one (a new canvas and layer panel)."""
        self._detach()
        self.project = project
        self._attach()

    def _attach(self) -> None:
        self.canvas = MapCanvas(self.project)
        self.layer_panel = LayerPanel(self.project)
        self.views.attach(self.canvas, self.project)
        self.layer_dock.setWidget(self.layer_panel)
        self.canvas.cursor_moved.connect(self.status.show_position)
        self.layer_panel.layer_activated.connect(self.canvas.zoom_to_layer)
        self.canvas.view_changed.connect(lambda view: self.status.show_scale(view, self.canvas.logicalDpiX()))
        self.canvas.identified.connect(self._show_identified)
        self.canvas.selection_cleared.connect(self.identify_panel.clear)
        self.identify_panel.clear()
        self.status.set_zone(self.project.zone)
        self.project.events.zone.connect(self.status.set_zone)
        self.live.set_project(self.project)
        self.canvas.setFocus()

    def _detach(self) -> None:
        self.project.events.zone.disconnect(self.status.set_zone)
        self.canvas.disconnect_model()
        self.layer_panel.disconnect_model()
        self.views.detach()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        for runner in list(self._runners):
            runner.cancel()
        self.board.close()
        self.drill.close()
        self.live.close_panel()
        self._detach()
        super().closeEvent(event)

    # loading ----------------------------------------------------------------------
    def open_folder(self, folder: Path) -> JobRunner:
        """Open a data folder laid out like the demo (generated there first if it is absent)."""
        self.set_project(Project(name=folder.name))
        self.folder = folder
        self.live.set_folder(folder)
        return self.load(t("データを開いています", "Opening data"), str(folder), lambda fb: demo_layers(folder, fb))

    def load(self, title: str, source: str, work: Callable[[Feedback], Iterable[Layer]]) -> JobRunner:
        """Run ``work`` off the GUI thread; each layer it yields is added as soon as it is ready.

        ``source`` names what is read (a file or folder) in error messages.
        """
        crs = self.project.crs
        project = self.project
        runner = JobRunner(title, lambda feedback: prepared(work(feedback), crs), self)
        added: list[Layer] = []

        def add(layer: object) -> None:
            if project is self.project:
                assert isinstance(layer, Layer)
                project.add(layer)
                added.append(layer)
                if isinstance(layer, TiledLayer):
                    layer.events.problem.connect(lambda problem, tiled=layer: self._tile_problem.emit(tiled, problem))
                self.status.show_loading(t("読み込み中… {n} レイヤー", "Loading… {n} layers", n=len(added)))

        def done() -> None:
            self._runners.discard(runner)
            self.status.clearMessage()
            self.status.show_loading(t("レイヤー {n} 件", "{n} layers", n=len(self.project.layers)))
            self.report_problems(runner.feedback.problems, source)
            self.loading_done.emit(len(added))

        def failed(exc: object) -> None:
            self._runners.discard(runner)
            self.status.show_loading(t("読み込み失敗", "Loading failed"))
            self.show_error(t("読み込めませんでした", "Could not read the data"), f"{source}\n{exc}")
            self.loading_done.emit(len(added))

        def canceled() -> None:
            self._runners.discard(runner)
            self.status.show_loading(t("読み込みを中止しました", "Loading canceled"))
            self.loading_done.emit(len(added))

        runner.item.connect(add)
        runner.finished.connect(done)
        runner.failed.connect(failed)
        runner.canceled.connect(canceled)
        runner.feedback.signals.text.connect(self.status.showMessage)
        self._runners.add(runner)
        self.status.show_loading(t("読み込み中…", "Loading…"))
        runner.start()
        return runner

    def report_problems(self, problems: list[Problem], source: str) -> None:
        """Keep the import's problems for 読み込みの問題を表示; open them at once when a file was not read."""
        self._last_problems = (source, list(problems))
        errors = sum(p.severity == "error" for p in problems)
        if errors:
            self.show_problems()
        elif problems:
            self.status.showMessage(
                t("{source}: 警告 {n} 件 (値の問題。データは読み込まれています。Ctrl+Shift+R で一覧)",
                  "{source}: {n} warnings (bad values; the data was read. Ctrl+Shift+R lists them)",
                  source=Path(source).name, n=len(problems)),
                WARNING_MESSAGE_MS,
            )  # fmt: skip

    def _set_identify(self, on: bool) -> None:
        """The identify tool acts in both views alike."""
        self.canvas.identify_enabled = on
        self.views.view3d.identify_enabled = on

    def _clear_selection(self) -> None:
        self.canvas.clear_selection()
        self.views.view3d.clear_selection()

    def _on_tile_problem(self, layer: TiledLayer, problem: Problem) -> None:
        """A tile that could not be drawn (found while drawing, after the import): listed with the
        layer's others for 読み込みの問題を表示, and said once in the status bar."""
        self._last_problems = (layer.name, list(layer.problems))
        self.status.showMessage(
            t("{layer}: タイルを描けません ({file}: {m})。Ctrl+Shift+R で一覧", "{layer}: a tile cannot be drawn ({file}: {m}). Ctrl+Shift+R lists them",
              layer=layer.name, file=Path(problem.file).name, m=problem.message),
            WARNING_MESSAGE_MS,
        )  # fmt: skip

    def show_problems(self) -> ProblemsDialog:
        """The problems of the last import, per file (an empty list says there were none)."""
        source, problems = self._last_problems
        dialog = ProblemsDialog(source, problems, self)
        dialog.open()
        return dialog

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A message box (never a traceback): what failed, the file, and why.

        It is window-modal but does not block the caller, so loading and drawing go on.
        """
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # menus ------------------------------------------------------------------------
    def _add(self, menu: QMenu, text: tuple[str, str], shortcuts: list[str], slot: Callable[[], object]) -> QAction:
        """Add an action (text as ``(ja, en)``); ``slot`` is called afresh each time, so it may
        name the current canvas or panel."""
        action = menu.addAction(t(*text))
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(t("ファイル(&F)", "&File"))
        self._add(file_menu, ("開く…", "Open…"), ["Ctrl+O"], self._ask_open)
        import_menu = file_menu.addMenu(t("インポート", "Import"))
        for number, kind in enumerate(IMPORT_KINDS, start=1):
            self._add(import_menu, kind.label, [f"Ctrl+{number}"], lambda k=kind: self._ask_import(k))
        self._add(import_menu, ("ハザードタイルのフォルダ (XYZ・SVGMap)…", "Hazard tile folder (XYZ, SVGMap)…"), ["Ctrl+Shift+H"],
                  self._ask_tile_folder)  # fmt: skip
        self._add(file_menu, ("エクスポート…", "Export…"), ["Ctrl+E"], lambda: ask_export(self, self))
        self._add(file_menu, ("配布パッケージを書き出す…", "Export an offline package…"), ["Ctrl+Shift+E"], lambda: open_package_export(self))
        self._add(file_menu, ("安否確認を取り込む…", "Import safety checks…"), ["Ctrl+Shift+K"], lambda: import_checks(self))
        file_menu.addSeparator()
        self._add(file_menu, ("読み込みの問題を表示", "Show import problems"), ["Ctrl+Shift+R"], self.show_problems)
        self._add(file_menu, ("終了", "Quit"), ["Ctrl+Q"], self.close)

        view_menu = bar.addMenu(t("表示(&V)", "&View"))
        self._add(view_menu, ("全体表示", "Zoom to full extent"), ["Ctrl+0", "Home"], lambda: self.canvas.zoom_full())
        self._add(view_menu, ("拡大", "Zoom in"), ["Ctrl++", "+"], lambda: self.canvas.zoom_in())
        self._add(view_menu, ("縮小", "Zoom out"), ["Ctrl+-", "-"], lambda: self.canvas.zoom_out())
        self._add(view_menu, ("2D 地図", "2D map"), ["Alt+2"], self.views.show_2d)
        self._add(view_menu, ("3D 地図", "3D map"), ["Alt+3"], self.views.show_3d)
        panel_action = self.layer_dock.toggleViewAction()
        panel_action.setText(t("レイヤーパネル", "Layer panel"))
        panel_action.setShortcut(QKeySequence("Ctrl+L"))
        view_menu.addAction(panel_action)

        self.identify_action = self._add(view_menu, ("情報ツール (クリック・Enter で情報表示)", "Identify tool (click or Enter)"), ["Ctrl+I"],
                                         lambda: self._set_identify(self.identify_action.isChecked()))  # fmt: skip
        self.identify_action.setCheckable(True)
        self.identify_action.setChecked(True)
        self._add(view_menu, ("選択を解除 (地図上では Esc)", "Clear selection (Esc on the map)"), ["Ctrl+Shift+X"], self._clear_selection)
        identify_dock_action = self.identify_dock.toggleViewAction()
        identify_dock_action.setText(t("情報パネル", "Information panel"))
        identify_dock_action.setShortcut(QKeySequence("Ctrl+Shift+I"))
        view_menu.addAction(identify_dock_action)
        self._add(view_menu, ("背景地図 (XYZ タイル) を追加…", "Add a base map (XYZ tiles)…"), ["Ctrl+Shift+B"],
                  lambda: ask_tile_layer(self, self.project, self.show_error))  # fmt: skip
        live_dock_action = self.live_dock.toggleViewAction()
        live_dock_action.setText(t("水位・気象パネル", "River and weather panel"))
        live_dock_action.setShortcut(QKeySequence("F9"))
        view_menu.addAction(live_dock_action)
        live_menu = bar.addMenu(t("ライブ(&I)", "L&ive"))
        for text, shortcuts, slot in self.live.actions():
            self._add(live_menu, text, shortcuts, slot)

        layer_menu = bar.addMenu(t("レイヤー(&L)", "&Layer"))
        self._add(layer_menu, ("選択レイヤーを上へ", "Move selected layer up"), ["Ctrl+Shift+Up"], lambda: self.layer_panel.move_selected(+1))
        self._add(layer_menu, ("選択レイヤーを下へ", "Move selected layer down"), ["Ctrl+Shift+Down"], lambda: self.layer_panel.move_selected(-1))
        self._add(layer_menu, ("選択レイヤーの範囲を表示", "Zoom to selected layer"), ["Ctrl+Shift+F"], self._zoom_to_selected)

        help_menu = bar.addMenu(t("ヘルプ(&H)", "&Help"))
        self._add(help_menu, ("バージョン情報と出典", "About and sources"), ["F1"], self._about)

    def _zoom_to_selected(self) -> None:
        if (layer := self.layer_panel.selected_layer) is not None:
            self.canvas.zoom_to_layer(layer)

    def _ask_open(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, t("データフォルダを開く", "Open a data folder"))
        if folder:
            self.open_folder(Path(folder))

    def _ask_import(self, kind: ImportKind) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, t(*kind.label).rstrip("…"), "", t(*kind.file_filter))
        if paths:
            files = [Path(p) for p in paths]
            self.load(t(*kind.label).rstrip("…"), ", ".join(paths), lambda fb: kind.load(files, fb))

    def _ask_tile_folder(self) -> None:
        """A hazard tile set given as a folder (a file dialog cannot pick one), loaded as its import entry loads files."""
        folder = QFileDialog.getExistingDirectory(self, t("ハザードタイルのフォルダ", "Hazard tile folder"))
        if folder:
            kind = next(k for k in IMPORT_KINDS if k.key == "hazard_tiles")
            self.load(t(*kind.label).rstrip("…"), folder, lambda fb: kind.load([Path(folder)], fb))

    def _show_identified(self, hits: list) -> None:
        self.identify_panel.show_hits(hits)
        self.identify_dock.show()
        self.identify_dock.raise_()

    def export_png(self, path: Path) -> bool:
        """Save the map as shown (layers, scale bar, north arrow, 出典) as a PNG."""
        if self.canvas.snapshot().save(str(path), "PNG"):
            self.status.showMessage(t("保存しました: {p}", "Saved: {p}", p=path), 5000)
            return True
        self.show_error(t("保存できませんでした", "Could not save"), t("{p}\nPNG ファイルとして書き込めるフォルダを選んでください。",
                        "{p}\nChoose a folder where a PNG file can be written.", p=path))  # fmt: skip
        return False

    def _about(self) -> None:
        sources = "\n".join(self.project.attributions(visible_only=False)) or t("(データなし)", "(no data)")
        QMessageBox.about(
            self,
            t("逃げ遅れゼロについて", "About Nigezero"),
            t(
                "逃げ遅れゼロ (Nigezero)\n災害リスクの可視化と個別避難計画のためのデスクトップGIS\n\n出典:\n{s}",
                "Nigezero (逃げ遅れゼロ)\nDesktop GIS for disaster-risk visualisation and evacuation planning\n\nSources (出典):\n{s}",
                s=sources,
            ),
        )
