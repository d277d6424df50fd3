"""Legends as plain data (no Qt): which scenario a layer shows and what each colour means.

The app draws these; prints and the 3D view use the same entries, so every view of a
hazard layer tells the same story. Labels come in both languages; :meth:`Legend.title`
picks the current one.
"""

from __future__ import annotations

from dataclasses import dataclass

from hazards.model import SourceInfo
from hazards.naming import HazardKind, Scenario
from hazards.ranks import DEPTH_RANKS, DETAILED_DEPTH_BANDS, DURATION_RANKS, LANDSLIDE_COLOURS, LANDSLIDE_ZONES, RGB
from i18n import t

SCENARIO_LABELS: dict[Scenario, tuple[str, str]] = {
    "L1": ("計画規模 (L1)", "planned scale (L1)"),
    "L2": ("想定最大規模 (L2)", "maximum assumed (L2)"),
}
KIND_LABELS: dict[HazardKind, tuple[str, str]] = {
    "river_flood": ("洪水浸水想定区域", "river flood"),
    "inland_flood": ("内水浸水想定区域", "inland (pluvial) flood"),
    "high_tide": ("高潮浸水想定区域", "storm surge"),
    "tsunami": ("津波浸水想定", "tsunami"),
    "reservoir_flood": ("ため池浸水想定区域", "reservoir flood"),
    "landslide": ("土砂災害警戒区域", "landslide zones"),
    "house_collapse": ("家屋倒壊等氾濫想定区域", "house-collapse zone"),
}
_PHENOMENON_LABELS = {"debris_flow": ("土石流", "debris flow"), "steep_slope": ("急傾斜地の崩壊", "steep slope failure")}


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: the rank it stands for, its colour (None where no standard colour is set) and labels."""

    rank: int
    colour: RGB | None
    label_ja: str
    label_en: str

    @property
    def label(self) -> str:
        """The label in the current language."""
        return t(self.label_ja, self.label_en)


@dataclass(frozen=True)
class Legend:
    """A layer's legend: its kind, the scenario it shows (None when unknown) and its rows."""

    kind: HazardKind
    scenario: Scenario | None
    entries: tuple[LegendEntry, ...]

    def title(self) -> str:
        """e.g. 「洪水浸水想定区域 想定最大規模 (L2)」 / "river flood, maximum assumed (L2)"; the scenario is
        said to be unknown when it is."""
        kind = t(*KIND_LABELS[self.kind])
        scenario = t(*SCENARIO_LABELS[self.scenario]) if self.scenario else t("規模不明", "scenario unknown")
        return t("{k} {s}", "{k}, {s}", k=kind, s=scenario)


def depth_legend(kind: HazardKind = "river_flood", scenario: Scenario | None = None, detailed: bool = False) -> Legend:
    """The depth legend: the six standard ranks, or the detailed 8-band variant.

    Examples
    --------
    >>> [e.rank for e in depth_legend(detailed=True).entries]
    [1, 1, 2, 2, 3, 4, 5, 6]
    """
    bands = DETAILED_DEPTH_BANDS if detailed else DEPTH_RANKS
    return Legend(kind, scenario, tuple(LegendEntry(b.rank, b.colour, b.label_ja, b.label_en) for b in bands))


def landslide_legend() -> Legend:
    """土砂災害警戒区域: one row per phenomenon with a standard colour and zone (警戒, 特別警戒).

    Examples
    --------
    >>> [(e.rank, e.colour) for e in landslide_legend().entries][:2]
    [(1, (230, 200, 50)), (2, (165, 0, 33))]
    """
    zones = dict((rank, (ja, en)) for rank, ja, en in LANDSLIDE_ZONES)
    entries = tuple(
        LegendEntry(rank, colour, f"{_PHENOMENON_LABELS[p][0]} {zones[rank][0]}", f"{_PHENOMENON_LABELS[p][1]}, {zones[rank][1]}")
        for (p, rank), colour in LANDSLIDE_COLOURS.items()
    )
    return Legend("landslide", None, entries)


def duration_legend(scenario: Scenario | None = "L2") -> Legend:
    """浸水継続時間 ranks 1–7 (no standard colours are set)."""
    return Legend("river_flood", scenario, tuple(LegendEntry(b.rank, None, b.label_ja, b.label_en) for b in DURATION_RANKS))


def legend_for(info: SourceInfo, detailed: bool = False) -> Legend:
    """The legend of a source: landslide zones, house-collapse zone, duration or depth.

    Examples
    --------
    >>> from hazards.model import SourceInfo
    >>> legend_for(SourceInfo("river_flood", "L1", "depth", "x", (0, 0, 1, 1))).scenario
    'L1'
    """
    if info.kind == "landslide":
        return landslide_legend()
    if info.measure == "duration":
        return duration_legend(info.scenario)
    if info.measure == "zone":
        return Legend(info.kind, info.scenario, (LegendEntry(1, None, *KIND_LABELS[info.kind]),))
    return depth_legend(info.kind, info.scenario, detailed)
