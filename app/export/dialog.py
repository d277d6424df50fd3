"""ファイル → エクスポート…: choose the screen PNG or a print image (A4/A3, 300 dpi), then a file.

The print image is rendered off the GUI thread by a :class:`~app.job_runner.JobRunner` (an A3
page at 300 dpi is 17 million pixels); the window stays usable and the status bar says when the
file is written. A failure names the file and what was expected, never a traceback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QStatusBar,
    QWidget,
)

from app.export.print_image import PrintSpec, render_print
from app.job_runner import JobRunner
from app.map2d.canvas import MapCanvas
from i18n import t
from jobs.feedback import Feedback
from layers.project import Project

CHOICES: tuple[tuple[tuple[str, str], PrintSpec | None], ...] = (
    (("画面の表示どおり (PNG)", "As shown on screen (PNG)"), None),
    (("印刷用 A4 横 300 dpi (PNG, 凡例・縮尺・方位・出典付き)", "Print A4 landscape 300 dpi (PNG, legend, scale, north, sources)"), PrintSpec("A4", 300)),
    (("印刷用 A3 横 300 dpi (PNG, 凡例・縮尺・方位・出典付き)", "Print A3 landscape 300 dpi (PNG, legend, scale, north, sources)"), PrintSpec("A3", 300)),
)


class ExportHost(Protocol):
    """What the export needs of the main window."""

    canvas: MapCanvas
    project: Project
    status: QStatusBar

    def show_error(self, title: str, text: str) -> QMessageBox: ...

    def export_png(self, path: Path) -> bool: ...


class ExportDialog(QDialog):
    """Pick what to export and the title printed on the page."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("地図のエクスポート", "Export the map"))
        self.kind = QComboBox()
        for label, _ in CHOICES:
            self.kind.addItem(t(*label))
        self.title = QLineEdit(title)
        form = QFormLayout(self)
        form.addRow(t("形式(&K)", "&Kind"), self.kind)
        form.addRow(t("表題(&T)", "&Title"), self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("次へ (保存先を選ぶ)", "Next (choose file)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("キャンセル", "Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def spec(self) -> PrintSpec | None:
        """The print settings chosen, or None for the screen PNG."""
        base = CHOICES[self.kind.currentIndex()][1]
        if base is None:
            return None
        return PrintSpec(base.page, base.dpi, self.title.text(), dt.datetime.now().strftime("%Y-%m-%d %H:%M"))


def ask_export(host: ExportHost, parent: QWidget) -> None:
    """The エクスポート… action: the dialog, then the file dialog, then the export."""
    dialog = ExportDialog(host.project.name or t("逃げ遅れゼロ 地図", "Nigezero map"), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    spec = dialog.spec()
    default = "nigezero-map.png" if spec is None else f"nigezero-{spec.page}-{spec.dpi}dpi.png"
    path, _ = QFileDialog.getSaveFileName(parent, t("地図を PNG で保存", "Save the map as PNG"), default, "PNG (*.png)")
    if not path:
        return
    if spec is None:
        host.export_png(Path(path))
    else:
        export_print(host, parent, Path(path), spec)


def export_print(host: ExportHost, parent: QWidget, path: Path, spec: PrintSpec) -> JobRunner:
    """Render and save the print image of the current view off the GUI thread.

    ``runner.finished`` fires once the file is written; a file that cannot be written is
    reported in a message box naming it.
    """
    layers = host.canvas.items()
    view = host.canvas.view
    attributions = host.project.attributions()

    def work(feedback: Feedback) -> Iterator[Path]:
        feedback.set_text(t("印刷用画像を描画中…", "Rendering the print image…"))
        image = render_print(spec, layers, view, attributions)
        feedback.check()
        if not image.save(str(path), "PNG"):
            raise OSError(t("{p}\nPNG ファイルとして書き込めるフォルダを選んでください。",
                            "{p}\nChoose a folder where a PNG file can be written.", p=path))  # fmt: skip
        yield path

    runner = JobRunner(t("印刷用画像のエクスポート", "Exporting a print image"), work, parent)
    runner.finished.connect(lambda: host.status.showMessage(t("保存しました: {p}", "Saved: {p}", p=path), 5000))
    runner.failed.connect(lambda exc: host.show_error(t("保存できませんでした", "Could not save"), str(exc)))
    runner.start()
    return runner
