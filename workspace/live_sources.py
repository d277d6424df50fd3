"""Live sources (no Qt): the feed settings of a project, the feeds built from them, and the
pipeline from polled data to gauge states and weather states.

River feeds, JMA warning files/telegrams and AMeDAS snapshots are all polled by the feed
machinery of :mod:`feeds.polling` (HTTP with retries and back-off, a file re-read on change, a
folder watched for new files), each with its own parser. Settings are kept as JSON in the
project store's ``settings`` table under :data:`SETTINGS_KEY`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Literal

import pandas as pd

from feeds.errors import FeedFormatError
from feeds.gauges import Gauge, Thresholds, read_gauge_table
from feeds.levels import read_simple_levels, simple_series
from feeds.polling import Clock, FileFeed, FolderFeed, HttpFeed, Parser, now_jst
from feeds.series import LevelSeries
from feeds.status import GaugeState, gauge_state
from feeds.thresholds import merge_gauge
from i18n import t
from jobs.feedback import Feedback, Problem
from store.connection import ProjectStore
from weather import read_detected
from weather.amedas import Rainfall, Station, read_rainfall, read_station_table, time_from_name
from weather.areas import AreaTable
from weather.detect import Kind, detect
from weather.errors import WeatherError
from weather.forecast import Forecast, forecast_from_json
from weather.states import WarningState

SETTINGS_KEY = "live.settings"
"""Key of the live settings in the project store's ``settings`` table."""

SourceKind = Literal["river", "weather", "forecast", "amedas"]
SOURCE_KINDS: dict[SourceKind, tuple[str, str]] = {
    "river": ("河川水位", "river levels"),
    "weather": ("気象警報・土砂災害警戒情報・洪水予報", "JMA warnings, landslide alerts, flood forecasts"),
    "forecast": ("天気予報 (forecast JSON)", "JMA weather forecast (forecast JSON)"),
    "amedas": ("アメダス雨量", "AMeDAS rainfall"),
}
"""Kinds of live source → label (ja, en)."""

Feed = HttpFeed | FileFeed | FolderFeed


@dataclass(frozen=True)
class SourceSetting:
    """One live source: what it is and where (an ``http(s)://`` URL, a file or a folder)."""

    kind: SourceKind
    location: str


@dataclass(frozen=True)
class LiveSettings:
    """The live view's settings for one project.

    ``interval_s`` is the polling interval; ``gauge_table`` a ``--gauges`` CSV (names, points,
    thresholds); ``amedas_table`` JMA's ``amedastable.json``; ``prefectures`` the 2-digit codes
    the weather layer covers (empty: the prefecture under the project); ``thresholds`` local
    thresholds per gauge id (they override the feed's and the table's).
    """

    sources: tuple[SourceSetting, ...] = ()
    interval_s: int = 60
    gauge_table: str = ""
    amedas_table: str = ""
    prefectures: tuple[str, ...] = ()
    thresholds: Mapping[str, Thresholds] = field(default_factory=dict)

    def to_json(self) -> str:
        """The settings as JSON (what the store keeps)."""
        document = asdict(self)
        document["thresholds"] = {gid: asdict(th) for gid, th in self.thresholds.items()}
        return json.dumps(document, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LiveSettings:
        """Settings from :meth:`to_json`; unknown keys are ignored.

        Raises
        ------
        ValueError
            If the text is not such JSON, an interval is not positive, or a source kind is unknown.
        """
        document = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in document.items() if k in known}
        sources = tuple(SourceSetting(s["kind"], s["location"]) for s in values.pop("sources", ()))
        bad = [s.kind for s in sources if s.kind not in SOURCE_KINDS]
        if bad:
            raise ValueError(f"source kind should be one of {', '.join(SOURCE_KINDS)}, got {bad[0]!r} instead")
        thresholds = {gid: Thresholds(**th) for gid, th in values.pop("thresholds", {}).items()}
        settings = cls(sources=sources, thresholds=thresholds, **{**values, "prefectures": tuple(values.get("prefectures", ()))})
        if settings.interval_s <= 0:
            raise ValueError(f"interval_s should be a positive number of seconds, got {settings.interval_s!r} instead")
        return settings


def load_settings(store: ProjectStore) -> LiveSettings:
    """The project's live settings (defaults when none are saved)."""
    text = store.get_setting(SETTINGS_KEY)
    return LiveSettings.from_json(text) if text else LiveSettings()


def save_settings(store: ProjectStore, settings: LiveSettings) -> None:
    """Keep ``settings`` in the project store (audited, without values)."""
    store.set_setting(SETTINGS_KEY, settings.to_json())
    store.audit("save_settings", "settings", SETTINGS_KEY)


# parsers ------------------------------------------------------------------------------


def weather_parser(areas: AreaTable) -> Parser:
    """Parser of JMA warning JSON and 防災情報XML telegrams → :class:`WarningState` list.

    Content that is no warning file (an HTML error page, truncated JSON/XML, an AMeDAS file)
    fails the poll with JMA's reader's message, so the last good states stay.
    """

    def parse(data: bytes, label: str, feedback: Feedback) -> list[WarningState]:
        try:
            return read_detected(detect(data), label, feedback, areas)
        except WeatherError as exc:
            raise FeedFormatError(str(exc)) from exc

    return parse


