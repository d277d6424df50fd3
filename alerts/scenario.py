"""Drill scenarios (バーチャル避難訓練): a JSON file of what happens when.

.. code-block:: json

    {
      "format": "nigezero-drill/1",
      "name": "椹野川 48 時間 (デモ)",
      "start": "2026-06-02T12:00:00+09:00",
      "end": "2026-06-03T06:00:00+09:00",
      "gauge_table": "../river/gauges.csv",
      "gauges": [
        {"id": "DEMO001", "file": "../river/levels.csv"},
        {"id": "X01", "points": [["2026-06-02T12:00", 0.5], ["2026-06-02T20:00", 3.1]], "interval_min": 10,
         "thresholds": {"evacuation_m": 2.8, "danger_m": 3.0}}
      ],
      "warnings": [{"time": "2026-06-02T18:30", "area": "3520300", "code": "landslide", "status": "発表"}],
      "issued": [{"time": "2026-06-02T17:30", "area": "*", "level": 3}],
      "areas": [
        {"id": "deep", "hazard": "../hazard/flood_depth_L2.tif", "min_rank": 3, "gauge": "DEMO001", "lag_min": 30},
        {"id": "station", "polygon": [[131.46, 34.15], [131.47, 34.15], [131.47, 34.16]], "floods_at": "2026-06-02T21:00"}
      ]
    }

* ``start`` / ``end`` bound the drill (times without an offset are JST). Paths are relative to
  the scenario file's folder.
* ``gauges``: a hydrograph per gauge, either a replayed record (``file``: any feed format the app
  reads; the readings of gauge ``id``) or synthetic (``points``: (time, metres) pairs, linearly
  interpolated every ``interval_min``, default 10). Thresholds come from the feed, ``thresholds``
  (keys of the ``river-status`` ``thresholds`` object), ``gauge_table`` (the ``--gauges`` CSV), then
  the project's stored gauge metadata.
* ``warnings``: JMA entries issued (``発表``) or lifted (``解除``) at stated times per 7-digit
  municipality code; ``code`` is JMA's two-digit code, ``landslide`` or ``flood:NN``.
* ``issued``: the city's 避難情報 (``area``, ``level`` 3/4/5 or 0 to lift, ``time``).
* ``areas``: where and when it floods. An area is a ``polygon`` (lon, lat ring) or the cells of a
  hazard source (``hazard``: any source the app reads) of rank ``min_rank`` (default 1) or more. It
  floods at ``floods_at`` (rule ``stated``) or ``lag_min`` minutes after gauge ``gauge`` first
  reaches its 氾濫危険水位 in the scenario (rule ``gauge_lag``; never, when it does not). A point
  in several areas floods at the earliest of their times.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from alerts.errors import ScenarioError
from alerts.issued import IssuedLevel, area_key
from alerts.sources import gauge_table, read_feeds
from alerts.times import parse_time
from feeds.errors import FeedFormatError
from feeds.gauges import Gauge, Thresholds
from feeds.series import MISSING, OK, LevelSeries, bare_gauge, make_series
from feeds.thresholds import THRESHOLD_KEYS, merge_gauge
from hazards.errors import HazardError
from hazards.model import HazardSource
from hazards.sources import open_hazard_source
from i18n import t
from jobs.feedback import Feedback
from weather.levels import alert_level, kind_name
from weather.states import CANCELLED, ISSUED, WarningEntry, WarningState, make_state

FORMAT = "nigezero-drill/1"


@dataclass(frozen=True)
class FloodArea:
    """Where (a polygon or a hazard source's cells of rank ≥ ``min_rank``) and when it floods."""

    id: str
    polygon: shapely.Polygon | None
    hazard: HazardSource | None
    min_rank: int
    floods_at: pd.Timestamp | None
    gauge: str
    lag_min: float | None

    @property
    def rule(self) -> str:
        """``stated`` (a time in the scenario) or ``gauge_lag`` (a lag after 氾濫危険水位)."""
        return "stated" if self.floods_at is not None else "gauge_lag"

    def contains(self, points: np.ndarray) -> np.ndarray:
        """Which (lon, lat) points lie in the area."""
        if self.polygon is not None:
            return shapely.contains_xy(self.polygon, points[:, 0], points[:, 1])
        assert self.hazard is not None
        return self.hazard.sample(points) >= self.min_rank


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario: hydrographs, weather reports, issues and flood areas."""

    name: str
    start: pd.Timestamp
    end: pd.Timestamp
    series: tuple[LevelSeries, ...]
    reports: tuple[WarningState, ...]
    issued: tuple[IssuedLevel, ...]
    areas: tuple[FloodArea, ...]


def load_scenario(
    path: str | os.PathLike[str], known: Mapping[str, Gauge] | None = None, feedback: Feedback | None = None
) -> Scenario:
    """Read a scenario file (format in the module docstring).

    Parameters
    ----------
    path : str or os.PathLike
        The JSON file.
    known : mapping, optional
        Gauge metadata by id used last (e.g. the project's stored gauges).
    feedback : Feedback, optional
        Receives warnings about single readings of replayed records.

    Raises
    ------
    ScenarioError
        If the file is not a scenario, a value is missing or wrong, or a file it names cannot be read.
    """
    feedback = feedback or Feedback()
    folder = Path(path).parent
    doc = _document(path)
    try:
        start, end = _time(doc, "start"), _time(doc, "end")
        table = gauge_table(folder / doc["gauge_table"], feedback) if doc.get("gauge_table") else {}
        series = tuple(_gauge(g, folder, table, known or {}, feedback) for g in doc.get("gauges", []))
        return Scenario(
            str(doc.get("name", "")),
            start,
            end,
            series,
            tuple(_reports(doc.get("warnings", []))),
            tuple(IssuedLevel(area_key(str(i["area"])), int(i["level"]), _time(i, "time")) for i in doc.get("issued", [])),
            tuple(_area(a, folder) for a in doc.get("areas", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ScenarioError):
            raise
        raise ScenarioError(
            t("シナリオの値が足りないか不正です: {e}", "a scenario value is missing or wrong: {e}", e=repr(exc))
        ) from exc
    except (FeedFormatError, HazardError, OSError) as exc:
        raise ScenarioError(
            t("シナリオが参照するファイルを読めません: {e}", "a file the scenario names cannot be read: {e}", e=exc)
        ) from exc


def _document(path: str | os.PathLike[str]) -> dict[str, Any]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScenarioError(t("シナリオファイルを読めません: {e}", "cannot read the scenario file: {e}", e=exc)) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ScenarioError(t('"format": "{f}" の JSON ではありません', 'not a JSON object with "format": "{f}"', f=FORMAT))
    return doc


def _time(obj: Mapping[str, Any], key: str) -> pd.Timestamp:
    value = parse_time(str(obj[key]))
    if value is None:
        raise ScenarioError(t("{k} が ISO 8601 の時刻ではありません: {v}", "{k} is not an ISO 8601 time: {v}", k=key, v=obj[key]))
    return value


def _gauge(
    spec: Mapping[str, Any], folder: Path, table: Mapping[str, Gauge], known: Mapping[str, Gauge], feedback: Feedback
) -> LevelSeries:
    gauge_id = str(spec["id"])
    if "file" in spec:
        reading = Feedback()
        found = [s for s in read_feeds([folder / spec["file"]], {}, reading) if s.gauge.station_id == gauge_id]
        for problem in reading.problems:
            if problem.severity == "error":
                raise ScenarioError(
                    t("シナリオが参照するファイルを読めません: {e}", "a file the scenario names cannot be read: {e}", e=problem)
                )
            feedback.warn(problem)
        if not found:
            raise ScenarioError(
                t("{f} に観測所 {g} の水位がありません", "{f} holds no readings of gauge {g}", f=spec["file"], g=gauge_id)
            )
        series = found[0]
    else:
        series = _synthetic(gauge_id, spec["points"], float(spec.get("interval_min", 10)))
    own = {name: spec.get("thresholds", {}).get(key) for name, key in THRESHOLD_KEYS.items()}
    gauge = merge_gauge(series.gauge, Gauge(gauge_id, "", "", None, None, Thresholds(**own)), "scenario", feedback)
    for fallback in (table.get(gauge_id), known.get(gauge_id)):
        gauge = merge_gauge(gauge, fallback, "scenario", feedback)
    return series.with_gauge(gauge)


def _synthetic(gauge_id: str, points: Sequence[Sequence[Any]], interval_min: float) -> LevelSeries:
    given = sorted((_time({"time": p[0]}, "time"), float(p[1])) for p in points)
    if len(given) < 2:
        raise ScenarioError(t("合成水位 {g} には 2 点以上が必要です", "synthetic gauge {g} needs two or more points", g=gauge_id))
    times = pd.date_range(given[0][0], given[-1][0], freq=pd.Timedelta(minutes=interval_min))
    known_ns = np.array([p[0].value for p in given], dtype=float)
    levels = np.round(np.interp(times.asi8.astype(float), known_ns, [p[1] for p in given]), 3)
    flags = np.where(np.isnan(levels), MISSING, OK).astype(object)
    return make_series(bare_gauge(gauge_id), times, levels, flags, pd.Timedelta(minutes=interval_min), "scenario")


def _reports(events: Sequence[Mapping[str, Any]]) -> list[WarningState]:
    """One complete report per event: every entry in force in that municipality then."""
    in_force: dict[str, dict[str, WarningEntry]] = {}
    out = []
    for event in sorted(events, key=lambda e: _time(e, "time")):
        area, code, time = str(event["area"]), str(event["code"]), _time(event, "time").to_pydatetime()
        status = str(event.get("status", ISSUED))
        entry = WarningEntry(code, kind_name(code), status, alert_level(code))
        current = in_force.setdefault(area, {})
        if status == CANCELLED:
            current.pop(code, None)
        else:
            current[code] = entry
        lifted = [entry] if status == CANCELLED else []
        out.append(make_state(area, None, "scenario", time, [*current.values(), *lifted]))
    return out


def _area(spec: Mapping[str, Any], folder: Path) -> FloodArea:
    polygon = shapely.Polygon(spec["polygon"]) if "polygon" in spec else None
    hazard = open_hazard_source(folder / spec["hazard"]) if "hazard" in spec else None
    floods_at = _time(spec, "floods_at") if "floods_at" in spec else None
    lag = float(spec["lag_min"]) if "lag_min" in spec else None
    if (polygon is None) == (hazard is None) or (floods_at is None) == (lag is None or not spec.get("gauge")):
        raise ScenarioError(t(
            "浸水区域 {a} には polygon か hazard のどちらか一方と、floods_at か gauge + lag_min のどちらか一方が必要です",
            "flood area {a} needs one of polygon or hazard, and one of floods_at or gauge + lag_min", a=spec.get("id")))  # fmt: skip
    return FloodArea(str(spec["id"]), polygon, hazard, int(spec.get("min_rank", 1)), floods_at, str(spec.get("gauge", "")), lag)


__all__ = ["FORMAT", "FloodArea", "Scenario", "load_scenario"]
