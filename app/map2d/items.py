"""The one table mapping layer classes to their 2D drawers (cf. napari ``layer_to_visual``).

A new kind of layer gets drawn by adding a :class:`~app.map2d.base_item.MapItem` subclass
and one row here; the canvas never tests layer types itself.
"""

from __future__ import annotations

from app.map2d.base_item import MapItem
from app.map2d.raster_item import RasterItem
from app.map2d.tile_item import TileItem
from app.map2d.vector_item import VectorItem
from layers.base import Layer
from layers.raster import RasterLayer
from layers.tiles import TiledLayer
from layers.vector import VectorLayer

LAYER_TO_ITEM: dict[type[Layer], type[MapItem]] = {
    VectorLayer: VectorItem,
    RasterLayer: RasterItem,
    TiledLayer: TileItem,
}


def item_for(layer: Layer, crs: str) -> MapItem:
    """The drawer for ``layer`` in view CRS ``crs`` (the closest class in the table wins).

    Raises
    ------
    TypeError
        If no class in ``layer``'s hierarchy has a drawer.
    """
    for cls in type(layer).__mro__:
        if cls in LAYER_TO_ITEM:
            return LAYER_TO_ITEM[cls](layer, crs)
    known = ", ".join(c.__name__ for c in LAYER_TO_ITEM)
    raise TypeError(f"no 2D drawer for {type(layer).__name__}; layers with one: {known}")
