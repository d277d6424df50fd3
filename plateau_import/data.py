"""``read_plateau``: PLATEAU CityGML files, folders or zips → :class:`PlateauData`."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from jobs.feedback import Feedback, Problem
from jobs.inputs import InputFile
from plateau_import import frames
from plateau_import.codelists import CodeResolver
from plateau_import.crs import LONLAT_EPSG, LONLAT_HEIGHT_EPSG, zone_for_lonlat, zone_for_prefecture
from plateau_import.reader import find_citygml, parse_all
from plateau_import.records import RawFile
from plateau_import.summary import summary_record


@dataclass
class FileFrames:
    """One file's tables, codes resolved, and every problem it had."""

    source: InputFile
    raw: RawFile
    buildings: gpd.GeoDataFrame
    risks: pd.DataFrame
    hazard_areas: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    surfaces3d: gpd.GeoDataFrame
    problems: list[Problem]

    def summary(self) -> dict[str, Any]:
        """The ``plateau-summary`` record of this file."""
        return summary_record(self.raw, len(set(self.problems)))


def iter_file_frames(
    paths: Sequence[str | os.PathLike[str]],
    feedback: Feedback,
    *,
    cache_dir: Path | None = None,
    workers: int | None = None,
    use_cache: bool = True,
) -> Iterator[FileFrames]:
    """Parse and tabulate every CityGML file among ``paths``, one file at a time, in order.

    Files that cannot be read are reported with ``feedback.error`` and yield nothing; each
    file's warnings are reported with ``feedback.warn`` before it is yielded.
    """
    candidates = find_citygml(paths, feedback)
    for parsed in parse_all(candidates, feedback, cache_dir=cache_dir, workers=workers, use_cache=use_cache):
        if parsed.raw is None:
            feedback.error(Problem(parsed.source.label, None, parsed.error or ""))
            continue
        raw = parsed.raw
        problems = list(raw.problems)
        resolver = CodeResolver(parsed.source, problems.append)
        risks = frames.risk_frame(raw, resolver)
        tables = FileFrames(
            source=parsed.source,
            raw=raw,
            buildings=frames.building_frame(raw, resolver, risks),
            risks=risks,
            hazard_areas=frames.hazard_frame(raw, resolver),
            roads=frames.road_frame(raw, resolver),
            surfaces3d=frames.surface_frame(raw),
            problems=problems,
        )
        for problem in dict.fromkeys(problems):
            feedback.warn(problem)
        yield tables


@dataclass
class PlateauData:
    """Everything read from a set of PLATEAU files; see :mod:`plateau_import.frames` for the columns.

    ``surfaces3d`` holds one row per LOD2 boundary surface (RoofSurface, WallSurface, …) as a
    MultiPolygon Z in lon/lat/orthometric height (EPSG:6697), linked by ``building_id``.
    """

    buildings: gpd.GeoDataFrame
    risks: pd.DataFrame
    hazard_areas: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    surfaces3d: gpd.GeoDataFrame
    files: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def zone_epsg(self) -> int | None:
        """EPSG code of the plane-rectangular zone for these data (e.g. 6671 for Yamaguchi).

        Taken from the prefecture in the PLATEAU building IDs (``35203-bldg-…``) when they
        name one, else from the position of the data (:func:`plateau_import.crs.zone_for_lonlat`).
        None when there is nothing to place.
        """
        prefixes = Counter(
            str(b)[:2] for b in self.buildings["building_id"].dropna() if str(b)[:5].isdigit()
        )
        if prefixes:
            try:
                return zone_for_prefecture(prefixes.most_common(1)[0][0])
            except ValueError:
                pass
        for frame in (self.buildings, self.hazard_areas, self.roads):
            if len(frame) and frame.geometry.notna().any():
                minx, miny, maxx, maxy = frame.total_bounds
                return zone_for_lonlat((minx + maxx) / 2, (miny + maxy) / 2)
        return None

    def buildings_in_zone(self, epsg: int | None = None) -> gpd.GeoDataFrame:
        """The buildings reprojected to a plane-rectangular zone (metres; heights unchanged).

        Parameters
        ----------
        epsg
            Target zone, e.g. 6671 (zone III); None for :meth:`zone_epsg`.

        Raises
        ------
        ValueError
            If no zone is given and none can be derived (no buildings).
        """
        target = epsg or self.zone_epsg()
        if target is None:
            raise ValueError("no plane-rectangular zone: give epsg= (e.g. 6671) or load some buildings")
        return self.buildings.to_crs(epsg=target)


def read_plateau(
    paths: Sequence[str | os.PathLike[str]],
    feedback: Feedback | None = None,
    *,
    cache_dir: Path | None = None,
    workers: int | None = None,
) -> PlateauData:
    """Read PLATEAU CityGML (files, folders, distribution zips) into GeoDataFrames.

    Parameters
    ----------
    paths
        GML files, folders (walked; codelists and schemas are skipped) and zips.
    feedback
        Progress, problems and cancel (a silent :class:`~jobs.feedback.Feedback` if None).
    cache_dir
        Parse cache folder (default: the user cache folder, see :mod:`plateau_import.cache`).
    workers
        Worker processes for parsing several files; None for one per core.

    Returns
    -------
    PlateauData
        Geometries in EPSG:6668 (``x`` = longitude); files that could not be read are left
        out and listed in ``problems`` as errors.

    Raises
    ------
    jobs.errors.Canceled
        If ``feedback.cancel()`` was called.

    Examples
    --------
    >>> data = read_plateau(["../shared/data/plateau/35215_shunan-shi_2024"])  # doctest: +SKIP
    >>> data.buildings[["gml_id", "max_flood_rank"]].head()  # doctest: +SKIP
    """
    feedback = feedback if feedback is not None else Feedback()
    first_problem = len(feedback.problems)
    parsing = feedback.step(0, 95)
    per_file = list(iter_file_frames(paths, parsing, cache_dir=cache_dir, workers=workers))
    feedback.set_progress(95)
    data = PlateauData(
        buildings=frames.concat([f.buildings for f in per_file], frames.BUILDING_OUT, LONLAT_EPSG),
        risks=frames.concat([f.risks for f in per_file], frames.RISK_OUT, None),
        hazard_areas=frames.concat([f.hazard_areas for f in per_file], frames.HAZARD_OUT, LONLAT_EPSG),
        roads=frames.concat([f.roads for f in per_file], frames.ROAD_OUT, LONLAT_EPSG),
        surfaces3d=frames.concat([f.surfaces3d for f in per_file], frames.SURFACE_OUT, LONLAT_HEIGHT_EPSG),
        files=[f.summary() for f in per_file],
        problems=list(feedback.problems[first_problem:]),
    )
    feedback.set_progress(100)
    return data
