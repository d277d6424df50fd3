"""Every real PLATEAU file in ../shared/data/plateau: counts, values, places, warnings."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
import shapely

from plateau_import import PlateauData
from plateau_import.risk_tables import KINDS

SHUNAN = "35215_shunan-shi_2024/udx/bldg/51311568_bldg_6697_op.gml"
SHUNAN_139 = "35215_shunan-shi_2024/udx/bldg/51311624_bldg_Issue139.gml"
INA = "20209_ina-shi_2020/udx/bldg/53375768_bldg_6697_op.gml"
KOSHIGAYA = "11222_koshigaya-shi_pref_2023_citygml_2_op/udx/bldg/53396677_bldg_6697_op.gml"
SHINJUKU = "13104_shinjuku-ku_pref_2025_citygml_1_op/udx/bldg/53394517_bldg_6697_op.gml"
SAPPORO = "01100_sapporo-shi/udx/bldg/64413325_bldg_6697_op.gml"
OTA = "13100_tokyo23-ku_2020/udx/bldg/53392642_bldg_6697_op2.gml"
OTA_TRAN = "13100_tokyo23-ku_2020/udx/tran/533925_tran_6697_op.gml"
NUMAZU_FLD = "22203_numazu-shi_2021/udx/fld/52385721_fld_6697_l1_op.gml"
NUMAZU_TNM = "22203_numazu-shi_2021/udx/tnm/523855_tnm_6697_op.gml"
NUMAZU_LSLD = "22203_numazu-shi_2021/udx/lsld/523857_lsld_6668_op.gml"
KISARAZU_HTD = "12206_kisarazu-shi_city_2024_citygml_1_op/udx/htd/12_1/523977_htd_6697_op.gml"
SAITAMA_IFLD = "11100_saitama-shi_city_2024_citygml_1_op/udx/ifld/11_1/533955_ifld_6697_op.gml"

# file: (uro, {class: n}, {kind: n}) — from PROVENANCE.md and the files themselves
EXPECTED = {
    SHUNAN: ("3.1", {"Building": 225}, {"river_flood": 201, "landslide": 73}),
    SHUNAN_139: ("3.1", {"Building": 109}, {"landslide": 148}),
    INA: ("1.4", {"Building": 329}, {"landslide": 10}),
    KOSHIGAYA: ("3.1", {"Building": 5}, {"river_flood": 65, "inland_flood": 2}),
    SHINJUKU: ("3.2", {"Building": 1}, {}),
    SAPPORO: ("2.0", {"Building": 25}, {"river_flood": 49}),
    OTA: ("1.4", {"Building": 8}, {"river_flood": 5}),
    OTA_TRAN: ("1.4", {"Road": 9}, {}),
    NUMAZU_FLD: ("2.0", {"WaterBody": 3}, {"river_flood": 3}),
    NUMAZU_TNM: ("2.0", {"WaterBody": 3}, {"tsunami": 3}),
    NUMAZU_LSLD: ("2.0", {"SedimentDisasterProneArea": 81}, {}),
    KISARAZU_HTD: ("3.1", {"WaterBody": 1}, {"high_tide": 1}),
    SAITAMA_IFLD: ("3.1", {"WaterBody": 1}, {"inland_flood": 1}),
}
CLASSES = ("Building", "BuildingPart", "Road", "WaterBody", "SedimentDisasterProneArea", "GenericCityObject")


def _file_record(data: PlateauData, relative: str) -> dict:
    matches = [f for f in data.files if f["file"].replace("\\", "/").endswith(relative)]
    assert len(matches) == 1, relative
    return matches[0]


def _rows(frame: pd.DataFrame, relative: str) -> pd.DataFrame:
    return frame[frame["file"].str.replace("\\", "/").str.endswith(relative)]


def test_every_gml_file_is_read(plateau_data: PlateauData, plateau_read) -> None:
    assert len(plateau_data.files) == len(EXPECTED) == 13
    assert not plateau_read[1].had_errors


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_feature_and_risk_counts(plateau_data: PlateauData, relative: str) -> None:
    uro, features, risks = EXPECTED[relative]
    record = _file_record(plateau_data, relative)
    assert record["uro"] == uro
    assert record["crs"] == "EPSG:6697"  # the lsld file is named _6668_ but declares 6697
    assert record["features"] == {c: features.get(c, 0) for c in CLASSES}
    assert record["risks"] == {k: risks.get(k, 0) for k in KINDS}
    assert _rows(plateau_data.risks, relative)["kind"].value_counts().to_dict() == risks


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_geometries_are_valid_and_inside_the_file_envelope(plateau_dir: Path, plateau_data: PlateauData, relative: str) -> None:
    head = (plateau_dir / relative).read_bytes()[:4000].decode("utf-8", "replace")
    lower = [float(v) for v in re.search(r"<gml:lowerCorner>([^<]+)<", head).group(1).split()]
    upper = [float(v) for v in re.search(r"<gml:upperCorner>([^<]+)<", head).group(1).split()]
    shapes = pd.concat(
        [_rows(f, relative).geometry for f in (plateau_data.buildings, plateau_data.hazard_areas, plateau_data.roads)]
    )
    assert len(shapes) and shapes.notna().all()
    assert shapes.is_valid.all() and (shapes.to_crs(6677).area > 0).all()
    assert set(shapes.geom_type) <= {"Polygon", "MultiPolygon"}
    assert not shapes.has_z.any()
    minx, miny, maxx, maxy = shapes.total_bounds  # x is longitude: the posList lat/lon was swapped
    eps = 1e-6
    assert lower[1] - eps <= minx and maxx <= upper[1] + eps
    assert lower[0] - eps <= miny and maxy <= upper[0] + eps


def test_shunan_is_in_yamaguchi_zone_iii(plateau_data: PlateauData) -> None:
    shunan = _rows(plateau_data.buildings, SHUNAN)
    minx, miny, maxx, maxy = shunan.total_bounds
    assert 131.6 < minx < maxx < 131.9 and 34.0 < miny < maxy < 34.2
    sub = PlateauData(shunan, plateau_data.risks, plateau_data.hazard_areas, plateau_data.roads, plateau_data.surfaces3d)
    assert sub.zone_epsg() == 6671
    projected = sub.buildings_in_zone()
    assert projected.crs.to_epsg() == 6671
    area = projected.area[projected["gml_id"] == "bldg_ed77a27b-de35-4460-a141-f78bc6adadd6"].iloc[0]
    assert 80 < area < 150  # m², a small house (LOD1 bottom face)


def test_shunan_building_l1_and_l2_entries(plateau_data: PlateauData) -> None:
    gml_id = "bldg_ed77a27b-de35-4460-a141-f78bc6adadd6"
    building = plateau_data.buildings.set_index("gml_id").loc[gml_id]
    assert building["building_id"] == "35215-bldg-48920"
    assert building["measured_height"] == pytest.approx(2.2)
    assert building["storeys_above"] is pd.NA and building["storeys_below"] is pd.NA  # 9999
    assert building["year_of_construction"] is pd.NA  # 0001
    assert building["usage"] == "461"  # no codelist shipped: raw code
    assert building["address"] == "山口県周南市大字米光米光下"
    assert building["lod"] == 1 and building["max_flood_rank"] == 2
    risks = plateau_data.risks[plateau_data.risks["owner_id"] == gml_id]
    flood = risks[risks["kind"] == "river_flood"].sort_values("scale")
    assert flood["scale"].tolist() == ["L1", "L2"]
    assert flood["rank"].tolist() == [1, 2]
    assert flood["depth_m"].tolist() == pytest.approx([0.094, 0.65])
    assert flood["description_code"].tolist() == ["4", "4"]
    landslide = risks[risks["kind"] == "landslide"]
    assert landslide["description_code"].tolist() == ["2"] and landslide["rank"].tolist() == [1]


def test_koshigaya_thirteen_entries_per_building_resolved_by_codelists(plateau_data: PlateauData) -> None:
    risks = _rows(plateau_data.risks, KOSHIGAYA)
    per_building = risks.groupby("owner_id").size()
    assert sorted(per_building.tolist()) == [9, 12, 15, 15, 16]  # 67 entries on 5 buildings, none merged
    mine = risks[(risks["owner_id"] == "bldg_a1aee1b4-098a-4927-a553-8caeae33ed7e") & (risks["description_code"] == "1")]
    assert mine[mine["kind"] == "inland_flood"]["description"].tolist() == ["越谷市内水ハザードマップ"]
    entry = mine[mine["kind"] == "river_flood"]
    assert entry["description"].tolist() == ["利根川水系利根川", "利根川水系利根川"]
    assert entry["scale"].tolist() == ["L1", "L2"]
    assert entry["rank"].tolist() == [2, 2]
    assert entry["depth_m"].tolist() == pytest.approx([1.696, 1.997])
    assert entry["duration_h"].iloc[1] == pytest.approx(123.4) and math.isnan(entry["duration_h"].iloc[0])
    assert entry["admin_type"].tolist() == ["国", "国"]
    buildings = _rows(plateau_data.buildings, KOSHIGAYA).set_index("gml_id")
    assert buildings.loc["bldg_a1aee1b4-098a-4927-a553-8caeae33ed7e", "usage"] == "住宅"
    assert buildings.loc["bldg_6e2db98f-967c-413b-ab6e-a90914ed64d4", "usage"] == "文教厚生施設"
    assert _file_record(plateau_data, KOSHIGAYA)["warnings"] == 0


def test_sapporo_uro2_rank_org_with_same_description_l1_l2(plateau_data: PlateauData) -> None:
    risks = plateau_data.risks[plateau_data.risks["owner_id"] == "bldg_e3cf1894-2973-4742-b301-3896f04afd99"]
    assert risks["rank"].isna().all()
    assert risks["rank_org"].tolist() == [2, 2]
    assert risks["depth_m"].tolist() == pytest.approx([0.682, 1.090])
    assert risks["scale"].tolist() == ["L1", "L2"]  # codes 1/2, codelist missing: standard table


def test_fy2020_generic_flood_and_landslide_sets(plateau_data: PlateauData) -> None:
    risks = plateau_data.risks.set_index("owner_id")
    flood = risks.loc["BLD_365251b8-4a9c-4e13-b238-eae7a7fd9461"]
    assert flood["kind"] == "river_flood" and flood["scale"] == "L2" and flood["rank"] == 2
    assert flood["depth_m"] == pytest.approx(0.76) and flood["duration_h"] == 0.0
    assert flood["description"] == "多摩水系多摩川、浅川、大栗川洪水浸水想定区域（想定最大規模）"
    slide = risks.loc["BLD_a2b7ff67-98c1-4bf3-9e3a-fcacf5c9a830"]
    assert slide["kind"] == "landslide" and slide["description"] == "急傾斜地の崩壊" and slide["rank"] == 2
    ina = _rows(plateau_data.buildings, INA)
    assert ina["building_id"].str.startswith("20209-bldg-").all()


def test_dirty_height_keeps_the_building_and_warns(plateau_data: PlateauData, plateau_read) -> None:
    gml_id = "BLD_0772bfd9-fa36-4747-ad0f-1e57f883f745"
    building = plateau_data.buildings.set_index("gml_id").loc[gml_id]
    assert math.isnan(building["measured_height"])
    assert building.geometry is not None and building["max_flood_rank"] == 1
    warnings = [p for p in plateau_read[1].problems if p.where == gml_id and "2.8（テスト）" in p.message]
    assert len(warnings) == 1 and warnings[0].file.endswith(OTA) and warnings[0].severity == "warning"
    assert len(_rows(plateau_data.buildings, OTA)) == 8


def test_lod2_surfaces_kept_from_xlinked_solids(plateau_data: PlateauData) -> None:
    shinjuku = _rows(plateau_data.surfaces3d, SHINJUKU)
    assert len(shinjuku) == 650
    assert shinjuku["surface_type"].value_counts().to_dict() == {"WallSurface": 370, "RoofSurface": 279, "GroundSurface": 1}
    assert shinjuku.has_z.all() and plateau_data.surfaces3d.crs.to_epsg() == 6697
    z = shapely.get_coordinates(shinjuku.geometry.to_numpy(), include_z=True)[:, 2]
    assert 30 < z.min() and z.max() < 120  # orthometric heights, not swapped into x/y
    building = _rows(plateau_data.buildings, SHINJUKU).iloc[0]
    assert building["lod"] == 2 and building["storeys_above"] == 3 and building["storeys_below"] == 0
    assert len(_rows(plateau_data.surfaces3d, OTA)) == 540


def test_hazard_areas_rank_bands_and_landslide_zones(plateau_data: PlateauData) -> None:
    areas = plateau_data.hazard_areas
    fld = _rows(areas, NUMAZU_FLD)
    assert fld["kind"].tolist() == ["river_flood"] * 3 and fld["scale"].tolist() == ["L1"] * 3
    assert fld["rank_org"].tolist() == [1, 2, 1]
    assert _rows(areas, NUMAZU_TNM)["rank_org"].tolist() == [1, 2, 3]
    htd = _rows(areas, KISARAZU_HTD).iloc[0]
    assert htd["description"] == "千葉県における東京湾沿岸高潮浸水想定区域図" and htd["rank"] == 1  # codelist resolved
    lsld = _rows(areas, NUMAZU_LSLD)
    assert len(lsld) == 81 and (lsld["kind"] == "landslide").all()
    assert set(lsld["rank"]) <= {1, 2}
    assert lsld.set_index("gml_id").loc["lsld_d5e0f93f-30ba-47ca-8819-54370ee41bfa", "name"] == "八重団地"
    assert (_rows(plateau_data.risks, NUMAZU_LSLD)).empty  # areas are features, not risk entries


def test_missing_codelists_keep_raw_codes_with_one_warning_each(plateau_read) -> None:
    data, feedback = plateau_read
    shunan = [p for p in feedback.problems if p.file.endswith(SHUNAN)]
    assert {p.where for p in shunan} == {
        f"../../codelists/{n}.xml"
        for n in ("RiverFloodingRiskAttribute_description", "RiverFloodingRiskAttribute_adminType",
                  "RiverFloodingRiskAttribute_scale", "LandSlideRiskAttribute_description", "Building_usage")
    }  # fmt: skip
    assert _file_record(data, SHUNAN)["warnings"] == len(shunan) == 5


def test_roads(plateau_data: PlateauData) -> None:
    roads = _rows(plateau_data.roads, OTA_TRAN)
    assert len(roads) == 9 and roads.geometry.notna().all()
    assert roads["gml_id"].str.startswith("LND_").all()
