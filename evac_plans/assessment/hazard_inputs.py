"""What the assessment reads hazards from: hazard sources and PLATEAU buildings with their risk entries.

A path is opened as a hazard source when :func:`hazards.sources.open_hazard_source` reads it
(GeoTIFF, 国土数値情報 vectors, XYZ or SVGMap tiles). Otherwise, when it is PLATEAU CityGML (a
``.gml`` file, a folder holding some, or a distribution zip), it is read with
:func:`plateau_import.read_plateau`: its hazard areas (fld, tnm, htd, ifld, rfld, lsld) become
sources, one per kind and scale, and its buildings give storeys and per-building risk entries.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from evac_plans.assessment.rules import clean_storeys
from hazards.errors import HazardError, HazardFormatError
from hazards.model import HazardSource
from hazards.plateau import areas_from_plateau
from hazards.sources import open_hazard_source
from i18n import t
from jobs.feedback import Feedback, Problem
from plateau_import import read_plateau
from plateau_import.risk_tables import FLOOD_KINDS


@dataclass(frozen=True)
class BuildingTable:
    """PLATEAU buildings for locating homes: ids, footprints (lon/lat), storeys and risk entries.

    ``storeys`` is NaN where unknown (PLATEAU sentinels included); ``risks`` has one row per
    risk entry with ``building`` (row index here), ``kind``, ``rank`` (int) and ``scale``.
    """

    building_id: np.ndarray
    gml_id: np.ndarray
    footprints: np.ndarray
    storeys: np.ndarray
    risks: pd.DataFrame

    def locate(self, building_id: np.ndarray, lonlat: np.ndarray) -> np.ndarray:
        """Row of each home's building: by PLATEAU building ID (or gml:id), else the footprint
        holding the home's point; -1 when neither finds one."""
        index = pd.Series(np.arange(len(self.building_id)), index=self.building_id)
        index = pd.concat([index, pd.Series(np.arange(len(self.gml_id)), index=self.gml_id)])
        index = index[~index.index.duplicated()]
        keys = pd.Series(building_id).where(pd.Series(building_id) != "")
        found = keys.map(index).fillna(-1).to_numpy(dtype=np.int64)
        todo = np.flatnonzero((found < 0) & ~np.isnan(lonlat).any(axis=1))
        if len(todo) and len(self.footprints):
            tree = shapely.STRtree(self.footprints)
            point_i, building_i = tree.query(shapely.points(lonlat[todo]), predicate="within")
            found[todo[point_i[::-1]]] = building_i[::-1]  # the first match wins
        return found


@dataclass
class HazardInputs:
    """The sources and the buildings an assessment uses; ``labels`` names what was opened."""

    sources: list[HazardSource] = field(default_factory=list)
    buildings: BuildingTable | None = None
    labels: list[str] = field(default_factory=list)


def open_hazard_inputs(paths: Sequence[str | os.PathLike[str]], feedback: Feedback | None = None) -> HazardInputs:
    """Open every path as hazard sources and/or PLATEAU buildings.

    A path that cannot be read is reported with ``feedback.error`` (naming the path and why)
    and the others are still opened.

    Parameters
    ----------
    paths : sequence of path-like
        Hazard files or folders, PLATEAU files, folders or zips.
    feedback : Feedback, optional
        Receives the problems.

    Returns
    -------
    HazardInputs
        The sources in the order given, and the buildings of every PLATEAU path together.
    """
    feedback = feedback if feedback is not None else Feedback()
    inputs = HazardInputs()
    plateau: list[str | os.PathLike[str]] = []
    for path in paths:
        label = os.fspath(path)
        try:
            inputs.sources.append(open_hazard_source(path, feedback))
            inputs.labels.append(label)
        except HazardFormatError as exc:
            if _is_plateau(Path(path)):
                plateau.append(path)
            else:
                feedback.error(Problem(label, None, str(exc)))
        except (HazardError, OSError, ValueError) as exc:
            feedback.error(Problem(label, None, str(exc)))
    if plateau:
        _add_plateau(inputs, plateau, feedback)
    return inputs


def _is_plateau(path: Path) -> bool:
    if path.is_dir():
        return next(path.rglob("*.gml"), None) is not None
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        return True
    return path.suffix.lower() == ".gml"


def _add_plateau(inputs: HazardInputs, paths: list[str | os.PathLike[str]], feedback: Feedback) -> None:
    data = read_plateau(paths, feedback)
    inputs.sources.extend(areas_from_plateau(data.hazard_areas, feedback))
    inputs.labels.extend(os.fspath(p) for p in paths)
    if len(data.buildings) == 0 and len(data.hazard_areas) == 0:
        feedback.error(Problem(", ".join(map(os.fspath, paths)), None, t(
            "PLATEAU の建物も災害区域もありません", "no PLATEAU buildings or hazard areas")))  # fmt: skip
        return
    inputs.buildings = building_table(data.buildings, data.risks)


def building_table(buildings: pd.DataFrame, risks: pd.DataFrame) -> BuildingTable:
    """A :class:`BuildingTable` from the importer's ``buildings`` and ``risks`` tables.

    Risk entries of other owners (hazard water bodies) and entries without a rank are left out;
    kinds other than the flood kinds and ``landslide`` are kept as given.
    """
    gml = buildings["gml_id"].astype(str).to_numpy()
    row_of = pd.Series(np.arange(len(gml)), index=gml)
    row_of = row_of[~row_of.index.duplicated()]
    mine = risks[(risks["owner_class"] == "Building") & risks["owner_id"].isin(row_of.index) & risks["rank"].notna()]
    table = pd.DataFrame(
        {
            "building": mine["owner_id"].map(row_of).to_numpy(dtype=np.int64),
            "kind": mine["kind"].astype(str).to_numpy(),
            "rank": mine["rank"].to_numpy(dtype=np.int64),
            "scale": mine["scale"].where(mine["scale"].isin(["L1", "L2"]), None).to_numpy(dtype=object),
        }
    )
    table = table[(table["kind"] == "landslide") | table["kind"].isin(FLOOD_KINDS)].reset_index(drop=True)
    return BuildingTable(
        building_id=buildings["building_id"].astype(str).to_numpy(dtype=object),
        gml_id=gml.astype(object),
        footprints=buildings.geometry.to_numpy(),
        storeys=clean_storeys(buildings["storeys_above"].to_numpy(dtype=object)),
        risks=table,
    )
