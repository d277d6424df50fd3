"""The identify tool's logic (no Qt): what lies under a point of the map, ready to show.

:func:`identify` asks each visible layer, top first, through its spatial index (the grid index of
:class:`~layers.geometry.FeatureArrays`): only the few features whose bounds meet a small box
around the point are tested exactly, so a click costs the same on 2,000 or 150,000 buildings.
Values are formatted here (ranks with their depth band, L1/L2 with the scenario name, durations
with their rank), so the panel, a print or a test read the same text.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from feeds.series import LevelSeries
from feeds.status import gauge_state
from hazards.legend import KIND_LABELS, SCENARIO_LABELS
from hazards.ranks import DEPTH_RANKS, DURATION_RANKS, UNDECODED
from i18n import t
from layers.base import Layer
from layers.details import ChildTable, FeatureDetails, column_label
from layers.hazard_tiles import HazardTileLayer
from layers.raster import RasterLayer
from layers.vector import LONLAT_CRS, VectorLayer


@dataclass(frozen=True)
class Table:
    """A related table as text: its title, column headers and rows."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Hit:
    """One thing found under the point.

    ``feature`` is the row position in ``layer.data`` for a vector layer (None for a raster);
    ``fields`` are (label, text) pairs; ``series`` is a gauge's readings when it has them.
    """

    layer: Layer
    feature: int | None
    title: str
    fields: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...] = ()
    series: LevelSeries | None = None


def identify(layers: Sequence[Layer], crs: str, x: float, y: float, tolerance: float) -> list[Hit]:
    """What the visible ``layers`` hold at world point (``x`` easting, ``y`` northing) in ``crs``.

    Parameters
    ----------
    layers : sequence of Layer
        Bottom first (as in :class:`~layers.project.Project`); results come top first.
    tolerance : float
        Metres: how near a line or point must be (a polygon must contain the point).

    Returns
    -------
    list of Hit
        At most one hit per layer: the feature containing the point (the smallest, when
        several do), else the nearest within ``tolerance``.
    """
    hits: list[Hit] = []
    for layer in reversed(list(layers)):
        if not layer.visible:
            continue
        hit = None
        if isinstance(layer, VectorLayer):
            hit = _vector_hit(layer, crs, x, y, tolerance)
        elif isinstance(layer, RasterLayer):
            hit = _raster_hit(layer, crs, x, y)
        elif isinstance(layer, HazardTileLayer):
            hit = _tile_hit(layer, crs, x, y)
        if hit is not None:
            hits.append(hit)
    return hits


@functools.cache
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def nearest_feature(layer: VectorLayer, crs: str, x: float, y: float, tolerance: float) -> int | None:
    """Row position of the feature of ``layer`` at (``x``, ``y``) in ``crs``, or None.

    Candidates come from the spatial index (a box of ``tolerance`` around the point); only
    they are projected and measured.
    """
    arrays = layer.arrays(crs)
    candidates = np.sort(arrays.in_box(x - tolerance, y - tolerance, x + tolerance, y + tolerance))
    if candidates.size == 0:
        return None
    if layer.geometry_type == "point":
        distance = np.hypot(arrays.anchors[candidates, 0] - x, arrays.anchors[candidates, 1] - y)
        area = np.zeros(len(candidates))
    else:
        to_view = _transformer(LONLAT_CRS, crs)
        geoms = shapely.transform(
            np.asarray(layer.data.geometry.values)[candidates],
            lambda xy: np.column_stack(to_view.transform(xy[:, 0], xy[:, 1])),
        )
        distance = shapely.distance(geoms, shapely.Point(x, y))
        area = shapely.area(geoms)
    near = distance <= tolerance
    if not near.any():
        return None
    order = np.lexsort((area[near], distance[near]))  # containing (0 m) first, then smallest
    return int(candidates[near][order[0]])


def _vector_hit(layer: VectorLayer, crs: str, x: float, y: float, tolerance: float) -> Hit | None:
    index = nearest_feature(layer, crs, x, y, tolerance)
    if index is None:
        return None
    return feature_hit(layer, index)


