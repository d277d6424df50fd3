"""The project: ordered layers with events, default stacking, zone choice, 出典 lines."""

from __future__ import annotations

import geopandas as gpd
import pytest

from layers import Layer, Project, VectorLayer
from layers.zones import zone, zone_for_lonlat


def point_layer(name: str, kind: str = "other", lon: float = 131.46, lat: float = 34.16, attribution: str = "") -> VectorLayer:
    frame = gpd.GeoDataFrame(geometry=gpd.points_from_xy([lon], [lat]), crs=6668)
    return VectorLayer(frame, name=name, kind=kind, attribution=attribution)  # type: ignore[arg-type]


def names(project: Project) -> list[str]:
    return [layer.name for layer in project.layers]


def test_move_up_and_down_announces_the_move() -> None:
    project = Project([point_layer("a"), point_layer("b"), point_layer("c")])
    moves: list[tuple[int, int, str]] = []
    project.layers.events.moved.connect(lambda src, dest, layer: moves.append((src, dest, layer.name)))
    project.move(0, 2)  # bottom → top
    assert names(project) == ["b", "c", "a"]
    project.move(2, 1)
    assert names(project) == ["b", "a", "c"]
    assert moves == [(0, 2, "a"), (2, 1, "a")]


def test_add_places_layers_by_kind_surfaces_below_points() -> None:
    project = Project()
    for name, kind in [("建物", "buildings"), ("避難所", "shelters"), ("浸水深", "hazard_raster"), ("区域", "hazard_area"), ("要支援者", "residents")]:
        project.add(point_layer(name, kind))
    assert names(project) == ["浸水深", "区域", "建物", "避難所", "要支援者"]


def test_only_layers_can_be_added() -> None:
    with pytest.raises(TypeError, match="a project holds layers, got str"):
        Project().layers.append("buildings")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lon", "lat", "roman"),
    [
        (131.46, 34.16, "III"),  # 山口市: nearer zone II's origin, but Yamaguchi Pref. is zone III
        (131.80, 34.05, "III"),  # 周南市
        (130.40, 33.59, "II"),  # 福岡市
        (141.35, 43.06, "XII"),  # 札幌市
        (140.73, 41.77, "XI"),  # 函館市
        (144.38, 42.98, "XIII"),  # 釧路市
        (139.69, 35.69, "IX"),  # 東京都
        (127.68, 26.21, "XV"),  # 那覇市
        (129.87, 32.75, "I"),  # 長崎市
    ],
)
def test_zone_follows_the_prefecture(lon: float, lat: float, roman: str) -> None:
    assert zone_for_lonlat(lon, lat).roman == roman


def test_zone_numbers_map_to_jgd2011_epsg_codes() -> None:
    assert zone(3).crs == "EPSG:6671"
    assert zone(19).epsg == 6687
    with pytest.raises(ValueError, match="between 1 and 19, got 20"):
        zone(20)


def test_project_takes_its_zone_from_the_first_layer_and_keeps_it() -> None:
    project = Project()
    zones: list[str] = []
    project.events.zone.connect(lambda z: zones.append(z.roman))
    assert project.crs is None
    project.add(point_layer("山口", lon=131.46, lat=34.16))
    project.add(point_layer("福岡", lon=130.40, lat=33.59))
    assert project.crs == "EPSG:6671"
    assert zones == ["III"]
    project.zone = 2
    assert (project.crs, zones) == ("EPSG:6670", ["III", "II"])


def test_attributions_are_listed_once_top_layer_first_for_visible_layers() -> None:
    plateau = point_layer("建物", attribution="出典：PLATEAU")
    shelters = point_layer("避難所", attribution="出典：国土地理院")
    roads = point_layer("道路", attribution="出典：PLATEAU")
    project = Project([plateau, shelters, roads])
    assert project.attributions() == ["出典：PLATEAU", "出典：国土地理院"]
    shelters.visible = False
    assert project.attributions() == ["出典：PLATEAU"]
    assert project.attributions(visible_only=False) == ["出典：PLATEAU", "出典：国土地理院"]


def test_layer_lookup_by_name_lists_the_names_when_missing() -> None:
    project = Project([point_layer("建物")])
    assert isinstance(project.layer("建物"), Layer)
    with pytest.raises(KeyError, match="no layer named '道路'; layers: 建物"):
        project.layer("道路")


def test_extent_is_the_union_of_layer_extents() -> None:
    project = Project([point_layer("a", lon=131.4, lat=34.1), point_layer("b", lon=131.5, lat=34.2)])
    assert project.extent() == pytest.approx((131.4, 34.1, 131.5, 34.2))
    project.layers[1].visible = False
    assert project.extent(visible_only=True) == pytest.approx((131.4, 34.1, 131.4, 34.1))
