"""Warning states from files, folders and zips, labelled as the headless conventions say."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from i18n import t
from jobs.feedback import Feedback, Problem
from jobs.inputs import InputFile, SkippedFiles, cannot_read, iter_inputs
from weather import read_detected
from weather.areas import AreaTable
from weather.detect import Kind, detect
from weather.errors import UnsupportedInputError, WeatherError
from weather.states import WarningState


def weather_states(
    paths: Sequence[str | os.PathLike[str]], feedback: Feedback, areas: AreaTable
) -> Iterator[tuple[str, WarningState]]:
    """``(file label, state)`` for every municipality of every warning file among ``paths``.

    A file that cannot be read, or a named file that carries no warnings, is an error; files in
    a folder that carry none (``area.json``, AMeDAS, READMEs …) are skipped and listed once;
    a forecast JSON in a folder is skipped with its own line (after those) that says it is a forecast.
    """
    skipped = SkippedFiles(("警報・注意報", "warnings"))
    forecasts: list[str] = []
    for source, named in iter_inputs(paths, feedback):
        for state in _read(source, feedback, areas, named, skipped, forecasts):
            yield source.label, state
    skipped.report(feedback)
    for label in forecasts:
        feedback.info(t("{f}: 天気予報 JSON のため読み飛ばしました (警報・注意報を含みません)",
                        "{f}: skipped, a weather forecast JSON (carries no warnings)", f=label))  # fmt: skip


def _read(
    source: InputFile, feedback: Feedback, areas: AreaTable, named: bool, skipped: SkippedFiles, forecasts: list[str]
) -> list[WarningState]:
    try:
        with source.open() as stream:
            detected = detect(stream.read())
        return read_detected(detected, source.label, feedback, areas)
    except UnsupportedInputError as exc:
        if named:
            feedback.error(Problem(source.label, None, str(exc)))
        elif exc.kind == Kind.FORECAST.value:
            forecasts.append(source.label)
        else:
            skipped.add(source)
    except WeatherError as exc:
        feedback.error(Problem(source.label, None, str(exc)))
    except OSError as exc:
        feedback.error(cannot_read(source, exc))
    return []
