"""Which part of the world the map shows: centre, metres per pixel, widget size.

Plain arithmetic, kept apart from the widget so pan/zoom maths is testable and the render
cache can key on a value. World coordinates are the view CRS (x = easting, y = northing,
metres); screen coordinates are logical pixels with y down.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

MIN_SCALE = 0.02
"""Closest zoom in metres per pixel (2 cm: a building's corner fills the screen)."""
MAX_SCALE = 20_000.0
"""Farthest zoom in metres per pixel (all of Japan in a window)."""


@dataclass(frozen=True)
class Viewport:
    """The view: world centre (``cx``, ``cy``), ``scale`` in metres per pixel, size in pixels."""

    cx: float = 0.0
    cy: float = 0.0
    scale: float = 10.0
    width: int = 1
    height: int = 1

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The world rectangle shown: (min x, min y, max x, max y)."""
        half_w, half_h = self.width * self.scale / 2, self.height * self.scale / 2
        return (self.cx - half_w, self.cy - half_h, self.cx + half_w, self.cy + half_h)

    def to_screen(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """World → screen pixels (arrays or floats)."""
        return (x - self.cx) / self.scale + self.width / 2, self.height / 2 - (y - self.cy) / self.scale

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        """Screen pixels → world (easting, northing)."""
        return self.cx + (sx - self.width / 2) * self.scale, self.cy - (sy - self.height / 2) * self.scale

    def resized(self, width: int, height: int) -> Viewport:
        return replace(self, width=max(1, width), height=max(1, height))

    def panned(self, dx_px: float, dy_px: float) -> Viewport:
        """The view after dragging the map content by (``dx_px``, ``dy_px``) pixels."""
        return replace(self, cx=self.cx - dx_px * self.scale, cy=self.cy + dy_px * self.scale)

    def zoomed(self, factor: float, anchor: tuple[float, float] | None = None) -> Viewport:
        """Zoom in by ``factor`` (> 1 in, < 1 out), keeping the world point under ``anchor`` fixed."""
        scale = min(MAX_SCALE, max(MIN_SCALE, self.scale / factor))
        if anchor is None:
            return replace(self, scale=scale)
        wx, wy = self.to_world(*anchor)
        ratio = scale / self.scale
        return replace(self, scale=scale, cx=wx - (wx - self.cx) * ratio, cy=wy - (wy - self.cy) * ratio)

    def fitted(self, box: tuple[float, float, float, float], margin: float = 0.08) -> Viewport:
        """The view showing ``box`` (world) whole, centred, with a ``margin`` fraction around it."""
        xmin, ymin, xmax, ymax = box
        span_x = max(xmax - xmin, 1.0) * (1 + 2 * margin)
        span_y = max(ymax - ymin, 1.0) * (1 + 2 * margin)
        scale = min(MAX_SCALE, max(MIN_SCALE, span_x / self.width, span_y / self.height))
        return replace(self, cx=(xmin + xmax) / 2, cy=(ymin + ymax) / 2, scale=scale)
