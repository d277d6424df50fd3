"""The drill drawn over the 2D map at one moment: routes, flooded areas, everyone's position.

Routes and flood areas are projected and flattened once per drill (:class:`~layers.geometry.FeatureArrays`)
and drawn as world-coordinate paths through the painter's transform, so a pan or a new moment
costs only the positions (:func:`alerts.drill_trips.positions_at`, one numpy pass) and a handful
of draw calls. Colours are the 3D view's (:mod:`layers.outcomes`): routes by outcome, the flood
areas once flooded; a person's dot by their state at the moment.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QTransform

from alerts.drill_trips import STATES, DrillTrips, FloodTimeline, positions_at
from app.map2d.overlays import MARGIN, draw_swatch
from app.map2d.qt_arrays import path_from_rings, polygon_from_points
from app.map2d.viewport import Viewport
from hazards.model import LONLAT_CRS
from i18n import t
from layers.base import LegendEntry
from layers.geometry import FeatureArrays
from layers.outcomes import FLOODED_COLOR, OTHER_OUTCOME_COLOR, OUTCOME_COLORS

MOVING_COLOR = (255, 140, 0, 255)
"""A person on the way: orange, apart from the outcomes' green and red and the flood's blue."""
STATE_COLORS: dict[str, tuple[int, int, int, int]] = {
    "waiting": (255, 255, 255, 255),
    "moving": MOVING_COLOR,
    "arrived": OUTCOME_COLORS["arrived"],
    "cut_off": OUTCOME_COLORS["cut_off"],
    "stayed": OTHER_OUTCOME_COLOR,
}
"""A person's dot by :data:`alerts.drill_trips.STATES` (waiting: white, ringed in grey)."""
STATE_LABELS: dict[str, tuple[str, str]] = {
    "waiting": ("待機中", "waiting"),
    "moving": ("移動中", "on the way"),
    "arrived": ("到着", "arrived"),
    "cut_off": ("浸水で足止め", "stopped by water"),
    "stayed": ("垂直避難中", "upstairs"),
}
DOT_PX = 11.0
ROUTE_PX = 2.0


