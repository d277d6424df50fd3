"""Assessment rules on small made-up cases: priority table, power dependence, zones, sentinels, one call per source."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from evac_plans.assessment import assess, people_columns
from evac_plans.assessment.hazard_inputs import HazardInputs, building_table
from evac_plans.assessment.rules import PRIORITY_TABLE, clean_storeys, priority, required_floor
from evac_plans.assessment.suitability import needed_flags, shelter_issues, suggest_shelters
from evac_plans.model import CareProfile, EvacuationPlan, Person, Route, Shelter
from evac_plans.repository import PersonRecord
from hazards.areas import HazardAreas
from hazards.model import HazardSource, SourceInfo

HOME = (131.46, 34.16)
AREA = shapely.box(131.45, 34.15, 131.47, 34.17)


class ConstantSource(HazardSource):
    """A depth source answering one rank inside AREA (counts its calls)."""

    def __init__(self, rank: int, kind: str = "river_flood", measure: str = "depth") -> None:
        self.rank, self.calls = rank, 0
        self.info = SourceInfo(kind, "L2", measure, "test", AREA.bounds)

    def sample(self, points_lonlat: np.ndarray) -> np.ndarray:
        self.calls += 1
        inside = shapely.intersects_xy(AREA, points_lonlat[:, 0], points_lonlat[:, 1])
        return np.where(inside, self.rank, -1).astype(np.int8)


def record(mobility: str = "独歩", household: str = "家族と同居", medical: tuple[str, ...] = (), home=HOME, building: str = "") -> PersonRecord:
    person = Person(name="テスト", household=household, home_lon=home[0] if home else None, home_lat=home[1] if home else None, building_id=building)
    return PersonRecord(person, CareProfile(person.id, mobility=mobility, medical_care=medical))


def run(records, sources=(), buildings=None, plans=None):
    columns = people_columns(records, plans or {})
    return assess(columns, HazardInputs(list(sources), buildings), [])


def test_required_floor_uses_the_upper_bound_of_the_band():
    assert [required_floor(r) for r in range(7)] == [1, 2, 2, 3, 5, 8, None]


@pytest.mark.parametrize(
    ("level", "need", "expected"),
    [(0, 3, "low"), (1, 0, "low"), (1, 1, "medium"), (1, 2, "medium"), (1, 3, "high"), (2, 0, "medium"), (2, 1, "high"), (2, 5, "high")],
)
def test_priority_table(level, need, expected):
    assert priority(np.array([level]), np.array([need]), np.array([False]))[0] == expected


def test_power_dependent_care_forces_high_even_without_hazard():
    assert PRIORITY_TABLE["none"] == ("low",) * 4
    dry = ConstantSource(0)
    calm, power = run([record(), record(medical=("在宅酸素",))], [dry])
    assert (calm.priority, power.priority) == ("low", "high")
    assert power.reasons[0].code == "power_dependent"
    assert "在宅酸素" not in power.reasons[0].ja + power.reasons[0].en  # no medical device in texts
    dialysis = run([record(medical=("透析",))], [dry])[0]
    assert dialysis.priority == "low"  # dialysis is not power-dependent at home


def test_hazard_times_mobility_times_living_alone():
    rank1 = ConstantSource(1)
    walker_alone, walker, wheelchair_alone = run(
        [record("歩行器", "独居"), record("歩行器"), record("車いす", "独居")], [rank1], building_table_for(storeys=2)
    )
    assert (walker.priority, walker_alone.priority, wheelchair_alone.priority) == ("medium", "medium", "high")
    assert [r.code for r in walker_alone.reasons][:3] == ["home_flood", "mobility", "lives_alone"]


def building_table_for(storeys, height: float = 6.0, building_id: str = "B1"):
    frame = gpd.GeoDataFrame(
        {"gml_id": ["g1"], "building_id": [building_id], "storeys_above": pd.array([storeys], dtype="object"), "measured_height": [height]},
        geometry=[shapely.Point(HOME).buffer(0.0001)],
        crs=6668,
    )
    risks = pd.DataFrame({"owner_id": ["g1"], "owner_class": ["Building"], "kind": ["river_flood"], "rank": pd.array([2], dtype="Int64"), "scale": ["L1"]})
    return building_table(frame, risks)


@pytest.mark.parametrize("sentinel", [9999, -9999, None])
def test_plateau_sentinels_are_never_storeys(sentinel):
    assert np.isnan(clean_storeys([sentinel])).all()
    table = building_table_for(sentinel, height=-9999.0)
    assert np.isnan(table.storeys).all()
    result = run([record("杖")], [ConstantSource(2)], table)[0]
    assert result.vertical_ok is None
    assert "vertical_storeys_unknown" in [r.code for r in result.reasons]
    assert "9999" not in result.reasons[-1].en


def test_building_entries_count_where_no_source_covers_the_home():
    far = record("杖", building="B1", home=None)
    result = run([far], [], building_table_for(2))[0]
    assert (result.home_rank, result.vertical_ok) == (2, True)  # L1 rank 2 from the building entry
    located = run([record("杖")], [], building_table_for(1))[0]  # matched by the footprint under the point
    assert (located.home_rank, located.vertical_ok) == (2, False)


def test_house_collapse_and_landslide_zones_forbid_staying():
    frame = gpd.GeoDataFrame({"rank": [1]}, geometry=[shapely.Point(HOME).buffer(0.001)], crs=6668)
    collapse = HazardAreas(frame, AREA, SourceInfo("house_collapse", "L2", "zone", "collapse", AREA.bounds))
    slide = HazardAreas(frame.assign(rank=2), AREA, SourceInfo("landslide", None, "zone", "slide", AREA.bounds))
    in_collapse = run([record()], [ConstantSource(0), collapse])[0]
    assert (in_collapse.vertical_ok, in_collapse.priority) == (False, "medium")
    assert "collapse_zone" in [r.code for r in in_collapse.reasons]
    in_slide = run([record("杖")], [ConstantSource(0), slide])[0]
    assert (in_slide.vertical_ok, in_slide.priority) == (False, "high")
    assert "landslide_special_zone" in [r.code for r in in_slide.reasons]


def test_unknown_hazard_is_not_safe():
    outside, nowhere = run([record(home=(135.0, 35.0)), record(home=None)], [ConstantSource(0)])
    assert (outside.home_rank, outside.vertical_ok, outside.priority) == (None, None, "low")
    assert outside.reasons[0].code == "hazard_unknown"
    assert nowhere.reasons[0].code == "no_home_location"
    alone = run([record("杖", "独居", home=(135.0, 35.0))], [ConstantSource(0)])[0]
    assert alone.priority == "medium"  # moderate (unknown) × need 2


def test_each_source_is_sampled_once_for_everybody():
    sources = [ConstantSource(1), ConstantSource(2, "inland_flood")]
    route = Route(((131.455, 34.155), (131.465, 34.165)))
    people = [record() for _ in range(200)]
    plans = {people[0].person.id: EvacuationPlan(people[0].person.id, route=route)}
    results = run(people, sources, plans=plans)
    assert [s.calls for s in sources] == [2, 2]  # homes once, routes once
    assert results[0].route_max_rank == 2 and results[1].route_max_rank is None
    assert results[0].walk_min == pytest.approx(results[0].route_m / 60, abs=0.05)


def test_bedridden_needs_a_vehicle():
    route = Route(((131.455, 34.155), (131.465, 34.165)))
    person = record("寝たきり")
    result = run([person], [ConstantSource(0)], plans={person.person.id: EvacuationPlan(person.person.id, route=route)})[0]
    assert result.route_m is not None and result.walk_min is None
    assert "needs_vehicle" in [r.code for r in result.reasons]


def test_shelter_suitability_and_suggestions():
    flood_only = Shelter("S1", "A", hazards=frozenset({"flood"}), upper_floor_only={"flood": 2}, lon=131.461, lat=34.16)
    both = Shelter("S2", "B", hazards=frozenset({"flood", "landslide"}), lon=131.47, lat=34.16)
    flags = needed_flags({"river_flood", "landslide"})
    assert flags == {"flood", "landslide"}
    assert [i.code for i in shelter_issues(flood_only, flags, 1)] == ["not_designated"]
    assert [(i.code, i.floor) for i in shelter_issues(flood_only, {"flood"}, 0)] == [("upper_floor", 2)]
    assert shelter_issues(flood_only, {"flood"}, -1) == []
    assert [s.common_id for s, _ in suggest_shelters(*HOME, {"flood"}, 1, [both, flood_only])] == ["S1", "S2"]
    assert [s.common_id for s, _ in suggest_shelters(*HOME, {"flood"}, 0, [both, flood_only])] == ["S2"]


def test_recorded_hazard_sources_resolve_relative_paths_and_forget_removed_ones(tmp_path):
    from store import open_store
    from store.hazard_sources import add_hazard_source, hazard_source_paths, remove_hazard_source

    with open_store(tmp_path / "p.nigezero") as store:
        add_hazard_source(store, "hazard/depth.tif")
        add_hazard_source(store, tmp_path / "slide.shp")
        remove_hazard_source(store, tmp_path / "slide.shp")
        assert hazard_source_paths(store) == [tmp_path / "hazard" / "depth.tif"]
        add_hazard_source(store, tmp_path / "slide.shp")  # recorded again: back in use
        assert hazard_source_paths(store)[-1] == tmp_path / "slide.shp"
        actions = [r["action"] for r in store.db.query("select action from audit where entity = 'hazard_source' order by id")]
    assert actions == ["add_hazard_source", "add_hazard_source", "remove_hazard_source", "add_hazard_source"]
