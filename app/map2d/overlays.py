"""Map furniture drawn over the layers every frame: scale bar, north arrow, 出典 lines.

They are cheap (a few shapes and lines of text), so they are painted on top of the cached
layer image instead of being baked into it, and stay sharp while the map pans.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen, QPolygonF

from app.map2d.viewport import Viewport
from layers.base import LegendEntry

MARGIN = 12.0
_BOX = QColor(255, 255, 255, 215)
_INK = QColor(30, 30, 30)


def nice_length(max_metres: float) -> float:
    """The largest 1, 2 or 5 × 10ⁿ metres not above ``max_metres`` (scale-bar length).

    Examples
    --------
    >>> nice_length(730.0), nice_length(0.9)
    (500.0, 0.5)
    """
    base = 10.0 ** math.floor(math.log10(max_metres))
    return next(step * base for step in (5.0, 2.0, 1.0) if step * base <= max_metres)


def format_length(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def scale_bar_box(view: Viewport, metrics: QFontMetricsF) -> QRectF:
    """Where :func:`draw_scale_bar` draws, for text of ``metrics``."""
    length = nice_length(view.width * view.scale / 5) / view.scale
    right, bottom = view.width - MARGIN, view.height - MARGIN
    return QRectF(right - length - 16, bottom - metrics.height() - 22, length + 16, metrics.height() + 22)


def draw_scale_bar(painter: QPainter, view: Viewport) -> None:
    """A two-tone bar at the bottom right, about a fifth of the width long."""
    metres = nice_length(view.width * view.scale / 5)
    length = metres / view.scale
    label = format_length(metres)
    metrics = QFontMetricsF(painter.font())
    right, bottom = view.width - MARGIN, view.height - MARGIN
    box = scale_bar_box(view, metrics)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_BOX)
    painter.drawRoundedRect(box, 4, 4)
    bar_y = bottom - 12
    left = right - 8 - length
    painter.setPen(QPen(_INK, 1))
    for i in range(4):
        painter.setBrush(_INK if i % 2 == 0 else QColor("white"))
        painter.drawRect(QRectF(left + i * length / 4, bar_y, length / 4, 6))
    painter.drawText(QRectF(left, box.top() + 3, length, metrics.height()), Qt.AlignmentFlag.AlignCenter, label)


def north_arrow_box(view: Viewport) -> QRectF:
    """Where :func:`draw_north_arrow` draws."""
    return QRectF(view.width - MARGIN - 36, MARGIN, 36, 58)


def draw_north_arrow(painter: QPainter, view: Viewport) -> None:
    """A north arrow at the top right (the zone's grid north is the screen's up)."""
    cx, top = view.width - MARGIN - 18, MARGIN
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_BOX)
    painter.drawRoundedRect(north_arrow_box(view), 4, 4)
    tip, base = QPointF(cx, top + 20), top + 52
    painter.setPen(QPen(_INK, 1))
    painter.setBrush(_INK)
    painter.drawPolygon(QPolygonF([tip, QPointF(cx - 9, base), QPointF(cx, base - 8)]))
    painter.setBrush(QColor("white"))
    painter.drawPolygon(QPolygonF([tip, QPointF(cx + 9, base), QPointF(cx, base - 8)]))
    painter.drawText(QRectF(cx - 18, top + 2, 36, 18), Qt.AlignmentFlag.AlignCenter, "N")


def _attribution_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(8.0, font.pointSizeF() * 0.8))
    return small


def attribution_box(view: Viewport, lines: list[str], font: QFont) -> QRectF:
    """Where :func:`draw_attribution` draws ``lines`` when the painter's font is ``font``."""
    metrics = QFontMetricsF(_attribution_font(font))
    width = min(view.width * 0.62, max(metrics.horizontalAdvance(line) for line in lines) + 12)
    height = metrics.height() * len(lines) + 8
    return QRectF(MARGIN, view.height - MARGIN - height, width, height)


def draw_attribution(painter: QPainter, view: Viewport, lines: list[str]) -> None:
    """The 出典 lines the data licences require, bottom left on a light box."""
    if not lines:
        return
    box = attribution_box(view, lines, painter.font())
    font = _attribution_font(painter.font())
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    width = box.width()
    path = QPainterPath()
    path.addRoundedRect(box, 4, 4)
    painter.fillPath(path, _BOX)
    painter.setPen(_INK)
    for i, line in enumerate(lines):
        row = QRectF(box.left() + 6, box.top() + 4 + i * metrics.height(), width - 12, metrics.height())
        painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(line, Qt.TextElideMode.ElideRight, width - 12))


def draw_swatch(painter: QPainter, rect: QRectF, entry: LegendEntry) -> None:
    """A legend swatch in ``rect``: a filled box, a line, or the point marker (dot or square).

    Plain QPainter work, so the layer panel (on a pixmap) and print exports (on an image, off
    the GUI thread) draw the same swatches.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(*entry.color)
    if entry.shape == "fill":
        painter.setPen(QPen(QColor(110, 110, 110), 1))
        painter.setBrush(color)
        painter.drawRect(rect.adjusted(1, 1, -2, -2))
    elif entry.shape == "line":
        painter.setPen(QPen(color, 3))
        painter.drawLine(QPointF(rect.left() + 2, rect.center().y()), QPointF(rect.right() - 2, rect.center().y()))
    else:
        painter.setPen(QPen(QColor(60, 60, 60), 1))
        painter.setBrush(color)
        side = rect.height() - 3
        marker = QRectF(rect.center().x() - side / 2, rect.top() + 1, side, side)
        if entry.shape == "square":
            painter.drawRect(marker)
        else:
            painter.drawEllipse(marker)
    painter.restore()


class FurnitureCache:
    """The map furniture as small images, drawn again only when what it shows changes.

    Drawn directly, the scale bar and north arrow took 0.5 ms of a 1.2 ms repaint (antialiased
    boxes, text layout); a pan or a re-render at the same scale shows the same furniture, so it
    is drawn once into an image covering its box and then blitted. The image keeps the box's
    position within a pixel, so it looks exactly as drawn directly.
    """

    MAX_IMAGES = 16

    def __init__(self) -> None:
        self._images: dict[tuple[object, ...], QImage] = {}

    def draw(self, painter: QPainter, key: tuple[object, ...], box: QRectF, draw: Callable[[QPainter], None]) -> None:
        """Blit what ``draw`` paints inside ``box`` (painter coordinates), made once per ``key``
        (everything it depends on besides the painter's font, ratio and hints)."""
        ratio = painter.device().devicePixelRatioF()
        x0, y0 = math.floor(box.left() * ratio) / ratio, math.floor(box.top() * ratio) / ratio  # on a device pixel
        full_key = (key, painter.font().key(), ratio, int(painter.renderHints().value), x0, y0)
        image = self._images.get(full_key)
        if image is None:
            width, height = box.right() - x0 + 2, box.bottom() - y0 + 2
            image = QImage(math.ceil(width * ratio), math.ceil(height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            drawer = QPainter(image)
            drawer.setRenderHints(painter.renderHints())
            drawer.setFont(painter.font())
            drawer.translate(-x0, -y0)
            draw(drawer)
            drawer.end()
            if len(self._images) >= self.MAX_IMAGES:
                self._images.pop(next(iter(self._images)))
            self._images[full_key] = image
        painter.drawImage(QPointF(x0, y0), image)
