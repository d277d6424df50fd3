"""File → layer: each kind of input goes through the project's real importer, then gets a style.

The window's import menu, 開く… and the demo all use these functions, so a file shown on the
map was read exactly as the command line reads it. Each loader returns layers in lon/lat
(EPSG:6668) and reports per-row problems through ``feedback``; a file that cannot be read at
all raises the importer's error (a ``ValueError`` or ``OSError`` subclass) with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from evac_plans.residents import read_residents
from evac_plans.shelters import read_shelters
from feeds.gauges import Gauge, read_gauge_table
from feeds.levels import read_simple_levels, simple_series
from feeds.status import gauge_status
from hazards.areas import HazardAreas
from hazards.ksj import read_ksj_hazard
from hazards.legend import legend_for
from hazards.plateau import areas_from_plateau
from hazards.ranks import LANDSLIDE_ZONES
from hazards.raster import read_hazard_raster
from i18n import t
from jobs.feedback import Feedback
from hazards.legend import SCENARIO_LABELS
from layers.base import Layer
from layers.details import ChildTable, FeatureDetails
from layers.raster import RasterLayer
from layers.styles import ColorClass, VectorStyle, flood_depth_palette, flood_rank_palette, flood_rank_style
from layers.tiles import TileLayer
from layers.vector import VectorLayer
from plateau_import import read_plateau
from workspace.hazard_tiles import load_hazard_tiles

PathLike = str | os.PathLike[str]

# 出典 lines the data licences ask for (shown on the map, in prints and exports).
SOURCE_PLATEAU = "出典：国土交通省 Project PLATEAU 3D都市モデルを加工して作成"
SOURCE_HAZARD = "出典：国土数値情報（洪水浸水想定区域データ）（国土交通省）を加工して作成"
SOURCE_SHELTERS = "出典：国土地理院 指定緊急避難場所・指定避難所データを加工して作成"
SOURCE_GAUGES = "出典：国土交通省 水文水質データベース・川の防災情報"

ALERT_LEVEL_COLORS = {
    5: (12, 0, 12, 255),
    4: (170, 0, 170, 255),
    3: (255, 40, 0, 255),
    2: (242, 231, 0, 255),
}
"""警戒レベル (相当) → the colours of JMA's risk maps (黒・紫・赤・黄); below level 2 is white."""


def load_plateau(paths: Sequence[PathLike], feedback: Feedback, attribution: str = SOURCE_PLATEAU) -> list[VectorLayer]:
    """PLATEAU CityGML files or folders → buildings (by worst flood rank), flood areas, roads.

    Empty parts give no layer. Buildings are coloured by ``max_flood_rank`` (worst rank over
    every river-flood entry) in the standard colours and carry every risk entry for the
    identify tool. Roads (tran) are the offline base map: thin grey lines under everything.
    """
    data = read_plateau([Path(p) for p in paths], feedback)
    layers: list[VectorLayer] = []
    if not data.roads.empty:
        style = VectorStyle(color=(150, 150, 150, 255), stroke_width=1.5)
        layers.append(VectorLayer(data.roads, name=t("道路", "Roads"), kind="roads", style=style, attribution=attribution))
    if not data.hazard_areas.empty:
        layers += hazard_area_layers(areas_from_plateau(data.hazard_areas, feedback), attribution)
    if not data.buildings.empty:
        layers.append(
            VectorLayer(
                data.buildings,
                name=t("建物（浸水ランク）", "Buildings (flood rank)"),
                kind="buildings",
                style=flood_rank_style("max_flood_rank"),
                attribution=attribution,
                details=FeatureDetails("building_id", BUILDING_FIELDS, children=(_risk_table(data.risks),)),
            )
        )
    return layers


BUILDING_FIELDS = ("building_id", "usage", "address", "measured_height", "storeys_above", "storeys_below",
                   "year_of_construction", "max_flood_rank", "lod", "gml_id")  # fmt: skip
"""The building attributes the identify tool shows, in order."""
RISK_COLUMNS = ("kind", "description", "rank", "depth_m", "scale", "duration_h", "admin_type")
"""The risk-entry columns the identify tool lists, one row per entry (L1 and L2 of each river)."""


def hazard_area_layers(sources: Sequence[HazardAreas], attribution: str) -> list[VectorLayer]:
    """One layer per hazard kind and scenario, named and coloured by its legend: the standard
    depth colours, or the landslide zone colours; the name says 計画規模 (L1) / 想定最大規模 (L2)."""
    layers = []
    for source in sources:
        legend = legend_for(source.info)
        classes: dict[int, ColorClass] = {}
        for entry in legend.entries:
            if entry.colour is not None and entry.rank not in classes:
                label = t(*_LANDSLIDE_ZONE_NAMES[entry.rank]) if legend.kind == "landslide" else entry.label
                classes[entry.rank] = ColorClass(entry.rank, label, (*entry.colour, 255))
        style = VectorStyle(color=(200, 200, 200, 255), column="rank", classes=tuple(classes.values()), other_label="", stroke=None)
        layers.append(
            VectorLayer(
                source.frame,
                name=legend.title(),
                kind="hazard_area",
                style=style,
                attribution=attribution,
                details=FeatureDetails("name", tuple(c for c in AREA_FIELDS if c in source.frame.columns)),
            )
        )
    return layers


