"""How the board names things in reasons: thresholds, gauges, areas, triggers, times (``--lang``)."""

from __future__ import annotations

import pandas as pd

from alerts.times import JST
from evac_plans.model import (
    AlertLevelTrigger,
    GaugeTrigger,
    LandslideAlertTrigger,
    OwnDecisionTrigger,
    Trigger,
    WeatherLevelTrigger,
    WeatherWarningTrigger,
)
from feeds.gauges import Gauge
from i18n import t
from weather.levels import kind_name

THRESHOLD_LABELS: dict[str, tuple[str, str]] = {
    "standby": ("水防団待機水位", "standby level"),
    "caution": ("氾濫注意水位", "flood caution level"),
    "evacuation": ("避難判断水位", "evacuation decision level"),
    "danger": ("氾濫危険水位", "flood danger level"),
    "flooding": ("氾濫発生水位", "flooding level"),
    "observing": ("観測開始水位", "observation start level"),
}
"""Threshold field of :class:`feeds.gauges.Thresholds` → name (ja, en) on four-threshold gauges."""
THREE_SCHEME_LABELS: dict[str, tuple[str, str]] = {
    "danger": ("危険水位", "danger level"),
    "flooding": ("氾濫開始水位", "flooding start level"),
}
"""Names that differ on 危機管理型水位計 (three thresholds)."""


def threshold_label(name: str, scheme: str = "four") -> str:
    """The name of a threshold (避難判断水位 …) in the user's language."""
    pair = THREE_SCHEME_LABELS.get(name) if scheme == "three" else None
    return t(*(pair or THRESHOLD_LABELS.get(name, (name, name))))


def gauge_label(gauge_id: str, gauge: Gauge | None) -> str:
    """``湯田（デモ） (DEMO001)``, or the id alone when the gauge has no name."""
    return f"{gauge.name} ({gauge_id})" if gauge is not None and gauge.name else gauge_id


def area_label(area: str) -> str:
    """An issued-levels area, ``*`` read as the whole city."""
    return t("市内全域", "the whole city") if area == "*" else area


def clock(time: pd.Timestamp) -> str:
    """``06/02 17:20`` in JST: short enough for a list, with the date since floods last days."""
    return pd.Timestamp(time).tz_convert(JST).strftime("%m/%d %H:%M")


def trigger_label(trigger: Trigger | None, gauges: dict[str, Gauge]) -> str:
    """What a plan's trigger is, in words; None is a person without a plan (the default applies)."""
    if trigger is None:
        return t("計画なし (既定: 警戒レベル3)", "no plan (default: alert level 3)")
    if isinstance(trigger, AlertLevelTrigger):
        return t("警戒レベル{n}", "alert level {n}", n=trigger.level)
    if isinstance(trigger, GaugeTrigger):
        gauge = gauges.get(trigger.gauge_id)
        return t(
            "{g}の{th}",
            "{th} at {g}",
            g=gauge_label(trigger.gauge_id, gauge),
            th=threshold_label(trigger.threshold, gauge.scheme if gauge else "four"),
        )
    if isinstance(trigger, LandslideAlertTrigger):
        return t("土砂災害警戒情報", "landslide alert (土砂災害警戒情報)")
    if isinstance(trigger, WeatherWarningTrigger):
        return kind_name(trigger.code) or trigger.code
    if isinstance(trigger, WeatherLevelTrigger):
        return t("気象情報の警戒レベル{n}相当", "weather alert level {n} equivalent", n=trigger.level)
    if isinstance(trigger, OwnDecisionTrigger):
        return t("本人・家族の判断", "the person's own decision")
    return trigger.kind
