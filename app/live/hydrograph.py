"""A reusable hydrograph chart (QPainter): one gauge's water levels with its threshold lines.

Threshold lines are drawn dashed in their 警戒レベル colours and labelled (水防団待機水位 /
氾濫注意水位 / 避難判断水位 / 氾濫危険水位, or the 危機管理型水位計's 観測開始 / 危険 / 氾濫開始).
Only valid readings are joined by the line; a flagged or missing reading breaks it (a gap) and
is marked with a red × on the time axis, so a failing feed is never plotted as a value. An
optional "now" line marks the current (or replayed) time. The identify panel and the 水位・気象
dock both use this widget: give it a series with :meth:`HydrographChart.set_series`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from feeds.gauges import Thresholds
from feeds.series import LevelSeries
from feeds.status import STATUS_ORDER
from feeds.times import JST
from i18n import t

THRESHOLD_LOOK: dict[str, tuple[tuple[str, str], QColor]] = {
    "standby": (("水防団待機水位", "standby level"), QColor(90, 90, 90)),
    "caution": (("氾濫注意水位", "flood caution level"), QColor(200, 170, 0)),
    "evacuation": (("避難判断水位", "evacuation decision level"), QColor(255, 40, 0)),
    "danger": (("氾濫危険水位", "flood danger level"), QColor(170, 0, 170)),
    "flooding": (("氾濫発生", "flooding"), QColor(12, 0, 12)),
    "observing": (("観測開始水位", "observation start level"), QColor(90, 90, 90)),
}
"""Threshold field → (label (ja, en), line colour)."""

THREE_SCHEME_LABELS: dict[str, tuple[str, str]] = {"danger": ("危険水位", "danger level"), "flooding": ("氾濫開始水位", "flooding level")}
"""Labels of the 危機管理型水位計 (three-threshold) scheme where they differ."""

LINE = QColor(20, 80, 200)
FLAG = QColor(220, 0, 0)
NOW = QColor(0, 150, 80)
MARGINS = (56.0, 30.0, 150.0, 34.0)
"""Left, top, right (threshold labels), bottom margins in pixels."""


MIN_HEIGHT_PX = 110
"""Low enough that on a 1366 × 768 screen the alert board under the map keeps room for its list;
the chart grows with its splitter."""


class HydrographChart(QWidget):
    """Water level against time for one gauge, with its thresholds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, MIN_HEIGHT_PX)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(t("水位グラフ", "Hydrograph"))
        self._series: LevelSeries | None = None
        self._now: pd.Timestamp | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(520, 260)

    @property
    def series(self) -> LevelSeries | None:
        return self._series

    def set_series(self, series: LevelSeries | None, now: pd.Timestamp | None = None) -> None:
        """Show ``series`` (None: nothing); ``now`` draws the current or replayed time."""
        self._series = series
        self._now = now
        self.update()

    def threshold_lines(self) -> list[tuple[str, float]]:
        """The (label, level in m) pairs drawn, lowest first (the thresholds the gauge has)."""
        if self._series is None:
            return []
        gauge = self._series.gauge
        return [(self._label(name, gauge.scheme), value) for name, value in _thresholds(gauge.thresholds, gauge.scheme)]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(255, 255, 255))
        series = self._series
        if series is None or not len(series):
            painter.setPen(QColor(110, 110, 110))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, t("観測所を選ぶと水位グラフを表示します", "Choose a gauge to see its hydrograph"))
            painter.end()
            return
        left, top, right, bottom = MARGINS
        plot = QRectF(left, top, max(10.0, self.width() - left - right), max(10.0, self.height() - top - bottom))
        x_of, y_of, (t0, t1), (lo, hi) = self._scales(series, plot)
        self._draw_axes(painter, plot, t0, t1, lo, hi, y_of)
        self._draw_thresholds(painter, plot, y_of)
        self._draw_levels(painter, series, plot, x_of, y_of)
        if self._now is not None:
            x = x_of(np.array([_ns(self._now)]))[0]
            if plot.left() <= x <= plot.right():
                painter.setPen(QPen(NOW, 1.5, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        painter.setPen(QColor(20, 20, 20))
        title = f"{series.gauge.name or series.gauge.station_id}（{series.gauge.river}）" if series.gauge.river else series.gauge.name or series.gauge.station_id
        painter.drawText(QRectF(left, 4, plot.width(), top - 6), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.end()

    # drawing --------------------------------------------------------------------
    def _scales(self, series: LevelSeries, plot: QRectF):  # noqa: ANN202 (local closures)
        times = series.times.astype("datetime64[ns]").astype(np.int64)
        t0 = int(times.min())
        t1 = int(max(times.max(), _ns(self._now) if self._now is not None else times.max()))
        t1 = t1 if t1 > t0 else t0 + 3_600_000_000_000
        values = series.levels[series.valid]
        levels = [*values.tolist(), *(v for _, v in _thresholds(series.gauge.thresholds, series.gauge.scheme))]
        lo, hi = (min(levels), max(levels)) if levels else (0.0, 1.0)
        pad = max(0.1, (hi - lo) * 0.08)
        lo, hi = lo - pad, hi + pad

        def x_of(ns: np.ndarray) -> np.ndarray:
            return plot.left() + (ns.astype(np.float64) - t0) / (t1 - t0) * plot.width()

        def y_of(metres: np.ndarray) -> np.ndarray:
            return plot.bottom() - (np.asarray(metres, dtype=np.float64) - lo) / (hi - lo) * plot.height()

        return x_of, y_of, (t0, t1), (lo, hi)

    def _draw_axes(self, painter: QPainter, plot: QRectF, t0: int, t1: int, lo: float, hi: float, y_of) -> None:  # noqa: ANN001
        metrics = QFontMetricsF(painter.font())
        painter.setPen(QPen(QColor(160, 160, 160), 1))
        painter.drawRect(plot)
        painter.setPen(QColor(60, 60, 60))
        for value in np.linspace(lo, hi, 5):
            y = float(y_of(np.array([value]))[0])
            painter.drawText(QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:.2f}")
        painter.drawText(QRectF(0, 4, plot.left() - 6, metrics.height()), Qt.AlignmentFlag.AlignRight, "m")
        for frac in np.linspace(0.0, 1.0, 5):
            stamp = pd.Timestamp(int(t0 + frac * (t1 - t0)), tz="UTC").tz_convert(JST)
            x = plot.left() + frac * plot.width()
            painter.drawText(QRectF(x - 50, plot.bottom() + 4, 100, metrics.height()), Qt.AlignmentFlag.AlignHCenter, stamp.strftime("%m/%d %H:%M"))

    def _draw_thresholds(self, painter: QPainter, plot: QRectF, y_of) -> None:  # noqa: ANN001
        gauge = self._series.gauge  # type: ignore[union-attr]
        for name, value in _thresholds(gauge.thresholds, gauge.scheme):
            y = float(y_of(np.array([value]))[0])
            color = THRESHOLD_LOOK[name][1]
            painter.setPen(QPen(color, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(color)
            painter.drawText(QPointF(plot.right() + 6, y + 4), f"{self._label(name, gauge.scheme)} {value:.2f} m")

    def _draw_levels(self, painter: QPainter, series: LevelSeries, plot: QRectF, x_of, y_of) -> None:  # noqa: ANN001
        ns = series.times.astype("datetime64[ns]").astype(np.int64)
        xs, ys, valid = x_of(ns), y_of(np.nan_to_num(series.levels, nan=0.0)), series.valid
        path = QPainterPath()
        pen_down = False
        for x, y, ok in zip(xs, ys, valid, strict=True):
            if not ok:
                pen_down = False
                continue
            if pen_down:
                path.lineTo(x, y)
            else:
                path.moveTo(x, y)
                pen_down = True
        painter.setPen(QPen(LINE, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        lone = valid & ~np.r_[False, valid[:-1]] & ~np.r_[valid[1:], False]
        painter.setBrush(LINE)
        for x, y in zip(xs[lone], ys[lone], strict=True):
            painter.drawEllipse(QPointF(x, y), 2.5, 2.5)
        painter.setPen(QPen(FLAG, 2.0))
        base = plot.bottom() - 6
        for x in xs[~valid]:
            painter.drawLine(QPointF(x - 4, base - 4), QPointF(x + 4, base + 4))
            painter.drawLine(QPointF(x - 4, base + 4), QPointF(x + 4, base - 4))

    @staticmethod
    def _label(name: str, scheme: str) -> str:
        if scheme == "three" and name in THREE_SCHEME_LABELS:
            return t(*THREE_SCHEME_LABELS[name])
        return t(*THRESHOLD_LOOK[name][0])


def _thresholds(thresholds: Thresholds, scheme: str) -> list[tuple[str, float]]:
    names = STATUS_ORDER.get(scheme, STATUS_ORDER["four"])  # type: ignore[call-overload]
    return [(n, float(v)) for n in names if (v := getattr(thresholds, n)) is not None]


def _ns(moment: pd.Timestamp) -> int:
    return int(pd.Timestamp(moment).tz_convert("UTC").value)
