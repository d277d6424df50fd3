"""Level series from files, folders and zips, labelled as the headless conventions say."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from feeds.detect import read_feed
from feeds.errors import FeedFormatError, NotAFeedError
from feeds.series import LevelSeries
from jobs.feedback import Feedback, Problem
from jobs.inputs import SkippedFiles, cannot_read, iter_inputs


def feed_series(paths: Sequence[str | os.PathLike[str]], feedback: Feedback) -> Iterator[tuple[str, list[LevelSeries]]]:
    """``(file label, series)`` for every river-level feed among ``paths``.

    A file that cannot be read, or a named file that is no feed, is an error and the others are
    read; files in a folder that are no feed are skipped and listed once.
    """
    skipped = SkippedFiles(("水位データ", "river-level feeds"))
    for source, named in iter_inputs(paths, feedback):
        try:
            series = read_feed(source, feedback)
        except NotAFeedError as exc:
            if named:
                feedback.error(Problem(source.label, None, str(exc)))
            else:
                skipped.add(source)
            continue
        except FeedFormatError as exc:
            feedback.error(Problem(source.label, None, str(exc)))
            continue
        except OSError as exc:
            feedback.error(cannot_read(source, exc))
            continue
        yield source.label, series
    skipped.report(feedback)
