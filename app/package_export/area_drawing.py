"""Drawing a package's area on the 2D map: click the corners, Enter (or a double-click) to finish.

Backspace takes the last corner back and Esc gives up. The finished polygon is written as a
GeoJSON file, so a drawn area and a polygon file take the same path into ``parse_area``.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

from pyproj import CRS, Transformer
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from app.map2d.canvas import MapCanvas
from i18n import t

LonLat = tuple[float, float]


class AreaDrawingOverlay(QWidget):
    """Signals ``finished(list)`` with the corners as (lon, lat) in JGD2011 degrees, or ``canceled()``."""

    finished = Signal(list)
    canceled = Signal()

    def __init__(self, canvas: MapCanvas, crs: CRS) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.corners: list[LonLat] = []
        self._to_world = Transformer.from_crs(6668, crs, always_xy=True)
        self._to_lonlat = Transformer.from_crs(crs, 6668, always_xy=True)
        self.setGeometry(canvas.rect())
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(t("区域の角をクリック、Enter で確定、Backspace で 1 つ戻す、Esc で中止",
                          "Click the area's corners; Enter to finish, Backspace to undo one, Esc to cancel"))  # fmt: skip
        canvas.view_changed.connect(self._follow)
        self.show()
        self.setFocus()

    def _follow(self, _view: object) -> None:
        self.setGeometry(self.canvas.rect())
        self.update()

    def to_lonlat(self, pos: QPointF) -> LonLat:
        x, y = self.canvas.view.to_world(pos.x(), pos.y())
        lon, lat = self._to_lonlat.transform(x, y)
        return float(lon), float(lat)

    def _to_screen(self, point: LonLat) -> QPointF:
        sx, sy = self.canvas.view.to_screen(*self._to_world.transform(*point))
        return QPointF(float(sx), float(sy))

    # input -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self.corners.append(self.to_lonlat(event.position()))
            self.update()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self._finish()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
        elif key == Qt.Key.Key_Backspace and self.corners:
            self.corners.pop()
            self.update()
        elif key == Qt.Key.Key_Escape:
            self._close()
            self.canceled.emit()
        else:
            super().keyPressEvent(event)

    def _finish(self) -> None:
        corners = list(dict.fromkeys(self.corners))  # a double-click adds its point twice
        if len(corners) < 3:
            return
        self._close()
        self.finished.emit(corners)

    def _close(self) -> None:
        self.canvas.view_changed.disconnect(self._follow)
        self.hide()
        self.deleteLater()

    # drawing ---------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if not self.corners:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(200, 0, 90), 3))
        painter.setBrush(QColor(200, 0, 90, 50))
        painter.drawPolygon(QPolygonF([self._to_screen(p) for p in self.corners]))
        painter.end()


def write_area(corners: list[LonLat], folder: Path | None = None) -> Path:
    """The drawn area as a GeoJSON polygon file (JGD2011 lon/lat), named after the time it was drawn."""
    folder = folder if folder is not None else Path(tempfile.mkdtemp(prefix="nigezero-area-"))
    path = folder / f"描いた区域-{datetime.now():%Y%m%d-%H%M%S}.geojson"
    ring = [list(p) for p in corners] + [list(corners[0])]
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    document = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6668"}},
                "features": [feature]}  # fmt: skip
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path
