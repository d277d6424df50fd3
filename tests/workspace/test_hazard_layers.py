"""Hazard areas become one layer per kind and scenario, named and coloured by their legend."""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import box

from jobs.feedback import Feedback
from tests.hazards.builders import write_vector
from workspace.loaders import IMPORT_KINDS, load_plateau

OUTER = box(131.45, 34.15, 131.47, 34.17)
INNER = box(131.455, 34.155, 131.46, 34.16)


def test_ksj_flood_areas_say_their_scenario_and_use_the_standard_colours(tmp_path: Path) -> None:
    path = write_vector(tmp_path / "A31-20-22_10_5131.geojson", [{"A31_201": 2}, {"A31_201": 4}], [OUTER, INNER], "GeoJSON")
    kind = next(k for k in IMPORT_KINDS if k.key == "hazard_vector")
    [layer] = kind.load([path], Feedback())
    assert layer.kind == "hazard_area" and layer.name == "洪水浸水想定区域 想定最大規模 (L2)"
    colours = {c.value: c.color for c in layer.style.classes}
    assert colours[2] == (255, 216, 192, 255) and colours[4] == (255, 145, 145, 255)


def test_ksj_landslide_zones_use_the_landslide_colours(tmp_path: Path) -> None:
    rows = [{"A33_001": 2, "A33_002": 1}, {"A33_001": 2, "A33_002": 2}]
    path = write_vector(tmp_path / "A33-22_35.geojson", rows, [OUTER, INNER], "GeoJSON")
    [layer] = IMPORT_KINDS[[k.key for k in IMPORT_KINDS].index("hazard_vector")].load([path], Feedback())
    labels = {c.value: (c.label, c.color) for c in layer.style.classes}
    assert labels == {1: ("土砂災害警戒区域", (230, 200, 50, 255)), 2: ("土砂災害特別警戒区域", (165, 0, 33, 255))}


def test_plateau_hazard_files_give_a_layer_per_kind_and_scale(shared_data: Path) -> None:
    plateau = shared_data / "plateau"
    files = [
        plateau / "22203_numazu-shi_2021/udx/fld/52385721_fld_6697_l1_op.gml",
        plateau / "22203_numazu-shi_2021/udx/tnm/523855_tnm_6697_op.gml",
        plateau / "22203_numazu-shi_2021/udx/lsld/523857_lsld_6668_op.gml",
    ]
    layers = load_plateau(files, Feedback())
    names = [layer.name for layer in layers]
    assert "洪水浸水想定区域 計画規模 (L1)" in names
    assert any(name.startswith("津波") for name in names)
    assert any(name.startswith("土砂災害") for name in names)
    assert {layer.kind for layer in layers} == {"hazard_area"}
