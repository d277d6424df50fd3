"""The plan drawn over the 2D map — home, destination, suggested shelters, route — and its editing.

A transparent child widget of :class:`~app.map2d.canvas.MapCanvas`: it paints in the canvas's
screen coordinates (through the canvas's :class:`~app.map2d.viewport.Viewport`) and, only in an
editing mode, takes left and right clicks; every other event (wheel, drags on the map, keys)
goes on to the canvas, so panning and zooming keep working while editing.

Modes: ``view`` (nothing taken), ``home`` (a click sets the home), ``route`` (a click adds a
vertex — on a segment it is inserted there, elsewhere appended —, dragging a vertex moves it,
a right click deletes it). Edits are emitted as signals; the editor turns them into undoable
commands.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget
from pyproj import CRS, Transformer

from app.map2d.canvas import MapCanvas
from app.plans.draft import Draft, LonLat
from i18n import t

HIT_PX = 9.0
"""A click this close to a vertex (or segment) takes it."""
ROUTE = QColor(25, 90, 200)
HOME = QColor(200, 30, 30)
SHELTER = QColor(20, 140, 60)
MODES = ("view", "home", "route")


class PlanOverlay(QWidget):
    """Signals carry (longitude, latitude) in JGD2011 degrees.

    Signals
    -------
    home_clicked(float, float)
    vertex_added(int, float, float)
        Index to insert at and the point.
    vertex_moved(int, float, float)
    vertex_deleted(int)
    """

    home_clicked = Signal(float, float)
    vertex_added = Signal(int, float, float)
    vertex_moved = Signal(int, float, float)
    vertex_deleted = Signal(int)

    def __init__(self, canvas: MapCanvas, crs: CRS, draft: Draft) -> None:
        super().__init__(canvas)
        self.canvas, self.draft = canvas, draft
        self._to_world = Transformer.from_crs(6668, crs, always_xy=True)
        self._to_lonlat = Transformer.from_crs(crs, 6668, always_xy=True)
        self.destination: tuple[LonLat, str] | None = None
        self.suggested: list[tuple[LonLat, str]] = []
        self.selected: int | None = None
        self._drag: tuple[int, QPointF, QPointF] | None = None
        """(vertex, where the drag started, where it is now) while a vertex is dragged."""
        self.mode = "view"
        self.set_mode("view")
        self.setGeometry(canvas.rect())
        canvas.view_changed.connect(self._follow)
        self.show()

    def _follow(self, _view: object) -> None:
        self.setGeometry(self.canvas.rect())
        self.update()

    def set_mode(self, mode: str) -> None:
        """Switch between ``view``, ``home`` and ``route`` editing.

        Raises
        ------
        ValueError
            If ``mode`` is not one of :data:`MODES`.
        """
        if mode not in MODES:
            raise ValueError(f"mode should be one of {', '.join(MODES)}, got {mode!r} instead")
        self.mode = mode
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, mode == "view")
        self.setCursor(Qt.CursorShape.CrossCursor if mode != "view" else Qt.CursorShape.ArrowCursor)
        self.update()

    # coordinates -----------------------------------------------------------
    def to_screen(self, point: LonLat) -> QPointF:
        x, y = self._to_world.transform(*point)
        sx, sy = self.canvas.view.to_screen(x, y)
        return QPointF(float(sx), float(sy))

    def to_lonlat(self, pos: QPointF) -> LonLat:
        x, y = self.canvas.view.to_world(pos.x(), pos.y())
        lon, lat = self._to_lonlat.transform(x, y)
        return float(lon), float(lat)

    def vertex_at(self, pos: QPointF) -> int | None:
        """The route vertex within :data:`HIT_PX` of ``pos`` (the nearest), or None."""
        best, index = HIT_PX, None
        for i, point in enumerate(self.draft.route):
            d = (self.to_screen(point) - pos).manhattanLength() / 1.41
            if d <= best:
                best, index = d, i
        return index

    def segment_at(self, pos: QPointF) -> int | None:
        """Index of the route segment (i → i+1) within :data:`HIT_PX` of ``pos``, or None."""
        screen = [self.to_screen(p) for p in self.draft.route]
        for i, (a, b) in enumerate(zip(screen, screen[1:])):
            ab, ap = b - a, pos - a
            length2 = QPointF.dotProduct(ab, ab)
            u = max(0.0, min(1.0, QPointF.dotProduct(ap, ab) / length2)) if length2 else 0.0
            if ((a + ab * u) - pos).manhattanLength() / 1.41 <= HIT_PX:
                return i
        return None

    # input -----------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        pos, button = event.position(), event.button()
        if self.mode == "home" and button == Qt.MouseButton.LeftButton:
            self.home_clicked.emit(*self.to_lonlat(pos))
        elif self.mode == "route" and button == Qt.MouseButton.LeftButton:
            vertex = self.vertex_at(pos)
            if vertex is not None:
                self.selected, self._drag = vertex, (vertex, pos, pos)
            else:
                segment = self.segment_at(pos)
                index = segment + 1 if segment is not None else len(self.draft.route)
                self.selected = index
                self.vertex_added.emit(index, *self.to_lonlat(pos))
        elif self.mode == "route" and button == Qt.MouseButton.RightButton and (vertex := self.vertex_at(pos)) is not None:
            self.selected = None
            self.vertex_deleted.emit(vertex)
        else:
            event.ignore()
            return
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            event.ignore()
            return
        self._drag = (self._drag[0], self._drag[1], event.position())
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            event.ignore()
            return
        index, start, _ = self._drag
        self._drag = None
        if (event.position() - start).manhattanLength() > 2:
            self.vertex_moved.emit(index, *self.to_lonlat(event.position()))
        self.update()

    # drawing ---------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for point, name in self.suggested:
            self._marker(painter, self.to_screen(point), SHELTER, name, dashed=True)
        if self.destination is not None:
            self._marker(painter, self.to_screen(self.destination[0]), SHELTER, self.destination[1])
        screen = [self.to_screen(p) for p in self.draft.route]
        if self._drag is not None:
            screen[self._drag[0]] = self._drag[2]
        painter.setPen(QPen(ROUTE, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.drawPolyline(QPolygonF(screen))
        for i, point in enumerate(screen):
            painter.setPen(QPen(ROUTE, 2))
            painter.setBrush(QColor(230, 40, 40) if i == self.selected else QColor("white"))
            painter.drawRect(QRectF(point.x() - 5, point.y() - 5, 10, 10))
        if self.draft.home is not None:
            self._marker(painter, self.to_screen(self.draft.home), HOME, t("自宅", "Home"))
        if self.mode != "view":
            hint = t("クリック: 自宅を指定  Esc: 終了", "Click: set home  Esc: done") if self.mode == "home" else t(
                "クリック: 点を追加 (線上は挿入)  ドラッグ: 移動  右クリック: 削除  Esc: 終了",
                "Click: add vertex (on a segment: insert)  Drag: move  Right-click: delete  Esc: done")  # fmt: skip
            painter.setPen(QColor(20, 20, 20))
            painter.fillRect(QRectF(8, 8, painter.fontMetrics().horizontalAdvance(hint) + 16, 26), QColor(255, 255, 230, 230))
            painter.drawText(QRectF(16, 8, self.width(), 26), Qt.AlignmentFlag.AlignVCenter, hint)
        painter.end()

    @staticmethod
    def _marker(painter: QPainter, at: QPointF, colour: QColor, label: str, dashed: bool = False) -> None:
        painter.setPen(QPen(colour, 3, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
        painter.setBrush(QColor(colour.red(), colour.green(), colour.blue(), 40 if dashed else 200))
        painter.drawEllipse(at, 9, 9)
        painter.setPen(QColor(20, 20, 20))
        painter.drawText(at + QPointF(12, -10), label)
