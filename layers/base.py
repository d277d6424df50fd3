"""The layer base: a plain model that validates, stores, then announces (napari's pattern).

Views subscribe to ``layer.events`` (psygnal, no Qt) and disconnect when they close. A layer
knows its extent in lon/lat, its legend and its 出典 (attribution); how it is drawn is the
views' business (``app/map2d/items.py`` for the 2D map).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from psygnal import Signal, SignalGroup

from layers.errors import LayerValueError

Color = tuple[int, int, int, int]
"""RGBA, each 0–255."""

Extent = tuple[float, float, float, float]
"""(min lon, min lat, max lon, max lat) in degrees, JGD2011 (EPSG:6668)."""

LayerKind = Literal["basemap", "buildings", "roads", "hazard_area", "hazard_raster", "gauges", "shelters", "residents", "other"]
"""What a layer shows; views and exports use it to pick icons, order and defaults."""


@dataclass(frozen=True)
class LegendEntry:
    """One row of a layer's legend: a swatch of ``color`` drawn as ``shape``, and a label.

    ``shape`` is "fill" (an area), "line", or the marker of a point layer: "circle" or "square".
    """

    label: str
    color: Color
    shape: Literal["fill", "line", "circle", "square"] = "fill"


class LayerEvents(SignalGroup):
    """What a layer announces. ``style`` covers colours and legend; ``data`` the features."""

    name = Signal(str)
    visible = Signal(bool)
    opacity = Signal(float)
    style = Signal()
    data = Signal()


class Layer:
    """Common state of every layer: name, visibility, opacity, kind and 出典.

    Subclasses implement :attr:`extent` and :meth:`legend`; one that announces more than
    :class:`LayerEvents` names its own group in ``events_type``.
    """

    events_type: type[LayerEvents] = LayerEvents

    def __init__(
        self,
        name: str,
        *,
        kind: LayerKind = "other",
        attribution: str = "",
        visible: bool = True,
        opacity: float = 1.0,
    ) -> None:
        self.events = self.events_type()
        self.kind: LayerKind = kind
        self.attribution = attribution
        self._name = name
        self._visible = bool(visible)
        self._opacity = 1.0
        self.opacity = opacity

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._name!r} kind={self.kind}>"

    @property
    def name(self) -> str:
        return self._name

    @name.setter
    def name(self, value: str) -> None:
        if value == self._name:
            return
        self._name = value
        self.events.name.emit(value)

    @property
    def visible(self) -> bool:
        return self._visible

    @visible.setter
    def visible(self, value: bool) -> None:
        value = bool(value)
        if value == self._visible:
            return
        self._visible = value
        self.events.visible.emit(value)

    @property
    def opacity(self) -> float:
        """0 (transparent) to 1 (opaque)."""
        return self._opacity

    @opacity.setter
    def opacity(self, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise LayerValueError(f"opacity must be between 0 and 1, got {value}")
        value = float(value)
        if value == self._opacity:
            return
        self._opacity = value
        self.events.opacity.emit(value)

    @property
    def extent(self) -> Extent | None:
        """Bounds in lon/lat, or None when the layer is empty."""
        raise NotImplementedError

    def legend(self) -> list[LegendEntry]:
        """The legend rows, in the standard colours, top to bottom."""
        raise NotImplementedError

    def prepare(self, crs: str) -> None:
        """Compute and cache what views need to draw this layer in ``crs``.

        Projection and indexing take seconds for a city's buildings, so loaders call this
        off the GUI thread; a view calling it later finds the cache warm.
        """
        raise NotImplementedError
