"""The problems of an import, per file: what was wrong, where (line, feature id or row).

An import never stops at one bad value or file; this dialog is where the user sees what was
flagged, grouped by file so a delivery with thousands of buildings stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from i18n import t
from jobs.feedback import Problem


def _severity_text(severity: str) -> str:
    return t("読めません", "not read") if severity == "error" else t("警告", "warning")


class ProblemsDialog(QDialog):
    """A tree of files, each with its problems; files that could not be read come first."""

    def __init__(self, source: str, problems: Sequence[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("読み込みの問題", "Import problems"))
        self.resize(900, 480)
        errors = sum(p.severity == "error" for p in problems)
        summary = QLabel(
            t(
                "{source}: 読めないファイル {e} 件、警告 {w} 件。警告のあった地物・行は読み込まれています。",
                "{source}: {e} files not read, {w} warnings. Features and rows with warnings were read.",
                source=source,
                e=errors,
                w=len(problems) - errors,
            )
        )
        summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([t("ファイル / 場所", "File / where"), t("種類", "Kind"), t("内容", "Message")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        by_file: dict[str, list[Problem]] = {}
        for problem in problems:
            by_file.setdefault(problem.file or t("(ファイルなし)", "(no file)"), []).append(problem)
        ordered = sorted(by_file.items(), key=lambda kv: (not any(p.severity == "error" for p in kv[1]), kv[0]))
        for file, items in ordered:
            top = QTreeWidgetItem([file, t("{n} 件", "{n}", n=len(items)), ""])
            for problem in items:
                top.addChild(QTreeWidgetItem([problem.where or "", _severity_text(problem.severity), problem.message]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(len(ordered) == 1 or any(p.severity == "error" for p in items))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(t("閉じる", "Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
