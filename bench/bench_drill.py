"""Virtual evacuation drill for 10,000 people: first run, a what-if rerun, the animation's trips.

Generates the demo data set and its project (the demo plans) in a temporary folder (removed at the
end) and repeats the 50 demo residents 200 times with new ids and the same plans, routes and
supporters' roles: 10,000 people through the demo scenario (``scenario/drill.json``).

Timed spans (median of ``--runs``):

- ``first_run``: the scenario's timeline worked out (:class:`alerts.drill.Drill`: when each
  condition is first met, each area's flood time) and everyone run through it;
- ``what_if``: the loaded drill run again after a what-if changes a tenth of the plans
  (:func:`alerts.drill_whatif.changed_plans`, vertical evacuation) — what the dock does on 垂直避難;
- ``trips``: the run turned into trips for the 2D and 3D animation (:func:`alerts.drill_trips.drill_trips`);
- ``positions``: everyone's place at one moment (:func:`alerts.drill_trips.positions_at`, every
  frame of the animation).

Baseline in the same run (``naive``): the same engine one person at a time (``Drill.run`` with a
single person), over the first ``--naive`` people, reported per person and scaled to 10,000.
Target (issue 11): what-if changes "rerun in seconds": ``what_if`` + ``trips`` under 2 s. Prints
one JSON object; exits 1 when missed. Run: ``.venv/bin/python bench/bench_drill.py``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import median_time  # noqa: E402

from alerts.demo_plans import create_demo_project  # noqa: E402
from alerts.drill_inputs import DrillInputs, load_drill_inputs, prepare_drill  # noqa: E402
from alerts.drill_trips import drill_trips, positions_at  # noqa: E402
from alerts.drill_whatif import WhatIf, changed_plans  # noqa: E402
from demo.generate import generate_demo  # noqa: E402
from jobs.feedback import Feedback  # noqa: E402
from store import open_store  # noqa: E402

COPIES = 200
TARGET_S = 2.0


def repeated(inputs: DrillInputs, copies: int) -> DrillInputs:
    """The inputs with every person (and their plan and supporters' roles) repeated ``copies`` times."""
    people, plans, roles = [], {}, {}
    for copy in range(copies):
        for record in inputs.people:
            pid = f"{record.person.id}-{copy}"
            people.append(replace(record, person=replace(record.person, id=pid)))
            if (plan := inputs.plans.get(record.person.id)) is not None:
                plans[pid] = replace(plan, person_id=pid)
            if record.person.id in inputs.roles:
                roles[pid] = inputs.roles[record.person.id]
    return DrillInputs(people, plans, roles, inputs.refs, inputs.known)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--naive", type=int, default=500, help="people run one at a time for the baseline")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="nigezero-bench-drill-"))
    try:
        demo = tmp / "demo"
        generate_demo(demo)
        store_path = tmp / "demo.nigezero"
        create_demo_project(store_path, demo)
        with open_store(store_path, read_only=True) as store:
            inputs = repeated(load_drill_inputs(store, Feedback()), COPIES)
        scenario = demo / "scenario" / "drill.json"
        people, plans, roles = inputs.people, inputs.plans, inputs.roles
        drill = prepare_drill(inputs, scenario, Feedback())
        first = median_time(lambda: prepare_drill(inputs, scenario, Feedback()).run(people, plans, roles), args.runs)
        changed = changed_plans(plans, people[::10], WhatIf("vertical"))
        what_if = median_time(lambda: drill.run(people, changed, roles), args.runs, warmup=True)
        result = drill.run(people, changed, roles)
        trips_s = median_time(lambda: drill_trips(result, people, changed, roles, drill), args.runs)
        trips = drill_trips(result, people, changed, roles, drill)
        moment = 0.5 * (trips.end - trips.start).total_seconds()
        positions = median_time(lambda: positions_at(trips, moment), 21)
        started = time.perf_counter()
        for record in people[: args.naive]:
            drill.run([record], {record.person.id: changed[record.person.id]} if record.person.id in changed else {}, roles)
        per_person = (time.perf_counter() - started) / args.naive
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = {
        "benchmark": "drill",
        "people": len(people),
        "first_run_s": round(first, 3),
        "what_if_s": round(what_if, 3),
        "trips_s": round(trips_s, 3),
        "trip_points": int(len(trips.coords)),
        "positions_ms": round(positions * 1000, 2),
        "naive_per_person_ms": round(per_person * 1000, 2),
        "naive_scaled_s": round(per_person * len(people), 1),
        "naive_over_what_if": round(per_person * len(people) / what_if, 1),
        "target_what_if_plus_trips_s": TARGET_S,
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if what_if + trips_s < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
