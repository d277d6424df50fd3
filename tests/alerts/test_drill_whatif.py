"""What-if changes on the demo drill, for D0044 (杖 0.8 m/s, trigger 警戒レベル4 firing 18:40, 30 min to
prepare), cut off by 1.8 minutes as tests/alerts/test_drill_trips.py checks by hand.

* earlier trigger, DEMO001 氾濫注意水位 (15:50): leaves 16:20 and arrives long before 19:10;
* vertical: stays upstairs from 19:10;
* car: 15 km/h, still leaves 19:10 as the route floods, so still cut off, by 1.8 × 0.8 / 4.17 = 0.35
  minutes instead of 1.8 (a car does not help when the water comes first);
* another shelter: the plan goes there by the L-shaped route from home.
"""

from __future__ import annotations

import pytest

from alerts.drill_inputs import load_drill_inputs, prepare_drill
from alerts.drill_whatif import CAR_SUPPORT, WhatIf, changed_plans
from evac_plans.model import GaugeTrigger
from evac_plans.repository import load_shelters
from jobs.feedback import Feedback
from store import open_store


@pytest.fixture(scope="module")
def demo(demo_city, demo_dir):
    with open_store(demo_city.path, read_only=True) as store:
        inputs, shelters = load_drill_inputs(store, Feedback()), load_shelters(store)
    drill = prepare_drill(inputs, demo_dir / "scenario" / "drill.json", Feedback())
    d0044 = next(r for r in inputs.people if r.person.external_id == "D0044")
    return drill, inputs, shelters, d0044


def rerun(demo, change: WhatIf) -> tuple[dict, dict]:
    drill, inputs, _, who = demo
    plans = changed_plans(inputs.plans, [who], change)
    result = drill.run(inputs.people, plans, inputs.roles)
    return result.record([r.person.id for r in inputs.people].index(who.person.id)), plans


def test_an_earlier_trigger_gets_d0044_out_in_time(demo):
    got, plans = rerun(demo, WhatIf("trigger", trigger=GaugeTrigger("DEMO001", "caution")))
    assert got["outcome"] == "arrived" and got["depart"] == "2026-06-02T16:20:00+09:00"
    assert got["margin_min"] > 150


def test_vertical_evacuation_and_a_car(demo):
    _, inputs, _, who = demo
    vertical, plans = rerun(demo, WhatIf("vertical"))
    assert vertical["outcome"] == "stayed_vertical" and vertical["depart"] == "2026-06-02T19:10:00+09:00"
    assert inputs.plans[who.person.id].destination.kind == "shelter"  # the copy changed, not the plans given
    car, plans = rerun(demo, WhatIf("car"))
    assert plans[who.person.id].travel_means == CAR_SUPPORT
    # the worst point is 1.8 min × 0.8 m/s = 86 m on, under water from 19:10: by car 21 s late
    assert car["outcome"] == "cut_off" and car["margin_min"] == pytest.approx(-1.8 * 0.8 / (15 / 3.6), abs=0.06)


def test_another_shelter_by_an_l_shaped_route(demo):
    _, inputs, shelters, who = demo
    other = next(s for s in shelters if s.common_id != inputs.plans[who.person.id].destination.shelter_id and s.lon)
    got, plans = rerun(demo, WhatIf("shelter", shelter=other))
    plan = plans[who.person.id]
    home = (who.person.home_lon, who.person.home_lat)
    assert plan.destination.shelter_id == other.common_id
    assert plan.route.coordinates == (home, (home[0], other.lat), (other.lon, other.lat))
    assert got["outcome"] in ("arrived", "cut_off") and got["depart"] == "2026-06-02T19:10:00+09:00"


def test_a_change_without_its_choice_is_refused(demo):
    import i18n

    i18n.set_language("en")
    _, inputs, _, who = demo
    with pytest.raises(ValueError, match="a what-if should be trigger .* got"):
        changed_plans(inputs.plans, [who], WhatIf("shelter"))
