"""The export dialog: area, recipient type, disaster mode, passphrase, output and expiry; a preview of
who is left out and why (before anything is written); then the writing in the background with
progress and cancel, and the list of files written.

The dialog uses the store it is given on the GUI thread only (the preview); the writing runs in
:func:`~app.package_export.background.export_work`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.job_runner import JobRunner
from app.package_export.area_drawing import AreaDrawingOverlay, write_area
from app.package_export.areas import AreaChoice, area_choices
from app.package_export.background import export_work
from app.package_export.preview import DISASTER_STYLE, SelectionPreview
from evac_plans.consent import DEFAULT_RULES, ConsentRules
from evac_plans.package import ExportOptions, ExportResult, PackageInputError, load_recipients, parse_area, select_people
from evac_plans.package.selection import Selection
from evac_plans.repository import load_roster
from i18n import t
from store import ProjectStore

POLYGON_FILTER = ("区域の多角形 (*.geojson *.json *.gpkg *.shp)", "Area polygons (*.geojson *.json *.gpkg *.shp)")


class PackageExportDialog(QDialog):
    """Signals ``written(ExportResult)`` when a package is on disk, ``failed(str)`` with the message shown."""

    written = Signal(object)
    failed = Signal(str)

    def __init__(self, store: ProjectStore, out_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("配布パッケージを書き出す", "Export an offline package"))
        self.store = store
        self.selection: Selection | None = None
        self.runner: JobRunner | None = None
        roster = load_roster(store)
        self._names = {r.person.id: r.person.name for r in roster}
        self._rules = ConsentRules.load(DEFAULT_RULES)
        self._recipients = load_recipients()
        self._build(area_choices(roster), out_dir)
        self.refresh()

    # layout ----------------------------------------------------------------
    def _build(self, choices: list[AreaChoice], out_dir: Path) -> None:
        self.area = QComboBox()
        for choice in choices:
            self.area.addItem(choice.label, choice.text)
        polygon = QPushButton(t("多角形ファイル…", "Polygon file…"))
        polygon.clicked.connect(self._ask_polygon)
        self.draw_button = QPushButton(t("地図上で描く", "Draw on the map"))
        self.draw_button.clicked.connect(self.draw_area)
        self.recipient = QComboBox()
        for key, recipient in self._recipients.items():
            self.recipient.addItem(t(recipient.ja, recipient.en), key)
        self.disaster = QCheckBox(t("災害時提供モード（本人の同意によらず区域の全員を含める）", "Disaster mode (everyone of the area, regardless of consent)"))
        self.disaster.setStyleSheet(DISASTER_STYLE)
        self.disaster_note = QLabel(t("災害対策基本法第49条の11第3項による提供です。全ページと manifest に明記されます。",
                                      "Shared under 災害対策基本法 49条の11 ③; marked on every page and in the manifest."))  # fmt: skip
        self.disaster_note.setStyleSheet(DISASTER_STYLE)
        self.disaster_note.setWordWrap(True)
        self.passphrase, self.passphrase_again = QLineEdit(), QLineEdit()
        for edit in (self.passphrase, self.passphrase_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(t("空欄なら暗号化しません", "empty: not encrypted"))
        self.out = QLineEdit(str(out_dir))
        browse = QPushButton(t("参照…", "Browse…"))
        browse.clicked.connect(self._ask_out)
        self.as_folder = QComboBox()
        self.as_folder.addItem(t("ZIP ファイル 1 つ", "One zip file"), False)
        self.as_folder.addItem(t("フォルダ（展開済み）", "A folder (unzipped)"), True)
        self.expiry = QSpinBox()
        self.expiry.setRange(1, 3650)
        self.expiry.setValue(365)
        self.expiry.setSuffix(t(" 日", " days"))
        form = QFormLayout()
        form.addRow(t("区域", "Area"), _row(self.area, polygon, self.draw_button))
        form.addRow(t("提供先の種類", "Recipient type"), self.recipient)
        form.addRow("", _column(self.disaster, self.disaster_note))
        form.addRow(t("パスフレーズ（任意）", "Passphrase (optional)"), self.passphrase)
        form.addRow(t("パスフレーズ（確認）", "Passphrase (again)"), self.passphrase_again)
        form.addRow(t("書き出し先", "Output folder"), _row(self.out, browse))
        form.addRow(t("形式", "Format"), self.as_folder)
        form.addRow(t("有効期間", "Valid for"), self.expiry)
        self.preview = SelectionPreview()
        self.files = QListWidget()
        self.files.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("閉じる", "Close"))
        self.export_button = self.buttons.addButton(t("書き出す", "Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.files)
        layout.addWidget(self.buttons)
        self.area.currentIndexChanged.connect(self.refresh)
        self.recipient.currentIndexChanged.connect(self.refresh)
        self.disaster.toggled.connect(self.refresh)
        self.resize(760, 720)

    # choosing --------------------------------------------------------------
    def set_area(self, text: str) -> None:
        """Choose the area whose ``parse_area`` text is ``text`` (a polygon file is added to the list)."""
        index = self.area.findData(text)
        if index < 0:
            self.area.addItem(t("多角形: {f}", "Polygon: {f}", f=Path(text).name), text)
            index = self.area.count() - 1
        self.area.setCurrentIndex(index)

    def _ask_polygon(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, t("区域の多角形ファイル", "Area polygon file"), "", t(*POLYGON_FILTER))
        if path:
            self.set_area(path)

    def draw_area(self) -> AreaDrawingOverlay | None:
        """Hide the dialog while the area is drawn on the 2D map; come back with it chosen."""
        canvas = getattr(self.parent(), "canvas", None)
        project = getattr(self.parent(), "project", None)
        if canvas is None or project is None:
            return None
        overlay = AreaDrawingOverlay(canvas, project.crs)
        overlay.finished.connect(lambda corners: (self.set_area(str(write_area(corners))), self.show()))
        overlay.canceled.connect(self.show)
        self.hide()
        return overlay

    def _ask_out(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, t("書き出し先フォルダ", "Output folder"), self.out.text())
        if folder:
            self.out.setText(folder)

    def refresh(self) -> None:
        """Decide who the package holds (nothing is written) and show who is left out and why."""
        self.disaster_note.setVisible(self.disaster.isChecked())
        self.selection = None
        text = self.area.currentData()
        if not text:
            self.preview.show_problem(t("区域を選んでください（名簿に町内会・民生委員地区がありません）", "Choose an area (the roster names none)"))
        else:
            try:
                recipient = self._recipients[self.recipient.currentData()]
                area = parse_area(text)
                self.selection = select_people(self.store, area, recipient, self._rules, disaster_mode=self.disaster.isChecked())
                self.preview.show_selection(self.selection, self._names)
            except PackageInputError as exc:
                message = t("{f}\n{e}\n期待したもの: 多角形を含む GeoJSON・GeoPackage・Shapefile",
                            "{f}\n{e}\nExpected: a GeoJSON, GeoPackage or Shapefile holding a polygon", f=text, e=exc)  # fmt: skip
                self.preview.show_problem(message)
                self._fail(t("区域を使えません", "Cannot use the area"), message)
        self.export_button.setEnabled(self.selection is not None and bool(self.selection.included) and self.runner is None)

    # writing ---------------------------------------------------------------
    def options(self) -> ExportOptions | str:
        """The chosen output options, or a message saying what to fix."""
        if self.passphrase.text() != self.passphrase_again.text():
            return t("2 回入力したパスフレーズが一致しません。", "The two passphrases differ.")
        if not self.out.text().strip():
            return t("書き出し先フォルダを選んでください。", "Choose an output folder.")
        return ExportOptions(Path(self.out.text().strip()), bool(self.as_folder.currentData()), self.passphrase.text() or None, self.expiry.value())

    def export(self) -> JobRunner | None:
        """Write the previewed selection in the background (progress and cancel in a dialog)."""
        options = self.options()
        if isinstance(options, str) or self.selection is None:
            self._fail(t("書き出せません", "Cannot export"), options if isinstance(options, str) else t("区域を選んでください。", "Choose an area."))
            return None
        self.runner = runner = JobRunner(t("配布パッケージを書き出しています", "Writing the package"), export_work(self.store, self.selection, options), self)
        runner.item.connect(self._show_written)
        runner.failed.connect(lambda exc: self._fail(t("書き出せませんでした", "Could not write the package"),
                                                     t("{p}\n{e}\n書き込めるフォルダを選んでください。", "{p}\n{e}\nChoose a folder that can be written to.",
                                                       p=options.out, e=exc)))  # fmt: skip
        runner.canceled.connect(lambda: self.preview.summary.setText(t("書き出しを中止しました。", "Export canceled.")))
        for signal in (runner.finished, runner.failed, runner.canceled):
            signal.connect(self._done)
        self.export_button.setEnabled(False)
        runner.start()
        return runner

    def _done(self, *_: object) -> None:
        self.runner = None
        self.refresh()

    def _show_written(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        self.files.clear()
        self.files.addItem(t("書き出しました: {p}", "Written: {p}", p=result.path))
        for written in result.files:
            self.files.addItem(f"  {written.name}　{written.bytes:,} bytes　sha256 {written.sha256[:16]}…")
        for problem in self.runner.feedback.problems if self.runner is not None else []:
            self.files.addItem(t("警告: {p}", "Warning: {p}", p=problem))
        self.files.setVisible(True)
        self.written.emit(result)

    def _fail(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.open()
        self.failed.emit(text)


def _row(*widgets: QWidget) -> QWidget:
    """The widgets side by side, the first one taking the room."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if i == 0 else 0)
    return row


def _column(*widgets: QWidget) -> QWidget:
    """The widgets one under the other (a hidden one takes no room)."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return column