def load_hazard_vectors(path: PathLike, feedback: Feedback, attribution: str = SOURCE_HAZARD) -> list[VectorLayer]:
    """A 国土数値情報 A31 / A31a / A31b / A33 vector file (Shapefile, GeoJSON, GeoPackage) → its areas."""
    return hazard_area_layers([read_ksj_hazard(path, feedback)], attribution)


AREA_FIELDS = ("kind", "description", "rank", "scale", "name", "phenomenon")
"""The hazard-area attributes the identify tool shows, where a source has them."""
_LANDSLIDE_ZONE_NAMES = {rank: (ja, en) for rank, ja, en in LANDSLIDE_ZONES}


def _risk_table(risks: pd.DataFrame) -> ChildTable:
    building_risks = risks[risks["owner_class"] == "Building"]
    return ChildTable(t("災害リスク", "Disaster risks"), building_risks, "gml_id", "owner_id", RISK_COLUMNS)


def load_hazard_raster(path: PathLike, feedback: Feedback, attribution: str = SOURCE_HAZARD) -> RasterLayer:
    """A flood depth (m) or depth-rank raster, in the standard rank colours."""
    raster = read_hazard_raster(path)
    scenario = {"L1": t("計画規模", "planned scale"), "L2": t("想定最大規模", "maximum assumed")}.get(raster.scenario or "")
    name = t("浸水深", "Flood depth") + (f" ({scenario})" if scenario else "")
    depth = raster.value_type == "depth"
    palette = flood_depth_palette() if depth else flood_rank_palette()
    scenario_label = t(*SCENARIO_LABELS[raster.scenario]) if raster.scenario in SCENARIO_LABELS else t("不明", "unknown")
    return RasterLayer(
        raster.array, raster.transform, raster.crs, name=name, palette=palette, nodata=raster.nodata, attribution=attribution,
        value_name=t("浸水深 (m)", "depth (m)") if depth else t("浸水ランク", "depth rank"),
        notes=((t("想定規模", "scenario"), scenario_label), (t("ファイル", "file"), Path(path).name)),
    )  # fmt: skip


def load_gauges(
    path: PathLike, feedback: Feedback, levels_path: PathLike | None = None, attribution: str = SOURCE_GAUGES
) -> VectorLayer:
    """River gauges coloured by the 警戒レベル their latest reading reaches.

    Without ``levels_path`` (a ``station_id,time,level_m`` CSV) every gauge shows 欠測.
    Gauges without a usable point are left off the map (the importer has reported them).
    """
    gauges = [g for g in read_gauge_table(path, feedback) if g.lon is not None and g.lat is not None]
    levels = read_simple_levels(levels_path, feedback) if levels_path is not None else None
    series = simple_series(levels, {g.station_id: g for g in gauges}) if levels is not None else []
    frame = gpd.GeoDataFrame(
        [_gauge_row(g, levels) for g in gauges],
        columns=["station_id", "name", "river", "level_m", "observed_at", "status", "status_label", "alert_level"],
        geometry=gpd.points_from_xy([g.lon for g in gauges], [g.lat for g in gauges]),
        crs="EPSG:6668",
    )
    classes = tuple(
        ColorClass(level, t("警戒レベル{n}相当", "alert level {n} equivalent", n=level), color)
        for level, color in sorted(ALERT_LEVEL_COLORS.items(), reverse=True)
    )
    style = VectorStyle(
        color=(255, 255, 255, 255),
        column="alert_level",
        classes=classes,
        other_label=t("レベル1以下・欠測", "below level 2 or no reading"),
        stroke=(20, 20, 20, 255),
        point_size=13.0,
        marker="square",
    )
    details = FeatureDetails(
        "name",
        ("name", "river", "level_m", "status_label", "alert_level", "observed_at", "station_id"),
        series_key="station_id",
        series={s.gauge.station_id: s for s in series},
    )
    return VectorLayer(frame, name=t("水位観測所", "River gauges"), kind="gauges", style=style, attribution=attribution, details=details)


