"""The 2D map widget: the project's layers in its plane-rectangular zone, with pan and zoom.

Drawing is two-level. Each layer's drawer keeps an image of the last view it drew
(:class:`~app.map2d.base_item.MapItem`); a *frame* is those images composed bottom to top
with each layer's opacity. Frames are rendered on a dedicated thread
(:class:`~app.map2d.render_thread.RenderThread`), so a big layer never freezes the window: a
paint event only blits the newest frame (moved and scaled to the current view while the next
one renders) and draws the overlays and the selection. Opacity, visibility and order changes
only re-compose. The map opens on where people live and go (:data:`OPENING_KINDS`). Keys: arrows
pan, +/- zoom, Home shows everything, Enter identifies at the cursor, Esc clears the selection.
A click (a press released without dragging) identifies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFontMetricsF,
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
from app.map2d.overlays import (
    FurnitureCache,
    attribution_box,
    draw_attribution,
    draw_north_arrow,
    draw_scale_bar,
    north_arrow_box,
    scale_bar_box,
)
from app.map2d.render_thread import Frame, FrameRequest, RenderThread
from app.map2d.selection import Selection, draw_selection
from app.map2d.viewport import Viewport
from layers.base import Layer
from layers.identify import Hit, identify
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
CLICK_SLOP_PX = 4
"""A press released within this many pixels is a click (identify), farther a drag (pan)."""
PICK_TOLERANCE_PX = 6
"""Lines and point markers this near the click are hit."""
OPENING_KINDS = ("buildings", "residents", "shelters")
"""Until the user moves the map it fits these layers (where people live and go): a river gauge
far upstream would otherwise shrink the town into a corner."""


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
    identified(list)
        The :class:`~layers.identify.Hit` list (top layer first; empty when nothing is there)
        of a click or Enter; the first hit is selected.
    selection_cleared()
        Esc (or a click on empty ground) cleared the selection.
    """

    view_changed = Signal(object)
    cursor_moved = Signal(float, float)
    rendered = Signal(float)
    identified = Signal(list)
    selection_cleared = Signal()

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
        self._generation = 0
        self._shown_generation = 0
        self._renderer = RenderThread()
        self._renderer.frame_ready.connect(self._show_frame)
        self._user_moved = False
        self._furniture = FurnitureCache()
        self._drag_last: QPointF | None = None
        self._press_at: QPointF | None = None
        self.identify_enabled = True
        self.selection: Selection | None = None
        self.overlays: list[Callable[[QPainter, Viewport], None]] = []
        """Drawings over the layers and selection, under the map furniture, every paint (e.g. a
        drill's moment, :mod:`app.drill.overlay`); call :meth:`update` after changing what they show."""
        self._render_timer = QTimer(self, singleShot=True, timeout=self._request_render)
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
        self._render_timer.stop()
        self._renderer.close()

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
        item.close()
        if self.selection is not None and self.selection.layer is layer:
            self.clear_selection()

    def items(self) -> list[tuple[Layer, MapItem]]:
        """The drawers of the project's layers, bottom first (for exports)."""
        return [(layer, self._items[layer]) for layer in self._project.layers if layer in self._items]

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
        return _union(item.world_bounds() for item in shown)

    def opening_extent(self) -> tuple[float, float, float, float] | None:
        """What the map fits until the user moves it: the visible layers of :data:`OPENING_KINDS`
        when there are any, else :meth:`full_extent` (Home still shows everything)."""
        people = [item for layer, item in self._items.items() if layer.visible and layer.kind in OPENING_KINDS]
        return _union(item.world_bounds() for item in people) or self.full_extent()

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
        if not self._user_moved and (box := self.opening_extent()) is not None:
            self.set_view(self._view.fitted(box), MODEL_SETTLE_MS)
        self._schedule_render()

    # rendering ----------------------------------------------------------
    def _schedule_render(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.start(MODEL_SETTLE_MS)

    def _request_render(self) -> int:
        """Ask the render thread for the frame of the current view; returns its generation."""
        self._render_timer.stop()
        self._generation += 1
        shown = tuple(
            (item, layer.opacity)
            for layer in self._project.layers
            if (item := self._items.get(layer)) is not None and layer.visible and layer.opacity > 0
        )
        self._renderer.request(FrameRequest(self._generation, self._view, self.devicePixelRatioF(), BACKGROUND, shown))
        return self._generation

    def _show_frame(self, frame: Frame) -> None:
        if frame.generation <= self._shown_generation:
            return  # render_now showed it already, or a newer one is up
        self._shown_generation = frame.generation
        self._frame, self._frame_view = frame.image, frame.view
        self.update()
        self.rendered.emit(frame.ms)

    def render_now(self, timeout: float = 60.0) -> None:
        """Render the current view and wait for it (exports, tests, benchmarks; the map itself
        never waits: it shows the last frame moved until the new one arrives)."""
        frame = self._renderer.wait(self._request_render(), timeout)
        if frame is not None:
            self._show_frame(frame)

    def snapshot(self) -> QImage:
        """The map as shown, layers and overlays, rendered up to date (for PNG export)."""
        if self._frame_view != self._view or self._render_timer.isActive() or self._shown_generation < self._generation:
            self.render_now()
        return self.grab().toImage()

    # identify and selection -----------------------------------------------
    def identify_at(self, sx: float, sy: float) -> list[Hit]:
        """Identify what lies under screen point (``sx``, ``sy``); select the top hit."""
        if self._project.crs is None:
            return []
        x, y = self._view.to_world(sx, sy)
        hits = identify(list(self._project.layers), self._project.crs, x, y, PICK_TOLERANCE_PX * self._view.scale)
        if hits:
            self.selection = Selection(hits[0].layer, hits[0].feature, (x, y))
            self.update()
        else:
            self.clear_selection()
        self.identified.emit(hits)
        return hits

    def clear_selection(self) -> None:
        """Drop the selection outline (Esc)."""
        if self.selection is not None:
            self.selection = None
            self.update()
            self.selection_cleared.emit()

    def keyboard_point(self) -> tuple[float, float]:
        """Where Enter identifies: the mouse position when it is over the map, else the centre."""
        pos = self.mapFromGlobal(QCursor.pos())
        if self.rect().contains(pos):
            return float(pos.x()), float(pos.y())
        return self._view.width / 2, self._view.height / 2

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        if self._frame is not None and self._frame_view == self._view:
            painter.drawImage(QPointF(0, 0), self._frame)  # covers the widget: no background needed
        else:
            painter.fillRect(self.rect(), BACKGROUND)
            if self._frame is not None and self._frame_view is not None:  # the last frame, moved and scaled meanwhile
                x0, y0, x1, y1 = self._frame_view.box
                sx0, sy0 = self._view.to_screen(x0, y1)
                sx1, sy1 = self._view.to_screen(x1, y0)
                painter.drawImage(QRectF(sx0, sy0, sx1 - sx0, sy1 - sy0), self._frame)
        if self.selection is not None and self._project.crs is not None:
            draw_selection(painter, self._view, self._project.crs, self.selection)
        for draw in self.overlays:
            draw(painter, self._view)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font())
        view, lines = self._view, self._project.attributions()
        if lines:
            box = attribution_box(view, lines, painter.font())
            self._furniture.draw(painter, ("出典", tuple(lines), view.width, view.height), box, lambda p: draw_attribution(p, view, lines))
        box = scale_bar_box(view, QFontMetricsF(painter.font()))
        self._furniture.draw(painter, ("scale", view.scale, view.width, view.height), box, lambda p: draw_scale_bar(p, view))
        self._furniture.draw(painter, ("north", view.width), north_arrow_box(view), lambda p: draw_north_arrow(p, view))
        painter.end()

    # input --------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._view = self._view.resized(event.size().width(), event.size().height())
        if not self._user_moved and (box := self.opening_extent()) is not None:
            self._view = self._view.fitted(box)
        self.view_changed.emit(self._view)
        self._schedule_render()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_last = event.position()
            self._press_at = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        self.cursor_moved.emit(*self._view.to_world(pos.x(), pos.y()))
        if self._drag_last is not None:
            if self._press_at is not None and (pos - self._press_at).manhattanLength() <= CLICK_SLOP_PX:
                return  # still a click: the map does not wobble under it
            self._press_at = None
            delta = pos - self._drag_last
            self._drag_last = pos
            self.pan_by(round(delta.x()), round(delta.y()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._drag_last is not None:
            self._drag_last = None
            self.unsetCursor()
            if self._press_at is not None and self.identify_enabled:
                self.identify_at(self._press_at.x(), self._press_at.y())
            self._press_at = None
            self._schedule_render()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        notches = event.angleDelta().y() / 120
        if notches:
            self._user_moved = True
            pos = event.position()
            self.set_view(self._view.zoomed(ZOOM_STEP ** (notches / 2), (pos.x(), pos.y())), SETTLE_MS)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        step_x, step_y = round(self.width() * PAN_FRACTION), round(self.height() * PAN_FRACTION)
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
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.identify_enabled:
            self.identify_at(*self.keyboard_point())
        elif key == Qt.Key.Key_Escape and self.selection is not None:
            self.clear_selection()
        else:
            super().keyPressEvent(event)


def _union(boxes: Iterable[tuple[float, float, float, float] | None]) -> tuple[float, float, float, float] | None:
    known = [b for b in boxes if b is not None]
    if not known:
        return None
    return (min(b[0] for b in known), min(b[1] for b in known), max(b[2] for b in known), max(b[3] for b in known))
