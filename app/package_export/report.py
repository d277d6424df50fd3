"""The report of a safety-check import: per person the merged status, its time, and any conflict
with what the project held (newer wins; both marks stay in the history)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from evac_plans.package import MergeResult
from evac_plans.package.checks import STATUSES
from i18n import t

RESOLUTIONS = {"imported_newer": ("取り込んだ記録が新しいため採用", "imported mark is newer: taken"),
               "stored_newer": ("既存の記録が新しいため維持", "stored mark is newer: kept")}  # fmt: skip


def conflict_text(result: MergeResult) -> str:
    """「既存: 避難済 (時刻) → 取り込んだ記録が新しいため採用」, or "" without a conflict."""
    if result.conflict is None:
        return ""
    other = STATUSES.get(result.conflict["status"], result.conflict["status"])
    return f"{t('別の記録', 'Other mark')}: {other} ({result.conflict['time']}) — {t(*RESOLUTIONS[result.conflict['resolution']])}"


class ChecksReport(QDialog):
    """The merge report of one return file (``source`` names it); staff see names beside ids."""

    def __init__(self, source: str, results: list[MergeResult], names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("安否確認の取り込み結果", "Safety checks imported"))
        conflicts = sum(r.conflict is not None for r in results)
        self.summary = QLabel(t("{f}\n{n} 人分を取り込みました（競合 {c} 件）。", "{f}\n{n} people merged ({c} conflicts).", f=source, n=len(results), c=conflicts))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(results), 5)
        self.table.setHorizontalHeaderLabels([t("ID", "ID"), t("氏名", "Name"), t("状況", "Status"), t("時刻", "Time"), t("競合", "Conflict")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, result in enumerate(results):
            cells = (result.person, names.get(result.person, ""), STATUSES.get(result.status, result.status), result.time, conflict_text(result))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 420)
