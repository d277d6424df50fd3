"""What a trigger waits for, as conditions shared by many people, and their state at a moment.

A plan's trigger becomes one or more conditions (:mod:`alerts.people`); many people share each
one (everyone on 椹野川 waits for the same gauge), so a feed or weather update evaluates each
condition once and the board gathers the results with numpy indexing.

==================  =======================================================================
condition           met when (at the moment of the :class:`Snapshot`)
==================  =======================================================================
gauge + threshold   the gauge's last valid reading is at or above the threshold (by name, or
                    the lowest one whose 警戒レベル相当 reaches a level); *unknown* when the gauge
                    has no readings, no such threshold, or its last valid reading is stale
                    (older than twice the feed's usual interval, :func:`feeds.trend.is_stale`)
weather             an entry in force in the municipality meets the plan's weather trigger
                    (土砂災害警戒情報, a JMA code, a level); *unknown* when no report covers it,
                    or when the weather source is polled and has not been polled successfully
                    for more than twice its poll interval (:class:`WeatherPoll`); a report never
                    goes stale by its age (its time is when it was issued, and a warning stays
                    in force until lifted)
issued              the city's 避難情報 in force for the area is at or above the level
==================  =======================================================================

A rising gauge not yet at its threshold gives an estimate: the time it would reach the threshold
at its current rate (the least-squares slope of the last hour, :func:`feeds.trend.trend`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from alerts.issued import IssuedLevel, in_force
from alerts.labels import area_label, clock, gauge_label, threshold_label
from alerts.shelter_status import ShelterState, states_at
from evac_plans.model import LandslideAlertTrigger, WeatherLevelTrigger, WeatherTrigger, WeatherWarningTrigger
from feeds.series import LevelSeries
from feeds.status import ALERT_LEVELS, STATUS_ORDER, GaugeState, gauge_state
from feeds.times import to_jst
from feeds.trend import STALE_FACTOR, is_stale
from i18n import t
from weather import default_areas
from weather.levels import LANDSLIDE, kind_name
from weather.states import WarningState, replay


@dataclass(frozen=True)
class InputRef:
    """One input a person's state rests on: ``gauge:<id>``, ``weather:<code>``, ``issued:<area>``,
    ``safety_check``; the time of what was used (None when there is none) and whether it is stale."""

    source: str
    time: pd.Timestamp | None
    stale: bool


@dataclass(frozen=True)
class Evaluation:
    """A condition at one moment.

    ``since`` is when it became met; ``unknown`` says an input it needs is stale or missing;
    ``eta`` when a rising gauge would reach the threshold at its current rate; ``landslide`` that
    the hazard is a landslide (staying upstairs does not help). ``text`` says what happened (met),
    what is stale or missing and since when (unknown), or the current value (otherwise);
    ``estimate`` gives the estimate and its basis ("" without one).
    """

    met: bool = False
    since: pd.Timestamp | None = None
    unknown: bool = False
    eta: pd.Timestamp | None = None
    landslide: bool = False
    text: str = ""
    estimate: str = ""
    inputs: tuple[InputRef, ...] = ()


@dataclass(frozen=True)
class GaugeView:
    """A gauge's readings up to the moment, and its state then."""

    series: LevelSeries
    state: GaugeState

    def crossing(self, value: float) -> pd.Timestamp:
        """When the current run of valid readings at or above ``value`` began."""
        valid = np.flatnonzero(self.series.valid)
        levels = self.series.levels[valid]
        below = np.flatnonzero(levels < value)
        first = below[-1] + 1 if below.size else 0
        return to_jst(self.series.times[valid[first]])


@dataclass(frozen=True)
class WeatherPoll:
    """How the live weather source has been polled: its last successful poll (None: never) and
    its poll interval. Stale when the last success is more than :data:`~feeds.trend.STALE_FACTOR`
    intervals before the moment."""

    last_success: pd.Timestamp | None
    interval: pd.Timedelta

    def stale(self, at: pd.Timestamp) -> bool:
        """True when the source has not been polled successfully for too long at ``at``."""
        return is_stale(self.last_success, at, self.interval)

    def text(self) -> str:
        """Why the weather input is stale, with the figures."""
        minutes = self.interval / pd.Timedelta(minutes=1)
        if self.last_success is None:
            return t("気象庁の警報の取得が一度も成功していません (取得間隔 {n:.0f} 分)",
                     "JMA warnings have never been polled successfully (polled every {n:.0f} min)", n=minutes)  # fmt: skip
        return t("気象庁の警報の取得が {c} から成功していません (取得間隔 {n:.0f} 分、{m:.0f} 分を超えると古いと判定)",
                 "JMA warnings have not been polled successfully since {c} (polled every {n:.0f} min; stale after {m:.0f} min)",
                 c=clock(self.last_success), n=minutes, m=minutes * STALE_FACTOR)  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    """What is known at ``at``: gauges (readings up to ``at``), weather states in force (reports up
    to ``at`` replayed), the issue in force per area, the shelters closed then (by 共通ID), and how
    the live weather source is polled (None: not polled, e.g. files or a replay)."""

    at: pd.Timestamp
    gauges: Mapping[str, GaugeView]
    weather: Sequence[WarningState]
    issued: Mapping[str, IssuedLevel]
    closed: Mapping[str, ShelterState] = field(default_factory=dict)
    weather_poll: WeatherPoll | None = None


