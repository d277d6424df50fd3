"""The status bar: cursor position in lat/lon and plane-rectangular X/Y, scale, loading state.

Japanese survey convention: X is northing and Y is easting (the reverse of maths), so the
world point (easting, northing) is shown as X = northing, Y = easting.
"""

from __future__ import annotations

from pyproj import Transformer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.map2d.viewport import Viewport
from i18n import t
from layers.zones import Zone

METRES_PER_INCH = 0.0254


def format_position(lon: float, lat: float, easting: float, northing: float, zone: Zone) -> str:
    """E.g. "34.1600°N 131.4600°E | 平面直角座標 III系 X=-203,888.0 Y=-65,157.0 m".

    Examples
    --------
    >>> from layers.zones import zone
    >>> format_position(131.46, 34.16, -65157.0, -203888.04, zone(3)).split(" | ")[0]
    '34.1600°N 131.4600°E'
    """
    ns, ew = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
    return f"{abs(lat):.4f}°{ns} {abs(lon):.4f}°{ew} | {zone.label()} X={northing:,.1f} Y={easting:,.1f} m"


def scale_denominator(view: Viewport, dots_per_inch: float) -> float:
    """N of the map scale 1:N on a screen of ``dots_per_inch`` logical dots per inch."""
    return view.scale / (METRES_PER_INCH / dots_per_inch)


class MapStatusBar(QStatusBar):
    """Permanent fields: position under the cursor, scale, and what is loading."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone: Zone | None = None
        self._to_lonlat: Transformer | None = None
        self.position_label = QLabel(t("座標: —", "Position: —"))
        self.zone_label = QLabel()
        self.scale_label = QLabel()
        self.loading_label = QLabel()
        self.addWidget(self.position_label, 1)
        self.addPermanentWidget(self.zone_label)
        self.addPermanentWidget(self.scale_label)
        self.addPermanentWidget(self.loading_label)

    def set_zone(self, zone: Zone | None) -> None:
        """The zone the map is drawn in (positions are given in it)."""
        self._zone = zone
        self.zone_label.setText(f"{zone.label()} (EPSG:{zone.epsg})" if zone else "")
        self._to_lonlat = Transformer.from_crs(zone.crs, "EPSG:6668", always_xy=True) if zone else None

    def show_position(self, easting: float, northing: float) -> None:
        """Show the world point under the cursor (view CRS metres)."""
        if self._zone is None or self._to_lonlat is None:
            return
        lon, lat = self._to_lonlat.transform(easting, northing)
        self.position_label.setText(format_position(lon, lat, easting, northing, self._zone))

    def show_scale(self, view: Viewport, dots_per_inch: float) -> None:
        self.scale_label.setText(t("縮尺 1:{n:,}", "Scale 1:{n:,}", n=round(scale_denominator(view, dots_per_inch))))

    def show_loading(self, text: str) -> None:
        """The layer loading state, e.g. 「読み込み中: 建物 (3/6)」 or 「6 レイヤー」."""
        self.loading_label.setText(text)
