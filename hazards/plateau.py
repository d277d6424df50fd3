"""PLATEAU hazard areas (fld / tnm / htd / ifld / rfld / lsld) → :class:`HazardAreas`.

This module does not read CityGML: it takes the ``hazard_areas`` table the importer makes
(columns ``kind``, ``rank``, ``rank_org``, ``scale``, ``file``, ``geometry`` in lon/lat), so
:mod:`hazards` and :mod:`plateau_import` stay independent; the caller passes
``read_plateau(...).hazard_areas``.

* One source per (kind, scale): L1 and L2 bands, or floods and landslides, are never mixed.
* ``rank`` is the standard rank (landslides: 1 警戒区域, 2 特別警戒区域). Where only the data's
  own ``rank_org`` is given (i-UR 2.0 ``uro:rankOrg``), it is used as the rank when it lies in
  1–6 and a warning says so once per file; otherwise the area is reported and left out.
* The data area is the union of the grid squares named in the file names
  (``523855_tnm_6697_op.gml`` → mesh 523855); a file whose name carries no mesh code adds the
  extent of its areas.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from hazards.areas import HazardAreas
from hazards.mesh import mesh_bounds, mesh_code_in_name
from hazards.model import SourceInfo
from hazards.naming import HAZARD_KINDS
from i18n import t
from jobs.feedback import Feedback, Problem

_COLUMNS = ("kind", "rank", "rank_org", "scale", "file", "geometry")


def areas_from_plateau(frame: gpd.GeoDataFrame, feedback: Feedback | None = None) -> list[HazardAreas]:
    """Hazard sources from the importer's ``hazard_areas`` table, one per (kind, scale).

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        ``PlateauData.hazard_areas`` (columns listed in the module docstring).
    feedback : Feedback, optional
        Receives the warnings about ranks taken from ``rank_org`` and areas left out.

    Returns
    -------
    list of HazardAreas
        In the order (kind, scale) first appear; empty when the table is.

    Raises
    ------
    ValueError
        If a column the table must have is missing.
    """
    feedback = feedback if feedback is not None else Feedback()
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"hazard areas should have columns {', '.join(_COLUMNS)}, missing {', '.join(missing)}")
    frame = frame.assign(rank=_standard_ranks(frame, feedback), scale=frame["scale"].where(frame["scale"].isin(["L1", "L2"])))
    frame = frame[frame["rank"] >= 1]
    sources = []
    for (kind, scale), group in frame.groupby(["kind", "scale"], sort=False, dropna=False):
        if kind not in HAZARD_KINDS:
            feedback.warn(Problem(None, None, t("未知の災害種別 {k!r} の区域は使いません", "areas of unknown kind {k!r} not used", k=kind)))
            continue
        files = list(dict.fromkeys(group["file"]))
        info = SourceInfo(kind, scale if pd.notna(scale) else None, "zone" if kind == "landslide" else "depth",
                          "; ".join(files), (0, 0, 0, 0))  # fmt: skip
        sources.append(HazardAreas(group.reset_index(drop=True), _data_area(group), info))
    return sources


def _standard_ranks(frame: gpd.GeoDataFrame, feedback: Feedback) -> np.ndarray:
    """``rank``, else ``rank_org`` in 1–6 (warned once per file); -1 where neither serves."""
    rank = pd.to_numeric(frame["rank"], errors="coerce").to_numpy(dtype=float)
    org = pd.to_numeric(frame["rank_org"], errors="coerce").to_numpy(dtype=float)
    from_org = np.isnan(rank) & (org >= 1) & (org <= 6)
    for file in dict.fromkeys(frame["file"][from_org]):
        feedback.warn(Problem(file, None, t(
            "標準ランクがないため rankOrg (独自区分) をランクとして使います",
            "no standard rank; rankOrg (the data's own scale) used as the rank",
        )))  # fmt: skip
    unusable = np.isnan(rank) & ~from_org
    for gml_id, file in zip(frame.get("gml_id", pd.Series([None] * len(frame)))[unusable], frame["file"][unusable]):
        feedback.warn(Problem(file, gml_id, t("ランクが読めないため区域を除外します", "no usable rank; area left out")))
    return np.where(from_org, org, np.nan_to_num(rank, nan=-1)).astype(np.int64)


def _data_area(group: gpd.GeoDataFrame) -> shapely.Geometry:
    parts = []
    for file, areas in group.groupby("file", sort=False):
        code = mesh_code_in_name(str(file))
        parts.append(shapely.box(*mesh_bounds(code)) if code else shapely.box(*areas.total_bounds))
    return shapely.union_all(parts)
