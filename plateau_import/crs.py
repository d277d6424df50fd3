"""Coordinate reference systems: ``srsName`` parsing, lat/lon swapping, plane-rectangular zones.

PLATEAU posLists are written in the CRS's own axis order: EPSG:6697 (JGD2011 + JGD2011 height)
and EPSG:6668 give latitude, longitude, height. The importer swaps once, here, and every
geometry it returns is ``x = longitude, y = latitude`` (EPSG:6668); heights stay orthometric.

The 19 Japan Plane Rectangular zones (EPSG:6669–6687, JGD2011) are assigned by prefecture,
not by longitude bands: Yamaguchi is zone III (EPSG:6671) although zone II's origin is closer.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np
from pyproj import CRS, Transformer

from i18n import t

#: Output CRS of every 2-D geometry (JGD2011 geographic, lon/lat in x/y).
LONLAT_EPSG = 6668
#: Output CRS of the 3-D surfaces (JGD2011 + JGD2011 height).
LONLAT_HEIGHT_EPSG = 6697
#: What PLATEAU files use when a file names no CRS at all.
DEFAULT_EPSG = 6697

_SRS_RE = re.compile(r"EPSG(?:/\d+/|::?|/)(\d+)\s*$", re.IGNORECASE)

# prefecture code: (capital latitude, capital longitude, plane-rectangular zone)
_PREFECTURES: dict[int, tuple[float, float, int]] = {
    1: (43.06, 141.35, 12), 2: (40.82, 140.74, 10), 3: (39.70, 141.15, 10), 4: (38.27, 140.87, 10),
    5: (39.72, 140.10, 10), 6: (38.24, 140.36, 10), 7: (37.75, 140.47, 9), 8: (36.34, 140.45, 9),
    9: (36.57, 139.88, 9), 10: (36.39, 139.06, 9), 11: (35.86, 139.65, 9), 12: (35.61, 140.12, 9),
    13: (35.69, 139.69, 9), 14: (35.45, 139.64, 9), 15: (37.90, 139.02, 8), 16: (36.70, 137.21, 7),
    17: (36.59, 136.63, 7), 18: (36.07, 136.22, 6), 19: (35.66, 138.57, 8), 20: (36.65, 138.18, 8),
    21: (35.39, 136.72, 7), 22: (34.98, 138.38, 8), 23: (35.18, 136.91, 7), 24: (34.73, 136.51, 6),
    25: (35.00, 135.87, 6), 26: (35.02, 135.76, 6), 27: (34.69, 135.52, 6), 28: (34.69, 135.18, 5),
    29: (34.69, 135.83, 6), 30: (34.23, 135.17, 6), 31: (35.50, 134.24, 5), 32: (35.47, 133.05, 3),
    33: (34.66, 133.93, 5), 34: (34.40, 132.46, 3), 35: (34.19, 131.47, 3), 36: (34.07, 134.56, 4),
    37: (34.34, 134.04, 4), 38: (33.84, 132.77, 4), 39: (33.56, 133.53, 4), 40: (33.61, 130.42, 2),
    41: (33.25, 130.30, 2), 42: (32.74, 129.87, 1), 43: (32.79, 130.74, 2), 44: (33.24, 131.61, 2),
    45: (31.91, 131.42, 2), 46: (31.56, 130.56, 2), 47: (26.21, 127.68, 15),
}


def epsg_from_srs_name(srs_name: str | None) -> int | None:
    """The EPSG code named by a GML ``srsName``, or None when it names none.

    Examples
    --------
    >>> epsg_from_srs_name("http://www.opengis.net/def/crs/EPSG/0/6697")
    6697
    >>> epsg_from_srs_name("urn:ogc:def:crs:EPSG::6668")
    6668
    """
    if not srs_name:
        return None
    m = _SRS_RE.search(srs_name.strip())
    return int(m.group(1)) if m else None


@lru_cache(maxsize=32)
def _axes(epsg: int) -> tuple[bool, bool]:
    """(first axis points north, horizontal part is JGD2011 geographic) for ``epsg``."""
    crs = CRS.from_epsg(epsg)
    north_first = crs.axis_info[0].direction.lower() == "north"
    horizontal = crs.sub_crs_list[0] if crs.is_compound else crs
    return north_first, horizontal.to_epsg() == LONLAT_EPSG


@lru_cache(maxsize=32)
def _to_lonlat(epsg: int) -> Transformer:
    return Transformer.from_crs(CRS.from_epsg(epsg), CRS.from_epsg(LONLAT_EPSG), always_xy=True)


def check_epsg(epsg: int) -> None:
    """Raise ``ValueError`` if ``epsg`` is not a CRS pyproj knows.

    Raises
    ------
    ValueError
        With the code given and what is expected.
    """
    try:
        _axes(epsg)
    except Exception as exc:  # pyproj raises CRSError (a subclass of Exception only)
        raise ValueError(
            t("EPSG:{c} は不明な座標参照系です (EPSG:6697 などが必要)", "EPSG:{c} is not a known CRS (expected e.g. EPSG:6697)", c=epsg)
        ) from exc


def to_lonlat(coords: np.ndarray, epsg: int) -> np.ndarray:
    """Coordinates in ``epsg``'s own axis order → ``(lon, lat, rest…)`` in JGD2011.

    Parameters
    ----------
    coords
        ``(n, d)`` array, d ≥ 2, columns in the axis order of ``epsg`` (for EPSG:6697:
        latitude, longitude, height).
    epsg
        The CRS of ``coords`` as read from ``srsName``.

    Returns
    -------
    numpy.ndarray
        ``(n, d)`` array whose column 0 is longitude and column 1 latitude; further columns
        (orthometric height) are kept unchanged.
    """
    north_first, is_jgd2011 = _axes(epsg)
    out = coords.copy()
    if north_first:
        out[:, 0], out[:, 1] = coords[:, 1], coords[:, 0]
    if not is_jgd2011 and len(out):
        out[:, 0], out[:, 1] = _to_lonlat(epsg).transform(out[:, 0], out[:, 1])
    return out


def zone_for_prefecture(prefecture: int | str) -> int:
    """EPSG code of the plane-rectangular zone of a prefecture (JIS code 1–47).

    Hokkaido (zones XI–XIII), Tokyo's outer islands (XIV, XVIII, XIX) and Okinawa's islands
    (XVI, XVII) need a position: use :func:`zone_for_lonlat` there.

    Raises
    ------
    ValueError
        If ``prefecture`` is not a code 1–47.

    Examples
    --------
    >>> zone_for_prefecture("35")  # Yamaguchi → zone III
    6671
    """
    try:
        code = int(prefecture)
        return 6668 + _PREFECTURES[code][2]
    except (KeyError, ValueError) as exc:
        raise ValueError(
            t("都道府県コード {p!r} は不正です (1〜47 が必要)", "prefecture code {p!r} is invalid (expected 1–47)", p=prefecture)
        ) from exc


def zone_for_lonlat(lon: float, lat: float) -> int:
    """EPSG code of the plane-rectangular zone (JGD2011) that covers a lon/lat point.

    The zones follow prefecture borders. This helper takes the prefecture of the nearest
    prefectural capital (good away from borders; prefer :func:`zone_for_prefecture` with the
    city code PLATEAU carries) and splits Hokkaido, Tokyo's islands and Okinawa by position.

    Parameters
    ----------
    lon, lat
        Longitude and latitude in degrees (``x`` is longitude).

    Returns
    -------
    int
        EPSG code 6669 (zone I) … 6687 (zone XIX).

    Raises
    ------
    ValueError
        If the point is not a finite position in or near Japan.

    Examples
    --------
    >>> zone_for_lonlat(131.47, 34.18)  # Yamaguchi City → zone III
    6671
    """
    if not (math.isfinite(lon) and math.isfinite(lat) and 118 <= lon <= 160 and 17 <= lat <= 47):
        raise ValueError(
            t(
                "経度 {x}, 緯度 {y} は日本の範囲外です (経度 118〜160, 緯度 17〜47 が必要)",
                "lon {x}, lat {y} is outside Japan (expected lon 118–160, lat 17–47)",
                x=lon,
                y=lat,
            )
        )
    zone = _island_zone(lon, lat)
    if zone is None:
        pref = min(_PREFECTURES, key=lambda p: (_PREFECTURES[p][0] - lat) ** 2 + (_PREFECTURES[p][1] - lon) ** 2)
        zone = _hokkaido_zone(lon) if pref == 1 else _PREFECTURES[pref][2]
    return 6668 + zone


def _hokkaido_zone(lon: float) -> int:
    return 11 if lon < 141.2 else (12 if lon < 143.0 else 13)


def _island_zone(lon: float, lat: float) -> int | None:
    if lat < 30 and lon > 140:
        return 19 if lon > 150 else 14  # Minamitorishima / Ogasawara
    if lat < 23 and 134 < lon < 138:
        return 18  # Okinotorishima
    if 27.0 <= lat < 30.0 and 128.3 <= lon <= 130.22 or 30.0 <= lat < 32.0 and lon < 130.0:
        return 1  # Kagoshima's western islands (Koshiki, Tokara, Amami)
    if lat < 28:
        if lon < 126:
            return 16  # Sakishima (Miyako, Yaeyama)
        if lon > 130:
            return 17  # Daito islands
        if lon < 129:
            return 15  # Okinawa main island
    return None
