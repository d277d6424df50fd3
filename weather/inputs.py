"""Warning states from files, folders and zips, labelled as the headless conventions say."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from jobs.feedback import Feedback, Problem
from jobs.inputs import InputFile, SkippedFiles, cannot_read, iter_inputs
from weather import read_detected
from weather.areas import AreaTable
from weather.detect import detect
from weather.errors import UnsupportedInputError, WeatherError
from weather.states import WarningState


def weather_states(
    paths: Sequence[str | os.PathLike[str]], feedback: Feedback, areas: AreaTable
) -> Iterator[tuple[str, WarningState]]:
    """``(file label, state)`` for every municipality of every warning file among ``paths``.

    A file that cannot be read, or a named file that carries no warnings, is an error; files in
    a folder that carry none (``area.json``, AMeDAS, READMEs …) are skipped and listed once.
    """
    skipped = SkippedFiles(("警報・注意報", "warnings"))
    for source, named in iter_inputs(paths, feedback):
        for state in _read(source, feedback, areas, named, skipped):
            yield source.label, state
    skipped.report(feedback)


def _read(source: InputFile, feedback: Feedback, areas: AreaTable, named: bool, skipped: SkippedFiles) -> list[WarningState]:
    try:
        with source.open() as stream:
            detected = detect(stream.read())
        return read_detected(detected, source.label, feedback, areas)
    except UnsupportedInputError as exc:
        if named:
            feedback.error(Problem(source.label, None, str(exc)))
        else:
            skipped.add(source)
    except WeatherError as exc:
        feedback.error(Problem(source.label, None, str(exc)))
    except OSError as exc:
        feedback.error(cannot_read(source, exc))
    return []
