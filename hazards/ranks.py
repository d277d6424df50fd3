"""Standard flood-depth ranks, duration ranks and hazard colours (水害ハザードマップ作成の手引き).

Depth ranks follow the guideline and the GSI hazard-map portal tiles:

====  ==============  ===============
rank  depth (m)       colour (R,G,B)
====  ==============  ===============
1     < 0.5           (247, 245, 169)
2     0.5 – 3         (255, 216, 192)
3     3 – 5           (255, 183, 183)
4     5 – 10          (255, 145, 145)
5     10 – 20         (242, 133, 201)
6     ≥ 20            (220, 122, 220)
====  ==============  ===============

Rank 0 means "inside the data area, no flooding". The detailed 8-band variant splits rank 1
at 0.3 m and rank 2 at 1 m; :data:`COLOUR_TO_RANK` maps all of its colours onto the six ranks.
A lower bound belongs to its band (0.5 m is rank 2), as in the PLATEAU codelist
(「0.5m以上3m未満」).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Band:
    """One class of a hazard legend: its value range, colour and labels.

    ``low`` is inclusive, ``high`` exclusive; ``high`` is None for an open top class.
    ``rank`` is the standard rank the band belongs to (for detailed variants); ``colour`` is
    None where no standard colour is set.
    """

    rank: int
    low: float
    high: float | None
    colour: RGB | None
    label_ja: str
    label_en: str


DEPTH_RANKS: tuple[Band, ...] = (
    Band(1, 0.0, 0.5, (247, 245, 169), "0.5m未満", "below 0.5 m"),
    Band(2, 0.5, 3.0, (255, 216, 192), "0.5m以上3m未満", "0.5 m to 3 m"),
    Band(3, 3.0, 5.0, (255, 183, 183), "3m以上5m未満", "3 m to 5 m"),
    Band(4, 5.0, 10.0, (255, 145, 145), "5m以上10m未満", "5 m to 10 m"),
    Band(5, 10.0, 20.0, (242, 133, 201), "10m以上20m未満", "10 m to 20 m"),
    Band(6, 20.0, None, (220, 122, 220), "20m以上", "20 m or more"),
)
"""The six standard depth ranks (1–6)."""

DETAILED_DEPTH_BANDS: tuple[Band, ...] = (
    Band(1, 0.0, 0.3, (255, 255, 179), "0.3m未満", "below 0.3 m"),
    Band(1, 0.3, 0.5, (247, 245, 169), "0.3m以上0.5m未満", "0.3 m to 0.5 m"),
    Band(2, 0.5, 1.0, (248, 225, 166), "0.5m以上1m未満", "0.5 m to 1 m"),
    Band(2, 1.0, 3.0, (255, 216, 192), "1m以上3m未満", "1 m to 3 m"),
    *DEPTH_RANKS[2:],
)
"""The detailed 8-band variant; each band's ``rank`` is the standard rank it maps onto."""

DURATION_RANKS: tuple[Band, ...] = (
    Band(1, 0.0, 12.0, None, "12時間未満", "below 12 hours"),
    Band(2, 12.0, 24.0, None, "12時間以上1日未満", "12 hours to 1 day"),
    Band(3, 24.0, 72.0, None, "1日以上3日未満", "1 to 3 days"),
    Band(4, 72.0, 168.0, None, "3日以上1週間未満", "3 days to 1 week"),
    Band(5, 168.0, 336.0, None, "1週間以上2週間未満", "1 to 2 weeks"),
    Band(6, 336.0, 672.0, None, "2週間以上4週間未満", "2 to 4 weeks"),
    Band(7, 672.0, None, None, "4週間以上", "4 weeks or more"),
)
"""Flood duration ranks 1–7 (hours); no standard colours are set here."""

LANDSLIDE_COLOURS: dict[tuple[str, int], RGB] = {
    ("debris_flow", 1): (230, 200, 50),
    ("debris_flow", 2): (165, 0, 33),
    ("steep_slope", 1): (250, 230, 0),
    ("steep_slope", 2): (250, 40, 0),
}
"""Landslide zone colours by (phenomenon, rank): rank 1 警戒区域, rank 2 特別警戒区域;
phenomena 土石流 ``debris_flow`` and 急傾斜地の崩壊 ``steep_slope``."""

COLOUR_TO_RANK: dict[RGB, int] = {b.colour: b.rank for b in (*DETAILED_DEPTH_BANDS, *DEPTH_RANKS) if b.colour}
"""Every depth-legend colour (standard and detailed) → standard rank 1–6."""

NO_RANK = -1
"""The rank returned outside the data area (and by colour lookups for a colour not in a legend)."""

UNDECODED = -2
"""The rank returned inside the data area where a value or colour cannot be ranked."""

LANDSLIDE_ZONES: tuple[tuple[int, str, str], ...] = ((1, "土砂災害警戒区域", "landslide warning zone"),
                                                     (2, "土砂災害特別警戒区域", "landslide special warning zone"))
"""Landslide zone ranks with their labels: 1 警戒区域 (yellow zone), 2 特別警戒区域 (red zone)."""

_DEPTH_EDGES = np.array([b.low for b in DEPTH_RANKS[1:]])
_DURATION_EDGES = np.array([b.low for b in DURATION_RANKS[1:]])