def take_snapshot(
    at: pd.Timestamp,
    series: Iterable[LevelSeries],
    reports: Iterable[WarningState],
    issued: Iterable[IssuedLevel],
    shelters: Iterable[ShelterState] = (),
    weather_poll: WeatherPoll | None = None,
) -> Snapshot:
    """The board's inputs at ``at``; readings, reports, issues and shelter entries after ``at`` are ignored.

    Parameters
    ----------
    at : pandas.Timestamp
        The moment (tz-aware).
    series : iterable of LevelSeries
        Gauge readings (one series per gauge; any times).
    reports : iterable of WarningState
        Weather reports in any order (:func:`weather.read_weather` of several files, the store).
    issued : iterable of IssuedLevel
        The city's issues and lifts.
    shelters : iterable of ShelterState
        Shelters opened and closed by staff.
    weather_poll : WeatherPoll, optional
        How the live weather source is polled (only when following live polling).
    """
    instant = pd.Timestamp(at).tz_convert("UTC").tz_localize(None).to_datetime64()
    gauges = {}
    for s in series:
        cut = s.head(int(np.searchsorted(s.times, instant, side="right")))
        gauges[s.gauge.station_id] = GaugeView(cut, gauge_state(cut, at))
    known = sorted((r for r in reports if r.report_time <= at), key=lambda r: r.report_time)
    weather = list(replay([r] for r in known).values())
    closed = {k: s for k, s in states_at(shelters, at).items() if not s.open}
    return Snapshot(pd.Timestamp(at), gauges, weather, in_force(issued, at), closed, weather_poll)


@dataclass(frozen=True)
class GaugeCondition:
    """A gauge at or above a threshold: ``threshold`` by name, or the lowest whose 警戒レベル相当
    is at least ``level``."""

    gauge_id: str
    threshold: str | None = None
    level: int | None = None

    def evaluate(self, snap: Snapshot) -> Evaluation:
        """The condition at the snapshot's moment (see the module docstring)."""
        view = snap.gauges.get(self.gauge_id)
        source = f"gauge:{self.gauge_id}"
        if view is None or view.state.last_valid is None:
            gauge = view.state.gauge if view else None
            return Evaluation(unknown=True, text=t("{g}の水位データがありません", "no readings of {g}", g=gauge_label(self.gauge_id, gauge)),
                              inputs=(InputRef(source, None, True),))  # fmt: skip
        gauge, last = view.state.gauge, view.state.last_valid
        name = self.threshold or _threshold_for_level(gauge.scheme, self.level or 3)
        value = getattr(gauge.thresholds, name, None) if name else None
        label = gauge_label(self.gauge_id, gauge)
        interval = view.series.interval
        stale = is_stale(last.time, snap.at, interval)
        inputs = (InputRef(source, last.time, stale),)
        wanted = (
            threshold_label(name, gauge.scheme)
            if name
            else t("警戒レベル{n}相当の水位", "an alert level {n} water level", n=self.level)
        )
        if value is None:
            return Evaluation(
                unknown=True, text=t("{g}には{th}が設定されていません", "{g} has no {th}", g=label, th=wanted), inputs=inputs
            )
        reading = t("{v:.2f} m ({c})", "{v:.2f} m ({c})", v=last.level_m, c=clock(last.time))
        if last.level_m >= value:
            since = view.crossing(value)
            text = t("{g}が{c}に{th} ({v:.2f} m) に到達 (最新 {r})", "{g} reached the {th} ({v:.2f} m) at {c} (latest {r})",
                     g=label, c=clock(since), th=wanted, v=value, r=reading)  # fmt: skip
            return Evaluation(met=True, since=since, unknown=stale, text=text, inputs=inputs)
        if stale:
            minutes = interval / pd.Timedelta(minutes=1)
            text = t("{g}の水位が {c} から更新されていません (通常 {n:.0f} 分ごと、{m:.0f} 分を超えると古いと判定)",
                     "{g} has not reported since {c} (usually every {n:.0f} min; stale after {m:.0f} min)",
                     g=label, c=clock(last.time), n=minutes, m=minutes * STALE_FACTOR)  # fmt: skip
            return Evaluation(unknown=True, text=text, inputs=inputs)
        text = t("{g} {r}、{th} {v:.2f} m 未満", "{g} {r}, below the {th} {v:.2f} m", g=label, r=reading, th=wanted, v=value)
        rate = view.state.trend.rate_m_per_h
        if view.state.trend.direction != "rising" or not rate or rate <= 0:
            return Evaluation(text=text, inputs=inputs)
        eta = last.time + pd.Timedelta(hours=(value - last.level_m) / rate)
        estimate = t("{g}は {r} で毎時 {s:+.2f} m 上昇中 (直近1時間の傾き)。この速さだと {e} ごろ{th} {v:.2f} m に到達",
                     "{g} is at {r}, rising {s:+.2f} m/h (slope of the last hour); at this rate it reaches the {th} {v:.2f} m at about {e}",
                     g=label, r=reading, s=rate, e=clock(eta), th=wanted, v=value)  # fmt: skip
        return Evaluation(eta=eta, text=text, estimate=estimate, inputs=inputs)


