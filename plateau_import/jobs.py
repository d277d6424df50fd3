"""Jobs of the PLATEAU importer (both front ends run them)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jobs.base import Job, Param, Record
from jobs.feedback import Feedback
from plateau_import.summary import summarize


class PlateauSummaryJob(Job):
    """``plateau-summary PATH...``: one JSON object per GML file (see :mod:`plateau_import.summary`)."""

    id = "plateau-summary"
    title = ("PLATEAU ファイルの概要", "Summarise PLATEAU files")
    description = (
        "PLATEAU CityGML (ファイル・フォルダ・ZIP) を読み、GML ファイルごとに i-UR 版、座標参照系、"
        "クラス別の地物数、災害リスク属性の種類別件数、警告数を 1 行の JSON で出力します。",
        "Read PLATEAU CityGML (files, folders, zips) and print one JSON object per GML file: i-UR version, "
        "CRS, top-level city objects by class, disaster-risk entries by kind, and the number of warnings.",
    )
    params = (
        Param("paths", ("GML ファイル、フォルダ、ZIP", "GML files, folders or zips"), positional=True, many=True, kind="path", metavar="PATH"),
        Param("workers", ("並列に使うプロセス数 (既定: コア数)", "worker processes (default: one per core)"), kind="int"),
    )
    example = "python main.py plateau-summary ../shared/data/plateau"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        yield from summarize(values["paths"], feedback, workers=values.get("workers"))