def rank_for_depth(depth_m: np.ndarray) -> np.ndarray:
    """Standard depth rank of each depth.

    Parameters
    ----------
    depth_m : numpy.ndarray
        Depths in metres, any shape. NaN means unknown.

    Returns
    -------
    numpy.ndarray
        ``int8`` ranks of the same shape: 0 for depth ≤ 0 (dry), 1–6 for the standard
        ranks, :data:`NO_RANK` (-1) for NaN.

    Examples
    --------
    >>> rank_for_depth(np.array([0.0, 0.2, 0.5, 4.99, 25.0, np.nan])).tolist()
    [0, 1, 2, 3, 6, -1]
    """
    depth = np.asarray(depth_m, dtype=float)
    ranks = (np.searchsorted(_DEPTH_EDGES, depth, side="right") + 1).astype(np.int8)
    ranks[depth <= 0] = 0
    ranks[np.isnan(depth)] = NO_RANK
    return ranks


def rank_for_duration(hours: np.ndarray) -> np.ndarray:
    """Duration rank (1–7) of each flood duration in hours; 0 for ≤ 0, -1 for NaN.

    Examples
    --------
    >>> rank_for_duration(np.array([0.0, 5.0, 12.0, 30.0, 700.0])).tolist()
    [0, 1, 2, 3, 7]
    """
    h = np.asarray(hours, dtype=float)
    ranks = (np.searchsorted(_DURATION_EDGES, h, side="right") + 1).astype(np.int8)
    ranks[h <= 0] = 0
    ranks[np.isnan(h)] = NO_RANK
    return ranks


def depth_range_for_rank(rank: int) -> tuple[float, float | None]:
    """The depth range ``(low, high)`` in metres of a standard rank; ``high`` None for rank 6.

    Raises
    ------
    ValueError
        If ``rank`` is not 1–6.

    Examples
    --------
    >>> depth_range_for_rank(2)
    (0.5, 3.0)
    >>> depth_range_for_rank(6)
    (20.0, None)
    """
    if not 1 <= int(rank) <= len(DEPTH_RANKS):
        raise ValueError(f"depth rank should be 1 to {len(DEPTH_RANKS)}, got {rank!r} instead")
    band = DEPTH_RANKS[int(rank) - 1]
    return band.low, band.high


class _ColourTable:
    """Exact RGB → value lookup, vectorised (colours packed to 24-bit keys, binary search)."""

    def __init__(self, table: dict[RGB, int]) -> None:
        keys = _pack(np.array(list(table), dtype=np.uint32).reshape(-1, 3))
        order = np.argsort(keys)
        self._keys = keys[order]
        self._values = np.array(list(table.values()), dtype=np.int8)[order]

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        keys = _pack(rgb)
        pos = np.clip(np.searchsorted(self._keys, keys), 0, len(self._keys) - 1)
        return np.where(self._keys[pos] == keys, self._values[pos], NO_RANK).astype(np.int8)


def _pack(rgb: np.ndarray) -> np.ndarray:
    rgb = np.asarray(rgb, dtype=np.uint32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


_DEPTH_COLOURS = _ColourTable(COLOUR_TO_RANK)
_LANDSLIDE_COLOURS = _ColourTable({colour: rank for (_, rank), colour in LANDSLIDE_COLOURS.items()})


def rank_for_colour(rgb: np.ndarray) -> np.ndarray:
    """Decode legend colours to standard depth ranks.

    Parameters
    ----------
    rgb : numpy.ndarray
        Colours with the last axis (R, G, B), values 0–255, e.g. an image of shape (h, w, 3).

    Returns
    -------
    numpy.ndarray
        ``int8`` ranks 1–6 of shape ``rgb.shape[:-1]``; :data:`NO_RANK` for a colour that is
        not in the standard or the detailed legend.

    Examples
    --------
    >>> rank_for_colour(np.array([[255, 216, 192], [248, 225, 166], [1, 2, 3]])).tolist()
    [2, 2, -1]
    """
    return _DEPTH_COLOURS(rgb)


def landslide_rank_for_colour(rgb: np.ndarray) -> np.ndarray:
    """Decode landslide-zone colours to zone ranks (1 警戒区域, 2 特別警戒区域).

    Parameters
    ----------
    rgb : numpy.ndarray
        Colours with the last axis (R, G, B), values 0–255.

    Returns
    -------
    numpy.ndarray
        ``int8`` ranks 1–2 of shape ``rgb.shape[:-1]``; :data:`NO_RANK` for any other colour.

    Examples
    --------
    >>> landslide_rank_for_colour(np.array([[230, 200, 50], [250, 40, 0], [0, 0, 0]])).tolist()
    [1, 2, -1]
    """
    return _LANDSLIDE_COLOURS(rgb)


_LABEL_NUMBER = r"(\d+(?:\.\d+)?)\s*(?:m|ｍ|メートル)?"
_LABEL_FROM = re.compile(_LABEL_NUMBER + r"\s*(?:以上|〜|～|~|-|–)")
_LABEL_BELOW = re.compile(r"^\s*" + _LABEL_NUMBER + r"\s*未満")


def rank_for_depth_label(label: str) -> int | None:
    """The standard rank of a depth-band label such as 「0.5m以上3.0m未満」 or 「20m以上」.

    The band's lower bound decides (a band that starts at 0 m is rank 1, as in the
    国土数値情報 code list 「0m以上0.5m未満」); a label with only an upper bound
    (「0.5m未満」) is rank 1.

    Parameters
    ----------
    label : str
        The label; full-width digits are accepted.

    Returns
    -------
    int or None
        The rank 1–6, or None when the label names no depth.

    Examples
    --------
    >>> [rank_for_depth_label(s) for s in ("0m以上0.5m未満", "0.5m以上3.0m未満", "20.0m以上", "0.5m未満", "浸水")]
    [1, 2, 6, 1, None]
    """
    text = unicodedata.normalize("NFKC", str(label))
    below = _LABEL_BELOW.search(text)
    start = _LABEL_FROM.search(text)
    if start is None:
        return 1 if below else None
    low = float(start.group(1))
    return 1 if low == 0 else int(rank_for_depth(np.array([low]))[0])
