"""Exposure along a line, on a hand-computed case, exactly (vector) and sampled (raster)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
from affine import Affine
from pyproj import Transformer

from hazards.areas import HazardAreas
from hazards.exposure import line_exposure
from hazards.model import SourceInfo
from hazards.raster import open_hazard_raster

# Built in EPSG:6671 (JGD2011 zone I) metres around its origin, where its scale factor is 0.9999,
# so true lengths differ from these by 0.01 %. The line runs 1000 m along y = 0:
#   rank 2 over x 100–400 (300 m); rank 4 over 600–700 (100 m); rank 3 over 650–800, under the rank 4 band
#   for 650–700, so rank 3 for 700–800 (100 m); the data area ends at x = 900 (100 m outside).
POLYGONS = [(2, (100, -50, 400, 50)), (4, (600, -50, 700, 50)), (3, (650, -50, 800, 50))]
AREA = (-100, -100, 900, 100)
EXPECTED = {0: 400.0, 1: 0.0, 2: 300.0, 3: 100.0, 4: 100.0}
TO_LONLAT = Transformer.from_crs(6671, 6668, always_xy=True)
INFO = SourceInfo("river_flood", "L2", "depth", "test", (0, 0, 0, 0))


def _areas() -> HazardAreas:
    frame = gpd.GeoDataFrame({"rank": [r for r, _ in POLYGONS]}, geometry=[shapely.box(*b) for _, b in POLYGONS], crs=6671)
    area = shapely.transform(shapely.box(*AREA), TO_LONLAT.transform, interleaved=False)
    return HazardAreas(frame, area, INFO)


def _line() -> gpd.GeoSeries:
    return gpd.GeoSeries([shapely.LineString([(0, 0), (1000, 0)]), shapely.LineString([(-50, 80), (850, 80)])], crs=6671)


def _check(exposure, tolerance: float) -> None:
    assert exposure.length_m[0] == pytest.approx(1000.0, rel=2e-4)
    for rank, metres in EXPECTED.items():
        assert exposure.by_rank_m[0, rank] == pytest.approx(metres, abs=tolerance)
    assert exposure.outside_m[0] == pytest.approx(100.0, abs=tolerance)
    assert exposure.wet_m[0] == pytest.approx(500.0, abs=tolerance)
    assert exposure.mean_rank[0] == pytest.approx(1300 / 900, abs=0.01)
    assert exposure.max_rank.tolist() == [4, 0]  # the second line stays in the data area, outside every band


def test_vector_exposure_is_exact() -> None:
    _check(line_exposure(_areas(), _line()), tolerance=0.2)


def test_raster_exposure_is_sampled_within_a_step(tmp_path: Path) -> None:
    ranks = np.zeros((20, 100), np.uint8)  # 10 m cells over AREA, rows top (y = 100) to bottom
    for rank, (x0, y0, x1, y1) in POLYGONS:
        cells = ranks[(100 - y1) // 10 : (100 - y0) // 10, (x0 + 100) // 10 : (x1 + 100) // 10]
        np.maximum(cells, rank, out=cells)
    path = tmp_path / "r.tif"
    with rasterio.open(path, "w", driver="GTiff", width=100, height=20, count=1, dtype="uint8", crs="EPSG:6671",
                       transform=Affine(10, 0, -100, 0, -10, 100), nodata=255) as dst:  # fmt: skip
        dst.write(ranks, 1)
    _check(line_exposure(open_hazard_raster(path), _line(), step_m=2.0), tolerance=4.0)


def test_a_line_wholly_outside_and_a_bad_step() -> None:
    far = shapely.LineString([(131.0, 30.0), (131.01, 30.0)])
    exposure = line_exposure(_areas(), [far])
    assert exposure.max_rank.tolist() == [-1] and np.isnan(exposure.mean_rank[0])
    assert exposure.outside_m[0] == pytest.approx(exposure.length_m[0])
    with pytest.raises(ValueError, match="step_m should be positive, got 0 instead"):
        line_exposure(_areas(), [far], step_m=0)
