"""3D view at city scale: 150,000 building footprints into the deck.gl view, with a 2,000 baseline.

Footprints come from ``../shared/bench/gen_footprints.py`` (fixed seed, written to a temporary
folder, never committed); ``height`` becomes ``measured_height`` and ``rank`` the flood rank.
Each sample is a new process (Qt offscreen, llvmpipe, a 1200×800 view) that:

1. builds the layer's deck spec alone (binary arrays, tiles) — ``spec_s``;
2. shows the view and waits for its first frame with the layer drawn, the camera on the whole
   extent — ``first_frame_s`` (page load + deck.gl start + the view's own spec build + array
   fetch + drawing; the page ends its frame with a 1-pixel ``gl.readPixels``, so software
   rendering has really finished); ``first_frame_page_ms`` is the page's part from receiving
   the layer list. 150,000 buildings exceed the extrusion budget, so the whole city is flat;
3. moves the camera onto the densest 800 m × 500 m district (tilted 45°) and waits for that
   frame, with the tiles in view extruded — ``district_frame_s`` and ``district_extruded``;
4. reads the resident memory of the process and all its QtWebEngine children — ``rss_mb``;
5. meanwhile a 10 ms ``QTimer`` heartbeat on the GUI thread records the longest gap between its
   ticks from the return of ``show()`` to the first frame — ``gui_block_ms``, the longest the
   window froze while the city loaded (the timer's own 10 ms included); ``show_ms`` is the
   ``show()`` call itself, which creates the web page (the same whatever the data).

``python bench/bench_view3d.py [--repeats 3]`` prints JSON (medians and minimums).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO.parent / "shared" / "bench" / "gen_footprints.py"
SIZES = (2_000, 150_000)
WIDTH, HEIGHT = 1200, 800
SCREENS = Path("/tmp/nigezero-screens")
HEARTBEAT_MS = 10


def rss_mb(pid: int) -> float:
    """Resident memory (MB) of ``pid`` and every process below it (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, frontier = {pid}, [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier and p not in tree]
        tree.update(children)
        frontier = children
    total_kb = 0
    for p in tree:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        total_kb += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total_kb / 1024


def one_sample(data_dir: Path, size: int) -> dict[str, float]:
    """Run in a fresh process: load ``size`` footprints into a shown 3D view and measure."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--ignore-gpu-blocklist --disable-gpu-compositing")
    sys.path.insert(0, str(REPO))
    import geopandas as gpd
    import pandas as pd

    from app.view3d import View3D, register_scheme

    register_scheme()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.map2d.viewport import Viewport
    from app.view3d.camera import view_state_for
    from layers.deck import layer_spec
    from layers.project import Project
    from layers.styles import flood_rank_style
    from layers.vector import VectorLayer

    app = QApplication([sys.argv[0]])
    frame = gpd.read_file(data_dir / "footprints_6668.gpkg", engine="pyogrio")
    if size < len(frame):
        frame = frame.sample(size, random_state=1).sort_index()
    frame["measured_height"] = frame["height"]
    frame["max_flood_rank"] = pd.array(frame["rank"].where(frame["rank"] > 0), dtype="Int64")
    layer = VectorLayer(frame, name="buildings", kind="buildings", style=flood_rank_style("max_flood_rank"))

    started = time.perf_counter()
    layer_spec(layer, "warm-up")  # the spec alone, as the view builds it
    spec_s = time.perf_counter() - started

    events: list[dict] = []
    view = View3D(Project([layer], zone_number=3))
    view.rendered.connect(events.append)
    view.resize(WIDTH, HEIGHT)

    def wait_for(op: str) -> dict:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            app.processEvents()
            if done := [e for e in events if e["op"] == op]:
                return done[-1]
            time.sleep(0.002)
        raise TimeoutError(f"no frame for {op!r} within 300 s")

    ticks: list[float] = []
    heartbeat = QTimer(interval=HEARTBEAT_MS, timeout=lambda: ticks.append(time.perf_counter()))
    started = time.perf_counter()
    view.show()
    shown = time.perf_counter()
    show_ms = (shown - started) * 1000
    heartbeat.start()
    first = wait_for("layers")
    first_frame_s = time.perf_counter() - started
    heartbeat.stop()
    gui_block_ms = max(b - a for a, b in zip([shown, *ticks], [*ticks, time.perf_counter()], strict=True)) * 1000
    save_screen(view, f"bench3d-{size}-full.png")

    district = json.loads((data_dir / "district.json").read_text())["district"]
    centre = Viewport((district[0] + district[2]) / 2, (district[1] + district[3]) / 2, (district[2] - district[0]) / WIDTH, WIDTH, HEIGHT)
    events.clear()
    started = time.perf_counter()
    view.set_camera(view_state_for(centre, "EPSG:6671"))
    moved = wait_for("view")
    district_frame_s = time.perf_counter() - started
    save_screen(view, f"bench3d-{size}-district.png")
    return {
        "spec_s": spec_s,
        "first_frame_s": first_frame_s,
        "first_frame_page_ms": first["ms"],
        "show_ms": show_ms,
        "gui_block_ms": gui_block_ms,
        "full_extent_extruded": first["extruded"],
        "district_frame_s": district_frame_s,
        "district_extruded": moved["extruded"],
        "rss_mb": rss_mb(os.getpid()),
    }


def save_screen(view: object, name: str) -> None:
    """Keep what was measured for people to look at (after the timing, so it costs nothing;
    the widget shows the page's frame a moment after the page has drawn it)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    SCREENS.mkdir(parents=True, exist_ok=True)
    view.web.grab().save(str(SCREENS / name))  # type: ignore[attr-defined]


def summary(samples: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    return {
        key: {"median": round(statistics.median(s[key] for s in samples), 3), "min": round(min(s[key] for s in samples), 3)}
        for key in samples[0]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", nargs=2, metavar=("DATA_DIR", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_sample(Path(args.one[0]), int(args.one[1]))))
        return
    with tempfile.TemporaryDirectory(prefix="nigezero-bench3d-") as tmp:
        subprocess.run([sys.executable, str(GENERATOR), tmp], check=True, stdout=subprocess.DEVNULL)
        results: dict[str, object] = {"view_px": [WIDTH, HEIGHT], "repeats": args.repeats}
        for size in SIZES:
            samples = []
            for _ in range(args.repeats):
                out = subprocess.run(
                    [sys.executable, __file__, "--one", tmp, str(size)], check=True, capture_output=True, text=True, cwd=REPO
                )
                samples.append(json.loads(out.stdout.strip().splitlines()[-1]))
            results[f"buildings_{size}"] = summary(samples)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
