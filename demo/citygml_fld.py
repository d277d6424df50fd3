"""Write the demo's PLATEAU river-flood (fld) file: one ``wtr:WaterBody`` per depth-rank band.

Layout as in real deliveries: ``udx/fld/pref/<水系>_<河川>/<2nd-level mesh>_fld_6697_l2_op.gml``
(``pref`` = prefecture-managed river). Each band's surface is the union of the grid cells of
that L2 rank, polygonised (4-connected, holes as ``gml:interior``), so the polygons cover
exactly the cells the GeoTIFF classifies with that rank and no two parts of a band share an
edge. Heights are the band's mean water surface (ground + depth).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
import shapely.geometry
from rasterio import features

from demo.gml import CLOSE_CITY_MODEL, CREATION_DATE, SYNTHETIC_NOTE, feature_id, open_city_model, polygon
from demo.site import BOUNDS, GRID_TRANSFORM, Site, mesh3_code

RIVER_FOLDER = "fushinogawa_fushinogawa"
UP = "../../../../"
CL = UP + "codelists/"
FLOOD_NAME = "椹野川水系椹野川洪水浸水想定区域図（想定最大規模）"
RIVER_DESCRIPTION_CODE = 1
ADMIN_TYPE_PREF = 2
SCALE_L2 = 2
I = "      "


def write_fld_file(site: Site, root: Path, rng: np.random.Generator) -> Path:
    """Write the L2 fld file under the dataset ``root`` and return its path."""
    west, south, east, north = BOUNDS
    mesh2 = mesh3_code(np.array([west + 1e-9]), np.array([south + 1e-9]))[0][:6]
    folder = root / "udx" / "fld" / "pref" / RIVER_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    surface = site.ground + site.depth_l2
    flooded = site.rank_l2 > 0
    lower = np.array([south, west, surface[flooded].min()])
    upper = np.array([north, east, surface[flooded].max()])
    parts = [open_city_model(UP, FLOOD_NAME + " (デモ)", lower, upper)]
    for rank in np.unique(site.rank_l2[flooded]):
        height = round(float(surface[site.rank_l2 == rank].mean()), 2)
        parts.append(_water_body(int(rank), _band_polygons(site.rank_l2, int(rank)), height, feature_id("fld", rng)))
    parts.append(CLOSE_CITY_MODEL)
    path = folder / f"{mesh2}_fld_6697_l2_op.gml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _band_polygons(ranks: np.ndarray, rank: int) -> list[shapely.Polygon]:
    """The cells of one rank as 4-connected polygons in (lon, lat), exteriors counter-clockwise."""
    band = (ranks == rank).astype(np.uint8)
    found = features.shapes(band, mask=band.astype(bool), connectivity=4, transform=GRID_TRANSFORM)
    return [shapely.orient_polygons(shapely.geometry.shape(geom)) for geom, _ in found]


def _water_body(rank: int, polygons: list[shapely.Polygon], height: float, gml_id: str) -> str:
    def lat_lon_h(ring: shapely.LinearRing) -> np.ndarray:
        xy = shapely.get_coordinates(ring)
        return np.column_stack([xy[:, 1], xy[:, 0], np.full(len(xy), height)])

    members = [
        polygon(lat_lon_h(p.exterior), I + "    ", tuple(lat_lon_h(h) for h in p.interiors)) for p in polygons
    ]
    cl = CL + "RiverFloodingRiskAttribute_"
    return (
        "  <core:cityObjectMember>\n"
        f'    <wtr:WaterBody gml:id="{gml_id}">\n'
        f"{I}<gml:description>{SYNTHETIC_NOTE}</gml:description>\n"
        f"{I}<gml:name>{FLOOD_NAME}</gml:name>\n"
        f"{I}<core:creationDate>{CREATION_DATE}</core:creationDate>\n"
        f'{I}<wtr:class codeSpace="{CL}WaterBody_class.xml">1140</wtr:class>\n'
        f'{I}<wtr:function codeSpace="{CL}WaterBody_function.xml">1</wtr:function>\n'
        f"{I}<wtr:lod1MultiSurface>\n"
        f'{I}  <gml:MultiSurface srsName="http://www.opengis.net/def/crs/EPSG/0/6697" srsDimension="3">\n'
        + "".join(members)
        + f"{I}  </gml:MultiSurface>\n{I}</wtr:lod1MultiSurface>\n"
        f"{I}<uro:floodingRiskAttribute>\n{I}  <uro:RiverFloodingRiskAttribute>\n"
        f'{I}    <uro:description codeSpace="{cl}description.xml">{RIVER_DESCRIPTION_CODE}</uro:description>\n'
        f'{I}    <uro:rank codeSpace="{cl}rank.xml">{rank}</uro:rank>\n'
        f'{I}    <uro:adminType codeSpace="{cl}adminType.xml">{ADMIN_TYPE_PREF}</uro:adminType>\n'
        f'{I}    <uro:scale codeSpace="{cl}scale.xml">{SCALE_L2}</uro:scale>\n'
        f"{I}  </uro:RiverFloodingRiskAttribute>\n{I}</uro:floodingRiskAttribute>\n"
        "    </wtr:WaterBody>\n"
        "  </core:cityObjectMember>\n"
    )
