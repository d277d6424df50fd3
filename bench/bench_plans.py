"""10,000 people with plans: full assessment, list filtering and opening the store, each with a baseline.

Generates the demo data set and a project store with 10,000 fictional people in a temporary
folder (removed at the end): homes on demo houses (building ID and point), mobility, household
and medical care drawn like the demo roster, and a plan each with a 3-vertex route to the
nearest demo shelter. Then times (seconds):

* ``open_store``: ``open_store(path)`` + ``close()`` (median of 5), and ``load_roster`` (people,
  care, consents and current plans as dataclasses; median of 3);
* ``assessment``: ``assess_project`` with the demo's flood GeoTIFF and PLATEAU folder recorded in the
  store — sources opened (parse cache warm), people loaded, everyone assessed (median of 3);
  ``assessment_naive`` is a per-person loop over the sources (one ``sample`` and one
  ``line_exposure`` per person per source) timed on 200 people and scaled to 10,000;
* ``filter``: ``PersonTable.select`` over 8 filter sets (kana search, area, priority, rank,
  missing plan, overdue review; median over 5 rounds of each); ``filter_naive`` a Python loop
  folding every row's text per query.

Targets (issue 6): assessment < 10 s, filtering < 0.1 s median, opening < 1 s. Prints one JSON
object; exits 1 when a target is missed. Run: ``.venv/bin/python bench/bench_plans.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import median_time  # noqa: E402

from demo.generate import generate_demo  # noqa: E402
from evac_plans.assessment import assess_project, open_hazard_inputs  # noqa: E402
from evac_plans.model import CareProfile, Consent, Destination, EvacuationPlan, Person, Route  # noqa: E402
from evac_plans.person_list import PersonFilter, PersonTable, search_key  # noqa: E402
from evac_plans.repository import PersonRecord, current_plans, load_roster, save_people, save_plan  # noqa: E402
from evac_plans.shelters import import_shelter_file, read_shelters  # noqa: E402
from hazards.exposure import line_exposure  # noqa: E402
from plateau_import import read_plateau  # noqa: E402
from store import open_store  # noqa: E402
from store.hazard_sources import add_hazard_source  # noqa: E402

PEOPLE = 10_000
NAIVE_PEOPLE = 200
TARGETS = {"assessment": 10.0, "filter": 0.1, "open_store": 1.0}
MOBILITY = ("独歩", "杖", "歩行器", "車いす", "寝たきり")
HOUSEHOLDS = ("独居", "高齢者のみ世帯", "家族と同居（日中独居）", "家族と同居")
KANA = ("やまぐち", "ゆだ", "ふしの", "よしき", "にほ", "みやの", "おおうち")
FILTERS = (
    PersonFilter(text="ヤマグチ"),
    PersonFilter(text="ﾕﾀﾞ"),
    PersonFilter(area="朝倉町自治会"),
    PersonFilter(priority="high"),
    PersonFilter(min_rank=2, priority="high"),
    PersonFilter(missing_plan=True),
    PersonFilter(review_overdue=True, today=date(2026, 6, 1)),
    PersonFilter(text="よしき", consent="given", min_rank=1),
)


def fill_store(path: Path, demo: Path, rng: np.random.Generator) -> None:
    """Write PEOPLE people with plans into a new store at ``path``."""
    buildings = read_plateau([demo / "plateau"]).buildings
    houses = buildings[buildings["usage"].isin(["住宅", "店舗等併用住宅"])]
    centroids = shapely.get_coordinates(shapely.centroid(houses.geometry.to_numpy()))
    shelters = read_shelters(demo / "shelters" / "shelters.csv")
    shelter_xy = np.column_stack([shelters.geometry.x, shelters.geometry.y])
    pick = rng.integers(0, len(houses), PEOPLE)
    records, plans = [], []
    for k, i in enumerate(pick):
        lon, lat = centroids[i]
        person = Person(
            name=f"住民{k}", kana=f"{KANA[k % len(KANA)]} {k}", external_id=f"B{k:05d}", household=HOUSEHOLDS[k % 4],
            area=str(houses["address"].iloc[i]).removeprefix("山口県山口市") + "自治会", home_lon=lon, home_lat=lat,
            building_id=str(houses["building_id"].iloc[i]),
        )  # fmt: skip
        care = CareProfile(person.id, mobility=MOBILITY[rng.integers(0, 5)], medical_care=("在宅酸素",) if rng.random() < 0.05 else ())
        consent = Consent(person.id, "plan_sharing", "given" if rng.random() < 0.8 else "unknown")
        records.append(PersonRecord(person, care, {"plan_sharing": consent}))
        j = int(np.argmin(np.hypot(*(shelter_xy - centroids[i]).T)))
        sx, sy = shelter_xy[j]
        route = Route(((lon, lat), (lon, sy), (sx, sy)))
        review = date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
        plans.append(EvacuationPlan(person.id, Destination("shelter", shelter_id=shelters["common_id"].iloc[j]), route, review_date=review))
    with open_store(path, staff="bench") as store:
        save_people(store, records, source="bench")
        with store.db.atomic():
            for plan in plans:
                save_plan(store, plan)
        import_shelter_file(store, demo / "shelters" / "shelters.csv")
        add_hazard_source(store, demo / "hazard" / "flood_depth_L2.tif")
        add_hazard_source(store, demo / "plateau")


def naive_assessment(path: Path, demo: Path) -> float:
    """Seconds per person of a per-person loop over the sources, from NAIVE_PEOPLE people."""
    with open_store(path) as store:
        people, plans = load_roster(store)[:NAIVE_PEOPLE], current_plans(store)
    inputs = open_hazard_inputs([demo / "hazard" / "flood_depth_L2.tif", demo / "plateau"])
    start = time.perf_counter()
    for record in people:
        point = np.array([[record.person.home_lon, record.person.home_lat]])
        route = plans[record.person.id].route
        for source in inputs.sources:
            source.sample(point)
            line_exposure(source, [shapely.LineString(route.coordinates)])
    return (time.perf_counter() - start) / len(people)


def naive_filter(rows: list[tuple[str, str, str, int, bool]], criteria: PersonFilter) -> list[int]:
    """A plain loop: fold each row's text per query and test every condition."""
    wanted = search_key(criteria.text) if criteria.text else ""
    out = []
    for i, (text, area, priority, rank, has_plan) in enumerate(rows):
        if wanted and wanted not in search_key(text):
            continue
        if (criteria.area and area != criteria.area) or (criteria.priority and priority != criteria.priority):
            continue
        if criteria.min_rank is not None and rank < criteria.min_rank:
            continue
        if criteria.missing_plan and has_plan:
            continue
        out.append(i)
    return out


