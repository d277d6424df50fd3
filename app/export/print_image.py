"""A print-ready image of the map (A4/A3 landscape at a chosen dpi): map, legend, scale bar,
north arrow and 出典, as a municipal print layout needs them, not a screenshot.

Rendered on a worker thread (painting a ``QImage`` is thread-safe; nothing here touches a
widget or a pixmap). The image has a device pixel ratio of dpi / 96, so the drawers' sizes in
logical pixels (line widths, markers, fonts) come out at their screen size in millimetres.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from app.map2d.base_item import MapItem
from app.map2d.overlays import draw_attribution, draw_north_arrow, draw_scale_bar, draw_swatch
from app.map2d.viewport import Viewport
from i18n import t
from layers.base import Layer

PAGES_MM: dict[str, tuple[float, float]] = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
"""Landscape paper sizes in millimetres (width, height)."""
SCREEN_DPI = 96.0
MARGIN_MM = 10.0
LEGEND_MM = 70.0
"""Width of the legend column on the right."""


@dataclass(frozen=True)
class PrintSpec:
    """What to print: ``page`` ("A4" or "A3", landscape), ``dpi``, ``title`` and the date line."""

    page: str = "A4"
    dpi: int = 300
    title: str = ""
    subtitle: str = ""

    def pixel_size(self) -> tuple[int, int]:
        """The image size in pixels (e.g. 3508 × 2480 for A4 at 300 dpi)."""
        if self.page not in PAGES_MM:
            raise ValueError(f"page should be one of {', '.join(PAGES_MM)}, got {self.page!r}")
        w, h = PAGES_MM[self.page]
        return round(w / 25.4 * self.dpi), round(h / 25.4 * self.dpi)


def render_print(spec: PrintSpec, layers: Sequence[tuple[Layer, MapItem]], view: Viewport, attributions: list[str]) -> QImage:
    """The page: ``view``'s extent (at least) in the map frame, the legend of the visible
    ``layers`` (bottom first, as in the project) on the right, title on top.
    """
    width_px, height_px = spec.pixel_size()
    ratio = spec.dpi / SCREEN_DPI
    mm = spec.dpi / 25.4 / ratio  # logical pixels per millimetre
    page = QImage(width_px, height_px, QImage.Format.Format_ARGB32_Premultiplied)
    page.setDevicePixelRatio(ratio)
    page.fill(QColor("white"))
    logical_w, logical_h = width_px / ratio, height_px / ratio
    title_h = 12 * mm
    map_rect = QRectF(MARGIN_MM * mm, MARGIN_MM * mm + title_h, logical_w - (2 * MARGIN_MM + LEGEND_MM) * mm - 4 * mm,
                      logical_h - 2 * MARGIN_MM * mm - title_h)  # fmt: skip
    map_view = _fit(view, int(map_rect.width()), int(map_rect.height()))
    shown = [(layer, item) for layer, item in layers if layer.visible and layer.opacity > 0]
    painter = QPainter(page)
    try:
        _draw_title(painter, spec, QRectF(MARGIN_MM * mm, MARGIN_MM * mm, logical_w - 2 * MARGIN_MM * mm, title_h))
        painter.save()
        painter.translate(map_rect.topLeft())
        painter.setClipRect(QRectF(0, 0, map_rect.width(), map_rect.height()))
        for layer, item in shown:
            painter.setOpacity(layer.opacity)
            painter.drawImage(QPointF(0, 0), _layer_image(item, map_view, ratio))
        painter.setOpacity(1.0)
        draw_attribution(painter, map_view, attributions)
        painter.setFont(QFont(painter.font().family(), 10))
        draw_scale_bar(painter, map_view)
        draw_north_arrow(painter, map_view)
        painter.restore()
        painter.setPen(QPen(QColor(60, 60, 60), 0.8))
        painter.drawRect(map_rect)
        legend_rect = QRectF(map_rect.right() + 4 * mm, map_rect.top(), LEGEND_MM * mm, map_rect.height())
        draw_legend(painter, legend_rect, [layer for layer, _ in reversed(shown)])
    finally:
        painter.end()
    # Set only now: while painting, fonts are sized at 96 logical dpi times the pixel ratio.
    page.setDotsPerMeterX(round(spec.dpi / 0.0254))
    page.setDotsPerMeterY(round(spec.dpi / 0.0254))
    return page


def _fit(view: Viewport, width: int, height: int) -> Viewport:
    """``view``'s centre, at a scale showing at least its extent in ``width`` × ``height``."""
    scale = max(view.width * view.scale / width, view.height * view.scale / height)
    return Viewport(view.cx, view.cy, scale, width, height)


def _layer_image(item: MapItem, view: Viewport, ratio: float) -> QImage:
    """One layer drawn alone (so its opacity applies once, over every shape of it)."""
    image = QImage(round(view.width * ratio), round(view.height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        item.draw(painter, view)
    finally:
        painter.end()
    return image


def _draw_title(painter: QPainter, spec: PrintSpec, rect: QRectF) -> None:
    font = QFont(painter.font().family(), 16)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(20, 20, 20))
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, spec.title)
    painter.setFont(QFont(painter.font().family(), 10))
    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, spec.subtitle)


def draw_legend(painter: QPainter, rect: QRectF, layers: list[Layer]) -> None:
    """Each layer's name and legend rows (swatch and label), top layer first, in ``rect``."""
    painter.save()
    heading = QFont(painter.font().family(), 11)
    heading.setBold(True)
    body = QFont(painter.font().family(), 9)
    y = rect.top()
    painter.setFont(heading)
    painter.setPen(QColor(20, 20, 20))
    painter.drawText(QRectF(rect.left(), y, rect.width(), 24), Qt.AlignmentFlag.AlignLeft, t("凡例", "Legend"))
    y += 28
    for layer in layers:
        entries = layer.legend()
        rows = [(heading, layer.name, None)] + [(body, e.label, e) for e in entries if e.label]
        for font, text, entry in rows:
            line = QFontMetricsF(font).height() + 4
            if y + line > rect.bottom():
                painter.restore()
                return
            painter.setFont(font)
            indent = 0.0
            if entry is not None:
                draw_swatch(painter, QRectF(rect.left() + 4, y + (line - 14) / 2, 22, 14), entry)
                indent = 32.0
            painter.drawText(QRectF(rect.left() + indent, y, rect.width() - indent, line), Qt.AlignmentFlag.AlignVCenter, text)
            y += line
        y += 6
    painter.restore()
