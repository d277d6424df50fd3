"""Drills on the demo city, with people checked by hand.

The route (as in tests/evac_plans/test_assessment_demo.py) leaves D0001's home (131.453979,
34.150204) 0.002° north (221.85 m on GRS80 at 34.15°N), then 0.002° east (184.44 m): 406.29 m.
The area ``east`` is the square from 131.4550 °E, flooding at 18:00 (rule ``stated``). DEMO001
reaches 避難判断水位 at 17:20, 氾濫注意水位 at 15:50 and 氾濫危険水位 at 18:40.

=====  ======  =========================  ======  =======================================================
who    移動     plan                       depart  hand result
=====  ======  =========================  ======  =======================================================
D0001  杖 0.8   DEMO001 避難判断, 30 min     17:50   arrives 17:50 + 406.29/0.8 s = 17:58:28; the route's last
                                                   point floods 18:00, reached 17:58:28 → margin +1.5 min
D0005  車いす 0.5 警戒レベル3, 60 min         18:20   the destination is reached at 18:20 + 812.6 s = 18:33:33,
                                                   18:00 floods it → cut_off, margin −33.5 min (leave 33.5 min
                                                   earlier to pass every point in time)
D0044  杖       vertical, DEMO001 氾濫危険,  19:10   home square floods 45 min after 18:40 = 19:25 (gauge_lag)
                30 min                             → stayed_vertical, margin +15.0
=====  ======  =========================  ======  =======================================================

What-if: D0005 leaving at 氾濫注意水位 (15:50) + 60 min = 16:50 arrives at 17:03:33, margin +56.5.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from alerts.drill import Drill
from alerts.errors import ScenarioError
from alerts.scenario import load_scenario
from evac_plans.model import AlertLevelTrigger, Destination, EvacuationPlan, GaugeTrigger, Route

HOME_D0001 = (131.453979, 34.150204)
ROUTE = (HOME_D0001, (131.453979, 34.152204), (131.455979, 34.152204))
EAST = [[131.4550, 34.1515], [131.4570, 34.1515], [131.4570, 34.1530], [131.4550, 34.1530]]


def write_scenario(folder: Path, demo_dir: Path, home_d0044: tuple[float, float]) -> Path:
    x, y = home_d0044
    square = [[x - 0.0002, y - 0.0002], [x + 0.0002, y - 0.0002], [x + 0.0002, y + 0.0002], [x - 0.0002, y + 0.0002]]
    doc = {
        "format": "nigezero-drill/1",
        "name": "hand-checked",
        "start": "2026-06-02T12:00",
        "end": "2026-06-03T06:00:00+09:00",
        "gauge_table": str(demo_dir / "river" / "gauges.csv"),
        "gauges": [{"id": "DEMO001", "file": str(demo_dir / "river" / "levels.csv")},
                   {"id": "X01", "points": [["2026-06-02T12:00", 0.1], ["2026-06-02T23:00", 0.4]], "thresholds": {"evacuation_m": 2.0}}],
        "areas": [{"id": "east", "polygon": EAST, "floods_at": "2026-06-02T18:00"},
                  {"id": "home44", "polygon": square, "gauge": "DEMO001", "lag_min": 45}],
    }  # fmt: skip
    path = folder / "drill.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hand(demo_city, demo_dir, tmp_path_factory):
    ids = demo_city.by_resident()
    home = next(r.person for r in demo_city.people if r.person.external_id == "D0044")
    scenario = load_scenario(write_scenario(tmp_path_factory.mktemp("drill"), demo_dir, (home.home_lon, home.home_lat)))
    shelter = Destination("shelter", shelter_id="E3520390002201")
    plans = {
        ids["D0001"]: EvacuationPlan(ids["D0001"], shelter, Route(ROUTE), GaugeTrigger("DEMO001", "evacuation"), 30, "徒歩"),
        ids["D0005"]: EvacuationPlan(ids["D0005"], shelter, Route(ROUTE), AlertLevelTrigger(3), 60, "徒歩"),
        ids["D0044"]: EvacuationPlan(ids["D0044"], Destination("vertical", floor=2), None, GaugeTrigger("DEMO001", "danger"), 30),
        ids["D0018"]: EvacuationPlan(ids["D0018"], shelter, Route(ROUTE), AlertLevelTrigger(3), 30, "徒歩"),
        ids["D0002"]: EvacuationPlan(ids["D0002"], shelter, Route(ROUTE), GaugeTrigger("X01", "evacuation"), 60, "徒歩"),
    }
    drill = Drill(scenario, demo_city.refs)
    return drill, plans, ids


def run(demo_city, hand, plans=None) -> dict[str, dict]:
    drill, base, ids = hand
    result = drill.run(demo_city.people, plans or base)
    back = {v: k for k, v in ids.items()}
    return {back[str(result.ids[i])]: result.record(i) for i in range(len(result.ids))}


def test_d0001_arrives_with_a_margin_of_a_minute_and_a_half(demo_city, hand):
    got = run(demo_city, hand)["D0001"]
    assert got["outcome"] == "arrived"
    assert (got["trigger_at"], got["depart"]) == ("2026-06-02T17:20:00+09:00", "2026-06-02T17:50:00+09:00")
    assert got["arrive"] == "2026-06-02T17:58:28+09:00"
    assert got["route_flooded_at"] == "2026-06-02T18:00:00+09:00"
    assert got["margin_min"] == pytest.approx(1.5, abs=0.1)
    assert (got["flood_area"], got["flood_rule"]) == ("east", "stated")


def test_d0005_in_a_wheelchair_is_cut_off_by_half_an_hour(demo_city, hand):
    got = run(demo_city, hand)["D0005"]
    assert got["outcome"] == "cut_off" and got["arrive"] is None
    assert got["depart"] == "2026-06-02T18:20:00+09:00"
    assert got["margin_min"] == pytest.approx(-33.5, abs=0.1)


def test_d0044_stays_upstairs_a_quarter_of_an_hour_before_the_gauge_lag_flood(demo_city, hand):
    got = run(demo_city, hand)["D0044"]
    assert got["outcome"] == "stayed_vertical" and got["arrive"] is None
    assert got["depart"] == "2026-06-02T19:10:00+09:00"
    assert got["route_flooded_at"] == "2026-06-02T19:25:00+09:00"
    assert got["margin_min"] == pytest.approx(15.0)
    assert (got["flood_area"], got["flood_rule"]) == ("home44", "gauge_lag")


def test_bedridden_without_a_vehicle_cannot_go_and_with_one_arrives(demo_city, hand):
    drill, plans, ids = hand
    assert run(demo_city, hand)["D0018"]["outcome"] == "no_transport"
    driven = {**plans, ids["D0018"]: replace(plans[ids["D0018"]], travel_means="福祉車両 (送迎)")}
    got = run(demo_city, hand, driven)["D0018"]
    assert got["outcome"] == "arrived"
    assert got["arrive"] == "2026-06-02T17:51:38+09:00"  # 17:50 + 406.29 m / (15 km/h) = 97.5 s
    assert got["margin_min"] == pytest.approx(8.4, abs=0.1)


def test_a_trigger_that_never_fires_and_people_without_plans(demo_city, hand):
    got = run(demo_city, hand)
    assert got["D0002"]["outcome"] == "not_triggered" and got["D0002"]["depart"] is None
    assert got["D0003"] == {"person": got["D0003"]["person"], "depart": None, "arrive": None, "route_flooded_at": None,
                            "margin_min": None, "outcome": "no_plan", "trigger_at": None, "flood_area": None, "flood_rule": None}  # fmt: skip


def test_what_if_an_earlier_trigger_reruns_in_well_under_a_second(demo_city, hand):
    drill, plans, ids = hand
    earlier = {**plans, ids["D0005"]: replace(plans[ids["D0005"]], trigger=GaugeTrigger("DEMO001", "caution"))}
    start = time.perf_counter()
    got = run(demo_city, hand, earlier)["D0005"]
    assert time.perf_counter() - start < 1.0
    assert got["outcome"] == "arrived" and got["depart"] == "2026-06-02T16:50:00+09:00"
    assert got["arrive"] == "2026-06-02T17:03:33+09:00"
    assert got["margin_min"] == pytest.approx(56.5, abs=0.1)


def test_the_demo_scenario_runs_on_the_demo_plans(demo_city, demo_dir):
    scenario = load_scenario(demo_dir / "scenario" / "drill.json")
    assert [a.rule for a in scenario.areas] == ["gauge_lag", "gauge_lag"]
    result = Drill(scenario, demo_city.refs).run(demo_city.people, demo_city.plans)
    outcomes = set(result.outcome)
    assert {"arrived", "stayed_vertical", "no_plan", "cut_off"} <= outcomes
    records = [result.record(i) for i in range(len(result.ids))]
    assert {r["flood_rule"] for r in records} <= {"gauge_lag", None}
    assert all(r["route_flooded_at"] in (None, "2026-06-02T19:10:00+09:00", "2026-06-02T20:10:00+09:00") for r in records)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "cannot read the scenario file"),
        ('{"format": "other"}', 'not a JSON object with "format": "nigezero-drill/1"'),
        ('{"format": "nigezero-drill/1", "start": "x", "end": "2026-06-03"}', "start is not an ISO 8601 time"),
        ('{"format": "nigezero-drill/1", "start": "2026-06-02", "end": "2026-06-03", "areas": [{"id": "a", "floods_at": "2026-06-02"}]}',
         "flood area a needs one of polygon or hazard"),
        ('{"format": "nigezero-drill/1", "start": "2026-06-02", "end": "2026-06-03", "gauges": [{"id": "G", "file": "missing.csv"}]}',
         "a file the scenario names cannot be read"),
    ],
)  # fmt: skip
def test_bad_scenarios_say_what_is_wrong(tmp_path, text, message):
    import i18n

    i18n.set_language("en")
    path = tmp_path / "s.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message):
        load_scenario(path)
