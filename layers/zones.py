"""Japan's 19 plane-rectangular coordinate zones (平面直角座標系) and how a project picks one.

The zones are defined by prefecture (and, in Hokkaido, Okinawa and Tokyo's islands, by
sub-prefecture or island group), not by distance to the zone origin: Yamaguchi City is
nearer zone II's origin (33°N 131°E) than zone III's (36°N 132°10′E), yet Yamaguchi
Prefecture is in zone III. So :func:`zone_for_lonlat` picks the zone of the nearest
*reference town* (every prefectural capital plus the towns of the split regions), which
gives the prefecture's zone everywhere except within a few kilometres of some borders.
A project can override the choice (:attr:`layers.project.Project.zone`).

JGD2011 zone *n* is EPSG:(6668 + n): zone III is EPSG:6671. Its axes are X = northing,
Y = easting; here every array is in (easting, northing) order (pyproj ``always_xy``), and
only the status bar writes X and Y in the Japanese survey sense.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from i18n import t

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
         "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX")  # fmt: skip


@dataclass(frozen=True)
class Zone:
    """One plane-rectangular zone: its number (1–19), origin and EPSG code (JGD2011)."""

    number: int
    origin_lat: float
    origin_lon: float

    @property
    def epsg(self) -> int:
        return 6668 + self.number

    @property
    def crs(self) -> str:
        return f"EPSG:{self.epsg}"

    @property
    def roman(self) -> str:
        return ROMAN[self.number - 1]

    def label(self) -> str:
        """E.g. "平面直角座標 III系" / "plane rectangular zone III"."""
        return t("平面直角座標 {z}系", "plane rectangular zone {z}", z=self.roman)


def _dm(degrees: int, minutes: int = 0) -> float:
    return degrees + minutes / 60.0


ZONES: tuple[Zone, ...] = tuple(
    Zone(i + 1, lat, lon)
    for i, (lat, lon) in enumerate(
        [
            (33, _dm(129, 30)), (33, 131), (36, _dm(132, 10)), (33, _dm(133, 30)), (36, _dm(134, 20)),
            (36, 136), (36, _dm(137, 10)), (36, _dm(138, 30)), (36, _dm(139, 50)), (40, _dm(140, 50)),
            (44, _dm(140, 15)), (44, _dm(142, 15)), (44, _dm(144, 15)), (26, 142), (26, _dm(127, 30)),
            (26, 124), (26, 131), (20, 136), (26, 154),
        ]  # fmt: skip
    )
)

# (reference town, lat, lon, zone): the 47 prefectural capitals, then towns of the regions
# whose prefecture spans several zones (告示 平成14年国土交通省告示第9号).
REFERENCE_TOWNS: tuple[tuple[str, float, float, int], ...] = (
    ("札幌市", 43.064, 141.347, 12), ("青森市", 40.824, 140.740, 10), ("盛岡市", 39.704, 141.153, 10),
    ("仙台市", 38.269, 140.872, 10), ("秋田市", 39.719, 140.102, 10), ("山形市", 38.240, 140.364, 10),
    ("福島市", 37.750, 140.468, 9), ("水戸市", 36.342, 140.447, 9), ("宇都宮市", 36.566, 139.884, 9),
    ("前橋市", 36.391, 139.061, 9), ("さいたま市", 35.857, 139.649, 9), ("千葉市", 35.605, 140.123, 9),
    ("新宿区", 35.690, 139.692, 9), ("横浜市", 35.448, 139.642, 9), ("新潟市", 37.902, 139.023, 8),
    ("富山市", 36.695, 137.211, 7), ("金沢市", 36.594, 136.626, 7), ("福井市", 36.065, 136.222, 6),
    ("甲府市", 35.664, 138.568, 8), ("長野市", 36.651, 138.181, 8), ("岐阜市", 35.391, 136.722, 7),
    ("静岡市", 34.977, 138.383, 8), ("名古屋市", 35.180, 136.907, 7), ("津市", 34.730, 136.509, 6),
    ("大津市", 35.004, 135.869, 6), ("京都市", 35.021, 135.756, 6), ("大阪市", 34.686, 135.520, 6),
    ("神戸市", 34.691, 135.183, 5), ("奈良市", 34.685, 135.833, 6), ("和歌山市", 34.226, 135.168, 6),
    ("鳥取市", 35.504, 134.238, 5), ("松江市", 35.472, 133.051, 3), ("岡山市", 34.662, 133.935, 5),
    ("広島市", 34.396, 132.459, 3), ("山口市", 34.186, 131.471, 3), ("徳島市", 34.066, 134.559, 4),
    ("高松市", 34.340, 134.043, 4), ("松山市", 33.842, 132.766, 4), ("高知市", 33.560, 133.531, 4),
    ("福岡市", 33.607, 130.418, 2), ("佐賀市", 33.249, 130.299, 2), ("長崎市", 32.745, 129.874, 1),
    ("熊本市", 32.790, 130.742, 2), ("大分市", 33.238, 131.613, 2), ("宮崎市", 31.911, 131.424, 2),
    ("鹿児島市", 31.560, 130.558, 2), ("那覇市", 26.212, 127.681, 15),
    # Hokkaido: zone XI (west), XII (centre), XIII (east)
    ("函館市", 41.769, 140.729, 11), ("小樽市", 43.191, 140.994, 11), ("伊達市", 42.472, 140.865, 11),
    ("旭川市", 43.771, 142.365, 12), ("稚内市", 45.416, 141.673, 12), ("留萌市", 43.941, 141.637, 12),
    ("北見市", 43.803, 143.895, 13), ("帯広市", 42.924, 143.196, 13), ("釧路市", 42.985, 144.382, 13),
    ("網走市", 44.021, 144.273, 13), ("根室市", 43.330, 145.583, 13),
    # Kagoshima's southern islands are zone I; Okinawa and Tokyo's far islands have their own.
    ("奄美市", 28.377, 129.494, 1), ("屋久島町", 30.347, 130.526, 1), ("宮古島市", 24.806, 125.281, 16),
    ("石垣市", 24.341, 124.156, 16), ("南大東村", 25.829, 131.232, 17), ("小笠原村", 27.094, 142.192, 14),
    ("沖ノ鳥島", 20.425, 136.081, 18), ("南鳥島", 24.287, 153.981, 19),
)  # fmt: skip


def zone(number: int) -> Zone:
    """The zone with this number.

    Raises
    ------
    ValueError
        If ``number`` is not 1–19.
    """
    if not 1 <= number <= len(ZONES):
        raise ValueError(f"plane rectangular zone must be between 1 and 19, got {number!r}")
    return ZONES[number - 1]


def zone_for_lonlat(lon: float, lat: float) -> Zone:
    """The zone of the reference town nearest to (``lon``, ``lat``) in degrees.

    Longitude is ``lon`` (x), latitude ``lat`` (y). Distance is measured on a local
    equirectangular plane, which is plenty for picking the nearest of ~70 towns.

    Examples
    --------
    >>> zone_for_lonlat(131.46, 34.16).roman   # Yamaguchi City, 湯田温泉
    'III'
    """
    coslat = math.cos(math.radians(lat))

    def distance(town: tuple[str, float, float, int]) -> float:
        return math.hypot((town[2] - lon) * coslat, town[1] - lat)

    return zone(min(REFERENCE_TOWNS, key=distance)[3])
