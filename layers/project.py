"""A project: the ordered layers the user works with and the CRS the map is drawn in.

The window *holds* a project (it does not inherit from it). Layers live in a psygnal
``EventedList``: index 0 is drawn first (bottom), the last index on top, as in napari; a
layer panel lists them top first. Views subscribe to ``project.layers.events``
(inserted, removed, moved) and to ``project.events.zone``.
"""

from __future__ import annotations

from psygnal import Signal, SignalGroup
from psygnal.containers import EventedList

from layers.base import Extent, Layer, LayerKind
from layers.zones import Zone, zone, zone_for_lonlat


KIND_ORDER: tuple[LayerKind, ...] = (
    "basemap", "roads", "hazard_raster", "hazard_area", "other", "buildings", "gauges", "shelters", "residents",
)  # fmt: skip
"""Default stacking, bottom to top: the base map (tiles, then roads) under hazard surfaces under
areas under buildings under point markers."""


class LayerList(EventedList[Layer]):
    """An ``EventedList`` that only accepts layers (a wrong item fails at insert, not at paint)."""

    def _pre_insert(self, value: Layer) -> Layer:
        if not isinstance(value, Layer):
            raise TypeError(f"a project holds layers, got {type(value).__name__}")
        return value


class ProjectEvents(SignalGroup):
    """``zone`` fires with the new :class:`Zone` when the view CRS is first chosen or changed."""

    zone = Signal(object)


class Project:
    """Ordered layers plus the view CRS: the plane-rectangular zone of the data.

    The zone is chosen from the first layer with an extent (the reference town nearest to
    its centre, :func:`layers.zones.zone_for_lonlat`) unless given or set explicitly.

    Examples
    --------
    >>> p = Project(zone_number=3)
    >>> p.crs
    'EPSG:6671'
    """

    def __init__(self, layers: list[Layer] | None = None, *, name: str = "", zone_number: int | None = None) -> None:
        self.events = ProjectEvents()
        self.name = name
        self._zone: Zone | None = zone(zone_number) if zone_number is not None else None
        self.layers = LayerList()
        self.layers.events.inserted.connect(self._on_inserted)
        self.layers.extend(layers or [])

    def __repr__(self) -> str:
        return f"<Project {self.name!r} zone={self._zone and self._zone.roman} layers={[lyr.name for lyr in self.layers]}>"

    @property
    def zone(self) -> Zone | None:
        """The plane-rectangular zone the map is drawn in (None until a layer has an extent)."""
        return self._zone

    @zone.setter
    def zone(self, value: Zone | int) -> None:
        new = zone(value) if isinstance(value, int) else value
        if new == self._zone:
            return
        self._zone = new
        self.events.zone.emit(new)

    @property
    def crs(self) -> str | None:
        """The view CRS, e.g. "EPSG:6671" (zone III), or None before the zone is known."""
        return self._zone.crs if self._zone else None

    def _on_inserted(self, index: int, layer: Layer) -> None:
        if self._zone is None and (extent := layer.extent) is not None:
            self.zone = zone_for_lonlat((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)

    def add(self, layer: Layer) -> None:
        """Insert ``layer`` at its kind's default place (:data:`KIND_ORDER`): just above the
        topmost layer of the same or a lower kind (so after a manual reorder it still lands
        next to its peers)."""
        rank = KIND_ORDER.index(layer.kind)
        below = [i for i, lyr in enumerate(self.layers) if KIND_ORDER.index(lyr.kind) <= rank]
        self.layers.insert(below[-1] + 1 if below else 0, layer)

    def move(self, src: int, dest: int) -> None:
        """Move the layer at index ``src`` so it ends up at index ``dest`` (0 = bottom)."""
        if src == dest:
            return
        # EventedList.move inserts *before* dest_index, so moving up needs one more.
        self.layers.move(src, dest + 1 if dest > src else dest)

    def extent(self, visible_only: bool = False) -> Extent | None:
        """The union of the layers' extents in lon/lat, or None when there is none."""
        extents = [e for lyr in self.layers if (lyr.visible or not visible_only) and (e := lyr.extent) is not None]
        if not extents:
            return None
        return (
            min(e[0] for e in extents),
            min(e[1] for e in extents),
            max(e[2] for e in extents),
            max(e[3] for e in extents),
        )

    def attributions(self, visible_only: bool = True) -> list[str]:
        """The 出典 lines the data licences require, once each, top layer first."""
        lines: list[str] = []
        for lyr in reversed(self.layers):
            if lyr.attribution and (lyr.visible or not visible_only) and lyr.attribution not in lines:
                lines.append(lyr.attribution)
        return lines

    def layer(self, name: str) -> Layer:
        """The layer called ``name``.

        Raises
        ------
        KeyError
            If no layer has that name (the message lists those that exist).
        """
        for lyr in self.layers:
            if lyr.name == name:
                return lyr
        raise KeyError(f"no layer named {name!r}; layers: {', '.join(lyr.name for lyr in self.layers)}")
