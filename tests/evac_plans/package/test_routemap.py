"""The PDF maps' polygons: holes stay open, overlapping shells still fill."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import shapely
from PIL import Image
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from evac_plans.package.routemap import Frame, MapFlowable

RED = colors.Color(0.9, 0.1, 0.1)


def drawn(tmp_path: Path, geoms: list[shapely.Geometry]) -> np.ndarray:
    """RGB pixels of a 200 × 200 pt map of ``geoms`` (lon/lat in 0–1) rendered at 72 dpi."""
    drawing = MapFlowable(Frame((0.0, 0.0, 1.0, 1.0), 200, 200))
    drawing.add_polygons(np.array(geoms, dtype=object), [RED] * len(geoms), 1.0, None)
    pdf = tmp_path / "map.pdf"
    canvas = Canvas(str(pdf), pagesize=(200, 200))
    drawing.drawOn(canvas, 0, 0)
    canvas.save()
    subprocess.run(["pdftoppm", "-r", "72", "-singlefile", "-png", str(pdf), str(tmp_path / "map")], check=True)
    return np.asarray(Image.open(tmp_path / "map.png").convert("RGB")).astype(int)


def at(pixels: np.ndarray, lon: float, lat: float) -> tuple[int, ...]:
    """The pixel at a point of the map (the frame at Frame's equator scale: 0–1 fills the page)."""
    return tuple(pixels[int((1 - lat) * 199), int(lon * 199)])


def test_a_hole_stays_open_and_overlapping_shells_fill(tmp_path: Path) -> None:
    donut = shapely.box(0.1, 0.1, 0.5, 0.5).difference(shapely.box(0.2, 0.2, 0.4, 0.4))
    clockwise_shell = shapely.Polygon([(0.6, 0.6), (0.6, 0.9), (0.9, 0.9), (0.9, 0.6)])  # as a file might wind it
    overlapping = shapely.box(0.7, 0.7, 0.95, 0.95)
    pixels = drawn(tmp_path, [donut, clockwise_shell, overlapping])
    red, white = (229, 25, 25), (255, 255, 255)
    close = lambda got, want: max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 8  # noqa: E731
    assert close(at(pixels, 0.15, 0.3), red), "the donut's ring"
    assert close(at(pixels, 0.3, 0.3), white), "the donut's hole was filled"
    assert close(at(pixels, 0.8, 0.8), red), "where the two shells overlap"
    assert close(at(pixels, 0.65, 0.65), red) and close(at(pixels, 0.92, 0.92), red)
