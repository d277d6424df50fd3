"""Reading depth and rank rasters and sampling them at points."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine

import i18n
from hazards.errors import HazardError, HazardFormatError, HazardReadError
from hazards.raster import read_hazard_raster


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def _write(path: Path, array: np.ndarray, crs: str | None = "EPSG:6668", nodata: float | None = None, **tags: str) -> Path:
    transform = Affine(0.01, 0, 131.0, 0, -0.01, 34.0) if crs != "EPSG:6671" else Affine(10, 0, -60000, 0, -10, -200000)
    with rasterio.open(
        path, "w", driver="GTiff", width=array.shape[1], height=array.shape[0], count=1,
        dtype=array.dtype, crs=crs, transform=transform, nodata=nodata,
    ) as dst:
        dst.write(array, 1)
        dst.update_tags(**tags)
    return path


def test_float_depth_raster_samples_as_ranks_with_nodata_and_outside(tmp_path: Path) -> None:
    depth = np.array([[0.0, 0.3, 1.0], [4.0, 12.0, -9999.0]], dtype="float32")
    raster = read_hazard_raster(_write(tmp_path / "d.tif", depth, nodata=-9999.0, DESCRIPTION="計画規模 (L1)"))
    assert (raster.value_type, raster.scenario, raster.kind) == ("depth", "L1", None)
    points = np.array([[131.005, 33.995], [131.015, 33.995], [131.025, 33.995], [131.005, 33.985],
                       [131.015, 33.985], [131.025, 33.985], [130.0, 33.0]])
    assert raster.sample(points).tolist() == [0, 1, 2, 3, 5, -1, -1]
    assert raster.ranks().tolist() == [[0, 1, 2], [3, 5, -1]]


def test_integer_rank_raster_is_detected_and_out_of_range_values_are_no_rank(tmp_path: Path) -> None:
    ranks = np.array([[0, 1, 6, 255]], dtype="uint8")
    raster = read_hazard_raster(_write(tmp_path / "r.tif", ranks, nodata=255))
    assert raster.value_type == "rank" and raster.scenario is None
    assert raster.ranks().tolist() == [[0, 1, 6, -1]]
    wide = read_hazard_raster(_write(tmp_path / "w.tif", np.array([[0, 7]], dtype="uint8")))
    assert wide.value_type == "depth" and wide.ranks().tolist() == [[0, 4]]


def test_tags_decide_over_the_data(tmp_path: Path) -> None:
    raster = read_hazard_raster(
        _write(tmp_path / "t.tif", np.array([[1, 2]], dtype="uint8"), HAZARD_VALUE_TYPE="depth", HAZARD_SCENARIO="l2",
               HAZARD_KIND="river_flood")
    )
    assert (raster.value_type, raster.scenario, raster.kind) == ("depth", "L2", "river_flood")
    assert raster.ranks().tolist() == [[2, 2]]


def test_projected_raster_is_sampled_through_the_crs(tmp_path: Path) -> None:
    raster = read_hazard_raster(_write(tmp_path / "p.tif", np.full((100, 100), 3, dtype="uint8"), crs="EPSG:6671"))
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(6671, 6668, always_xy=True).transform(-59505.0, -200505.0)
    assert raster.sample(np.array([[lon, lat], [131.46, 34.16]])).tolist() == [3, -1]


def test_bad_inputs_raise_package_errors(tmp_path: Path) -> None:
    bad_tag = _write(tmp_path / "b.tif", np.array([[1]], dtype="uint8"), HAZARD_VALUE_TYPE="colour")
    with pytest.raises(HazardFormatError, match="HAZARD_VALUE_TYPE should be one of rank or depth, got 'colour' instead"):
        read_hazard_raster(bad_tag)
    no_crs = _write(tmp_path / "n.tif", np.array([[1]], dtype="uint8"), crs=None)
    with pytest.raises(HazardFormatError, match="no coordinate reference system"):
        read_hazard_raster(no_crs)
    text = tmp_path / "x.tif"
    text.write_text("not a raster")
    with pytest.raises(HazardReadError, match="cannot open as a raster") as info:
        read_hazard_raster(text)
    assert isinstance(info.value, HazardError) and isinstance(info.value, OSError)


def test_lazy_sampling_reads_windows_or_blocks_and_agrees_with_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hazards.raster as raster_module
    from hazards.raster import open_hazard_raster

    rng = np.random.default_rng(1)
    depth = rng.uniform(-1, 25, (300, 400)).astype("float32")
    depth[rng.random(depth.shape) < 0.05] = -9999.0
    path = _write(tmp_path / "big.tif", depth, nodata=-9999.0)
    points = np.column_stack([rng.uniform(130.9, 135.1, 5000), rng.uniform(30.9, 34.1, 5000)])
    expected = read_hazard_raster(path).sample(points)
    lazy = open_hazard_raster(path)
    assert (lazy.info.kind, lazy.info.measure) == ("river_flood", "depth")
    assert lazy.sample(points).tolist() == expected.tolist()
    monkeypatch.setattr(raster_module, "WINDOW_PIXELS", 100)
    monkeypatch.setattr(raster_module, "BLOCK", 64)
    assert lazy.sample(points).tolist() == expected.tolist()
    assert lazy.sample(np.array([[0.0, 0.0]])).tolist() == [-1]


def test_reprojected_raster_keeps_ranks(tmp_path: Path) -> None:
    ranks = np.array([[1, 2], [3, 255]], dtype="uint8")
    raster = read_hazard_raster(_write(tmp_path / "r.tif", ranks, nodata=255))
    view = raster.reprojected("EPSG:6671")
    assert view.crs.to_epsg() == 6671 and view.value_type == "rank"
    assert view.sample(np.array([[131.005, 33.995], [131.015, 33.985], [130.0, 33.0]])).tolist() == [1, -1, -1]
    assert set(np.unique(view.array)) <= {1, 2, 3, 255}


def test_rank_raster_values_outside_0_to_6_are_undecoded(tmp_path: Path) -> None:
    raster = read_hazard_raster(_write(tmp_path / "u.tif", np.array([[2, 9]], dtype="uint8"), HAZARD_VALUE_TYPE="rank"))
    assert raster.ranks().tolist() == [[2, -2]]
