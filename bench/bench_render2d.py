"""2D map repaint with 150,000 building footprints: our canvas against a naive QPainter loop and QGIS.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_render2d.py [--data DIR] [--runs N] [--no-qgis]

Without ``--data`` the footprints are generated into a temporary folder by
``../shared/bench/gen_footprints.py`` (fixed seed; never committed). Span measured (DESIGN.md): a pan
or zoom event → the frame shown, with the canvas's caching and level of detail, offscreen at
1600 × 1000: the event is sent to the widget, the frame is rendered on the render thread, and the
widget repaints. Cases per extent (full extent, and the densest 800 m × 500 m district window):

- ``pan``: an arrow key (1/8 of the view; the last image moved, only the exposed strip drawn);
- ``zoom``: a +/- key (every layer redrawn at the new scale);
- ``full_repaint``: the layer's cached image dropped, then every feature redrawn (from the paths
  kept per block, :mod:`app.map2d.block_paths`); a view of thousands of features is painted on two
  cores (:mod:`app.map2d.paint_helper`, waited for before measuring), and
  ``full_repaint_one_core`` is the same on the render thread alone;
- ``restyle``: a new style with other colours (the outline's, alternately): the same frame
  through the layer's style event;
- ``reclassify``: a new style whose classes differ (alternately the standard ranks and ranks 1–2
  only), so every kept path is dropped and built again in both processes.

The first draw of the new layer (projection, index and first image) is reported separately, and a
naive loop (one ``drawPolygon`` per footprint, antialiased, polygons pre-built) runs in the same
process for a ratio. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QImage, QKeyEvent, QPainter, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.map2d import paint_helper  # noqa: E402
from app.map2d.base_item import MapItem  # noqa: E402
from app.map2d.canvas import MapCanvas  # noqa: E402
from app.map2d.qt_arrays import polygon_from_points  # noqa: E402
from app.map2d.viewport import Viewport  # noqa: E402
from layers import Project, VectorLayer, VectorStyle  # noqa: E402
from layers.styles import flood_rank_style  # noqa: E402

SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
WIDTH, HEIGHT = 1600, 1000
CRS = "EPSG:6671"


def footprints_dir(data: Path | None) -> tuple[Path, Path | None]:
    """The folder holding footprints_6668.gpkg and district.json (generated when not given)."""
    if data is not None:
        return data, None
    tmp = Path(tempfile.mkdtemp(prefix="nigezero-bench2d-"))
    subprocess.run([sys.executable, str(SHARED_BENCH / "gen_footprints.py"), str(tmp)], check=True, capture_output=True)
    return tmp, tmp


def median_ms(samples: list[float]) -> dict[str, float]:
    return {"median_ms": round(statistics.median(samples), 2), "min_ms": round(min(samples), 2), "runs": len(samples)}


def event_to_frame(app: QApplication, canvas: MapCanvas, key: Qt.Key) -> float:
    """Milliseconds from a key event to the frame for the new view being on the widget."""
    app.processEvents()
    started = time.perf_counter()
    QApplication.sendEvent(canvas, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
    canvas.render_now()
    canvas.repaint()
    return (time.perf_counter() - started) * 1000


def measure_canvas(app: QApplication, canvas: MapCanvas, layer: VectorLayer, box: list[float], runs: int) -> dict[str, object]:
    canvas.set_view(Viewport(width=WIDTH, height=HEIGHT).fitted(tuple(box), margin=0.0))
    canvas.render_now()
    pans = [event_to_frame(app, canvas, (Qt.Key.Key_Left, Qt.Key.Key_Right)[i % 2]) for i in range(runs)]
    zooms = [event_to_frame(app, canvas, (Qt.Key.Key_Plus, Qt.Key.Key_Minus)[i % 2]) for i in range(runs)]
    canvas.set_view(Viewport(width=WIDTH, height=HEIGHT).fitted(tuple(box), margin=0.0))
    item = canvas._items[layer]
    repaints = full_repaints(app, canvas, item, runs)
    shared = paint_helper.shared
    paint_helper.shared = lambda: None  # the same frames on the render thread alone
    try:
        one_core = full_repaints(app, canvas, item, runs)
    finally:
        paint_helper.shared = shared
    style = layer.style
    restyled = restyles(app, canvas, layer, (replace(style, stroke=(90, 90, 90, 255)), style), runs)
    reclassified = restyles(app, canvas, layer, (replace(style, classes=style.classes[:2]), style), runs)
    in_view = len(layer.arrays(CRS).in_box(*canvas.view.box))
    return {
        "features_in_view": in_view,
        "pan": median_ms(pans),
        "zoom": median_ms(zooms),
        "full_repaint": median_ms(repaints),
        "full_repaint_one_core": median_ms(one_core),
        "restyle": median_ms(restyled),
        "reclassify": median_ms(reclassified),
    }


def full_repaints(app: QApplication, canvas: MapCanvas, item: MapItem, runs: int) -> list[float]:
    """Milliseconds from dropping the layer's image to the new frame on the widget."""
    samples = []
    for _ in range(runs):
        app.processEvents()
        started = time.perf_counter()
        item.invalidate()
        canvas.render_now()
        canvas.repaint()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def restyles(app: QApplication, canvas: MapCanvas, layer: VectorLayer, styles: tuple[VectorStyle, VectorStyle], runs: int) -> list[float]:
    """Milliseconds from setting the layer's style (``styles`` in turn) to the new frame on the widget."""
    samples = []
    for i in range(runs):
        app.processEvents()
        started = time.perf_counter()
        layer.style = styles[i % 2]
        canvas.render_now()
        canvas.repaint()
        samples.append((time.perf_counter() - started) * 1000)
    layer.style = styles[1]
    canvas.render_now()
    return samples


