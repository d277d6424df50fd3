"""A layer of gridded values (e.g. flood depth or rank) coloured by a :class:`Palette`."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from affine import Affine
from pyproj import CRS, Transformer
from rasterio.warp import Resampling, calculate_default_transform, reproject, transform_bounds

from layers.base import Extent, Layer, LayerKind, LegendEntry
from layers.errors import LayerDataError
from layers.styles import Palette


@dataclass(frozen=True)
class WarpedRaster:
    """The raster resampled (nearest) onto a grid of another CRS; NaN where no data.

    ``bounds`` is (min x, min y, max x, max y) of the grid in that CRS; row 0 is north.
    """

    values: np.ndarray
    bounds: tuple[float, float, float, float]


class RasterLayer(Layer):
    """A 2-D array with an affine transform (cell → CRS coordinates) and a CRS.

    ``value_name`` says what a cell holds (e.g. 「浸水深 (m)」) and ``notes`` are (label, text)
    pairs true of every cell (e.g. the scenario): the identify tool shows both.

    Raises
    ------
    LayerDataError
        If ``array`` is not two-dimensional.
    """

    def __init__(
        self,
        array: np.ndarray,
        transform: Affine,
        crs: CRS | str,
        *,
        name: str,
        palette: Palette,
        nodata: float | None = None,
        kind: LayerKind = "hazard_raster",
        attribution: str = "",
        visible: bool = True,
        opacity: float = 1.0,
        value_name: str = "値",
        notes: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(name, kind=kind, attribution=attribution, visible=visible, opacity=opacity)
        self.value_name = value_name
        self.notes = notes
        if np.ndim(array) != 2:
            raise LayerDataError(f"layer {name!r}: raster must be 2-D (rows, cols), got shape {np.shape(array)}")
        self.array = np.asarray(array)
        self.transform = transform
        self.crs = CRS.from_user_input(crs)
        self.nodata = nodata
        self._palette = palette
        self._extent: Extent = tuple(transform_bounds(self.crs, "EPSG:6668", *self.bounds))  # type: ignore[assignment]
        self._warped: dict[str, WarpedRaster] = {}
        self._transformers: dict[str, Transformer] = {}
        self._lock = threading.Lock()

    @property
    def palette(self) -> Palette:
        return self._palette

    @palette.setter
    def palette(self, value: Palette) -> None:
        self._palette = value
        self.events.style.emit()

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) in the raster's own CRS."""
        rows, cols = self.array.shape
        xs, ys = zip(*(self.transform @ corner for corner in ((0, 0), (cols, 0), (0, rows), (cols, rows))), strict=True)
        return (min(xs), min(ys), max(xs), max(ys))

    @property
    def extent(self) -> Extent | None:
        return self._extent

    def legend(self) -> list[LegendEntry]:
        return self._palette.legend()

    def warped(self, crs: str) -> WarpedRaster:
        """The values on a grid in ``crs`` at about the source resolution (cached per CRS)."""
        with self._lock:
            if crs not in self._warped:
                self._warped[crs] = self._warp(CRS.from_user_input(crs))
            return self._warped[crs]

    def prepare(self, crs: str) -> None:
        self.warped(crs)

    def value_at(self, crs: str, x: float, y: float) -> float | None:
        """The cell value at world point (``x`` easting, ``y`` northing) of ``crs``; None off the
        raster, on nodata or NaN. Read from the source grid, not the warped copy."""
        sx, sy = self._from_crs(crs).transform(x, y)
        col, row = ~self.transform @ (sx, sy)
        rows, cols = self.array.shape
        if not (0 <= col < cols and 0 <= row < rows):
            return None
        value = float(self.array[int(row), int(col)])
        if np.isnan(value) or (self.nodata is not None and value == self.nodata):
            return None
        return value

    def _from_crs(self, crs: str) -> Transformer:
        if crs not in self._transformers:
            self._transformers[crs] = Transformer.from_crs(crs, self.crs, always_xy=True)
        return self._transformers[crs]

    def _warp(self, dst_crs: CRS) -> WarpedRaster:
        source = self.array.astype(np.float32)
        if self.nodata is not None:
            source[self.array == self.nodata] = np.nan
        rows, cols = source.shape
        north_up = self.transform.b == self.transform.d == 0 and self.transform.e < 0
        if dst_crs == self.crs and north_up:
            values = source
            transform = self.transform
        else:
            transform, width, height = calculate_default_transform(self.crs, dst_crs, cols, rows, *self.bounds)
            values = np.full((height, width), np.nan, dtype=np.float32)
            reproject(
                source, values, src_transform=self.transform, src_crs=self.crs, src_nodata=np.nan,
                dst_transform=transform, dst_crs=dst_crs, dst_nodata=np.nan, resampling=Resampling.nearest,
            )  # fmt: skip
        height, width = values.shape
        left, top = transform @ (0, 0)
        right, bottom = transform @ (width, height)
        return WarpedRaster(values, (min(left, right), min(top, bottom), max(left, right), max(top, bottom)))
