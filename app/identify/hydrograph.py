"""A small hydrograph: a gauge's water level over time, its thresholds, gaps where readings are bad.

Drawn with QPainter rather than Qt Charts: a chart of a few hundred points needs no scene graph,
and breaking the line at flagged readings (欠測, 閉局, spikes) is one rule here, where a
``QLineSeries`` would need one series per unbroken run. Only valid readings
(:attr:`feeds.series.LevelSeries.valid`) are plotted; the others leave a gap and a grey tick
on the time axis, never a value.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from feeds.gauges import THRESHOLD_COLUMNS
from feeds.series import LevelSeries
from i18n import t

THRESHOLD_STYLE: dict[str, tuple[tuple[str, str], QColor]] = {
    "standby": (("水防団待機", "standby"), QColor(120, 120, 120)),
    "caution": (("氾濫注意", "caution"), QColor(200, 180, 0)),
    "evacuation": (("避難判断", "evacuation"), QColor(255, 40, 0)),
    "danger": (("氾濫危険", "danger"), QColor(170, 0, 170)),
    "flooding": (("氾濫発生", "flooding"), QColor(12, 0, 12)),
}
"""Threshold → (label, colour): the 警戒レベル colours of the level each threshold starts."""
LINE = QColor(20, 90, 200)
GAP = QColor(150, 150, 150)


def runs(valid: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of the unbroken runs of True in ``valid``.

    Examples
    --------
    >>> runs(np.array([True, True, False, True]))
    [(0, 2), (3, 4)]
    """
    edges = np.diff(np.concatenate([[0], valid.astype(np.int8), [0]]))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))


class Hydrograph(QWidget):
    """Level (m) against time for one :class:`~feeds.series.LevelSeries`, with its thresholds."""

    def __init__(self, series: LevelSeries, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = series
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        name = series.gauge.name or series.gauge.station_id
        self.setAccessibleName(t("{n} の水位グラフ", "Hydrograph of {n}", n=name))
        self.thresholds = {k: v for k in THRESHOLD_COLUMNS if (v := getattr(series.gauge.thresholds, k)) is not None}
        self.gaps = int((~series.valid).sum())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(320, 200)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = QFontMetricsF(self.font())
        plot = QRectF(self.rect()).adjusted(metrics.horizontalAdvance("00.0") + 10, 8, -8, -(metrics.height() + 8))
        series = self.series
        if len(series) == 0:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, t("観測値がありません", "no readings"))
            painter.end()
            return
        times = series.times.astype("datetime64[s]").astype(np.int64).astype(float)
        valid = series.valid
        levels = series.levels[valid]
        values = [*levels.tolist(), *self.thresholds.values()]
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        span = max(high - low, 0.5)
        low, high = low - span * 0.08, high + span * 0.08
        t0, t1 = times[0], max(times[-1], times[0] + 1)

        def x_of(v: np.ndarray | float) -> np.ndarray | float:
            return plot.left() + (v - t0) / (t1 - t0) * plot.width()

        def y_of(v: np.ndarray | float) -> np.ndarray | float:
            return plot.bottom() - (v - low) / (high - low) * plot.height()

        painter.setPen(QPen(QColor(200, 200, 200), 1))
        painter.drawRect(plot)
        for key, value in self.thresholds.items():
            (label, color) = THRESHOLD_STYLE[key]
            y = float(y_of(value))
            painter.setPen(QPen(color, 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.drawText(QPointF(plot.left() + 4, y - 2), f"{t(*label)} {value:g} m")
        painter.setPen(QPen(GAP, 1))
        for x in np.asarray(x_of(times[~valid])).tolist():
            painter.drawLine(QPointF(x, plot.bottom() - 5), QPointF(x, plot.bottom()))
        xs, ys = x_of(times), y_of(np.nan_to_num(series.levels))
        path = QPainterPath()
        for start, stop in runs(valid):
            path.moveTo(float(xs[start]), float(ys[start]))
            for i in range(start + 1, stop):
                path.lineTo(float(xs[i]), float(ys[i]))
        painter.setPen(QPen(LINE, 2))
        painter.drawPath(path)
        painter.setPen(QColor(40, 40, 40))
        painter.drawText(QPointF(2, plot.top() + metrics.ascent()), f"{high:.1f}")
        painter.drawText(QPointF(2, plot.bottom()), f"{low:.1f}")
        frame = series.frame
        first, last = frame["time"].iloc[0], frame["time"].iloc[-1]
        painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), metrics.height()), Qt.AlignmentFlag.AlignLeft,
                         first.strftime("%m/%d %H:%M"))  # fmt: skip
        painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), metrics.height()), Qt.AlignmentFlag.AlignRight,
                         last.strftime("%m/%d %H:%M"))  # fmt: skip
        painter.end()
