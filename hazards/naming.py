"""What a hazard source shows, read from its names and texts: kind, scenario and measure.

Tile sets and vector files carry little metadata; their names do. Two naming schemes are
known, plus plain Japanese words:

* 国土数値情報 dataset codes, e.g. ``A31b-20-23_10_5131``: ``A31``/``A31a``/``A31b`` river
  flood with the theme number after the first hyphen (10 計画規模 depth → L1, 20 想定最大規模
  depth → L2, 30 浸水継続時間, 40–42 家屋倒壊等氾濫想定区域), ``A33`` 土砂災害警戒区域,
  ``A40`` 津波浸水想定, ``A49`` 高潮浸水想定区域.
* 重ねるハザードマップ tile layer names, e.g. ``01_flood_l2_shinsuishin_data``.
* Words: 想定最大 → L2, 計画規模 → L1, 津波, 高潮, 内水, 土砂 / 土石流 / 急傾斜 / 地すべり,
  家屋倒壊, 継続時間, ため池.

The first scheme that names a thing wins; a source whose names say nothing stays unknown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

HazardKind = Literal["river_flood", "inland_flood", "high_tide", "tsunami", "reservoir_flood", "landslide", "house_collapse"]
Scenario = Literal["L1", "L2"]
Measure = Literal["depth", "zone", "duration"]
"""``depth``: depth ranks 1–6; ``zone``: inside a designated zone (landslide 1 警戒 / 2 特別警戒,
house-collapse 1); ``duration``: flood-duration ranks 1–7."""

HAZARD_KINDS: tuple[HazardKind, ...] = (
    "river_flood", "inland_flood", "high_tide", "tsunami", "reservoir_flood", "landslide", "house_collapse",
)  # fmt: skip


@dataclass(frozen=True)
class Identity:
    """What names say about a source; None where they say nothing."""

    kind: HazardKind | None = None
    scenario: Scenario | None = None
    measure: Measure | None = None

    def merged(self, other: Identity) -> Identity:
        """This identity with its unknown parts taken from ``other``."""
        return Identity(self.kind or other.kind, self.scenario or other.scenario, self.measure or other.measure)


_KSJ_FLOOD_THEMES: dict[str, Identity] = {
    "10": Identity("river_flood", "L1", "depth"),
    "20": Identity("river_flood", "L2", "depth"),
    "30": Identity("river_flood", "L2", "duration"),
    "40": Identity("house_collapse", "L2", "zone"),
    "41": Identity("house_collapse", "L2", "zone"),
    "42": Identity("house_collapse", "L2", "zone"),
}
_KSJ_FLOOD = re.compile(r"(?<![A-Za-z0-9])A31[ab]?-(\d{2})-", re.IGNORECASE)
_KSJ_OTHER: tuple[tuple[re.Pattern[str], Identity], ...] = (
    (re.compile(r"(?<![A-Za-z0-9])A33[-_]", re.IGNORECASE), Identity("landslide", None, "zone")),
    (re.compile(r"(?<![A-Za-z0-9])A40[-_]", re.IGNORECASE), Identity("tsunami", "L2", "depth")),
    (re.compile(r"(?<![A-Za-z0-9])A49[-_]", re.IGNORECASE), Identity("high_tide", "L2", "depth")),
)
_GSI_LAYERS: tuple[tuple[re.Pattern[str], Identity], ...] = (
    (re.compile(r"flood_l1"), Identity("river_flood", "L1", "depth")),
    (re.compile(r"flood_l2_keizoku"), Identity("river_flood", "L2", "duration")),
    (re.compile(r"flood_l2_kaokutoukai"), Identity("house_collapse", "L2", "zone")),
    (re.compile(r"flood_l2"), Identity("river_flood", "L2", "depth")),
    (re.compile(r"naisui"), Identity("inland_flood", None, "depth")),
    (re.compile(r"hightide"), Identity("high_tide", "L2", "depth")),
    (re.compile(r"tsunami"), Identity("tsunami", "L2", "depth")),
    (re.compile(r"dosekiryu|kyukeisha|jisuberi|dosha"), Identity("landslide", None, "zone")),
)
_WORDS: tuple[tuple[str, Identity], ...] = (
    ("想定最大", Identity(scenario="L2")),
    ("計画規模", Identity(scenario="L1")),
    ("家屋倒壊", Identity("house_collapse", "L2", "zone")),
    ("継続時間", Identity("river_flood", None, "duration")),
    ("津波", Identity("tsunami", None, "depth")),
    ("高潮", Identity("high_tide", None, "depth")),
    ("内水", Identity("inland_flood", None, "depth")),
    ("ため池", Identity("reservoir_flood", None, "depth")),
    ("土砂", Identity("landslide", None, "zone")),
    ("土石流", Identity("landslide", None, "zone")),
    ("急傾斜", Identity("landslide", None, "zone")),
    ("地すべり", Identity("landslide", None, "zone")),
    ("洪水", Identity("river_flood", None, "depth")),
)


def identify(texts: Iterable[str]) -> Identity:
    """What the given names and texts say about a hazard source.

    Parameters
    ----------
    texts : iterable of str
        Path parts, file names, titles, tag values; earlier texts are read first.

    Returns
    -------
    Identity
        Kind, scenario and measure, each None where no text names it.

    Examples
    --------
    >>> identify(["ksjShinsui2023max", "A31b-20-23_10_5131"])
    Identity(kind='river_flood', scenario='L2', measure='depth')
    >>> identify(["01_flood_l1_shinsuishin_newlegend_data"]).scenario
    'L1'
    >>> identify(["浸水深ランク 想定最大規模 (L2)"])
    Identity(kind=None, scenario='L2', measure=None)
    """
    joined = unicodedata.normalize("NFKC", " ".join(t for t in texts if t))
    found = Identity()
    theme = _KSJ_FLOOD.search(joined)
    if theme and theme.group(1) in _KSJ_FLOOD_THEMES:
        found = found.merged(_KSJ_FLOOD_THEMES[theme.group(1)])
    for table in (_KSJ_OTHER, _GSI_LAYERS):
        for pattern, identity in table:
            if pattern.search(joined.lower() if table is _GSI_LAYERS else joined):
                found = found.merged(identity)
                break
    for word, identity in _WORDS:
        if word in joined:
            found = found.merged(identity)
    explicit = re.search(r"(?<![A-Za-z0-9])(L[12])(?![0-9])", joined)
    if found.scenario is None and explicit:
        found = found.merged(Identity(scenario=explicit.group(1)))  # type: ignore[arg-type]
    return found