def forecast_parser(areas: AreaTable) -> Parser:
    """Parser of JMA's forecast JSON (``forecast/{office}.json``) → a one-element :class:`Forecast` list.

    Anything else (an HTML error page, truncated JSON) fails the poll, so the last good forecast stays.
    """

    def parse(data: bytes, label: str, feedback: Feedback) -> list[Forecast]:
        try:
            detected = detect(data)
            if detected.kind is not Kind.FORECAST:
                raise FeedFormatError(t("天気予報 JSON (forecast) ではありません", "not a JMA forecast JSON"))
            return [forecast_from_json(detected.document, areas, _warner(label, feedback))]
        except WeatherError as exc:
            raise FeedFormatError(str(exc)) from exc

    return parse


def amedas_parser(stations: Mapping[str, Station]) -> Parser:
    """Parser of AMeDAS map snapshots (``map/YYYYMMDDhhmmss.json``) → :class:`Rainfall` list.

    The snapshot time is the file name's (a URL's last part), in JST.
    """

    def parse(data: bytes, label: str, feedback: Feedback) -> list[Rainfall]:
        try:
            detected = detect(data)
            if detected.kind is not Kind.AMEDAS_MAP:
                raise FeedFormatError(t("アメダスの観測値 (map JSON) ではありません", "not an AMeDAS map JSON"))
            warn = _warner(label, feedback)
            return read_rainfall(detected.document, stations, time_from_name(label.rsplit("/", 1)[-1]), warn)
        except WeatherError as exc:
            raise FeedFormatError(str(exc)) from exc

    return parse


def read_stations(path: str | Path, feedback: Feedback) -> dict[str, Station]:
    """JMA's AMeDAS station table (``amedastable.json``).

    Raises
    ------
    FeedFormatError
        If the file is no such table.
    OSError
        If it cannot be read.
    """
    try:
        detected = detect(Path(path).read_bytes())
    except WeatherError as exc:
        raise FeedFormatError(str(exc)) from exc
    if detected.kind is not Kind.AMEDAS_TABLE:
        raise FeedFormatError(t("{p} はアメダス地点表 (amedastable.json) ではありません", "{p} is not the AMeDAS station table (amedastable.json)", p=path))
    return read_station_table(detected.document, _warner(str(path), feedback))


def make_feed(setting: SourceSetting, parse: Parser, clock: Clock = now_jst, timeout_s: float = 10.0) -> Feed:
    """The feed of one source: HTTP for a URL, a folder feed for a folder, else a file feed."""
    location = setting.location.strip()
    if location.startswith(("http://", "https://")):
        return HttpFeed(location, timeout_s=timeout_s, clock=clock, parse=parse)
    path = Path(location).expanduser()
    return FolderFeed(path, clock=clock, parse=parse) if path.is_dir() else FileFeed(path, clock=clock, parse=parse)


def _warner(label: str, feedback: Feedback) -> Callable[[str | None, str], None]:
    return lambda where, message: feedback.warn(Problem(label, where, message))


# river pipeline -----------------------------------------------------------------------


class RiverBoard:
    """Gauges as the project knows them, and the states of polled or replayed series.

    Parameters
    ----------
    table : mapping
        Station id → gauge from the ``--gauges`` table (names, points, thresholds).
    local : mapping
        Station id → local thresholds set by staff; their non-None values override the feed's.
    """

    def __init__(self, table: Mapping[str, Gauge] | None = None, local: Mapping[str, Thresholds] | None = None) -> None:
        self.table = dict(table or {})
        self.local = dict(local or {})

    def complete(self, series: Sequence[LevelSeries], feedback: Feedback, label: str = "") -> list[LevelSeries]:
        """The series with gauge metadata from the table, then the local thresholds."""
        out = []
        for s in series:
            gauge = merge_gauge(s.gauge, self.table.get(s.gauge.station_id), label, feedback)
            local = self.local.get(gauge.station_id)
            if local is not None:
                merged = {k: v if v is not None else getattr(gauge.thresholds, k) for k, v in asdict(local).items()}
                gauge = replace(gauge, thresholds=Thresholds(**merged))
            out.append(s.with_gauge(gauge))
        return out

    def states(self, series: Sequence[LevelSeries], now: pd.Timestamp, feedback: Feedback | None = None) -> list[GaugeState]:
        """Every gauge's state at ``now`` (stale rule included)."""
        return [gauge_state(s, now) for s in self.complete(series, feedback or Feedback())]


def demo_series(river_dir: Path, feedback: Feedback) -> tuple[RiverBoard, list[LevelSeries]]:
    """The demo's gauges (``gauges.csv``) and 48-hour hydrographs (``levels.csv``), for replay."""
    table = {g.station_id: g for g in read_gauge_table(river_dir / "gauges.csv", feedback)}
    series = simple_series(read_simple_levels(river_dir / "levels.csv", feedback), table)
    return RiverBoard(table), series
