"""What the identify tool shows of a feature beyond its geometry (no Qt).

A layer's GeoDataFrame holds one row per feature, but what a user needs when clicking one often
lives elsewhere: a building's risk entries are a child table (many rows per building: L1 and L2
of several rivers), a gauge's readings are a :class:`~feeds.series.LevelSeries`. Loaders attach
these as :class:`FeatureDetails` so identify never re-reads files and views never guess columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from feeds.series import LevelSeries
from i18n import t

COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "building_id": ("建物ID", "building ID"),
    "gml_id": ("gml:id", "gml:id"),
    "measured_height": ("計測高さ (m)", "measured height (m)"),
    "storeys_above": ("地上階数", "storeys above ground"),
    "storeys_below": ("地下階数", "storeys below ground"),
    "usage": ("用途", "usage"),
    "year_of_construction": ("建築年", "year built"),
    "address": ("住所", "address"),
    "lod": ("LOD", "LOD"),
    "max_flood_rank": ("最大浸水ランク", "worst flood rank"),
    "kind": ("種別", "kind"),
    "description": ("河川・区域", "river or area"),
    "rank": ("ランク", "rank"),
    "depth_m": ("浸水深 (m)", "depth (m)"),
    "duration_h": ("浸水継続時間", "flood duration"),
    "scale": ("想定規模", "scenario"),
    "admin_type": ("指定者", "designated by"),
    "name": ("名称", "name"),
    "river": ("河川", "river"),
    "station_id": ("観測所ID", "station ID"),
    "level_m": ("水位 (m)", "water level (m)"),
    "observed_at": ("最終観測時刻", "last observed"),
    "status_label": ("状態", "status"),
    "alert_level": ("警戒レベル相当", "alert level equivalent"),
    "function": ("機能", "function"),
}
"""Column → (ja, en) label; a column not listed is shown under its own name."""


def column_label(column: str) -> str:
    """The label of ``column`` in the user's language (the column name when unknown)."""
    pair = COLUMN_LABELS.get(column)
    return t(*pair) if pair else column


@dataclass(frozen=True)
class ChildTable:
    """Rows of ``table`` belonging to a feature: those with ``table[child_key] == feature[key]``.

    ``columns`` are the child columns shown, in order. The table is indexed by ``child_key``
    once, so finding a feature's rows is a hash lookup, not a scan of every row.
    """

    title: str
    table: pd.DataFrame
    key: str
    child_key: str
    columns: tuple[str, ...]
    _groups: dict[object, pd.DataFrame] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        missing = [c for c in (self.child_key, *self.columns) if c not in self.table.columns]
        if missing:
            raise KeyError(f"child table {self.title!r} lacks columns {missing}; it has {list(self.table.columns)}")
        groups = {k: g for k, g in self.table.groupby(self.child_key, sort=False)} if len(self.table) else {}
        object.__setattr__(self, "_groups", groups)

    def rows_for(self, feature: pd.Series) -> pd.DataFrame:
        """The rows of this feature (an empty frame with :attr:`columns` when it has none)."""
        rows = self._groups.get(feature.get(self.key))
        return rows[list(self.columns)] if rows is not None else self.table.head(0)[list(self.columns)]


@dataclass(frozen=True)
class FeatureDetails:
    """What identify shows of one feature of a layer.

    ``title_column`` names the feature; ``fields`` are the columns shown (all but the geometry
    when empty); ``children`` the related tables; ``series`` maps the value of ``series_key``
    to that feature's readings (gauges: station_id → LevelSeries, drawn as a hydrograph).
    """

    title_column: str | None = None
    fields: tuple[str, ...] = ()
    children: tuple[ChildTable, ...] = ()
    series_key: str | None = None
    series: Mapping[str, LevelSeries] = field(default_factory=dict)