class DrillOverlay:
    """One drill's routes, flood areas and moment, drawn by :meth:`paint` in a view CRS."""

    def __init__(self, trips: DrillTrips, floods: FloodTimeline, crs: str) -> None:
        self.trips = trips
        self.t_s = 0.0
        self._to_crs = Transformer.from_crs(LONLAT_CRS, crs, always_xy=True)
        sizes = np.diff(trips.path_offsets)
        vertex_trip = np.repeat(np.arange(len(sizes)), sizes)
        on_route = (sizes > 1)[vertex_trip]
        travelled = np.flatnonzero(sizes > 1)
        lines = gpd.GeoSeries(shapely.linestrings(trips.coords[on_route], indices=np.searchsorted(travelled, vertex_trip[on_route])), crs=LONLAT_CRS)
        route_arrays = FeatureArrays.from_geoseries(lines, crs)
        outcome = trips.outcome[travelled]
        self._routes = [(_path(route_arrays, np.flatnonzero(outcome == o)), str(o)) for o in np.unique(outcome)]
        floods_arrays = FeatureArrays.from_geoseries(gpd.GeoSeries(floods.polygons, crs=LONLAT_CRS), crs)
        times = np.unique(floods.flood_s[np.isfinite(floods.flood_s)])
        self._floods = [(float(s), _path(floods_arrays, np.flatnonzero(floods.flood_s == s))) for s in times]

    @property
    def world_bounds(self) -> tuple[float, float, float, float] | None:
        """min x, min y, max x, max y of everyone's trip in the view CRS (None when nobody is located)."""
        x, y = self._to_crs.transform(self.trips.coords[:, 0], self.trips.coords[:, 1])
        located = np.isfinite(x) & np.isfinite(y)
        if not located.any():
            return None
        return float(x[located].min()), float(y[located].min()), float(x[located].max()), float(y[located].max())

    def set_time(self, t_s: float) -> None:
        self.t_s = float(t_s)

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """Everyone's world position (view CRS) and state at the overlay's moment."""
        lonlat, state = positions_at(self.trips, self.t_s)
        x, y = self._to_crs.transform(lonlat[:, 0], lonlat[:, 1])
        return np.column_stack([x, y]), state

    def paint(self, painter: QPainter, view: Viewport) -> None:
        """Flooded areas (flooded by now), routes, then everyone's dot; and the moment, top left."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(_world_to_screen(view), True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(*FLOODED_COLOR))
        for flood_s, path in self._floods:
            if flood_s <= self.t_s:
                painter.drawPath(path)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, outcome in self._routes:
            color = QColor(*OUTCOME_COLORS.get(str(outcome), OTHER_OUTCOME_COLOR))
            color.setAlpha(150)
            pen = QPen(color, ROUTE_PX)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPath(path)
        painter.restore()
        self._paint_people(painter, view)
        self._paint_clock(painter, view)

    def _paint_people(self, painter: QPainter, view: Viewport) -> None:
        xy, state = self.positions()
        sx, sy = view.to_screen(xy[:, 0], xy[:, 1])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for name in STATES:
            pick = (state == name) & np.isfinite(sx) & np.isfinite(sy)
            if not pick.any():
                continue
            points = polygon_from_points(sx[pick], sy[pick])
            for color, width in ((QColor(60, 60, 60), DOT_PX + 3), (QColor(*STATE_COLORS[name]), DOT_PX)):
                pen = QPen(color, width)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawPoints(points)
        painter.restore()

    def _paint_clock(self, painter: QPainter, view: Viewport) -> None:
        moment = self.trips.start + pd.Timedelta(seconds=round(self.t_s))
        text = t("訓練 {m}", "Drill {m}", m=moment.strftime("%m/%d %H:%M"))
        painter.save()
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        box = QRectF(MARGIN, MARGIN, metrics.horizontalAdvance(text) + 20, metrics.height() + 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor(30, 30, 30))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        self._paint_legend(painter, QPointF(MARGIN, box.bottom() + 6))

    def _paint_legend(self, painter: QPainter, at: QPointF) -> None:
        """What the dots' colours and the shading mean."""
        entries = [LegendEntry(t(*STATE_LABELS[name]), STATE_COLORS[name], "circle") for name in STATES]
        entries.append(LegendEntry(t("浸水した区域", "flooded area"), FLOODED_COLOR, "fill"))
        painter.save()
        metrics = QFontMetricsF(painter.font())
        row = metrics.height() + 4
        width = max(metrics.horizontalAdvance(e.label) for e in entries) + 34
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 215))
        painter.drawRoundedRect(QRectF(at.x(), at.y(), width, row * len(entries) + 8), 4, 4)
        for i, entry in enumerate(entries):
            top = at.y() + 4 + row * i
            draw_swatch(painter, QRectF(at.x() + 6, top + 2, row - 4, row - 4), entry)
            painter.setPen(QColor(30, 30, 30))
            painter.drawText(QRectF(at.x() + 26, top, width - 28, row), Qt.AlignmentFlag.AlignVCenter, entry.label)
        painter.restore()


def _world_to_screen(view: Viewport) -> QTransform:
    """The view's world → screen mapping (:meth:`Viewport.to_screen`) as a painter transform."""
    s = view.scale
    return QTransform(1 / s, 0, 0, -1 / s, view.width / 2 - view.cx / s, view.height / 2 + view.cy / s)


def _path(arrays: FeatureArrays, features: np.ndarray) -> QPainterPath:
    """The rings (or lines) of ``features`` as one world-coordinate path."""
    rings = arrays.rings_of(features)
    if not len(rings):
        return QPainterPath()
    starts, ends = arrays.ring_offsets[rings], arrays.ring_offsets[rings + 1]
    index = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
    ring_starts = np.r_[0, np.cumsum(ends - starts)[:-1]]
    return path_from_rings(arrays.coords[index, 0], arrays.coords[index, 1], ring_starts)
