"""Standard-palette PNG tile sets: shared sampling and colour decoding.

A tile set (:mod:`hazards.xyz`, :mod:`hazards.svgmap`) only says, for each point, which tile
of its finest level holds it and where in that tile (fractions ``u`` right, ``v`` down, in
[0, 1)). This module reads each needed tile once and decodes the pixel colours:

* transparent (alpha 0) → 0, no hazard;
* a colour of the legend → its rank (depth: standard and detailed 8-band colours → 1–6;
  landslide: 警戒 → 1, 特別警戒 → 2; house-collapse zone: any opaque colour → 1);
* an opaque colour within :data:`COLOUR_TOLERANCE` of one legend colour (per channel) → that
  colour's rank, so slightly re-encoded tiles still decode;
* anything else, or a tile listed but unreadable → :data:`hazards.ranks.UNDECODED`.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, UnidentifiedImageError

from hazards.model import HazardSource, SourceInfo, as_points
from hazards.naming import Identity
from hazards.ranks import COLOUR_TO_RANK, LANDSLIDE_COLOURS, NO_RANK, UNDECODED, landslide_rank_for_colour, rank_for_colour

Palette = Literal["depth", "landslide", "zone"]
COLOUR_TOLERANCE = 4
"""Largest per-channel difference at which an opaque colour still matches a legend colour."""
TILE_CACHE = 256
"""Decoded tiles kept per tile set (256×256 RGBA: 256 KiB each)."""

_LEGENDS: dict[Palette, tuple[np.ndarray, np.ndarray]] = {
    "depth": (np.array(list(COLOUR_TO_RANK), dtype=np.int16), np.array(list(COLOUR_TO_RANK.values()), dtype=np.int8)),
    "landslide": (
        np.array(list(LANDSLIDE_COLOURS.values()), dtype=np.int16),
        np.array([rank for _, rank in LANDSLIDE_COLOURS], dtype=np.int8),
    ),
}
_EXACT: dict[Palette, Callable[[np.ndarray], np.ndarray]] = {"depth": rank_for_colour, "landslide": landslide_rank_for_colour}


def decode_colours(rgba: np.ndarray, palette: Palette) -> np.ndarray:
    """Ranks of RGBA pixels under a legend (rules in the module docstring).

    Parameters
    ----------
    rgba : numpy.ndarray
        Pixels with the last axis (R, G, B, A), 0–255.
    palette : {"depth", "landslide", "zone"}
        The legend the tiles are drawn with.

    Returns
    -------
    numpy.ndarray
        ``int8`` ranks of shape ``rgba.shape[:-1]``.

    Examples
    --------
    >>> decode_colours(np.array([[0, 0, 0, 0], [255, 216, 192, 255], [255, 255, 178, 255], [9, 9, 9, 255]]), "depth").tolist()
    [0, 2, 1, -2]
    """
    rgba = np.asarray(rgba)
    opaque = rgba[..., 3] > 0
    if palette == "zone":
        return opaque.astype(np.int8)
    ranks = _EXACT[palette](rgba[..., :3])
    near = opaque & (ranks == NO_RANK)
    if near.any():
        colours, legend_ranks = _LEGENDS[palette]
        diff = np.abs(rgba[near][:, None, :3].astype(np.int16) - colours[None, :, :]).max(axis=2)
        best = diff.argmin(axis=1)
        ranks[near] = np.where(diff[np.arange(len(best)), best] <= COLOUR_TOLERANCE, legend_ranks[best], UNDECODED)
    return np.where(opaque, ranks, 0).astype(np.int8)


def detect_palette(rgba: np.ndarray) -> Palette | None:
    """The legend most opaque pixels of a tile match exactly, or None when none match.

    Examples
    --------
    >>> detect_palette(np.array([[250, 40, 0, 255], [250, 230, 0, 255], [255, 216, 192, 255]]))
    'landslide'
    """
    opaque = np.asarray(rgba)[..., 3] > 0
    counts = {p: int((_EXACT[p](np.asarray(rgba)[..., :3])[opaque] > 0).sum()) for p in _EXACT}
    best = max(counts, key=lambda p: counts[p])
    return best if counts[best] else None


def read_tile(path: Path) -> np.ndarray | None:
    """A tile as an (h, w, 4) ``uint8`` RGBA array; None when it cannot be read as an image."""
    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("RGBA"))
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def tile_info(identity: Identity, first_tile: Path, label: str, bounds: tuple[float, float, float, float]) -> tuple[Palette, SourceInfo]:
    """The palette and source info of a tile set from what its names say and, failing that, its colours.

    Names that say landslide or zone win; else the legend the first tile's colours match
    (depth when none match). The kind defaults to ``landslide`` for landslide colours and
    ``river_flood`` otherwise.
    """
    if identity.kind == "landslide":
        palette: Palette = "landslide"
    elif identity.measure in ("zone", "depth"):
        palette = identity.measure  # type: ignore[assignment]
    else:
        rgba = read_tile(first_tile)
        palette = (detect_palette(rgba) if rgba is not None else None) or "depth"
    kind = identity.kind or ("landslide" if palette == "landslide" else "river_flood")
    return palette, SourceInfo(kind, identity.scenario, "depth" if palette == "depth" else "zone", label, bounds)


class TileSet(HazardSource):
    """A hazard source answered from the finest level of a set of tiles.

    Subclasses set ``info`` and ``palette`` and implement :meth:`locate` and
    :meth:`tile_path`.
    """

    palette: Palette

    def __init__(self) -> None:
        self._load = lru_cache(maxsize=TILE_CACHE)(self._read)

    @abstractmethod
    def locate(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For each point: tile key (-1 when no tile holds it), ``u``, ``v``, and whether it is in the data area."""

    @abstractmethod
    def tile_path(self, key: int) -> Path:
        """The file of the tile with this key."""

    def sample(self, points_lonlat: np.ndarray) -> np.ndarray:
        """Rank at each point, decoded from its finest-level tile.

        A point in the data area where no tile exists is 0; a point outside the data area is
        -1 unless a tile there shows a hazard colour.

        Examples
        --------
        >>> tiles.sample(np.array([[131.5665, 34.0466]]))  # doctest: +SKIP
        array([2], dtype=int8)
        """
        pts = as_points(points_lonlat)
        keys, u, v, in_area = self.locate(pts[:, 0], pts[:, 1])
        out = np.where(in_area, 0, NO_RANK).astype(np.int8)
        found = np.flatnonzero(keys >= 0)
        order = found[np.argsort(keys[found], kind="stable")]
        starts = np.flatnonzero(np.diff(keys[order], prepend=-1))
        for group in np.split(order, starts[1:]) if len(order) else ():
            rgba = self._load(int(keys[group[0]]))
            if rgba is None:
                out[group] = UNDECODED
                continue
            height, width = rgba.shape[:2]
            rows = np.minimum((v[group] * height).astype(np.int64), height - 1)
            cols = np.minimum((u[group] * width).astype(np.int64), width - 1)
            decoded = decode_colours(rgba[rows, cols], self.palette)
            out[group] = np.where((decoded == 0) & ~in_area[group], NO_RANK, decoded)
        return out

    def _read(self, key: int) -> np.ndarray | None:
        return read_tile(self.tile_path(key))