def naive(layer: VectorLayer, box: list[float], runs: int) -> dict[str, float]:
    """One ``drawPolygon`` per footprint in view, antialiased, 1 px outline (polygons pre-built)."""
    view = Viewport(width=WIDTH, height=HEIGHT).fitted(tuple(box), margin=0.0)
    arrays = layer.arrays(CRS)
    features = np.sort(arrays.in_box(*view.box))
    colors = [QBrush(QColor(*c)) for c in layer.style.colors]
    codes = layer.class_codes()
    polygons = []
    for f in features:
        start, end = arrays.ring_offsets[f], arrays.ring_offsets[f + 1]  # footprints: one ring each
        sx, sy = view.to_screen(arrays.coords[start:end, 0], arrays.coords[start:end, 1])
        polygons.append((polygon_from_points(sx, sy), colors[codes[f]]))
    samples = []
    for _ in range(runs):
        image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
        started = time.perf_counter()
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(80, 80, 80), 1))
        for polygon, brush in polygons:
            painter.setBrush(brush)
            painter.drawPolygon(polygon)
        painter.end()
        samples.append((time.perf_counter() - started) * 1000)
    return median_ms(samples)


def qgis_anchor(data: Path) -> list[dict[str, object]] | str:
    """Debian's QGIS on the same files (system python3), or why it did not run."""
    python = shutil.which("python3", path="/usr/bin")
    if python is None or subprocess.run([python, "-c", "import qgis.core"], capture_output=True).returncode != 0:
        return "QGIS not installed (apt-get install -y qgis python3-qgis)"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run([python, str(SHARED_BENCH / "qgis_render_anchor.py"), str(data)], capture_output=True, text=True, env=env, timeout=900)
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return lines or f"QGIS anchor failed: {done.stderr.strip()[-300:]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="folder from gen_footprints.py (default: generate into a temp folder)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-qgis", action="store_true")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    data, generated = footprints_dir(args.data)
    try:
        district = json.loads((data / "district.json").read_text())
        frame = gpd.read_file(data / "footprints_6668.gpkg", engine="pyogrio")
        layer = VectorLayer(frame, name="bench", kind="buildings", style=flood_rank_style("rank"))
        canvas = MapCanvas(Project(zone_number=3))
        canvas.resize(WIDTH, HEIGHT)
        canvas.show()
        canvas.set_view(Viewport(width=WIDTH, height=HEIGHT).fitted(tuple(district["full"]), margin=0.0))
        app.processEvents()
        started = time.perf_counter()
        canvas._project.add(layer)  # unprepared: projection and index happen on the render thread
        canvas.render_now(timeout=600)
        canvas.repaint()
        first_draw = (time.perf_counter() - started) * 1000
        helper = paint_helper.shared()
        helper_ready = helper is not None and helper.wait_ready(60)
        result: dict[str, object] = {
            "benchmark": "render2d",
            "footprints": len(frame),
            "size": [WIDTH, HEIGHT],
            "first_draw_of_new_layer_ms": round(first_draw, 1),
            "paint_helper": "used" if helper_ready else "not available: one core",
        }
        for case in ("full", "district"):
            ours = measure_canvas(app, canvas, layer, district[case], args.runs)
            baseline = naive(layer, district[case], max(3, args.runs // 3))
            ours["naive_drawPolygon_loop"] = baseline
            ours["naive_over_ours_full_repaint"] = round(baseline["median_ms"] / ours["full_repaint"]["median_ms"], 1)  # type: ignore[index]
            result[case] = ours
        canvas.disconnect_model()
        result["qgis"] = "skipped (--no-qgis)" if args.no_qgis else qgis_anchor(data)
        print(json.dumps(result, ensure_ascii=False, indent=1))
    finally:
        if generated is not None:
            shutil.rmtree(generated, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