def feature_hit(layer: VectorLayer, index: int) -> Hit:
    """The :class:`Hit` of feature ``index`` (row position) of ``layer``."""
    details = layer.details or FeatureDetails()
    row = layer.data.iloc[index]
    columns = details.fields or tuple(c for c in layer.data.columns if c != layer.data.geometry.name)
    fields = tuple((column_label(c), format_value(c, row.get(c))) for c in columns)
    title = layer.name
    if details.title_column and (name := format_value(details.title_column, row.get(details.title_column))) != "—":
        title = f"{layer.name}: {name}"
    tables = tuple(_table(child, row) for child in details.children)
    series = details.series.get(str(row.get(details.series_key))) if details.series_key else None
    if series is not None:
        state = gauge_state(series)
        fields += (
            (t("避難情報の目安", "suggested evacuation info"), state.status.evacuation_info or "—"),
            (t("除外した観測値 (欠測・異常値)", "readings left out (missing, spikes)"), str(int((~series.valid).sum()))),
        )
    return Hit(layer, index, title, fields, tables, series)


def _table(child: ChildTable, row: pd.Series) -> Table:
    rows = child.rows_for(row)
    headers = tuple(column_label(c) for c in child.columns)
    body = tuple(tuple(format_value(c, v) for c, v in zip(child.columns, values, strict=True)) for values in rows.itertuples(index=False))
    return Table(child.title, headers, body)


def _raster_hit(layer: RasterLayer, crs: str, x: float, y: float) -> Hit | None:
    value = layer.value_at(crs, x, y)
    if value is None:
        return None
    label = layer.palette.label_of(value)
    fields = ((layer.value_name, _number(value)), (t("区分", "class"), label or "—"), *layer.notes)
    return Hit(layer, None, layer.name, fields)


def _tile_hit(layer: HazardTileLayer, crs: str, x: float, y: float) -> Hit | None:
    """The rank the tile set's pixel shows (the hazard model's point query) with its legend label; None outside its data area."""
    rank = layer.rank_at(*_transformer(crs, LONLAT_CRS).transform(x, y))
    if rank is None:
        return None
    if rank == UNDECODED:
        label = t("凡例にない色 (判読できません)", "a colour not in the legend (cannot be read)")
    elif rank == 0:
        label = t("なし (データ範囲内)", "none (inside the data area)")
    else:
        label = next((e.label for e in layer.legend_rows.entries if e.rank == rank), "—")
    scenario = layer.source.info.scenario
    fields = (
        (t("ランク", "rank"), str(rank) if rank >= 0 else "—"),
        (t("浸水深", "depth") if layer.source.info.measure == "depth" else t("区分", "class"), label),
        (t("想定規模", "scenario"), t(*SCENARIO_LABELS[scenario]) if scenario else t("不明", "unknown")),
    )
    return Hit(layer, None, layer.name, fields)


def format_value(column: str, value: object) -> str:
    """``value`` of ``column`` as shown to users: "—" when missing, ranks with their band,
    scenarios by name, durations with their rank, times to the minute."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if column in ("rank", "max_flood_rank"):
        band = next((b for b in DEPTH_RANKS if b.rank == int(value)), None)  # type: ignore[call-overload]
        return f"{int(value)}（{t(band.label_ja, band.label_en)}）" if band else str(value)  # type: ignore[call-overload]
    if column == "scale" and value in SCENARIO_LABELS:
        return t(*SCENARIO_LABELS[value])  # type: ignore[index]
    if column == "kind" and value in KIND_LABELS:
        return t(*KIND_LABELS[value])  # type: ignore[index]
    if column == "duration_h":
        hours = float(value)  # type: ignore[arg-type]
        band = next((b for b in DURATION_RANKS if b.low <= hours and (b.high is None or hours < b.high)), None)
        return f"{hours:g} h" + (f"（{t(band.label_ja, band.label_en)}）" if band else "")
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