def _gauge_row(gauge: Gauge, levels: pd.DataFrame | None) -> dict[str, object]:
    readings = levels[levels["station_id"] == gauge.station_id].dropna(subset=["level_m"]) if levels is not None else None
    latest = readings.sort_values("time").iloc[-1] if readings is not None and not readings.empty else None
    level = float(latest["level_m"]) if latest is not None else None
    status = gauge_status(level, gauge)
    return {
        "station_id": gauge.station_id,
        "name": gauge.name,
        "river": gauge.river,
        "level_m": level,
        "observed_at": latest["time"] if latest is not None else pd.NaT,
        "status": status.status,
        "status_label": status.label,
        "alert_level": status.alert_level if status.alert_level is not None else pd.NA,
    }


def load_shelters(path: PathLike, feedback: Feedback, attribution: str = SOURCE_SHELTERS) -> VectorLayer:
    """GSI shelters (CSV or GeoJSON); rows without a point stay in the data, off the map."""
    shelters = read_shelters(path, feedback)
    style = VectorStyle(
        color=(0, 140, 70, 255),
        stroke=(255, 255, 255, 255),
        point_size=12.0,
        marker="square",
        other_label=t("指定避難所・緊急避難場所", "designated shelter / evacuation site"),
    )
    return VectorLayer(shelters, name=t("避難所", "Shelters"), kind="shelters", style=style, attribution=attribution)


def load_residents(path: PathLike, feedback: Feedback, attribution: str = "") -> VectorLayer:
    """Residents needing support (roster CSV), as home points; personal data stays in the data."""
    residents = read_residents(path, feedback)
    style = VectorStyle(
        color=(30, 90, 220, 255),
        stroke=(255, 255, 255, 255),
        point_size=9.0,
        other_label=t("要支援者の自宅", "home of a resident needing support"),
    )
    return VectorLayer(residents, name=t("要支援者", "Residents needing support"), kind="residents", style=style, attribution=attribution)


def load_tiles(url_template: str) -> TileLayer:
    """An XYZ tile base map (e.g. 地理院タイル), cached on disk; tiles load as the map needs them.

    Raises
    ------
    layers.errors.LayerValueError
        If ``url_template`` is not an http(s) URL with ``{z}``, ``{x}`` and ``{y}``.
    """
    return TileLayer(url_template)


@dataclass(frozen=True)
class ImportKind:
    """One entry of the import menu: what it reads, the file-dialog filter, and the loader."""

    key: str
    label: tuple[str, str]
    file_filter: tuple[str, str]
    load: Callable[[list[Path], Feedback], list[Layer]]


IMPORT_KINDS: tuple[ImportKind, ...] = (
    ImportKind(
        "plateau",
        ("PLATEAU 3D都市モデル (CityGML)…", "PLATEAU 3D city model (CityGML)…"),
        ("CityGML (*.gml *.zip)", "CityGML (*.gml *.zip)"),
        load_plateau,
    ),
    ImportKind(
        "hazard_vector",
        ("洪水・土砂災害区域 (国土数値情報 A31/A33)…", "Flood or landslide areas (国土数値情報 A31/A33)…"),
        ("ベクタ (*.shp *.geojson *.json *.gpkg)", "Vectors (*.shp *.geojson *.json *.gpkg)"),
        lambda paths, fb: [layer for p in paths for layer in load_hazard_vectors(p, fb)],
    ),
    ImportKind(
        "hazard_raster",
        ("浸水深ラスタ (GeoTIFF)…", "Flood depth raster (GeoTIFF)…"),
        ("ラスタ (*.tif *.tiff)", "Rasters (*.tif *.tiff)"),
        lambda paths, fb: [load_hazard_raster(p, fb) for p in paths],
    ),
    ImportKind(
        "gauges",
        ("水位観測所 (CSV)…", "River gauges (CSV)…"),
        ("CSV (*.csv)", "CSV (*.csv)"),
        lambda paths, fb: [load_gauges(p, fb) for p in paths],
    ),
    ImportKind(
        "shelters",
        ("避難所 (国土地理院 CSV / GeoJSON)…", "Shelters (GSI CSV / GeoJSON)…"),
        ("避難所 (*.csv *.geojson *.json)", "Shelters (*.csv *.geojson *.json)"),
        lambda paths, fb: [load_shelters(p, fb) for p in paths],
    ),
    ImportKind(
        "residents",
        ("要支援者名簿 (CSV)…", "Residents roster (CSV)…"),
        ("CSV (*.csv)", "CSV (*.csv)"),
        lambda paths, fb: [load_residents(p, fb) for p in paths],
    ),
    ImportKind(
        "hazard_tiles",
        ("ハザードタイル (SVGMap のルート SVG・ZIP)…", "Hazard tiles (SVGMap root SVG, zip)…"),
        ("タイルセット (*.svg *.zip)", "Tile sets (*.svg *.zip)"),
        lambda paths, fb: [load_hazard_tiles(p, fb, SOURCE_HAZARD) for p in paths],
    ),
)
"""What ファイル → インポート offers, in menu order."""
