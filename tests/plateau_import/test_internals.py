"""Cache, parallel workers, cancel, CRS helpers and the version tables."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from jobs.errors import Canceled
from jobs.feedback import Feedback
from plateau_import import read_plateau, reader
from plateau_import.crs import epsg_from_srs_name, to_lonlat, zone_for_lonlat, zone_for_prefecture
from plateau_import.geometry import parse_rings
from plateau_import.namespaces import SPEC_BY_URO_VERSION, from_nsmap
from plateau_import.records import TABLES
from plateau_import.risk_tables import KIND_BY_CLASS, generic_set_kind


def _equal(a, b) -> None:
    for name in ("buildings", "risks", "hazard_areas", "roads", "surfaces3d"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.files == b.files


def test_second_open_comes_from_the_cache(plateau_dir: Path, tmp_path: Path) -> None:
    folder = plateau_dir / "13100_tokyo23-ku_2020"
    first_fb, second_fb = Feedback(), Feedback()
    first = read_plateau([folder], first_fb, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("*.sqlite"))) == 2
    second = read_plateau([folder], second_fb, cache_dir=tmp_path)
    _equal(first, second)
    assert first_fb.problems == second_fb.problems  # warnings survive the cache


def test_workers_give_the_same_result(plateau_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [plateau_dir / "35215_shunan-shi_2024", plateau_dir / "22203_numazu-shi_2021"]
    serial = read_plateau(paths, cache_dir=tmp_path / "a", workers=1)
    monkeypatch.setattr(reader, "PARALLEL_MIN_BYTES", 0)
    parallel = read_plateau(paths, cache_dir=tmp_path / "b", workers=2)
    _equal(serial, parallel)


def test_raw_file_pickles_as_wkb_and_columns(plateau_dir: Path) -> None:
    """What a worker sends back: shapes (2-D and 3-D, None kept) and tables survive unchanged."""
    paths = [plateau_dir / "13100_tokyo23-ku_2020", plateau_dir / "11100_saitama-shi_city_2024_citygml_1_op"]
    for candidate in reader.find_citygml(paths, Feedback()):
        raw = reader.parse_candidate(candidate).raw
        assert raw is not None
        copy = pickle.loads(pickle.dumps(raw))
        for table, shapes in TABLES:
            pd.testing.assert_frame_equal(pd.DataFrame(getattr(copy, table).columns), pd.DataFrame(getattr(raw, table).columns))
            if shapes is not None:
                a, b = getattr(raw, shapes), getattr(copy, shapes)
                assert b.dtype == object and len(a) == len(b)
                assert all(x is None and y is None or shapely.equals_exact(x, y, 0) and x.has_z == y.has_z for x, y in zip(a, b))
        assert copy.problems == raw.problems and copy.features == raw.features


def test_cancel_raises(plateau_dir: Path, tmp_path: Path) -> None:
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Canceled):
        read_plateau([plateau_dir / "35215_shunan-shi_2024"], feedback, cache_dir=tmp_path)


def test_crs_helpers() -> None:
    assert epsg_from_srs_name("http://www.opengis.net/def/crs/EPSG/0/6697") == 6697
    assert epsg_from_srs_name("urn:ogc:def:crs:EPSG::6668") == 6668
    assert epsg_from_srs_name("EPSG:6677") == 6677 and epsg_from_srs_name(None) is None
    assert zone_for_lonlat(131.47, 34.18) == 6671  # Yamaguchi City, zone III
    assert zone_for_lonlat(130.94, 33.96) == 6671  # Shimonoseki
    assert zone_for_lonlat(130.42, 33.59) == 6670  # Fukuoka, zone II
    assert zone_for_lonlat(139.69, 35.69) == 6677  # Tokyo, zone IX
    assert zone_for_lonlat(141.35, 43.06) == 6680  # Sapporo, zone XII
    assert zone_for_lonlat(127.68, 26.21) == 6683  # Naha, zone XV
    assert zone_for_prefecture("35") == 6671
    with pytest.raises(ValueError, match="expected 1–47|1〜47"):
        zone_for_prefecture(48)
    with pytest.raises(ValueError, match="経度 10, 緯度 50"):
        zone_for_lonlat(10, 50)
    lonlat = to_lonlat(np.array([[34.18, 131.47, 12.5]]), 6697)
    assert lonlat.tolist() == [[131.47, 34.18, 12.5]]  # swapped once, height kept
    plane = to_lonlat(np.array([[-200000.0, 0.0]]), 6671)  # zone III origin is 36°N 132°10'E; X north
    assert plane[0, 0] == pytest.approx(132.1667, abs=1e-3) and plane[0, 1] < 36


def test_parse_rings_dirty_ring_falls_back() -> None:
    coords, offsets, ok = parse_rings(["1 2 3 4 5 6", "7 8 x", "1 2 3"], 3)
    assert ok.tolist() == [True, False, True]
    assert offsets.tolist() == [0, 2, 2, 3]
    assert coords.tolist() == [[1, 2, 3], [4, 5, 6], [1, 2, 3]]


def test_version_tables() -> None:
    assert from_nsmap({"uro": "http://www.kantei.go.jp/jp/singi/tiiki/toshisaisei/itoshisaisei/iur/uro/1.4"}).spec == 1
    assert from_nsmap({"uro": "https://www.geospatial.jp/iur/uro/3.1"}).spec == 4
    assert from_nsmap({"x": "https://www.geospatial.jp/iur/uro/3.2"}).uro_version == "3.2"
    assert from_nsmap({"gml": "http://www.opengis.net/gml"}).uro_version is None
    assert SPEC_BY_URO_VERSION["2.0"] == 2 and SPEC_BY_URO_VERSION["3.0"] == 3
    assert KIND_BY_CLASS["BuildingRiverFloodingRiskAttribute"] == KIND_BY_CLASS["RiverFloodingRiskAttribute"] == "river_flood"
    assert KIND_BY_CLASS["WaterBodyTsunamiRiskAttribute"] == "tsunami"
    assert KIND_BY_CLASS["BuildingLandSlideRiskAttribute"] == "landslide"
    assert generic_set_kind("さいたま市内水浸水想定区域") == "inland_flood"
    assert generic_set_kind("建物ID") is None