def _threshold_for_level(scheme: str, level: int) -> str | None:
    """The lowest threshold of ``scheme`` whose 警戒レベル相当 is at least ``level``."""
    return next((name for name in STATUS_ORDER[scheme] if (ALERT_LEVELS[name] or 0) >= level), None)  # type: ignore[index]


@dataclass(frozen=True)
class WeatherCondition:
    """A JMA weather trigger of a plan (土砂災害警戒情報, a warning code, a level) in its municipality."""

    trigger: WeatherTrigger

    def evaluate(self, snap: Snapshot) -> Evaluation:
        """The condition at the snapshot's moment (see the module docstring)."""
        code = self.trigger.area_code
        states = [s for s in snap.weather if s.area_code == code]
        what = weather_label(self.trigger)
        poll = snap.weather_poll
        stale = poll is not None and poll.stale(snap.at)
        if not states:
            name = default_areas().name(code) or code
            text = t("{a}の気象警報・注意報の情報がありません", "no JMA warning report for {a}", a=name)
            return Evaluation(unknown=True, text=f"{text} ({poll.text()})" if stale else text,  # type: ignore[union-attr]
                              inputs=(InputRef(f"weather:{code}", None, True),))  # fmt: skip
        area = next((s.area_name for s in states if s.area_name), None) or code
        newest = max(s.report_time for s in states)
        inputs = (InputRef(f"weather:{code}", pd.Timestamp(newest), stale),)
        hits = [(e, s) for s in states for e in s.in_force if self.trigger.met_by([replace(s, in_force=(e,))])]
        if not hits:
            text = t("{a}: {w}は発表されていません ({c} 現在)", "{a}: no {w} in force (as of {c})", a=area, w=what, c=clock(newest))
            if stale:
                return Evaluation(unknown=True, text=t("{p}。{e}", "{p}. {e}", p=poll.text(), e=text), inputs=inputs)  # type: ignore[union-attr]
            return Evaluation(text=text, inputs=inputs)
        since = min(pd.Timestamp(e.since or s.report_time) for e, s in hits)
        names = "、".join(dict.fromkeys(e.name or kind_name(e.code) or e.code for e, _ in hits))
        landslide = isinstance(self.trigger, LandslideAlertTrigger) or any(e.code == LANDSLIDE for e, _ in hits)
        text = t("{a}に{n}が{c}から発表中", "{n} in force in {a} since {c}", a=area, n=names, c=clock(since))
        return Evaluation(met=True, since=since, unknown=stale, landslide=landslide, text=text, inputs=inputs)


def weather_label(trigger: WeatherTrigger) -> str:
    """What a weather trigger waits for, in words."""
    if isinstance(trigger, WeatherWarningTrigger):
        return kind_name(trigger.code) or trigger.code
    if isinstance(trigger, WeatherLevelTrigger):
        return t("警戒レベル{n}相当以上の情報", "information of alert level {n} or higher", n=trigger.level)
    return t("土砂災害警戒情報", "landslide alert")


@dataclass(frozen=True)
class IssuedCondition:
    """The city's 避難情報 for ``area`` (``*``: the whole city) at ``level`` or higher."""

    area: str
    level: int

    def evaluate(self, snap: Snapshot) -> Evaluation:
        """The condition at the snapshot's moment (see the module docstring)."""
        row = snap.issued.get(self.area)
        where = area_label(self.area)
        if row is None:
            return Evaluation(text=t("{a}: 避難情報の発令なし", "{a}: no evacuation information issued", a=where))
        inputs = (InputRef(f"issued:{self.area}", row.time, False),)
        text = t(
            "{a}に{i} (警戒レベル{n}) が{c}に発令",
            "{i} (alert level {n}) issued for {a} at {c}",
            a=where,
            i=row.label,
            n=row.level,
            c=clock(row.time),
        )
        return Evaluation(met=row.level >= self.level, since=row.time, text=text, inputs=inputs)


Condition = GaugeCondition | WeatherCondition | IssuedCondition
