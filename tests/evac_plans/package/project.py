"""A project file built from the demo data set, with plans, routes and supporters for everyone
(used by the package tests and by ``bench/bench_package.py``).

Every person gets a plan to the nearest demo shelter along a two-leg route (north/south, then
east/west) and a fictional supporter. ``copies`` > 1 repeats the 50 demo residents with new ids
and slightly moved homes, for the 500-person benchmark.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from evac_plans.model import AlertLevelTrigger, Destination, EvacuationPlan, Route, Supporter, SupportLink
from evac_plans.repository import link_supporters, load_roster, load_shelters, save_plan, save_supporter
from evac_plans.roster_import import import_roster
from evac_plans.shelters import import_shelter_file
from store import ProjectStore, open_store
from store.hazard_sources import add_hazard_source


def _roster(demo_dir: Path, copies: int, out: Path) -> Path:
    rows = list(csv.DictReader(io.StringIO((demo_dir / "residents" / "residents.csv").read_text(encoding="utf-8-sig"))))
    if copies == 1:
        return demo_dir / "residents" / "residents.csv"
    with out.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        for copy in range(copies):
            for row in rows:
                moved = dict(row, 住民ID=f"{row['住民ID']}-{copy}", 電話番号=row["電話番号"])
                moved["氏名"] = row["氏名"] if copy == 0 else f"{row['氏名']}{copy}"
                moved["経度"] = f"{float(row['経度']) + 0.0004 * (copy % 5):.6f}"
                moved["緯度"] = f"{float(row['緯度']) + 0.0004 * (copy // 5):.6f}"
                writer.writerow(moved)
    return out


def build_project(path: Path, demo_dir: Path, copies: int = 1) -> Path:
    """Write a project file at ``path`` (see the module docstring) and return it."""
    with open_store(path, staff="test") as store:
        import_roster(store, _roster(demo_dir, copies, path.with_suffix(".csv")))
        import_shelter_file(store, demo_dir / "shelters" / "shelters.csv")
        add_hazard_source(store, demo_dir / "hazard" / "flood_depth_L2.tif")
        add_hazard_source(store, demo_dir / "plateau")
        add_plans(store)
    return path


def add_plans(store: ProjectStore) -> None:
    """A plan, a route and a supporter for everyone with a home point."""
    shelters = [s for s in load_shelters(store) if s.lon is not None]
    for n, record in enumerate(load_roster(store)):
        p = record.person
        if p.home_lon is None or p.home_lat is None:
            continue
        shelter = min(shelters, key=lambda s: (s.lon - p.home_lon) ** 2 + (s.lat - p.home_lat) ** 2)
        route = Route(((p.home_lon, p.home_lat), (p.home_lon, shelter.lat), (shelter.lon, shelter.lat)))
        plan = EvacuationPlan(
            p.id, Destination("shelter", shelter_id=shelter.common_id), route, AlertLevelTrigger(3),
            travel_means="徒歩（付き添い）", items=("常備薬", "お薬手帳", "眼鏡"), review_date=date(2027, 4, 1),
        )  # fmt: skip
        save_plan(store, plan)
        supporter = Supporter(f"近所 支援者{n + 1}", "山口県山口市（デモ）", f"090-0000-{n:04d}")
        save_supporter(store, supporter)
        link_supporters(store, p.id, [SupportLink(p.id, supporter.id, ("伝達", "誘導"))])
