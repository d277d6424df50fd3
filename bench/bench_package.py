"""Offline package for 500 people: time to write it (target < 20 s) and index.html's first render in
headless Chromium (target < 3 s), with the 50-person demo package as the baseline of the same run.

The project is generated into a temporary folder: the demo data set, its 50 residents repeated ten
times with moved homes (``tests/evac_plans/package/project.py``), a plan, route and supporter each.
The package covers everyone (a polygon around the demo city, disaster mode). First render — the
page showing the area's people and map — is ``performance.now()`` at deck.gl's first
``onAfterRender`` after a 1-pixel ``readPixels`` (so the software rasteriser has finished), from
navigation start; a run whose map did not draw (no WebGL, a script error) fails instead of counting.
"List ready" is when the people list and search work (before deck.gl is parsed) and "first paint"
the browser's first-contentful-paint. Prints one JSON object.

    .venv/bin/python bench/bench_package.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "evac_plans" / "package")]

import geopandas as gpd  # noqa: E402
import shapely  # noqa: E402
from project import build_project  # noqa: E402

from demo.generate import generate_demo  # noqa: E402
from evac_plans.consent import DEFAULT_RULES, ConsentRules  # noqa: E402
from evac_plans.package import ExportOptions, export_package, load_map, load_recipients, parse_area, select_people  # noqa: E402
from store import open_store  # noqa: E402


def write(project: Path, area: Path, out: Path) -> tuple[float, Path, int]:
    """Seconds to select, load the map and write the package (folder); its index.html; people in it."""
    start = time.perf_counter()
    with open_store(project) as store:
        selection = select_people(store, parse_area(str(area)), load_recipients()["community"], ConsentRules.load(DEFAULT_RULES), disaster_mode=True)
        result = export_package(store, selection, load_map(store, selection), ExportOptions(out, folder=True))
    return time.perf_counter() - start, result.path / "index.html", len(selection.included)


def first_render(browser, page_path: Path) -> tuple[float, float, float]:
    """Seconds from navigation start to the list being usable, the first paint, and the map's first finished frame."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(page_path.as_uri())
    page.wait_for_function("window.nzPkg && window.nzPkg.firstRender !== null", timeout=60_000)
    list_ms, paint_ms, map_ms, layers = page.evaluate(
        "[nzPkg.listReady, performance.getEntriesByName('first-contentful-paint')[0].startTime, nzPkg.firstRender, nzPkg.layerIds().length]"
    )
    page.close()
    if errors or not layers:
        raise RuntimeError(f"{page_path}: the map did not draw ({errors or 'no layers'})")
    return list_ms / 1000, paint_ms / 1000, map_ms / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        generate_demo(base / "demo")
        area = base / "area.geojson"
        gpd.GeoDataFrame(geometry=[shapely.box(131.40, 34.10, 131.52, 34.20)], crs="EPSG:6668").to_file(area)
        results = {}
        for label, copies in (("baseline_50", 1), ("people_500", 10)):
            project = build_project(base / f"{label}.nigezero", base / "demo", copies)
            writes = [write(project, area, base / f"out-{label}-{i}") for i in range(args.runs)]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--enable-unsafe-swiftshader"])
                renders = [first_render(browser, writes[0][1]) for _ in range(args.runs)]
                browser.close()
            results[label] = {
                "people": writes[0][2],
                "write_s_median": round(statistics.median(w[0] for w in writes), 2),
                "list_ready_s_median": round(statistics.median(r[0] for r in renders), 2),
                "first_paint_s_median": round(statistics.median(r[1] for r in renders), 2),
                "first_render_s_median": round(statistics.median(r[2] for r in renders), 2),
                "index_html_mb": round(writes[0][1].stat().st_size / 1e6, 1),
            }
    big = results["people_500"]
    print(json.dumps({**results, "targets": {"write_s": 20, "first_render_s": 3},
                      "ok": big["write_s_median"] < 20 and big["first_render_s_median"] < 3}, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
