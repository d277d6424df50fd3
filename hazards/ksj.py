"""国土数値情報 hazard vectors (A31 / A31a / A31b 洪水浸水想定区域, A33 土砂災害警戒区域) → :class:`HazardAreas`.

Shapefile, GeoJSON, GeoPackage or anything else pyogrio reads. The attribute codes decide
what a file shows (the hundreds digit is the theme):

============================  =========================================  =================
attribute                     meaning                                    model
============================  =========================================  =================
A31_101, A31a_105, A31b_101   計画規模 depth rank (1–6)                  river_flood L1
A31_201, A31a_205, A31b_201   想定最大規模 depth rank (1–6)              river_flood L2
A31_301, A31a_305, A31b_301   浸水継続時間 rank (1–7)                    duration
A31_401, A31a_405, A31b_401   家屋倒壊等氾濫想定区域 (1 氾濫流 2 河岸侵食) house_collapse, 1
A33_001, A33_002              現象 (1 急傾斜地 2 土石流 3 地すべり),        landslide, 1 / 2
                              区域 (1 警戒区域 2 特別警戒区域)
============================  =========================================  =================

Depth ranks may also be given as their code-list labels (「0.5m以上3.0m未満」). A feature
whose code is missing or unknown is reported and left out; it is never guessed. The data
area is the grid square named in the file name (``A31b-20-23_10_5131``), else the extent of
the features.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataSourceError, DataLayerError

from hazards.areas import HazardAreas
from hazards.errors import HazardFormatError, HazardReadError
from hazards.mesh import mesh_bounds, mesh_code_in_name
from hazards.model import LONLAT_CRS, SourceInfo
from hazards.naming import Identity, identify
from hazards.ranks import rank_for_depth_label
from i18n import t
from jobs.feedback import Feedback, Problem

_A31_FIELD = re.compile(r"^A31[AB]?_([1-4])0[15]$")
_THEMES: dict[str, Identity] = {
    "2": Identity("river_flood", "L2", "depth"),
    "1": Identity("river_flood", "L1", "depth"),
    "4": Identity("house_collapse", "L2", "zone"),
    "3": Identity("river_flood", "L2", "duration"),
}
"""Themes by the hundreds digit, in the order a file holding several is read."""
PHENOMENA = {1: "steep_slope", 2: "debris_flow", 3: "landslip"}
"""A33_001 現象: 1 急傾斜地の崩壊, 2 土石流, 3 地すべり."""
_PHENOMENON_WORDS = {"急傾斜": 1, "土石流": 2, "地すべり": 3, "地滑り": 3}


def read_ksj_hazard(path: str | os.PathLike[str], feedback: Feedback | None = None) -> HazardAreas:
    """Read a 国土数値情報 A31 / A31a / A31b / A33 vector file.

    Parameters
    ----------
    path : str or os.PathLike
        The file (any format pyogrio reads).
    feedback : Feedback, optional
        Receives one warning per feature left out and per assumption made.

    Returns
    -------
    HazardAreas
        The polygons with ``rank`` (and ``phenomenon`` for A33) in JGD2011 lon/lat.

    Raises
    ------
    HazardReadError
        If the file cannot be read as vector data.
    HazardFormatError
        If it has none of the A31 / A33 attributes.
    """
    feedback = feedback if feedback is not None else Feedback()
    label = os.fspath(path)
    try:
        frame = pyogrio.read_dataframe(path)
    except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
        raise HazardReadError(t("ベクタデータとして読めません: {e}", "cannot read as vector data: {e}", e=exc)) from exc
    if frame.crs is None:
        feedback.warn(Problem(label, None, t("座標参照系がないため JGD2011 経緯度 (EPSG:6668) とみなします",
                                             "no coordinate reference system; JGD2011 lon/lat (EPSG:6668) assumed")))  # fmt: skip
        frame = frame.set_crs(LONLAT_CRS)
    columns = {c.upper(): c for c in frame.columns}
    if "A33_002" in columns:
        identity, column = Identity("landslide", None, "zone"), columns["A33_002"]
        ranks = _zone_ranks(frame[column])
        frame["phenomenon"] = _phenomena(frame[columns["A33_001"]]) if "A33_001" in columns else None
    else:
        themes = {m.group(1): c for c in columns if (m := _A31_FIELD.match(c))}
        digit = next((d for d in _THEMES if d in themes), None)
        if digit is None:
            raise HazardFormatError(
                t("国土数値情報 A31/A33 の属性 (A31_201, A31a_205, A33_002 など) がありません: 列 {c}",
                  "none of the 国土数値情報 A31/A33 attributes (A31_201, A31a_205, A33_002, …); columns: {c}",
                  c=", ".join(map(str, frame.columns)))  # fmt: skip
            )
        if len(themes) > 1:
            feedback.info(t("{f}: 複数の主題があります。{a} を使います", "{f}: several themes; using {a}", f=label, a=themes[digit]))
        identity, column = _THEMES[digit], columns[themes[digit]]
        ranks = _theme_ranks(frame[column], identity)
    for i in np.flatnonzero(ranks < 1):
        value = frame[column].iloc[i]
        feedback.warn(Problem(label, t("地物 {n}", "feature {n}", n=int(i) + 1),
                              t("{c} の値 {v!r} はランクとして読めないため除外します", "{c} value {v!r} is not a rank; feature left out",
                                c=column, v=None if pd.isna(value) else value)))  # fmt: skip
    frame["rank"] = ranks
    frame = frame.iloc[np.flatnonzero(ranks >= 1)]
    identity = identity.merged(identify(Path(path).parts[-3:]))
    info = SourceInfo(identity.kind, identity.scenario, identity.measure, label, (0, 0, 0, 0))  # type: ignore[arg-type]
    return HazardAreas(frame, _data_area(path, frame), info)


def _theme_ranks(values: pd.Series, identity: Identity) -> np.ndarray:
    """Ranks of one A31 theme column; -1 where a value is missing or unknown."""
    if identity.measure == "zone":
        return np.where(values.notna() & (values.astype(str).str.strip() != ""), 1, -1)
    top = 7 if identity.measure == "duration" else 6
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    ranks = np.where((numbers >= 1) & (numbers <= top) & (numbers == np.round(numbers)), numbers, -1).astype(np.int64)
    if identity.measure == "depth":
        for i in np.flatnonzero((ranks < 1) & values.notna().to_numpy()):
            ranks[i] = rank_for_depth_label(str(values.iloc[i])) or -1
    return ranks


def _zone_ranks(values: pd.Series) -> np.ndarray:
    """A33_002 区域区分 → 1 警戒区域, 2 特別警戒区域; -1 otherwise."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    ranks = np.where(np.isin(numbers, (1, 2)), numbers, -1).astype(np.int64)
    for i in np.flatnonzero(ranks < 1):
        text = unicodedata.normalize("NFKC", str(values.iloc[i]))
        ranks[i] = 2 if "特別警戒" in text else 1 if "警戒" in text else -1
    return ranks


def _phenomena(values: pd.Series) -> list[str | None]:
    """A33_001 現象 → ``steep_slope`` / ``debris_flow`` / ``landslip``; the raw value when unknown."""
    numbers = pd.to_numeric(values, errors="coerce")
    out: list[str | None] = []
    for value, number in zip(values, numbers):
        code = int(number) if pd.notna(number) else next((c for w, c in _PHENOMENON_WORDS.items() if w in str(value)), None)
        out.append(PHENOMENA.get(code) if code in PHENOMENA else (None if pd.isna(value) else str(value)))  # type: ignore[arg-type]
    return out


def _data_area(path: str | os.PathLike[str], frame: gpd.GeoDataFrame) -> shapely.Geometry:
    code = mesh_code_in_name(path)
    if code is not None:
        return shapely.box(*mesh_bounds(code))
    return shapely.box(*frame.to_crs(LONLAT_CRS).total_bounds) if len(frame) else shapely.Polygon()
