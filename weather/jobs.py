"""``weather-status PATH...``: one JSON object per municipality per input file (a contract).

``{"file", "source", "time", "area", "name", "in_force": [{"code", "name", "status"}],
"cancelled": [...], "alert_level"}`` — see docs/CLI.md. Files in a folder that carry no
warnings (``area.json``, ``amedastable.json``, READMEs …) are skipped and listed once per
folder; a file named on the command line that carries none is an error, as is any file that
cannot be read (HTML error page, truncated JSON/XML, a DTD).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from i18n import t
from jobs.base import Job, Param, Record
from jobs.errors import UsageError
from jobs.feedback import Feedback, Problem
from jobs.inputs import InputFile, expand_inputs, is_zip
from weather import default_areas, read_detected
from weather.areas import AreaTable
from weather.detect import detect
from weather.errors import AreaTableError, UnsupportedInputError, WeatherError
from weather.states import WarningState
from weather.times import iso

_SKIP_LIST = 10


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
    skipped: dict[str, list[str]] = {}
    for number, given in enumerate(paths):
        explicit = Path(given).is_file() and not is_zip(Path(given))
        for source in expand_inputs([given], feedback):
            feedback.check()
            states = _read(source, feedback, areas, explicit, skipped)
            for state in states:
                yield status_record(source.label, state)
        feedback.set_progress(100.0 * (number + 1) / len(paths))
    for folder, names in skipped.items():
        more = len(names) - _SKIP_LIST
        shown = ", ".join(names[:_SKIP_LIST]) + (t(" ほか {n} 件", " and {n} more", n=more) if more > 0 else "")
        feedback.info(t(
            "{f}: 警報・注意報ではない {n} 件のファイルを読み飛ばしました ({s})",
            "{f}: skipped {n} files that carry no warnings ({s})",
            f=folder or ".", n=len(names), s=shown,
        ))  # fmt: skip


def _read(
    source: InputFile, feedback: Feedback, areas: AreaTable, explicit: bool, skipped: dict[str, list[str]]
) -> list[WarningState]:
    try:
        with source.open() as stream:
            detected = detect(stream.read())
        return read_detected(detected, source.label, feedback, areas)
    except UnsupportedInputError as exc:
        if explicit:
            feedback.error(Problem(source.label, None, str(exc)))
        else:
            skipped.setdefault(posixpath.dirname(source.label.replace(os.sep, "/")), []).append(source.name)
    except WeatherError as exc:
        feedback.error(Problem(source.label, None, str(exc)))
    except OSError as exc:
        feedback.error(Problem(source.label, None, t("読み込めません: {e}", "cannot read: {e}", e=exc)))
    return []


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
