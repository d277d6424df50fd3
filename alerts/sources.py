"""Where the board's and the drill's inputs come from: feed and weather files, and the project's history.

Gauge metadata (names, thresholds) is completed in this order: what the feed says, then the
``--gauges`` table, then what the project store last saved for the gauge
(:func:`feeds.thresholds.merge_gauge`; differences are reported). For a gauge found in the given
files, the files' readings are used; otherwise its stored history.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from feeds.gauges import Gauge, read_gauge_table
from feeds.inputs import feed_series
from feeds.history import load_series
from feeds.series import LevelSeries, combine
from feeds.thresholds import merge_gauge
from i18n import t
from jobs.feedback import Feedback
from store.connection import ProjectStore
from store.feed_history import gauge_ids
from weather import default_areas
from weather.history import load_states
from weather.inputs import weather_states
from weather.states import WarningState


def gauge_table(path: str | os.PathLike[str] | None, feedback: Feedback) -> dict[str, Gauge]:
    """The ``--gauges`` table by station id ({} without one).

    Raises
    ------
    FeedFormatError, OSError
        If the file cannot be read.
    """
    return {g.station_id: g for g in read_gauge_table(path, feedback)} if path else {}


def read_feeds(paths: Sequence[str | os.PathLike[str]], table: Mapping[str, Gauge], feedback: Feedback) -> list[LevelSeries]:
    """Every gauge in the feed files (files, folders, zips), joined per gauge, completed from ``table``.

    A file that cannot be read is reported as an error and the others are used; files in a
    folder that are no feed are skipped and listed once.
    """
    found = [s for _, series in feed_series(paths, feedback) for s in series]
    return [s.with_gauge(merge_gauge(s.gauge, table.get(s.gauge.station_id), "--gauges", feedback)) for s in combine(found)]


def with_history(store: ProjectStore, series: Sequence[LevelSeries], feedback: Feedback) -> list[LevelSeries]:
    """``series`` completed with the stored metadata of their gauges, plus the stored history of
    every other gauge in the project."""
    given = {s.gauge.station_id for s in series}
    completed = [
        s.with_gauge(merge_gauge(s.gauge, load_series(store, s.gauge.station_id).gauge, t("プロジェクト", "project"), feedback))
        for s in series
    ]
    return completed + [load_series(store, g) for g in gauge_ids(store) if g not in given]


def read_weather_files(paths: Sequence[str | os.PathLike[str]], feedback: Feedback) -> list[WarningState]:
    """Every warning state in the weather files (JMA JSON / XML; files, folders, zips).

    A file that cannot be read, or a named file that carries no warnings, is an error; files in a
    folder that carry none are skipped and listed once.
    """
    return [state for _, state in weather_states(paths, feedback, default_areas())]


def stored_weather(store: ProjectStore) -> list[WarningState]:
    """Every weather report kept in the project."""
    return load_states(store)
