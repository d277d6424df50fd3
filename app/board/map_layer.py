"""The people of the board on the map, one dot per home coloured by state.

A :class:`~workspace.live_layers.LiveVectorLayer`: built once per roster, recoloured in place on
every recompute (no reprojection). The layer carries the state and reason but no names.
"""

from __future__ import annotations

import geopandas as gpd

from alerts.board import STATE_LABELS, Board
from alerts.board_update import BoardUpdate
from i18n import t
from layers.base import Color
from layers.styles import ColorClass, VectorStyle
from workspace.live_layers import LiveVectorLayer

STATE_COLORS: dict[str, Color] = {
    "leave_now": (220, 30, 30, 255),
    "prepare": (250, 150, 20, 255),
    "unknown": (150, 150, 150, 255),
    "stay_vertical": (140, 60, 190, 255),
    "evacuated": (40, 170, 70, 255),
    "safe_at_home": (40, 110, 220, 255),
    "no_action": (255, 255, 255, 255),
}
"""Board state → colour on the map and in the list."""


def state_style() -> VectorStyle:
    """People by state, in the board's precedence order (legend included)."""
    classes = tuple(ColorClass(state, t(*STATE_LABELS[state]), color) for state, color in STATE_COLORS.items())
    return VectorStyle(color=(255, 255, 255, 255), column="state", classes=classes, stroke=(30, 30, 30, 255), point_size=11.0)


def people_layer(board: Board, lon: list[float | None], lat: list[float | None]) -> LiveVectorLayer:
    """A layer of the people with a home point (``lon``/``lat`` in the board's order)."""
    located = [i for i, (x, y) in enumerate(zip(lon, lat, strict=True)) if x is not None and y is not None]
    data = gpd.GeoDataFrame(
        {"row": located, "person": [str(board.people.ids[i]) for i in located]},
        geometry=gpd.points_from_xy([lon[i] for i in located], [lat[i] for i in located]),
        crs="EPSG:6668",
    )
    layer = LiveVectorLayer(
        data, name=t("避難判断ボード (要支援者)", "Alert board (people)"), kind="residents", style=state_style()
    )
    recolor(layer, board)
    return layer


def roster_layer(update: BoardUpdate, crs: str | None) -> LiveVectorLayer:
    """The layer of an update's people, projected to ``crs`` when given (no Qt: the dock builds it on its worker)."""
    persons = [r.person for r in update.roster.records]
    layer = people_layer(update.board, [p.home_lon for p in persons], [p.home_lat for p in persons])
    if crs is not None:
        layer.prepare(crs)
    return layer


def recolor(layer: LiveVectorLayer, board: Board) -> None:
    """Give the layer the board's states and reasons (same roster as when it was built)."""
    rows = layer.data["row"].to_numpy()
    layer.refresh({"state": board.state[rows], "reason": board.reason[rows]}, state_style())