def main() -> int:
    rng = np.random.default_rng(20260603)
    os.environ.setdefault("NIGEZERO_CACHE_DIR", tempfile.mkdtemp(prefix="nigezero-cache-"))
    with tempfile.TemporaryDirectory(prefix="nigezero-bench-plans-") as tmp:
        demo, path = Path(tmp) / "demo", Path(tmp) / "bench.nigezero"
        generate_demo(demo)
        start = time.perf_counter()
        fill_store(path, demo, rng)
        setup = time.perf_counter() - start

        open_s = median_time(lambda: open_store(path).close(), 5)
        with open_store(path) as store:
            load_s = median_time(lambda: (load_roster(store), current_plans(store)), 3)
            assessed: list = []
            assess_s = median_time(lambda: assessed.append(assess_project(store)), 3)
            people, results = assessed[-1]
            plans = current_plans(store)
        naive_per_person = naive_assessment(path, demo)

        table = PersonTable(people, plans, {a.person_id: a for a in results})
        build_s = median_time(lambda: PersonTable(people, plans, {a.person_id: a for a in results}), 3)
        filter_s = statistics.median(median_time(lambda c=c: table.select(c), 5) for c in FILTERS)
        f = table.frame
        rows = list(zip((" ".join(x) for x in zip(f["name"], f["kana"])), f["area"], f["priority"], f["home_rank"], f["has_plan"]))
        naive_filter_s = statistics.median(median_time(lambda c=c: naive_filter(rows, c), 3) for c in FILTERS)

    report = {
        "people": PEOPLE,
        "setup_s": round(setup, 2),
        "open_store_s": round(open_s, 4),
        "load_roster_s": round(load_s, 3),
        "assessment_s": round(assess_s, 3),
        "assessment_naive_s": round(naive_per_person * PEOPLE, 1),
        "assessment_naive_measured_people": NAIVE_PEOPLE,
        "priorities": {p: sum(r.priority == p for r in results) for p in ("high", "medium", "low")},
        "list_build_s": round(build_s, 3),
        "filter_median_s": round(filter_s, 5),
        "filter_naive_median_s": round(naive_filter_s, 4),
        "targets_s": TARGETS,
    }
    print(json.dumps(report, ensure_ascii=False))
    missed = assess_s > TARGETS["assessment"] or filter_s > TARGETS["filter"] or open_s > TARGETS["open_store"]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
