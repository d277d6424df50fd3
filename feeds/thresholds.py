"""Gauge metadata from two places: the feed itself and the local ``--gauges`` table.

The feed's values win (they are the official, current ones); the table fills what the feed
lacks (names, points, thresholds of feeds that carry none, e.g. 厚東川・持世寺). Where both give
a threshold and they differ, the difference is reported so local staff can update the table.
"""

from __future__ import annotations

from dataclasses import fields, replace

from feeds.gauges import Gauge, Thresholds
from feeds.status import STATUS_ORDER
from i18n import t
from jobs.feedback import Feedback, Problem

THRESHOLD_KEYS = {f.name: f"{f.name}_m" for f in fields(Thresholds)}
"""Threshold field → key of the ``thresholds`` object in results (all keys always present)."""
_TOLERANCE_M = 0.0005


def thresholds_record(thresholds: Thresholds) -> dict[str, float | None]:
    """The ``thresholds`` object of a result: every key of :data:`THRESHOLD_KEYS`, null when absent.

    Examples
    --------
    >>> thresholds_record(Thresholds(observing=9.81, danger=11.42))["danger_m"]
    11.42
    """
    return {key: getattr(thresholds, name) for name, key in THRESHOLD_KEYS.items()}


def merge_gauge(feed: Gauge, table: Gauge | None, label: str, feedback: Feedback) -> Gauge:
    """The feed's gauge completed from the ``--gauges`` row with the same station id.

    Parameters
    ----------
    feed : Gauge
        What the feed says (its thresholds may all be None).
    table : Gauge or None
        The ``--gauges`` row, if any.
    label : str
        The feed file, for problems.
    feedback : jobs.feedback.Feedback
        Receives one warning per threshold both give with different values.

    Returns
    -------
    Gauge
        The feed's name, point and thresholds where present, else the table's; the feed's scheme.
    """
    if table is None:
        return feed
    merged: dict[str, float | None] = {}
    for name in THRESHOLD_KEYS:
        ours, theirs = getattr(feed.thresholds, name), getattr(table.thresholds, name)
        merged[name] = ours if ours is not None else theirs
        if ours is not None and theirs is not None and abs(ours - theirs) > _TOLERANCE_M:
            feedback.warn(
                Problem(
                    label,
                    t("観測所 {g}", "gauge {g}", g=feed.station_id),
                    t(
                        "基準水位 {k} がフィードでは {a} m、--gauges では {b} m です。フィードの値を使います",
                        "threshold {k} is {a} m in the feed and {b} m in --gauges; the feed's value is used",
                        k=THRESHOLD_KEYS[name],
                        a=ours,
                        b=theirs,
                    ),
                )
            )
    located = feed.lon is not None and feed.lat is not None
    return replace(
        feed,
        name=feed.name or table.name,
        river=feed.river or table.river,
        lon=feed.lon if located else table.lon,
        lat=feed.lat if located else table.lat,
        thresholds=Thresholds(**merged),
    )


def has_thresholds(gauge: Gauge) -> bool:
    """True when at least one threshold that the gauge's scheme uses is known."""
    return any(getattr(gauge.thresholds, name) is not None for name in STATUS_ORDER[gauge.scheme])
