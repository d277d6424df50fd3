"""The 2D map widget: the project's layers in its plane-rectangular zone, with pan and zoom.

Drawing is two-level. Each layer's drawer keeps an image of the last view it drew
(:class:`~app.map2d.base_item.MapItem`); a *frame* is those images composed bottom to top
with each layer's opacity. A paint event only blits the frame and draws the overlays. While
the user drags or turns the wheel, the old frame is blitted shifted or scaled (instant), and
the frame is re-rendered once the gesture pauses; opacity, visibility and order changes only
re-compose. Keys: arrows pan, +/- zoom, Home shows everything.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from app.map2d.base_item import MapItem
from app.map2d.items import item_for
from app.map2d.overlays import draw_attribution, draw_north_arrow, draw_scale_bar
from app.map2d.viewport import Viewport
from layers.base import Layer
from layers.project import Project
from layers.zones import Zone

BACKGROUND = QColor(246, 246, 242)
ZOOM_STEP = 1.5
"""Zoom factor of one key press (+/-); one wheel notch zooms by its square root."""
PAN_FRACTION = 0.125
"""An arrow key moves the map by this fraction of the window."""
SETTLE_MS = 120
"""A pan or zoom gesture re-renders the layers after this pause (the old frame moves meanwhile)."""
MODEL_SETTLE_MS = 40
"""Changes to the layers (added, restyled, shown, reordered) re-render after this pause, so a
burst of them — layers arriving one by one while a project loads — costs one render."""


class MapCanvas(QWidget):
    """Draws a :class:`~layers.project.Project` and follows its events.

    Signals
    -------
    view_changed(Viewport)
        After every pan, zoom or resize.
    cursor_moved(float, float)
        The world position (easting, northing in the view CRS) under the mouse.
    rendered(float)
        A frame was rendered; the value is the time it took in milliseconds.
    """

    view_changed = Signal(object)
    cursor_moved = Signal(float, float)
    rendered = Signal(float)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 240)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._project = project
        self._items: dict[Layer, MapItem] = {}
        self._view = Viewport(width=max(1, self.width()), height=max(1, self.height()))
        self._frame: QImage | None = None
        self._frame_view: Viewport | None = None
        self._user_moved = False
        self._drag_last: QPointF | None = None
        self._render_timer = QTimer(self, singleShot=True, timeout=self.render_now)
        project.layers.events.inserted.connect(self._on_inserted)
        project.layers.events.removed.connect(self._on_removed)
        project.layers.events.moved.connect(self._schedule_render)
        project.events.zone.connect(self._on_zone)
        self._on_zone(project.zone)

    # model --------------------------------------------------------------
    def disconnect_model(self) -> None:
        """Stop following the project and its layers (call before the widget goes away)."""
        self._project.layers.events.inserted.disconnect(self._on_inserted)
        self._project.layers.events.removed.disconnect(self._on_removed)
        self._project.layers.events.moved.disconnect(self._schedule_render)
        self._project.events.zone.disconnect(self._on_zone)
        for layer in list(self._items):
            self._drop_item(layer)

    def _on_zone(self, zone: Zone | None) -> None:
        for layer in list(self._items):
            self._drop_item(layer)
        if zone is not None:
            for layer in self._project.layers:
                self._add_item(layer)
        self._fit_unless_moved()

    def _on_inserted(self, index: int, layer: Layer) -> None:
        if layer not in self._items and self._project.crs is not None:
            self._add_item(layer)
        self._fit_unless_moved()

    def _on_removed(self, index: int, layer: Layer) -> None:
        self._drop_item(layer)
        self._schedule_render()

    def _add_item(self, layer: Layer) -> None:
        assert self._project.crs is not None
        self._items[layer] = item_for(layer, self._project.crs)
        layer.events.style.connect(self._items[layer].invalidate)
        layer.events.connect(self._schedule_render)

    def _drop_item(self, layer: Layer) -> None:
        item = self._items.pop(layer)
        layer.events.style.disconnect(item.invalidate)
        layer.events.disconnect(self._schedule_render)

    # view ---------------------------------------------------------------
    @property
    def view(self) -> Viewport:
        return self._view

    def set_view(self, view: Viewport, settle_ms: int = 0) -> None:
        """Show ``view`` now (the last frame, moved) and render the layers after ``settle_ms``."""
        self._view = view
        self.view_changed.emit(view)
        self.update()
        self._render_timer.start(settle_ms)

    def full_extent(self) -> tuple[float, float, float, float] | None:
        """The union of the visible layers' bounds in the view CRS (all layers if none visible)."""
        shown = [item for layer, item in self._items.items() if layer.visible] or list(self._items.values())
        boxes = [b for item in shown if (b := item.world_bounds()) is not None]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def zoom_full(self, settle_ms: int = 0) -> None:
        """Show every visible layer whole."""
        if (box := self.full_extent()) is not None:
            self.set_view(self._view.fitted(box), settle_ms)

    def zoom_to_layer(self, layer: Layer) -> None:
        """Show ``layer`` whole."""
        item = self._items.get(layer)
        if item is not None and (box := item.world_bounds()) is not None:
            self._user_moved = True
            self.set_view(self._view.fitted(box))

    def zoom_in(self) -> None:
        self._user_moved = True
        self.set_view(self._view.zoomed(ZOOM_STEP), SETTLE_MS)

    def zoom_out(self) -> None:
        self._user_moved = True
        self.set_view(self._view.zoomed(1 / ZOOM_STEP), SETTLE_MS)

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        """Move the map content by (``dx_px``, ``dy_px``) pixels (positive: right, down)."""
        self._user_moved = True
        self.set_view(self._view.panned(dx_px, dy_px), SETTLE_MS)

    def _fit_unless_moved(self) -> None:
        if not self._user_moved:
            self.zoom_full(MODEL_SETTLE_MS)
        self._schedule_render()

    # rendering ----------------------------------------------------------
    def _schedule_render(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.start(MODEL_SETTLE_MS)

    def render_now(self) -> None:
        """Compose the frame for the current view (re-drawing only layers whose image is stale)."""
        self._render_timer.stop()
        started = time.perf_counter()
        ratio = self.devicePixelRatioF()
        view = self._view
        frame = QImage(round(view.width * ratio), round(view.height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        frame.setDevicePixelRatio(ratio)
        frame.fill(BACKGROUND)
        painter = QPainter(frame)
        try:
            for layer in self._project.layers:
                item = self._items.get(layer)
                if item is None or not layer.visible or layer.opacity == 0:
                    continue
                painter.setOpacity(layer.opacity)
                painter.drawImage(QPointF(0, 0), item.image(view, ratio))
        finally:
            painter.end()
        self._frame, self._frame_view = frame, view
        self.update()
        self.rendered.emit((time.perf_counter() - started) * 1000)

    def snapshot(self) -> QImage:
        """The map as shown, layers and overlays, rendered up to date (for PNG export)."""
        if self._frame_view != self._view or self._render_timer.isActive():
            self.render_now()
        return self.grab().toImage()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if self._frame is not None and self._frame_view is not None:
            if self._frame_view == self._view:
                painter.drawImage(QPointF(0, 0), self._frame)
            else:
                x0, y0, x1, y1 = self._frame_view.box
                sx0, sy0 = self._view.to_screen(x0, y1)
                sx1, sy1 = self._view.to_screen(x1, y0)
                painter.drawImage(QRectF(sx0, sy0, sx1 - sx0, sy1 - sy0), self._frame)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw_attribution(painter, self._view, self._project.attributions())
        painter.setFont(self.font())
        draw_scale_bar(painter, self._view)
        draw_north_arrow(painter, self._view)
        painter.end()

    # input --------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._view = self._view.resized(event.size().width(), event.size().height())
        if not self._user_moved and (box := self.full_extent()) is not None:
            self._view = self._view.fitted(box)
        self.view_changed.emit(self._view)
        self._schedule_render()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_last = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        self.cursor_moved.emit(*self._view.to_world(pos.x(), pos.y()))
        if self._drag_last is not None:
            delta = pos - self._drag_last
            self._drag_last = pos
            self.pan_by(delta.x(), delta.y())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._drag_last is not None:
            self._drag_last = None
            self.unsetCursor()
            self._schedule_render()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        notches = event.angleDelta().y() / 120
        if notches:
            self._user_moved = True
            pos = event.position()
            self.set_view(self._view.zoomed(ZOOM_STEP ** (notches / 2), (pos.x(), pos.y())), SETTLE_MS)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        step_x, step_y = self.width() * PAN_FRACTION, self.height() * PAN_FRACTION
        key = event.key()
        pans = {Qt.Key.Key_Left: (step_x, 0), Qt.Key.Key_Right: (-step_x, 0), Qt.Key.Key_Up: (0, step_y), Qt.Key.Key_Down: (0, -step_y)}
        if key in pans:
            self.pan_by(*pans[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_Home:
            self.zoom_full()
        else:
            super().keyPressEvent(event)
