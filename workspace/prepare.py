"""Warm the layers' drawing caches off the GUI thread, in the zone the project will use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from layers.base import Layer
from layers.zones import zone_for_lonlat


def prepared(layers: Iterable[Layer], crs: str | None) -> Iterator[Layer]:
    """Yield each layer after projecting and indexing it for views in ``crs``.

    With ``crs`` None (a new project) the zone is chosen from the first layer with an extent,
    by the same rule the project uses (:func:`layers.zones.zone_for_lonlat`), so the caches
    built here are the ones the map asks for.
    """
    for layer in layers:
        if crs is None and (extent := layer.extent) is not None:
            crs = zone_for_lonlat((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2).crs
        if crs is not None:
            layer.prepare(crs)
        yield layer
