"""Depth lookup for 100,000 points on a 10,000 × 10,000 raster: Nigezero vs plain rasterio/numpy.

Writes a float32 depth GeoTIFF (EPSG:6668, 400 MB) to a temporary folder that is removed at the
end, then times, each as the median of several runs after one warm-up:

* ``nigezero``: ``open_hazard_raster(path).sample(points)`` — open, decide the value type, read
  only what the points need, return standard ranks;
* ``numpy``: ``src.read(1)`` and fancy indexing at the points' rows/cols (the plain baseline);
* ``rasterio_sample``: ``list(src.sample(points))`` (run fewer times: it is slow);
* the same three for 100,000 points clustered in one 1,000 × 1,000-pixel district.

Prints one JSON object with the medians (seconds) and ``ratio`` = nigezero / numpy for the
spread points; exits 1 when that ratio exceeds 3. Run: ``.venv/bin/python bench/bench_hazard_sample.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import median_time  # noqa: E402

from hazards.raster import open_hazard_raster  # noqa: E402

SIZE = 10_000
POINTS = 100_000
RUNS = 5
SAMPLE_RUNS = 1
LIMIT = 3.0
TRANSFORM = Affine(0.0001, 0, 131.0, 0, -0.0001, 34.5)


def write_raster(path: Path) -> None:
    """A float32 depth raster with a smooth flood surface, written in 1,000-row strips."""
    profile = dict(driver="GTiff", width=SIZE, height=SIZE, count=1, dtype="float32", crs="EPSG:6668",
                   transform=TRANSFORM, nodata=-9999.0, tiled=True, blockxsize=512, blockysize=512)  # fmt: skip
    cols = np.arange(SIZE, dtype=np.float32)
    with rasterio.open(path, "w", **profile) as dst:
        for start in range(0, SIZE, 1000):
            rows = np.arange(start, start + 1000, dtype=np.float32)[:, None]
            strip = 6 * np.sin(rows / 700) * np.cos(cols / 900) + 2
            dst.write(strip.astype(np.float32), 1, window=rasterio.windows.Window(0, start, SIZE, 1000))


def numpy_lookup(path: Path, points: np.ndarray) -> np.ndarray:
    with rasterio.open(path) as src:
        band = src.read(1)
        cols, rows = ~src.transform @ (points[:, 0], points[:, 1])
    return band[rows.astype(np.int64), cols.astype(np.int64)]


def rasterio_sample(path: Path, points: np.ndarray) -> np.ndarray:
    with rasterio.open(path) as src:
        return np.array([v[0] for v in src.sample(points)])


def measure(path: Path, points: np.ndarray) -> dict[str, float]:
    ours = open_hazard_raster(path).sample(points)
    baseline = numpy_lookup(path, points)
    assert (ours == open_hazard_raster(path).grid.to_ranks(baseline)).all(), "the two lookups disagree"
    return {
        "nigezero_s": median_time(lambda: open_hazard_raster(path).sample(points), RUNS, warmup=True),
        "numpy_s": median_time(lambda: numpy_lookup(path, points), RUNS, warmup=True),
        "rasterio_sample_s": median_time(lambda: rasterio_sample(path, points), SAMPLE_RUNS, warmup=True),
    }


def main() -> int:
    rng = np.random.default_rng(0)
    west, north = TRANSFORM.c, TRANSFORM.f
    span = SIZE * TRANSFORM.a
    spread = np.column_stack([rng.uniform(west, west + span, POINTS), rng.uniform(north - span, north, POINTS)])
    district = np.column_stack([rng.uniform(west + 0.3, west + 0.4, POINTS), rng.uniform(north - 0.6, north - 0.5, POINTS)])
    with tempfile.TemporaryDirectory(prefix="nigezero-bench-") as folder:
        path = Path(folder) / "depth.tif"
        write_raster(path)
        spread_times = measure(path, spread)
        district_times = measure(path, district)
    ratio = spread_times["nigezero_s"] / spread_times["numpy_s"]
    result = {
        "raster": [SIZE, SIZE],
        "points": POINTS,
        "runs": RUNS,
        "spread": spread_times,
        "district": district_times,
        "ratio": round(ratio, 3),
        "district_ratio": round(district_times["nigezero_s"] / district_times["numpy_s"], 3),
        "limit": LIMIT,
        "ok": ratio <= LIMIT,
    }
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
