"""Jobs of the feeds package: ``river-status`` (the latest status of every gauge in feed files).

Result shape (one object per gauge per input file, for the gauge's latest observation time in
the file; docs/CLI.md)::

    {"file", "gauge", "name", "time", "level_m", "scheme": "four" | "three", "status",
     "alert_level", "thresholds": {"standby_m", "caution_m", "evacuation_m", "danger_m",
     "flooding_m", "observing_m"}, "last_valid": {"time", "level_m"} | null}
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from feeds.errors import FeedFormatError
from feeds.gauges import Gauge, read_gauge_table
from feeds.inputs import feed_series
from feeds.series import LevelSeries
from feeds.status import GaugeState, gauge_state
from feeds.thresholds import has_thresholds, merge_gauge, thresholds_record
from feeds.times import iso_jst
from feeds.trend import is_stale
from i18n import t
from jobs.base import Job, Param, Record
from jobs.errors import UsageError
from jobs.feedback import Feedback, Problem

_SHOWN = 5


class RiverStatusJob(Job):
    id = "river-status"
    title = ("河川水位の状況", "River gauge status")
    description = (
        "水位フィード (危機管理型水位計 JSON, 川の防災情報 10 分 JSON, 水文水質DB .dat, 厚東川 JSON, "
        "station_id,time,level_m CSV) を読み、ファイルごと・観測所ごとに最新の観測時刻の水位・状態・警戒レベルを出力します。"
        "基準水位のないフィードには --gauges で名前と基準水位を与えます (両方にあればフィードの値を使い、違いを標準エラーに出します)。",
        "Read river-level feeds (危機管理型水位計 JSON snapshots, 川の防災情報 10-minute JSON, 水文水質DB .dat, "
        "厚東川 JSON records, station_id,time,level_m CSV) and print, per file and gauge, the latest observation's "
        "level, status and alert level. --gauges supplies names and thresholds for feeds that carry none (where both "
        "give one, the feed's wins and the difference is reported on stderr).",
    )
    params = (
        Param("paths", ("フィードのファイル・フォルダ・ZIP", "feed files, folders or zips"), positional=True, many=True, kind="path", metavar="PATH"),
        Param(
            "gauges",
            (
                "観測所表 CSV (station_id,name,river,lon,lat,standby_m,caution_m,evacuation_m,danger_m,flooding_m)",
                "gauge table CSV (station_id,name,river,lon,lat,standby_m,caution_m,evacuation_m,danger_m,flooding_m)",
            ),
            kind="path",
            metavar="gauges.csv",
        ),
    )
    example = "python main.py river-status ../shared/data/river_levels/crisis-watcher-river-jp --format table"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        table = _gauge_table(values.get("gauges"), feedback)
        unconfigured: set[str] = set()
        for label, series in feed_series(values["paths"], feedback):
            yield from file_records(label, series, table, feedback, unconfigured)


def file_records(
    label: str,
    series: Sequence[LevelSeries],
    table: Mapping[str, Gauge],
    feedback: Feedback,
    unconfigured: set[str],
) -> Iterator[Record]:
    """The result objects of one feed file: one per gauge, in the file's order.

    Gauges are completed from ``table`` (:func:`feeds.thresholds.merge_gauge`); a gauge with no
    threshold at all is reported once per run (ids collected in ``unconfigured``); gauges whose
    latest reading is stale against the newest reading in the file are reported once per file.
    """
    merged = [s.with_gauge(merge_gauge(s.gauge, table.get(s.gauge.station_id), label, feedback)) for s in series]
    states = [gauge_state(s) for s in merged]
    for state in states:
        gauge_id = state.gauge.station_id
        if not has_thresholds(state.gauge) and gauge_id not in unconfigured:
            unconfigured.add(gauge_id)
            feedback.warn(
                Problem(
                    label,
                    t("観測所 {g}", "gauge {g}", g=gauge_id),
                    t(
                        "基準水位がフィードにも --gauges にもないため、状態は normal を超えません",
                        "no thresholds in the feed nor in --gauges; its status cannot rise above normal",
                    ),
                )
            )
        yield status_record(label, state)
    _report_stale(label, merged, states, feedback)


def status_record(label: str, state: GaugeState) -> Record:
    """One result object (the documented ``river-status`` shape)."""
    last = state.last_valid
    return {
        "file": label,
        "gauge": state.gauge.station_id,
        "name": state.gauge.name or None,
        "time": iso_jst(state.time) if state.time is not None else None,
        "level_m": state.level_m,
        "scheme": state.gauge.scheme,
        "status": state.status.status,
        "alert_level": state.status.alert_level,
        "thresholds": thresholds_record(state.gauge.thresholds),
        "last_valid": {"time": iso_jst(last.time), "level_m": last.level_m} if last else None,
    }


def _report_stale(label: str, series: Sequence[LevelSeries], states: Sequence[GaugeState], feedback: Feedback) -> None:
    times = [s.time for s in states if s.time is not None]
    if len(times) < 2:
        return
    newest = max(times)
    stale = [
        f"{st.gauge.station_id} ({iso_jst(st.time)})"
        for s, st in zip(series, states, strict=True)
        if st.time is not None and is_stale(st.time, newest, s.interval)
    ]
    if stale:
        more = t(" ほか {n} 件", " and {n} more", n=len(stale) - _SHOWN) if len(stale) > _SHOWN else ""
        feedback.warn(
            Problem(
                label,
                None,
                t(
                    "{n} 観測所の最新値が古くなっています (ファイル内の最新 {at} より通常の間隔の 2 倍以上前): {g}{m}",
                    "{n} gauges' latest readings are stale (more than twice their usual interval before the file's "
                    "newest reading {at}): {g}{m}",
                    n=len(stale),
                    at=iso_jst(newest),
                    g=", ".join(stale[:_SHOWN]),
                    m=more,
                ),
            )
        )


def _gauge_table(path: str | os.PathLike[str] | None, feedback: Feedback) -> dict[str, Gauge]:
    if not path:
        return {}
    try:
        gauges = read_gauge_table(path, feedback)
    except (FeedFormatError, OSError) as exc:
        raise UsageError(t("--gauges {f} を読めません: {e}", "cannot read --gauges {f}: {e}", f=path, e=exc)) from exc
    return {g.station_id: g for g in gauges}
