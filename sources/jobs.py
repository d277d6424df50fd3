"""Jobs of the sources package: ``hazard-sample`` (hazard rank at a list of points)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from hazards.errors import HazardError
from hazards.model import HazardSource, depth_band
from hazards.ranks import UNDECODED
from i18n import t
from jobs.base import Job, Param, Record
from jobs.feedback import Feedback, Problem
from sources.open import open_source
from sources.points import read_points

HAZARD_NAMES = {
    "river_flood": "flood",
    "inland_flood": "inland_flood",
    "high_tide": "high_tide",
    "tsunami": "tsunami",
    "reservoir_flood": "reservoir_flood",
    "landslide": "landslide",
    "house_collapse": "house_collapse",
}
"""Model kinds → the ``hazard`` values of the output (``house_collapse`` is an extra value)."""
_LISTED = 5


class HazardSampleJob(Job):
    id = "hazard-sample"
    title = ("災害ランクを地点ごとに取得", "Sample hazard ranks at points")
    description = (
        "GeoTIFF、国土数値情報 A31/A33、XYZ タイルフォルダ、SVGMap タイル、PLATEAU の災害区域 (fld/tnm/htd/ifld/rfld/lsld) "
        "のどれかから、points.csv (id,lon,lat) の各地点の浸水深ランク・土砂災害区域を出力します。"
        "rank 0 はデータ範囲内で該当なし、null はデータ範囲外です。",
        "For each point of points.csv (id,lon,lat), the depth rank or landslide zone from a GeoTIFF, a 国土数値情報 "
        "A31/A33 vector, an XYZ tile folder, an SVGMap tile set or PLATEAU hazard areas (fld/tnm/htd/ifld/rfld/lsld). "
        "rank 0 is inside the data area with no hazard; null is outside it.",
    )
    params = (
        Param("source", ("災害データ (ファイルまたはフォルダ)", "hazard source (file or folder)"), positional=True,
              kind="path", metavar="SOURCE"),
        Param("points", ("地点の CSV (id,lon,lat)", "points CSV (id,lon,lat)"), required=True, kind="path",
              metavar="points.csv"),
    )  # fmt: skip
    example = (
        "python main.py hazard-sample "
        "../shared/data/hazard_raster/ksjShinsui2023max/max_primary/A31b-20-23_10_5131/rootImgMap.svg --points points.csv"
    )

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        points = read_points(values["points"], feedback)
        label = str(values["source"])
        feedback.set_text(label)
        try:
            source = open_source(values["source"], feedback.step(0, 50))
            if source.info.measure == "duration":
                raise _not_ranked()
            ranks = source.sample(points.lonlat) if points is not None else None
        except HazardError as exc:
            feedback.error(Problem(label, None, str(exc)))
            return
        feedback.set_progress(90)
        if points is None or ranks is None:
            return
        _report_undecoded(label, points.ids, ranks, feedback)
        yield from _records(source, points.ids, points.lonlat, ranks)
        feedback.set_progress(100)


def _not_ranked() -> HazardError:
    return HazardError(t("浸水継続時間のデータは浸水深ランクとして出力できません",
                         "flood-duration data cannot be given as depth ranks"))  # fmt: skip


def _report_undecoded(label: str, ids: list[str], ranks: np.ndarray, feedback: Feedback) -> None:
    bad = np.flatnonzero(ranks == UNDECODED)
    if len(bad):
        listed = ", ".join(ids[i] for i in bad[:_LISTED]) + (" …" if len(bad) > _LISTED else "")
        feedback.warn(Problem(label, None, t(
            "{n} 地点は凡例にない値・色のため rank を null にしました (id: {ids})",
            "{n} points fall on values or colours not in the legend; rank null (id: {ids})", n=len(bad), ids=listed)))  # fmt: skip


def _records(source: HazardSource, ids: list[str], lonlat: np.ndarray, ranks: np.ndarray) -> Iterator[Record]:
    info = source.info
    hazard = HAZARD_NAMES[info.kind]
    bands = {r: _depth_m(r) if info.measure == "depth" else None for r in range(UNDECODED, 8)}
    for point_id, (lon, lat), rank in zip(ids, lonlat.tolist(), ranks.tolist()):
        yield {
            "id": point_id,
            "lon": lon,
            "lat": lat,
            "hazard": hazard,
            "rank": rank if rank >= 0 else None,
            "depth_m": bands[rank],
            "scenario": info.scenario,
        }


def _depth_m(rank: int) -> list[float | None] | None:
    band = depth_band(rank)
    return list(band) if band is not None else None
