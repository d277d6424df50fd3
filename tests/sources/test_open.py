"""Opening any hazard source, PLATEAU included; the demo GeoTIFF and fld file agree at every demo building."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

import i18n
from hazards.areas import HazardAreas
from hazards.errors import HazardFormatError
from hazards.raster import RasterFile
from jobs.feedback import Feedback
from sources import open_source


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")


def test_demo_flood_raster_and_fld_file_agree_at_the_buildings(demo_dir: Path) -> None:
    from plateau_import import read_plateau

    buildings = read_plateau([demo_dir / "plateau" / "udx" / "bldg"]).buildings
    points = shapely.get_coordinates(buildings.geometry.representative_point().to_numpy())
    raster = open_source(demo_dir / "hazard" / "flood_depth_L2.tif")
    fld = open_source(demo_dir / "plateau" / "udx" / "fld")
    assert isinstance(raster, RasterFile) and isinstance(fld, HazardAreas)
    assert (raster.info.scenario, fld.info.scenario, fld.info.kind) == ("L2", "L2", "river_flood")
    from_raster, from_fld = raster.sample(points), fld.sample(points)
    assert len(points) > 1000 and set(np.unique(from_raster)) >= {0, 1, 2}
    assert from_raster.tolist() == from_fld.tolist()


@pytest.mark.shared_data
def test_plateau_folder_mixing_kinds_is_refused_and_a_file_is_read(shared_data: Path) -> None:
    numazu = shared_data / "plateau" / "22203_numazu-shi_2021"
    with pytest.raises(HazardFormatError, match="areas of several hazard kinds or scales"):
        open_source(numazu, Feedback())
    feedback = Feedback()
    tsunami = open_source(numazu / "udx" / "tnm" / "523855_tnm_6697_op.gml", feedback)
    assert (tsunami.info.kind, tsunami.info.measure) == ("tsunami", "depth")
    assert any("rankOrg" in p.message for p in feedback.problems)


@pytest.mark.shared_data
def test_plateau_without_hazard_areas_is_a_format_error(shared_data: Path) -> None:
    with pytest.raises(HazardFormatError, match="no PLATEAU hazard areas"):
        open_source(shared_data / "plateau" / "13100_tokyo23-ku_2020" / "udx" / "tran" / "533925_tran_6697_op.gml")
