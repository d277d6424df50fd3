"""How features and raster cells get their colours, and the legends that explain them.

A :class:`VectorStyle` colours features by the value of one column (categorical classes)
or with one colour; a :class:`Palette` colours raster cells by value ranges. Both know their
legend. The flood-depth presets use the standard colours from :mod:`hazards.ranks`, so the
map, the legend, prints and the 3D view all show the same colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from hazards.ranks import DEPTH_RANKS, Band
from i18n import t
from layers.base import Color, LegendEntry
from layers.geometry import GeometryType

NO_FLOOD_COLOR: Color = (205, 205, 205, 255)
"""Features outside every flood area: a neutral grey that no hazard colour resembles."""


@dataclass(frozen=True)
class ColorClass:
    """Features whose column equals ``value`` get ``color``; ``label`` goes in the legend."""

    value: object
    label: str
    color: Color


@dataclass(frozen=True)
class VectorStyle:
    """Fill (polygons), line or marker colour, by ``column`` through ``classes`` or single.

    ``color`` is the single colour, or, when ``column`` is set, the colour of features whose
    value is in no class (missing values included); it is listed in the legend under
    ``other_label`` unless that is empty. ``stroke`` outlines polygons and markers
    (None: no outline); lines are drawn ``stroke_width`` wide in their class colour; point
    features are ``marker`` shapes ``point_size`` across. Widths and sizes are screen pixels.
    """

    color: Color = (80, 120, 200, 255)
    column: str | None = None
    classes: tuple[ColorClass, ...] = ()
    other_label: str = ""
    stroke: Color | None = (90, 90, 90, 255)
    stroke_width: float = 1.0
    point_size: float = 9.0
    marker: Literal["circle", "square"] = "circle"

    @property
    def colors(self) -> tuple[Color, ...]:
        """Colour of each class code: the classes in order, then ``color`` (code ``len(classes)``)."""
        return (*(c.color for c in self.classes), self.color)

    def class_codes(self, data: pd.DataFrame) -> np.ndarray:
        """Per feature, the index of its class in :attr:`colors` (int16).

        Raises
        ------
        KeyError
            If ``column`` is set but ``data`` has no such column.
        """
        other = len(self.classes)
        if self.column is None:
            return np.full(len(data), other, dtype=np.int16)
        if self.column not in data.columns:
            raise KeyError(f"style column {self.column!r} is not in the layer; columns: {', '.join(map(str, data.columns))}")
        values = data[self.column]
        codes = np.full(len(data), other, dtype=np.int16)
        for i, cls in enumerate(self.classes):
            codes[(values == cls.value).fillna(False).to_numpy(dtype=bool)] = i
        return codes

    def legend(self, geometry: GeometryType) -> list[LegendEntry]:
        """Legend rows: one per class, plus ``other_label`` (or the single colour)."""
        shape = {"polygon": "fill", "line": "line", "point": self.marker}[geometry]
        rows = [LegendEntry(c.label, c.color, shape) for c in self.classes]
        if self.other_label or not self.classes:
            rows.append(LegendEntry(self.other_label, self.color, shape))
        return rows


@dataclass(frozen=True)
class RangeClass:
    """Cells with ``lower <= value < upper`` get ``color``; ``label`` goes in the legend."""

    lower: float
    upper: float
    label: str
    color: Color


@dataclass(frozen=True)
class Palette:
    """Colours of raster cells by value range; cells in no range and nodata are transparent."""

    classes: tuple[RangeClass, ...]

    def colorize(self, array: np.ndarray, nodata: float | None = None) -> np.ndarray:
        """RGBA image (rows, cols, 4) uint8 of ``array`` (rows, cols)."""
        rgba = np.zeros((*array.shape, 4), dtype=np.uint8)
        values = np.asarray(array, dtype=np.float64)
        for cls in self.classes:
            mask = (values >= cls.lower) & (values < cls.upper)
            rgba[mask] = cls.color
        if nodata is not None and not np.isnan(nodata):
            rgba[values == nodata] = 0
        return rgba

    def legend(self) -> list[LegendEntry]:
        return [LegendEntry(c.label, c.color, "fill") for c in self.classes]

    def label_of(self, value: float) -> str | None:
        """The legend label of the class holding ``value``, or None when it is in none."""
        return next((c.label for c in self.classes if c.lower <= value < c.upper), None)


def _rgba(band: Band) -> Color:
    assert band.colour is not None, "depth ranks all have standard colours"
    return (*band.colour, 255)


def _band_label(band: Band) -> str:
    return t("{label}（ランク{r}）", "{label} (rank {r})", label=t(band.label_ja, band.label_en), r=band.rank)


def flood_rank_style(column: str, *, stroke: Color | None = (120, 120, 120, 255)) -> VectorStyle:
    """Features coloured by a flood depth rank column (1–6) in the standard colours.

    Features with no rank (NA, 0) are drawn grey and listed as 「浸水想定なし」.
    """
    return VectorStyle(
        color=NO_FLOOD_COLOR,
        column=column,
        classes=tuple(ColorClass(b.rank, _band_label(b), _rgba(b)) for b in DEPTH_RANKS),
        other_label=t("浸水想定なし", "no flooding expected"),
        stroke=stroke,
    )


def flood_rank_palette() -> Palette:
    """Raster cells holding a depth rank (1–6) in the standard colours."""
    return Palette(tuple(RangeClass(b.rank, b.rank + 1, _band_label(b), _rgba(b)) for b in DEPTH_RANKS))


def flood_depth_palette() -> Palette:
    """Raster cells holding a depth in metres, classed into the standard ranks (dry: none)."""
    return Palette(
        tuple(
            RangeClass(b.low if b.rank > 1 else 1e-9, np.inf if b.high is None else b.high, _band_label(b), _rgba(b))
            for b in DEPTH_RANKS
        )
    )
