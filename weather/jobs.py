"""``weather-status PATH...``: one JSON object per municipality per input file (a contract).

``{"file", "source", "time", "area", "name", "in_force": [{"code", "name", "status"}],
"cancelled": [...], "alert_level"}`` — see docs/CLI.md. Files in a folder that carry no
warnings (``area.json``, ``amedastable.json``, READMEs …) are skipped and listed once per
folder; a file named on the command line that carries none is an error, as is any file that
cannot be read (HTML error page, truncated JSON/XML, a DTD).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from jobs.base import Job, Param, Record
from jobs.errors import UsageError
from jobs.feedback import Feedback
from weather import default_areas
from weather.areas import AreaTable
from weather.errors import AreaTableError
from weather.inputs import weather_states
from weather.states import WarningState
from weather.times import iso

def status_record(label: str, state: WarningState) -> Record:
    """The ``weather-status`` object of one municipality in one file."""
    return {
        "file": label,
        "source": state.source,
        "time": iso(state.report_time),
        "area": state.area_code,
        "name": state.area_name,
        "in_force": [e.as_record() for e in state.in_force],
        "cancelled": [e.as_record() for e in state.cancelled],
        "alert_level": state.alert_level,
    }


def weather_status(paths: Sequence[str | os.PathLike[str]], feedback: Feedback, areas: AreaTable) -> Iterator[Record]:
    """The ``weather-status`` records of every warning file among ``paths``, in input order.

    Parameters
    ----------
    paths
        Files, folders or zips.
    feedback
        Errors for files that cannot be read, warnings for single values, and one ``info`` per
        folder listing the files skipped because they carry no warnings.
    areas
        Names for the area codes.
    """
    for label, state in weather_states(paths, feedback, areas):
        yield status_record(label, state)


class WeatherStatusJob(Job):
    """``weather-status PATH... [--areas area.json]`` (see :func:`weather_status`)."""

    id = "weather-status"
    title = ("気象警報・注意報の発表状況", "Weather warnings in force")
    description = (
        "気象庁の警報 JSON (warning/{office}.json) と防災情報 XML (気象警報・注意報 VPWW53/54, "
        "土砂災害警戒情報 VXWW50, 指定河川洪水予報 VXKO) を読み、ファイルごと・市町村ごとに、発表中と"
        "解除された警報・注意報、警戒レベル相当を 1 行の JSON で出力します。",
        "Read JMA warning JSON (warning/{office}.json) and 防災情報XML telegrams (weather warnings "
        "VPWW53/54, 土砂災害警戒情報 VXWW50, 指定河川洪水予報 VXKO) and print one JSON object per "
        "municipality per file: what is in force, what was lifted, and the 警戒レベル相当.",
    )
    params = (
        Param("paths", ("警報 JSON / XML のファイル、フォルダ、ZIP", "warning JSON / XML files, folders or zips"),
              positional=True, many=True, kind="path", metavar="PATH"),
        Param("areas", ("気象庁の地域コード表 area.json (既定: アプリ同梱の表)", "JMA's area table area.json (default: the one shipped)"),
              kind="path", metavar="AREA_JSON"),
    )  # fmt: skip
    example = "python main.py weather-status ../shared/data/weather/infomation-receiver/data/350000.json"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        try:
            areas = AreaTable.load(values["areas"]) if values.get("areas") else default_areas()
        except AreaTableError as exc:
            raise UsageError(f"--areas: {exc}") from None
        yield from weather_status(values["paths"], feedback, areas)
