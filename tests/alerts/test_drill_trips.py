"""Drill trips on the demo scenario, with people checked by hand against the drill's times.

The demo scenario's rank-3+ area floods 30 min after DEMO001 reaches 氾濫危険水位 (18:40), at
19:10 (25,800 s after the 12:00 start); the rank-1+ area 90 min after, at 20:10 (29,400 s).

=====  =========  ================  ==================================================================
who    移動        drill              trip
=====  =========  ================  ==================================================================
D0001  杖 0.8 m/s  arrived           leaves home 17:50:00, at the shelter 17:56:26: 386 s × 0.8 =
                                    308.8 m of L-shaped route; half-way in time (17:53:13) is 154.4 m
                                    along it
D0044  杖 0.8 m/s  cut_off, −1.8 min leaves 19:10:00 as its route floods; the first sample past home
                                    (~11 m on, reached at 19:10:14) is under water: the trip ends there
D0003  杖         stayed_vertical   one vertex at home; waiting until 19:00, then stayed
D0009  –          no_plan           one vertex at home, waiting throughout
=====  =========  ================  ==================================================================
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
import shapely.ops
from pyproj import Geod

from alerts.drill_inputs import load_drill_inputs, prepare_drill
from alerts.drill_trips import drill_trips, flood_timeline, positions_at
from jobs.feedback import Feedback
from store import open_store

GEOD = Geod(ellps="GRS80")
H = 3600.0


@pytest.fixture(scope="module")
def demo_drill(demo_city, demo_dir):
    with open_store(demo_city.path, read_only=True) as store:
        inputs = load_drill_inputs(store, Feedback())
    drill = prepare_drill(inputs, demo_dir / "scenario" / "drill.json", Feedback())
    result = drill.run(inputs.people, inputs.plans, inputs.roles)
    trips = drill_trips(result, inputs.people, inputs.plans, inputs.roles, drill)
    index = {r.person.external_id: i for i, r in enumerate(inputs.people)}
    return drill, inputs, result, trips, index


def trip(trips, i):
    a, b = trips.path_offsets[i], trips.path_offsets[i + 1]
    return trips.coords[a:b], trips.times_s[a:b]


def walked_m(route: np.ndarray, point: np.ndarray) -> float:
    """Metres along ``route`` (lon/lat vertices) to ``point`` on it, geodesic."""
    line = shapely.LineString(route)
    cut = shapely.ops.substring(line, 0, line.project(shapely.Point(point)))
    xy = np.asarray(cut.coords)
    return float(GEOD.line_length(xy[:, 0], xy[:, 1]))


def test_d0001_walks_the_whole_route_between_the_drills_departure_and_arrival(demo_drill):
    drill, inputs, result, trips, index = demo_drill
    i = index["D0001"]
    coords, times = trip(trips, i)
    route = np.asarray(inputs.plans[inputs.people[i].person.id].route.coordinates)
    np.testing.assert_allclose(coords, route)
    assert times[0] == pytest.approx(5 * H + 50 * 60)  # 17:50
    assert times[-1] == pytest.approx(5 * H + 56 * 60 + 26, abs=1)  # 17:56:26
    home = route[0]
    xy, state = positions_at(trips, 5 * H + 49 * 60)  # 17:49
    assert state[i] == "waiting" and tuple(xy[i]) == tuple(home)
    xy, state = positions_at(trips, 5 * H + 53 * 60 + 13)  # 17:53:13, half-way in time
    assert state[i] == "moving"
    assert walked_m(route, xy[i]) == pytest.approx(154.4, abs=1.5)
    xy, state = positions_at(trips, 6 * H)  # 18:00
    assert state[i] == "arrived"
    np.testing.assert_allclose(xy[i], route[-1])


def test_d0044_is_stopped_where_the_route_is_under_water_when_reached(demo_drill):
    drill, inputs, result, trips, index = demo_drill
    i = index["D0044"]
    assert result.outcome[i] == "cut_off" and result.margin_min[i] == pytest.approx(-1.8, abs=0.05)
    coords, times = trip(trips, i)
    assert len(coords) == 2
    assert times[0] == 7 * H + 10 * 60  # leaves 19:10:00
    assert times[1] == pytest.approx(7 * H + 10 * 60 + 14, abs=1)
    np.testing.assert_allclose(coords[0], (inputs.people[i].person.home_lon, inputs.people[i].person.home_lat))
    metres = GEOD.line_length(coords[:, 0], coords[:, 1])
    assert metres == pytest.approx(0.8 * (times[1] - times[0]), rel=0.02)
    floods = flood_timeline(drill)
    wet_then = [p for p, s in zip(floods.polygons, floods.flood_s, strict=True) if s <= times[1]]
    assert any(p.covers(shapely.Point(coords[1])) for p in wet_then)
    states = [positions_at(trips, s)[1][i] for s in (7 * H, 7 * H + 10 * 60 + 7, 8 * H)]
    assert states == ["waiting", "moving", "cut_off"]
    np.testing.assert_allclose(positions_at(trips, 8 * H)[0][i], coords[1])


def test_people_who_do_not_travel_stay_at_home(demo_drill):
    drill, inputs, result, trips, index = demo_drill
    for who, states in (("D0003", ["waiting", "waiting", "stayed"]), ("D0009", ["waiting"] * 3)):
        i = index[who]
        person = inputs.people[i].person
        assert trips.path_offsets[i + 1] - trips.path_offsets[i] == 1
        got = [positions_at(trips, s) for s in (0.0, 6.9 * H, 7 * H)]  # 12:00, 18:54, 19:00
        assert [g[1][i] for g in got] == states
        for xy, _ in got:
            np.testing.assert_allclose(xy[i], (person.home_lon, person.home_lat))


def test_every_trip_agrees_with_the_drill(demo_drill):
    drill, inputs, result, trips, index = demo_drill
    start = result.scenario.start.value
    assert list(trips.ids) == [str(x) for x in result.ids] and len(trips.path_offsets) == len(result.ids) + 1
    assert (np.diff(trips.path_offsets) >= 1).all()
    first, last = trips.times_s[trips.path_offsets[:-1]], trips.times_s[trips.path_offsets[1:] - 1]
    went = np.isin(result.outcome, ("arrived", "cut_off", "stayed_vertical", "no_transport"))
    np.testing.assert_allclose(first[went], (result.depart[went] - start) / 1e9)
    arrived = result.outcome == "arrived"
    np.testing.assert_allclose(last[arrived], (result.arrive[arrived] - start) / 1e9)
    assert (np.diff(trips.times_s)[np.diff(np.repeat(np.arange(len(result.ids)), np.diff(trips.path_offsets))) == 0] >= 0).all()
    moving_at = [int((positions_at(trips, s)[1] == "moving").sum()) for s in (5 * H, 6.5 * H, 7.5 * H)]
    assert moving_at[1] > 0 and moving_at != [moving_at[0]] * 3


def test_the_flood_timeline_has_both_demo_areas_at_their_gauge_lag_times(demo_drill):
    drill, *_ = demo_drill
    floods = flood_timeline(drill)
    assert set(floods.flood_s) == {7 * H + 10 * 60, 8 * H + 10 * 60}  # 19:10, 20:10
    assert len(floods.polygons) == len(floods.flood_s)
    deep = shapely.union_all([p for p, s in zip(floods.polygons, floods.flood_s, strict=True) if s < 8 * H])
    shallow = shapely.union_all([p for p, s in zip(floods.polygons, floods.flood_s, strict=True) if s > 8 * H])
    assert 0 < deep.area < shallow.area and shallow.buffer(1e-6).covers(deep)  # rank 3+ lies within rank 1+


def test_records_in_another_order_are_refused(demo_drill):
    drill, inputs, result, trips, index = demo_drill
    with pytest.raises(ValueError, match="records should be the 50 people of the drill result in its order"):
        drill_trips(result, inputs.people[::-1], inputs.plans)
