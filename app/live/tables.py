"""The two lists of the 水位・気象 dock: gauges (status, level, trend, age) and municipalities.

Both are read-only tables filled from domain objects; rows carry their key (station id, area
code) in ``Qt.UserRole`` so selections survive a refresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from feeds.status import GaugeState
from i18n import t
from weather.states import WarningState
from weather.timeline import TimelineEvent
from weather.times import JST
from workspace.live_layers import in_force_text, no_update_text
from workspace.loaders import ALERT_LEVEL_COLORS

TREND_ARROWS = {"rising": "↑", "falling": "↓", "steady": "→", "unknown": "–"}
STALE_BACKGROUND = QColor(225, 225, 225)


class KeyedTable(QTableWidget):
    """A read-only table whose rows have a key; ``key_selected(str)`` fires on selection."""

    key_selected = Signal(str)

    def __init__(self, headers: Sequence[tuple[str, str]], name: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels([t(*h) for h in headers])
        self.setAccessibleName(t(*name))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.itemSelectionChanged.connect(self._on_selection)

    @property
    def selected_key(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def fill(self, rows: Iterable[tuple[str, list[str], QColor | None]]) -> None:
        """Replace the rows: (key, cell texts, background or None); the selection is kept."""
        keep = self.selected_key
        self.blockSignals(True)
        self.setRowCount(0)
        for key, cells, background in rows:
            row = self.rowCount()
            self.insertRow(row)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, key)
                if background is not None:
                    item.setBackground(background)
                self.setItem(row, column, item)
            if key == keep:
                self.selectRow(row)
        self.blockSignals(False)

    def row_of(self, key: str) -> int | None:
        """The row holding ``key``, or None."""
        return next((r for r in range(self.rowCount()) if self.item(r, 0).data(Qt.ItemDataRole.UserRole) == key), None)

    def select_key(self, key: str) -> None:
        if (row := self.row_of(key)) is not None:
            self.selectRow(row)

    def _on_selection(self) -> None:
        if (key := self.selected_key) is not None:
            self.key_selected.emit(key)


class GaugeTable(KeyedTable):
    """Gauges: name, river, status, level, trend arrow, time of reading and its age."""

    def __init__(self, parent: QWidget | None = None) -> None:
        headers = [("観測所", "Gauge"), ("河川", "River"), ("状態", "Status"), ("水位 (m)", "Level (m)"), ("傾向", "Trend"), ("観測時刻", "Observed"), ("経過", "Age")]
        super().__init__(headers, ("水位観測所の一覧", "River gauges"), parent)

    def show_states(self, states: Sequence[GaugeState], now: pd.Timestamp) -> None:
        """One row per gauge; stale ones greyed and marked 「◯時◯分から更新なし」."""
        self.fill(_gauge_row(s, now) for s in states)


def _gauge_row(state: GaugeState, now: pd.Timestamp) -> tuple[str, list[str], QColor | None]:
    level = "—" if state.level_m is None else f"{state.level_m:.2f}"
    if state.level_m is None and state.last_valid is not None:
        level = t("— (最終 {v:.2f})", "— (last {v:.2f})", v=state.last_valid.level_m)
    rate = state.trend.rate_m_per_h
    trend = TREND_ARROWS[state.trend.direction] + ("" if rate is None else f" {rate:+.2f} m/h")
    observed = "—" if state.time is None else state.time.strftime("%m/%d %H:%M")
    age = "—" if state.time is None else _age(now - state.time)
    status = state.status.label
    background = None
    if state.stale:
        status = f"{status}（{no_update_text(state.time) if state.time is not None else t('データなし', 'no data')}）"
        background = STALE_BACKGROUND
    elif state.status.alert_level is not None:
        background = QColor(*ALERT_LEVEL_COLORS[state.status.alert_level][:3], 90)
    cells = [state.gauge.name or state.gauge.station_id, state.gauge.river, status, level, trend, observed, age]
    return state.gauge.station_id, cells, background


def _age(delta: pd.Timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return t("{m}分前", "{m} min ago", m=minutes)
    return t("{h}時間{m}分前", "{h} h {m} min ago", h=minutes // 60, m=minutes % 60)


class WeatherTable(KeyedTable):
    """Municipalities with something in force or lifted: level, what is in force since when, update."""

    def __init__(self, parent: QWidget | None = None) -> None:
        headers = [("市町村等", "Municipality"), ("警戒レベル相当", "Alert level"), ("発表中（いつから）", "In force (since)"), ("最終更新", "Last report")]
        super().__init__(headers, ("市町村ごとの気象警報", "Warnings per municipality"), parent)

    def show_states(self, states: Iterable[WarningState]) -> None:
        """One row per municipality, highest level first."""
        by_area: dict[str, list[WarningState]] = {}
        for state in states:
            by_area.setdefault(state.area_code, []).append(state)
        rows = [_weather_row(code, mine) for code, mine in by_area.items()]
        self.fill(row for _, row in sorted(rows, key=lambda r: (-r[0], r[1][0])))


def _weather_row(code: str, states: list[WarningState]) -> tuple[int, tuple[str, list[str], QColor | None]]:
    entries = [e for s in states for e in s.in_force]
    level = max((e.level for e in entries if e.level is not None), default=None)
    in_force = in_force_text(entries) or t("なし", "none")
    latest = max(s.report_time for s in states).astimezone(JST).strftime("%m/%d %H:%M")
    name = next((s.area_name for s in states if s.area_name), None) or code
    background = QColor(*ALERT_LEVEL_COLORS[level][:3], 90) if level in ALERT_LEVEL_COLORS else None
    label = t("レベル{n}相当", "level {n}", n=level) if level is not None else "—"
    return (level or 0), (code, [f"{name} ({code})", label, in_force, latest], background)


class TimelineTable(KeyedTable):
    """The timeline of one municipality: when each entry was issued, continued and lifted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        headers = [("時刻", "Time"), ("種別", "Kind"), ("変化", "Change"), ("電文の状態", "Status in report"), ("レベル", "Level")]
        super().__init__(headers, ("警報の時系列", "Warning timeline"), parent)

    def show_events(self, events: Sequence[TimelineEvent]) -> None:
        """Newest first."""
        self.fill(
            (
                f"{i}",
                [e.time.astimezone(JST).strftime("%Y-%m-%d %H:%M"), e.name or e.code, e.label, e.status or t("(記載なし)", "(not listed)"), "—" if e.level is None else str(e.level)],
                QColor(*ALERT_LEVEL_COLORS[e.level][:3], 70) if e.change != "lifted" and e.level in ALERT_LEVEL_COLORS else None,
            )
            for i, e in reversed(list(enumerate(events)))
        )
