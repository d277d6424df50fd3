"""The assessment on the demo city, against values worked out by hand from the demo files.

How the expected values were found (seed 20260603; the demo is byte-identical per seed):

* the rank at each home was read off ``hazard/flood_depth_L2.tif`` (the pixel holding the
  home's 経度/緯度 in ``residents.csv``) and agrees with the ``uro:RiverFloodingRiskAttribute``
  entries of the home's ``bldg:Building`` (建物ID) in ``plateau/udx/bldg/*.gml``;
  ``bldg:storeysAboveGround`` from the same element;
* the lowest safe floor from the rule in :mod:`evac_plans.assessment.rules`: rank 2 → upper
  bound 3 m → floor 2 (floor level 3 m); rank 3 → 5 m → floor 3 (floor level 6 m);
* the route length from the GRS80 meridian and parallel radii at 34.15°N (M = 6,355,199 m,
  N·cos φ = 5,283,580 m): 0.002° north = 221.85 m, then 0.002° east = 184.44 m.

=====  ======  ==============  =======  =======  ====  ===============================  ========
id     移動     世帯             ケア      rank     階    vertical                          priority
=====  ======  ==============  =======  =======  ====  ===============================  ========
D0001  杖       日中独居          –        2 (L1 2)  2     true (floor 2 ≤ 2 storeys)        medium (moderate, need 1+1)
D0005  車いす    高齢者のみ          –        2        1     false (cannot climb)              high (rank 2 + no vertical → severe)
D0040  杖       家族と同居         人工呼吸器  3        1     false (power-dependent)           high (power)
D0044  杖       独居             –        3        2     false (floor 3 > 2 storeys)       high (severe, need 2)
D0046  独歩      高齢者のみ          –        2        2     true                              low (moderate, need 0)
D0016  独歩      家族と同居         –        0        1     true (dry)                        low
=====  ======  ==============  =======  =======  ====  ===============================  ========
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import i18n
from evac_plans.assessment import assess_project
from evac_plans.model import Destination, EvacuationPlan, Route
from evac_plans.repository import list_people, save_plan
from evac_plans.roster_import import import_roster
from evac_plans.shelters import import_shelter_file
from store import open_store
from store.hazard_sources import add_hazard_source

HOME_D0001 = (131.453979, 34.150204)
ROUTE_D0001 = (HOME_D0001, (131.453979, 34.152204), (131.455979, 34.152204))
ROUTE_M = 221.85 + 184.44
WET_SHELTER = "E3520390002201"  # 泉町公民館（デモ）: 「洪水」では2階以上に避難

EXPECTED = {
    "D0001": (2, True, "medium", "vertical_ok"),
    "D0005": (2, False, "high", "vertical_cannot_climb"),
    "D0040": (3, False, "high", "vertical_power"),
    "D0044": (3, False, "high", "vertical_building_too_low"),
    "D0046": (2, True, "low", "vertical_ok"),
    "D0016": (0, True, "low", "vertical_not_needed"),
}


@pytest.fixture(scope="module")
def assessed(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    path = tmp_path_factory.mktemp("assess") / "demo.nigezero"
    i18n.set_language("en")
    with open_store(path, staff="test") as store:
        import_roster(store, demo_dir / "residents" / "residents.csv")
        import_shelter_file(store, demo_dir / "shelters" / "shelters.csv")
        add_hazard_source(store, demo_dir / "hazard" / "flood_depth_L2.tif")
        add_hazard_source(store, demo_dir / "plateau")
        ids = {p.external_id: p.id for p in list_people(store)}
        save_plan(store, EvacuationPlan(ids["D0001"], Destination("shelter", shelter_id=WET_SHELTER), Route(ROUTE_D0001)))
        save_plan(store, EvacuationPlan(ids["D0005"], Destination("shelter", shelter_id=WET_SHELTER), Route(ROUTE_D0001)))
        save_plan(store, EvacuationPlan(ids["D0044"], Destination("vertical", floor=2)))
        people, results = assess_project(store)
    yield {r.person.external_id: {**a.record(), "codes": [x.code for x in a.reasons]} for r, a in zip(people, results)}
    i18n.set_language("ja")


@pytest.mark.parametrize("resident", sorted(EXPECTED))
def test_home_rank_vertical_and_priority_match_the_hand_values(assessed, resident):
    rank, vertical, priority, code = EXPECTED[resident]
    got = assessed[resident]
    assert (got["home_rank"], got["vertical_ok"], got["priority"]) == (rank, vertical, priority)
    assert code in got["codes"]


def test_route_length_walking_time_and_flooding_of_d0001(assessed):
    got = assessed["D0001"]
    assert got["route_m"] == pytest.approx(ROUTE_M, abs=0.5)
    assert got["walk_min"] == pytest.approx(ROUTE_M / 0.8 / 60, abs=0.05)  # 杖: 0.8 m/s → 8.5 min
    assert got["route_max_rank"] == 2  # the raster along both legs holds ranks 0, 1 and 2
    assert "route_flooded" in got["codes"]
    assert "shelter_upper_floor" not in got["codes"]  # 杖 can climb to the shelter's 2nd floor


def test_wheelchair_user_is_told_the_shelter_is_upper_floor_only(assessed):
    assert "shelter_upper_floor" in assessed["D0005"]["codes"]
    assert assessed["D0005"]["walk_min"] == pytest.approx(ROUTE_M / 0.5 / 60, abs=0.05)


def test_vertical_plan_in_a_too_low_house_is_flagged(assessed):
    assert "plan_vertical_unsafe" in assessed["D0044"]["codes"]
    assert "no_route" not in assessed["D0044"]["codes"]


def test_everyone_is_assessed_without_a_plan_reason_missing(assessed):
    assert len(assessed) == 50
    without = [r for r, got in assessed.items() if r not in ("D0001", "D0005", "D0044")]
    assert all("no_plan" in assessed[r]["codes"] for r in without)
    assert all(got["route_m"] is None and got["walk_min"] is None for r, got in assessed.items() if r in without)


def test_power_dependent_people_are_always_high(assessed, demo_dir):
    import csv

    rows = list(csv.DictReader((demo_dir / "residents" / "residents.csv").open(encoding="utf-8-sig")))
    power = [r["住民ID"] for r in rows if r["医療的ケア"] in ("人工呼吸器", "在宅酸素", "吸引", "経管栄養")]
    assert len(power) >= 4
    assert {assessed[r]["priority"] for r in power} == {"high"}
    dry_power = [r for r in power if assessed[r]["home_rank"] == 0]
    assert dry_power, "the demo has power-dependent people outside the flood zone"


def test_ranks_agree_with_the_raster_alone(assessed, demo_dir):
    """Every home's rank equals the raster pixel (the building entries and fld agree with it)."""
    import csv

    import rasterio

    rows = list(csv.DictReader((demo_dir / "residents" / "residents.csv").open(encoding="utf-8-sig")))
    with rasterio.open(demo_dir / "hazard" / "flood_depth_L2.tif") as src:
        band = src.read(1)
        pixels = {r["住民ID"]: int(band[src.index(float(r["経度"]), float(r["緯度"]))]) for r in rows}
    assert {r: assessed[r]["home_rank"] for r in pixels} == pixels
    assert np.mean([v > 0 for v in pixels.values()]) == pytest.approx(0.6)
