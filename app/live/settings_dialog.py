"""フィード設定: sources (URL, file or folder per line and kind), polling interval, gauge and
AMeDAS tables, the prefectures the weather layer covers, and local thresholds per gauge.

The dialog edits a :class:`~workspace.live_sources.LiveSettings`; :meth:`LiveSettingsDialog.settings`
gives the edited copy (the controller saves it in the project store).
"""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.live.hydrograph import THRESHOLD_LOOK
from feeds.gauges import Thresholds
from i18n import t
from workspace.live_sources import SOURCE_KINDS, LiveSettings, SourceSetting

THRESHOLD_FIELDS = [f.name for f in fields(Thresholds)]


class LiveSettingsDialog(QDialog):
    """Edit the live settings; ``gauge_ids`` lists the gauges offered for local thresholds."""

    def __init__(self, settings: LiveSettings, gauge_ids: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("水位・気象フィードの設定", "River and weather feed settings"))
        self._base = settings
        form = QFormLayout()
        self.sources: dict[str, QPlainTextEdit] = {}
        for kind, label in SOURCE_KINDS.items():
            edit = QPlainTextEdit("\n".join(s.location for s in settings.sources if s.kind == kind))
            edit.setPlaceholderText(t("URL、ファイルまたはフォルダ (1 行に 1 つ)", "URL, file or folder (one per line)"))
            edit.setFixedHeight(64)
            self.sources[kind] = edit
            form.addRow(t(*label), edit)
        self.interval = QSpinBox()
        self.interval.setRange(5, 3600)
        self.interval.setSuffix(t(" 秒", " s"))
        self.interval.setValue(settings.interval_s)
        form.addRow(t("更新間隔", "Polling interval"), self.interval)
        self.gauge_table = QLineEdit(settings.gauge_table)
        form.addRow(t("観測所表 (CSV)", "Gauge table (CSV)"), self.gauge_table)
        self.amedas_table = QLineEdit(settings.amedas_table)
        form.addRow(t("アメダス地点表 (amedastable.json)", "AMeDAS station table (amedastable.json)"), self.amedas_table)
        self.prefectures = QLineEdit(" ".join(settings.prefectures))
        self.prefectures.setPlaceholderText(t("例: 35 (空欄: 地図の中心の都道府県)", "e.g. 35 (empty: the prefecture at the map centre)"))
        form.addRow(t("気象レイヤーの都道府県コード", "Prefecture codes of the weather layer"), self.prefectures)
        ids = sorted(set(gauge_ids) | set(settings.thresholds))
        self.thresholds = QTableWidget(len(ids), 1 + len(THRESHOLD_FIELDS))
        self.thresholds.setAccessibleName(t("観測所ごとの基準水位 (ローカル設定)", "Local thresholds per gauge"))
        self.thresholds.setHorizontalHeaderLabels([t("観測所", "Gauge"), *(t(*THRESHOLD_LOOK[n][0]) + " (m)" for n in THRESHOLD_FIELDS)])
        for row, gauge_id in enumerate(ids):
            self.thresholds.setItem(row, 0, QTableWidgetItem(gauge_id))
            local = settings.thresholds.get(gauge_id, Thresholds())
            for column, name in enumerate(THRESHOLD_FIELDS, start=1):
                value = getattr(local, name)
                self.thresholds.setItem(row, column, QTableWidgetItem("" if value is None else f"{value:g}"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.thresholds, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)

    def settings(self) -> LiveSettings:
        """The edited settings.

        Raises
        ------
        ValueError
            If a threshold cell holds something that is not a number (the message names it).
        """
        sources = tuple(
            SourceSetting(kind, line.strip()) for kind, edit in self.sources.items() for line in edit.toPlainText().splitlines() if line.strip()
        )
        thresholds: dict[str, Thresholds] = {}
        for row in range(self.thresholds.rowCount()):
            gauge_id = self.thresholds.item(row, 0).text().strip()
            values = {name: _number(self.thresholds.item(row, c).text(), gauge_id, name) for c, name in enumerate(THRESHOLD_FIELDS, start=1)}
            if gauge_id and any(v is not None for v in values.values()):
                thresholds[gauge_id] = Thresholds(**values)
        return LiveSettings(
            sources=sources,
            interval_s=self.interval.value(),
            gauge_table=self.gauge_table.text().strip(),
            amedas_table=self.amedas_table.text().strip(),
            prefectures=tuple(self.prefectures.text().split()),
            thresholds=thresholds,
        )


def _number(text: str, gauge_id: str, name: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            t("{g} の {n} は数値 (m) で入力してください: {v!r}", "{n} of {g} should be a number in metres, got {v!r}", g=gauge_id, n=name, v=text)
        ) from None
