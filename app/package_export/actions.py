"""The two menu actions of the window: open the export dialog, import a safety-check return file.

Both borrow the window's one project store from :mod:`app.project_file` (the plans editor's when it
has one open, else the data folder's project file) and give it back when done. Every failure is a
message box naming the file and what was expected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.package_export.dialog import PackageExportDialog
from app.package_export.report import ChecksReport
from app.plans.controller import PlansController
from app.project_file import acquire, project_path, release
from evac_plans.package import PackageVerifyError, merge_return_file
from evac_plans.repository import load_roster
from i18n import t
from store import ProjectStore, StoreError

EXPECTED_RETURN = ("期待したもの: このプロジェクトが発行した配布パッケージの画面で保存した安否確認ファイル (JSON)",
                   "Expected: a safety-check file (JSON) saved in the page of a package this project issued")


class Host(Protocol):
    """What the actions need of the main window."""

    folder: Path | None
    plans: PlansController

    def show_error(self, title: str, text: str) -> QMessageBox: ...


def project_of(window: Host) -> Path | None:
    """The project file the window works on (None before a data folder or project is open)."""
    if window.plans.session.store is not None:
        return window.plans.session.store.path
    return project_path(window.folder) if window.folder is not None else None


def _borrow(window: Host) -> ProjectStore | None:
    path = project_of(window)
    if path is None:
        window.show_error(t("プロジェクトがありません", "No project"), t("先にデータフォルダかプロジェクトを開いてください。", "Open a data folder or a project first."))
        return None
    try:
        return acquire(path)
    except (StoreError, OSError) as exc:
        window.show_error(t("プロジェクトを開けません", "Cannot open the project"), f"{path}\n{exc}")
        return None


def open_package_export(window: Host) -> PackageExportDialog | None:
    """Show the export dialog over ``window``; the store is given back when the dialog closes."""
    store = _borrow(window)
    if store is None:
        return None
    assert isinstance(window, QWidget)
    dialog = PackageExportDialog(store, store.path.parent / "packages", window)

    def closed() -> None:
        if dialog.runner is not None:
            dialog.runner.cancel()
        release(store)

    dialog.finished.connect(closed)
    dialog.open()
    return dialog


def import_checks(window: Host, path: Path | None = None) -> ChecksReport | None:
    """Merge a return file (asked for when ``path`` is None) and show the report."""
    if path is None:
        name, _ = QFileDialog.getOpenFileName(window if isinstance(window, QWidget) else None, t("安否確認を取り込む", "Import safety checks"),
                                              "", t("安否確認ファイル (*.json)", "Safety-check files (*.json)"))  # fmt: skip
        if not name:
            return None
        path = Path(name)
    store = _borrow(window)
    if store is None:
        return None
    try:
        results = merge_return_file(store, path)
        names = {r.person.id: r.person.name for r in load_roster(store)}
    except (PackageVerifyError, StoreError) as exc:
        window.show_error(t("安否確認を取り込めません", "Cannot import the safety checks"), f"{path}\n{exc}\n{t(*EXPECTED_RETURN)}")
        return None
    finally:
        release(store)
    board = getattr(window, "board", None)
    if board is not None and board.store is not None:
        board.recompute()  # the merged statuses count at once (the board reads the same safety_checks)
    report = ChecksReport(str(path), results, names, window if isinstance(window, QWidget) else None)
    report.open()
    return report
