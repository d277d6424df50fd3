"""Live layers (no Qt): weather warnings per municipality, flood-forecast areas, AMeDAS rainfall,
and river gauges coloured by status with their stale state.

Each builder returns a :class:`LiveVectorLayer`: a :class:`~layers.vector.VectorLayer` whose
attribute columns a poll or a replay step rewrites in place (:meth:`LiveVectorLayer.refresh`);
the geometry never changes, so the projected drawing caches stay valid and a refresh costs one
restyle (views redraw on the ``style`` event). Legends state the 警戒レベル相当 table, the time
of the last update and, when a feed has failed, since when it is stale; the 出典 lines
(気象庁, 国土数値情報) go with the layers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Point

from feeds.status import GaugeState
from i18n import t
from layers.base import Color, LayerKind, LegendEntry
from layers.styles import ColorClass, VectorStyle
from layers.vector import VectorLayer
from weather import default_areas
from weather.amedas import Rainfall
from weather.areas import AreaTable
from weather.municipalities import class20_index
from weather.states import WarningEntry, WarningState
from weather.times import JST
from workspace.loaders import ALERT_LEVEL_COLORS

SOURCE_JMA = "出典：気象庁ホームページ"
SOURCE_N03 = "出典：国土数値情報（行政区域データ）（国土交通省）を加工して作成"
BOUNDARIES = Path(__file__).resolve().parents[1] / "resources" / "boundaries"
DETAILED = {"35": "pref35_1pct.geojson"}
"""Prefectures shipped in more detail than the all-Japan 0.1 % file (the demo city's)."""

LEVEL_KINDS: dict[int, tuple[str, str]] = {
    5: ("大雨特別警報・氾濫発生情報", "heavy-rain emergency warning, flooding information"),
    4: ("土砂災害警戒情報・氾濫危険情報・高潮特別警報・高潮警報", "landslide alert, flood danger, storm-surge (emergency) warning"),
    3: ("大雨警報・洪水警報・氾濫警戒情報・高潮注意報（警報に切り替える可能性）", "heavy-rain / flood warning, flood warning information, storm-surge advisory that may become a warning"),
    2: ("大雨注意報・洪水注意報・氾濫注意情報・高潮注意報", "heavy-rain / flood advisory, flood caution information, storm-surge advisory"),
}  # fmt: skip
"""警戒レベル相当 → what gives it (the table of weather/levels.py, as the legend states it)."""

NO_LEVEL_COLOR: Color = (200, 214, 235, 255)
"""Municipalities with only advisories that carry no level (強風, 雷 …)."""
NOTHING_COLOR: Color = (255, 255, 255, 60)
STALE_COLOR: Color = (150, 150, 150, 255)
NOTE_COLOR: Color = (255, 255, 255, 0)
"""Legend rows that are notes (update time, stale, 出典) have a transparent swatch."""

RAIN_CLASSES: tuple[tuple[float, float, Color], ...] = (
    (80.0, np.inf, (180, 0, 104, 255)),
    (50.0, 80.0, (255, 40, 0, 255)),
    (30.0, 50.0, (255, 153, 0, 255)),
    (20.0, 30.0, (250, 245, 0, 255)),
    (10.0, 20.0, (0, 65, 255, 255)),
    (5.0, 10.0, (33, 140, 255, 255)),
    (1.0, 5.0, (160, 210, 255, 255)),
    (0.0, 1.0, (242, 242, 255, 255)),
)
"""1-hour precipitation (mm) classes in JMA's rainfall colours, heaviest first."""


class LiveVectorLayer(VectorLayer):
    """A vector layer whose attributes and legend notes change with every update.

    ``notes`` are extra legend rows after the style's (update time, stale since, 出典).
    """

    def __init__(self, data: gpd.GeoDataFrame, *, notes: Sequence[str] = (), **kwargs: object) -> None:
        super().__init__(data, **kwargs)  # type: ignore[arg-type]
        self._notes = tuple(notes)

    @property
    def notes(self) -> tuple[str, ...]:
        return self._notes

    def legend(self) -> list[LegendEntry]:
        return [*super().legend(), *(LegendEntry(note, NOTE_COLOR, "fill") for note in self._notes)]

    def refresh(self, columns: Mapping[str, Sequence[object] | np.ndarray], style: VectorStyle | None = None, notes: Sequence[str] | None = None) -> None:
        """Replace attribute columns (one value per feature, in feature order) and announce.

        The geometry is untouched. Views redraw on the ``style`` event this emits.

        Raises
        ------
        ValueError
            If a column has not one value per feature.
        """
        for name, values in columns.items():
            if len(values) != len(self.data):
                raise ValueError(f"column {name!r} needs {len(self.data)} values (one per feature), got {len(values)}")
            self.data[name] = list(values) if not isinstance(values, np.ndarray) else values
        if notes is not None:
            self._notes = tuple(notes)
        self.style = style or self.style


# municipal shapes ---------------------------------------------------------------------


@cache
def _all_shapes() -> gpd.GeoDataFrame:
    coarse = gpd.read_file(BOUNDARIES / "japan_0.1pct.geojson")
    detailed = [gpd.read_file(BOUNDARIES / name) for name in DETAILED.values()]
    coarse = coarse[~coarse["N03_007"].fillna("").str[:2].isin(list(DETAILED))]
    frame = pd.concat([coarse, *detailed], ignore_index=True)
    frame = frame.astype({c: object for c in ("N03_001", "N03_003", "N03_004", "N03_007")})
    return gpd.GeoDataFrame(frame.where(frame.notna(), None), geometry="geometry", crs="EPSG:6668")


def municipal_shapes(prefectures: Iterable[str] | None = None, areas: AreaTable | None = None) -> gpd.GeoDataFrame:
    """The 行政区域 polygons the app ships, with the JMA warning areas of each.

    Parameters
    ----------
    prefectures : iterable of str, optional
        2-digit prefecture codes to keep (``"35"`` 山口県); all Japan when None.
    areas : AreaTable, optional
        JMA's area table for the code mapping (default: the one the app ships).

    Returns
    -------
    geopandas.GeoDataFrame
        ``n03_code`` (5 digits), ``name`` (prefecture + city + ward), ``area_codes`` (tuple of
        7-digit class20 codes, empty when JMA has none: see :mod:`weather.municipalities`),
        geometry in lon/lat (EPSG:6668). 山口県 comes from the 1 % file, the rest at 0.1 %.
    """
    frame = _all_shapes()
    if prefectures is not None:
        frame = frame[frame["N03_007"].fillna("").str[:2].isin(list(prefectures))]
    index = class20_index(areas if areas is not None else default_areas())
    names = [" ".join(p for p in (r.N03_001, r.N03_003, r.N03_004) if p) for r in frame.itertuples()]
    codes = [index.class20_codes(r.N03_007, r.N03_003, r.N03_004) for r in frame.itertuples()]
    out = gpd.GeoDataFrame({"n03_code": frame["N03_007"].to_numpy(), "name": names, "area_codes": codes}, geometry=frame.geometry.to_numpy(), crs="EPSG:6668")
    return out.reset_index(drop=True)


def prefecture_at(lon: float, lat: float) -> str | None:
    """The 2-digit code of the prefecture whose municipality contains (lon, lat), or None."""
    frame = _all_shapes()
    hits = frame[frame.geometry.contains(Point(lon, lat))]
    code = hits["N03_007"].dropna()
    return str(code.iloc[0])[:2] if len(code) else None


# weather ------------------------------------------------------------------------------


def level_style() -> VectorStyle:
    """Municipalities by 警戒レベル相当 in JMA's colours; the legend states the level table."""
    classes = [
        ColorClass(str(level), t("レベル{n}相当: {k}", "level {n} equivalent: {k}", n=level, k=t(*LEVEL_KINDS[level])), color)
        for level, color in sorted(ALERT_LEVEL_COLORS.items(), reverse=True)
    ]
    classes.append(ColorClass("other", t("注意報等（警戒レベルなし: 強風・雷など）", "advisories without a level (wind, thunder …)"), NO_LEVEL_COLOR))
    return VectorStyle(color=NOTHING_COLOR, column="level_class", classes=tuple(classes), other_label=t("発表なし", "nothing in force"), stroke=(90, 90, 90, 255))


def weather_columns(shapes: gpd.GeoDataFrame, states: Iterable[WarningState]) -> dict[str, list[object]]:
    """Per municipality polygon: its highest level, its class, and what is in force since when.

    Returns
    -------
    dict
        ``alert_level`` (int or None), ``level_class`` ("2"–"5", "other", "none"),
        ``in_force`` (「大雨警報 05:10〜、…」), ``report_time`` (latest report, ISO 8601).
    """
    by_area: dict[str, list[WarningState]] = {}
    for state in states:
        by_area.setdefault(state.area_code, []).append(state)
    columns: dict[str, list[object]] = {"alert_level": [], "level_class": [], "in_force": [], "report_time": []}
    for codes in shapes["area_codes"]:
        mine = [s for code in codes for s in by_area.get(code, ())]
        entries = [e for s in mine for e in s.in_force]
        level = max((e.level for e in entries if e.level is not None), default=None)
        columns["alert_level"].append(level)
        columns["level_class"].append(str(level) if level is not None else "other" if entries else "none")
        columns["in_force"].append(in_force_text(entries))
        latest = max((s.report_time for s in mine), default=None)
        columns["report_time"].append(latest.astimezone(JST).isoformat(timespec="seconds") if latest else None)
    return columns


def weather_layer(shapes: gpd.GeoDataFrame, states: Iterable[WarningState], updated: datetime | None = None, stale_since: datetime | None = None) -> LiveVectorLayer:
    """The weather layer: ``shapes`` (from :func:`municipal_shapes`) coloured by the level in force."""
    data = gpd.GeoDataFrame(shapes.copy(), geometry="geometry", crs=shapes.crs)
    for name, values in weather_columns(shapes, states).items():
        data[name] = values
    return LiveVectorLayer(
        data,
        name=t("気象警報・注意報（警戒レベル相当）", "Weather warnings (alert level equivalent)"),
        kind="hazard_area",
        style=level_style(),
        attribution=SOURCE_JMA + "、" + SOURCE_N03.removeprefix("出典："),
        opacity=0.7,
        notes=feed_notes(updated, stale_since, (SOURCE_JMA, SOURCE_N03)),
    )


def update_weather_layer(layer: LiveVectorLayer, states: Iterable[WarningState], updated: datetime | None, stale_since: datetime | None) -> None:
    """Recolour the weather layer for the current states (one restyle)."""
    layer.refresh(weather_columns(layer.data, states), level_style(), feed_notes(updated, stale_since, (SOURCE_JMA, SOURCE_N03)))


def flood_forecast_layer(shapes: gpd.GeoDataFrame, states: Iterable[WarningState]) -> LiveVectorLayer | None:
    """Outlines of the municipalities of the 浸水想定地区 under a 指定河川洪水予報, by its level.

    The feeds name rivers and stations but carry no river geometry, so the rivers are shown
    through the municipalities they may flood (and named in the legend). None when no
    forecast is in force.
    """
    level_of: dict[str, int] = {}
    rivers: dict[int, set[str]] = {}
    for state in states:
        if state.flood is None or state.alert_level is None:
            continue
        level_of[state.area_code] = max(level_of.get(state.area_code, 0), state.alert_level)
        rivers.setdefault(state.alert_level, set()).update(state.flood.rivers or (state.flood.name or "",))
    picked = [i for i, codes in enumerate(shapes["area_codes"]) if any(c in level_of for c in codes)]
    if not picked:
        return None
    data = shapes.iloc[picked].copy()
    data["flood_level"] = [str(max(level_of.get(c, 0) for c in codes)) for codes in data["area_codes"]]
    data = gpd.GeoDataFrame(data.drop(columns="geometry"), geometry=data.geometry.boundary.to_numpy(), crs=shapes.crs)
    classes = tuple(
        ColorClass(str(level), t("指定河川洪水予報 レベル{n}相当: {r}", "flood forecast level {n}: {r}", n=level, r="・".join(sorted(rivers[level]))), ALERT_LEVEL_COLORS[level])
        for level in sorted(rivers, reverse=True)
    )
    style = VectorStyle(color=(0, 90, 200, 255), column="flood_level", classes=classes, stroke_width=4.0)
    return LiveVectorLayer(data, name=t("洪水予報の浸水想定地区", "Flood forecast areas"), kind="hazard_area", style=style, attribution=SOURCE_JMA)


# AMeDAS -------------------------------------------------------------------------------


def rain_style() -> VectorStyle:
    """AMeDAS stations by 1-hour precipitation in JMA's colours; no value: grey."""
    classes = tuple(
        ColorClass(f"{low:g}", t("{a}〜{b} mm/h", "{a}–{b} mm/h", a=f"{low:g}", b="" if np.isinf(high) else f"{high:g}"), color)
        for low, high, color in RAIN_CLASSES
    )
    return VectorStyle(color=STALE_COLOR, column="rain_class", classes=classes, other_label=t("欠測・資料不足", "no value"), stroke=(60, 60, 60, 255), point_size=8.0)


def amedas_layer(rainfall: Sequence[Rainfall], bounds: tuple[float, float, float, float] | None = None, stale_since: datetime | None = None) -> LiveVectorLayer:
    """AMeDAS stations with their 1 h / 24 h precipitation, optionally inside ``bounds`` (lon/lat)."""
    rows = [r for r in rainfall if r.lon is not None and r.lat is not None]
    if bounds is not None:
        rows = [r for r in rows if bounds[0] <= r.lon <= bounds[2] and bounds[1] <= r.lat <= bounds[3]]  # type: ignore[operator]
    data = gpd.GeoDataFrame(
        {
            "station": [r.station for r in rows],
            "name": [r.name for r in rows],
            "precipitation_1h": [r.precipitation_1h for r in rows],
            "precipitation_24h": [r.precipitation_24h for r in rows],
            "rain_class": [_rain_class(r.precipitation_1h) for r in rows],
            "label": [_rain_label(r) for r in rows],
        },
        geometry=gpd.points_from_xy([r.lon for r in rows], [r.lat for r in rows]),
        crs="EPSG:6668",
    )
    observed = max((r.time for r in rows if r.time is not None), default=None)
    return LiveVectorLayer(
        data, name=t("アメダス雨量", "AMeDAS rainfall"), kind="other", style=rain_style(), attribution=SOURCE_JMA,
        notes=feed_notes(observed, stale_since, (SOURCE_JMA,), t("観測", "observed")),
    )  # fmt: skip


def _rain_class(value: float | None) -> str | None:
    if value is None:
        return None
    return next(f"{low:g}" for low, high, _ in RAIN_CLASSES if low <= value < high)


def _rain_label(r: Rainfall) -> str:
    one = "—" if r.precipitation_1h is None else f"{r.precipitation_1h:g}"
    day = "—" if r.precipitation_24h is None else f"{r.precipitation_24h:g}"
    return t("{n}: 1時間 {a} mm / 24時間 {b} mm", "{n}: 1 h {a} mm / 24 h {b} mm", n=r.name or r.station, a=one, b=day)


# gauges -------------------------------------------------------------------------------


def gauge_style() -> VectorStyle:
    """Gauges by the 警戒レベル相当 of their status; stale ones grey, whatever their last level."""
    classes = [
        ColorClass(str(level), t("警戒レベル{n}相当", "alert level {n} equivalent", n=level), color)
        for level, color in sorted(ALERT_LEVEL_COLORS.items(), reverse=True)
    ]
    classes.append(ColorClass("stale", t("更新なし（古いデータ）", "stale (no recent reading)"), STALE_COLOR))
    return VectorStyle(
        color=(255, 255, 255, 255), column="display_class", classes=tuple(classes),
        other_label=t("レベル1以下・欠測", "below level 2 or no reading"), stroke=(20, 20, 20, 255), point_size=13.0, marker="square",
    )  # fmt: skip


def gauge_columns(states: Sequence[GaugeState]) -> dict[str, list[object]]:
    """Per gauge state: level, status, alert level, trend, stale flag and the class drawn."""
    return {
        "level_m": [s.level_m for s in states],
        "observed_at": [None if s.time is None else s.time.isoformat() for s in states],
        "status": [s.status.status for s in states],
        "status_label": [s.status.label for s in states],
        "alert_level": [s.status.alert_level for s in states],
        "trend": [s.trend.direction for s in states],
        "stale": [bool(s.stale) for s in states],
        "display_class": ["stale" if s.stale else str(s.status.alert_level) if s.status.alert_level else "none" for s in states],
    }


def gauge_layer(states: Sequence[GaugeState], updated: datetime | None = None, stale_since: datetime | None = None, *, attribution: str = "", kind: LayerKind = "gauges") -> LiveVectorLayer:
    """River gauges (those with a point) coloured by status; stale ones grey, named in the legend."""
    located = [s for s in states if s.gauge.lon is not None and s.gauge.lat is not None]
    data = gpd.GeoDataFrame(
        {"station_id": [s.gauge.station_id for s in located], "name": [s.gauge.name for s in located], "river": [s.gauge.river for s in located]},
        geometry=gpd.points_from_xy([s.gauge.lon for s in located], [s.gauge.lat for s in located]),
        crs="EPSG:6668",
    )
    for name, values in gauge_columns(located).items():
        data[name] = values
    return LiveVectorLayer(
        data, name=t("水位観測所（ライブ）", "River gauges (live)"), kind=kind, style=gauge_style(), attribution=attribution,
        notes=gauge_notes(located, updated, stale_since),
    )  # fmt: skip


def update_gauge_layer(layer: LiveVectorLayer, states: Sequence[GaugeState], updated: datetime | None, stale_since: datetime | None) -> None:
    """Recolour the gauges for new states (matched by station id; gauges not given keep theirs)."""
    by_id = {s.gauge.station_id: s for s in states}
    ordered = [by_id.get(gid) for gid in layer.data["station_id"]]
    if any(s is None for s in ordered):
        raise ValueError("every gauge of the layer needs a state; rebuild the layer when the gauges change")
    located = [s for s in ordered if s is not None]
    layer.refresh(gauge_columns(located), gauge_style(), gauge_notes(located, updated, stale_since))


def gauge_notes(states: Sequence[GaugeState], updated: datetime | None, stale_since: datetime | None) -> list[str]:
    """Legend notes: the update time, the feed's stale time and each stale gauge's last reading."""
    notes = feed_notes(updated, stale_since, ())
    for s in states:
        if s.stale and s.time is not None:
            notes.append(t("{g}: {s}", "{g}: {s}", g=s.gauge.name or s.gauge.station_id, s=no_update_text(s.time)))
    return notes


# shared texts -------------------------------------------------------------------------


def no_update_text(since: datetime) -> str:
    """「5時10分から更新なし」 (with the date when it is not today's in JST)."""
    moment = pd.Timestamp(since).tz_convert(JST)
    return t("{d}{h}時{m:02d}分から更新なし", "no update since {d}{h}:{m:02d}", d=moment.strftime("%m/%d ") if moment.date() != pd.Timestamp.now(tz=JST).date() else "", h=moment.hour, m=moment.minute)


def feed_notes(updated: datetime | None, stale_since: datetime | None, sources: Sequence[str], what: str | None = None) -> list[str]:
    """Legend notes: last update (or observation) time, stale state, 出典 lines."""
    notes = []
    if updated is not None:
        stamp = pd.Timestamp(updated).tz_convert(JST).strftime("%Y-%m-%d %H:%M")
        notes.append(t("{w}: {s}", "{w}: {s}", w=what or t("最終更新", "last update"), s=stamp))
    if stale_since is not None:
        notes.append("⚠ " + no_update_text(stale_since))
    return [*notes, *sources]


def in_force_text(entries: Iterable[WarningEntry]) -> str:
    """「高潮警報 06/22 18:00〜、乾燥注意報 …」: each entry once, highest level first, with its since-time."""
    texts: dict[str, int] = {}
    for e in entries:
        since = "" if e.since is None else pd.Timestamp(e.since).tz_convert(JST).strftime(" %m/%d %H:%M〜")
        text = (e.name or e.code) + since
        texts[text] = max(texts.get(text, -1), e.level if e.level is not None else -1)
    return "、".join(sorted(texts, key=lambda x: (-texts[x], x)))


__all__ = [
    "LiveVectorLayer",
    "amedas_layer",
    "flood_forecast_layer",
    "gauge_layer",
    "municipal_shapes",
    "prefecture_at",
    "update_gauge_layer",
    "update_weather_layer",
    "weather_layer",
]
