"""A layer of vector features (polygons, lines or points) held as a GeoDataFrame in lon/lat."""

from __future__ import annotations

import threading

import numpy as np
from geopandas import GeoDataFrame

from layers.base import Extent, Layer, LayerKind, LegendEntry
from layers.details import FeatureDetails
from layers.errors import LayerDataError
from layers.geometry import FeatureArrays, geometry_type
from layers.styles import VectorStyle

LONLAT_CRS = "EPSG:6668"
"""JGD2011 geographic: every vector layer stores its features in this CRS."""


class VectorLayer(Layer):
    """Features of one kind with a :class:`VectorStyle`.

    ``data`` is converted to EPSG:6668 (lon/lat, JGD2011) once, here, so every view and
    export starts from the same coordinates. Projected copies for drawing are made by
    :meth:`arrays` and cached per CRS (build them off the GUI thread with :meth:`prepare`).
    ``details`` tells the identify tool what to show beyond the feature's own columns
    (a building's risk entries, a gauge's readings).

    Raises
    ------
    LayerDataError
        If ``data`` has no CRS (lon/lat or metres cannot be told apart).
    """

    def __init__(
        self,
        data: GeoDataFrame,
        *,
        name: str,
        kind: LayerKind = "other",
        style: VectorStyle | None = None,
        attribution: str = "",
        visible: bool = True,
        opacity: float = 1.0,
        details: FeatureDetails | None = None,
    ) -> None:
        super().__init__(name, kind=kind, attribution=attribution, visible=visible, opacity=opacity)
        self.details = details
        if data.crs is None:
            raise LayerDataError(f"layer {name!r}: the GeoDataFrame has no CRS; expected lon/lat ({LONLAT_CRS})")
        self._data = data if data.crs.equals(LONLAT_CRS) else data.to_crs(LONLAT_CRS)
        self._style = style or VectorStyle()
        self._codes: np.ndarray | None = None
        self._arrays: dict[str, FeatureArrays] = {}
        self._lock = threading.Lock()
        self.geometry_type = geometry_type(self._data.geometry)
        self._extent = None if self._data.empty else tuple(float(v) for v in self._data.total_bounds)

    @property
    def data(self) -> GeoDataFrame:
        """The features, lon/lat (EPSG:6668). Treat as read-only: views cache what they drew."""
        return self._data

    @property
    def style(self) -> VectorStyle:
        return self._style

    @style.setter
    def style(self, value: VectorStyle) -> None:
        value.class_codes(self._data.head(0))  # a missing column fails here, not in a paint
        self._style = value
        self._codes = None
        self.events.style.emit()

    def class_codes(self) -> np.ndarray:
        """Per feature, its index into ``style.colors`` (cached until the style changes)."""
        if self._codes is None:
            self._codes = self._style.class_codes(self._data)
        return self._codes

    @property
    def extent(self) -> Extent | None:
        return self._extent  # type: ignore[return-value]

    def legend(self) -> list[LegendEntry]:
        return self._style.legend(self.geometry_type)

    def arrays(self, crs: str) -> FeatureArrays:
        """The features projected to ``crs`` as flat arrays with a spatial index (cached)."""
        with self._lock:
            if crs not in self._arrays:
                self._arrays[crs] = FeatureArrays.from_geoseries(self._data.geometry, crs)
            return self._arrays[crs]

    def prepare(self, crs: str) -> None:
        self.arrays(crs)
        self.class_codes()
