"""Is a shelter suitable for the hazards at a person's home, and which nearby ones are?

A 指定緊急避難場所 is designated per hazard (GSI flags 洪水, 崖崩れ、土石流及び地滑り, 高潮, 津波,
内水氾濫 …); it suits a person when it is designated for every hazard at the home. 備考 may
restrict a hazard to upper floors (「洪水」では2階以上に避難): then it suits only someone who can
climb (:data:`~evac_plans.assessment.rules.CAN_CLIMB`; unknown mobility is not ruled out).
A 指定避難所 carries no hazard flags: it suits a home with no known hazard, and a 福祉避難所
(welfare shelter) is never ruled out by its flags, since people are referred there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pyproj import Geod

from evac_plans.model import Shelter

HAZARD_FLAG: dict[str, str] = {
    "river_flood": "flood",
    "reservoir_flood": "flood",
    "house_collapse": "flood",
    "inland_flood": "inland_flood",
    "high_tide": "high_tide",
    "tsunami": "tsunami",
    "landslide": "landslide",
}
"""Hazard kind (:mod:`hazards.naming`) → the GSI flag a shelter needs for it."""

GEOD = Geod(ellps="GRS80")


@dataclass(frozen=True)
class ShelterIssue:
    """Why a shelter does not suit: ``code`` ("not_designated" | "upper_floor"), the GSI hazard flag,
    and the lowest usable floor for ``upper_floor``."""

    code: str
    hazard: str
    floor: int | None = None


def needed_flags(kinds: Iterable[str]) -> set[str]:
    """The GSI flags a shelter needs for the hazard kinds at a home."""
    return {HAZARD_FLAG[k] for k in kinds if k in HAZARD_FLAG}


def shelter_issues(shelter: Shelter, flags: set[str], can_climb: int) -> list[ShelterIssue]:
    """What makes ``shelter`` unsuitable for hazards ``flags`` and a person who can climb
    (1), cannot (0) or is unknown (-1); empty when it suits."""
    issues = []
    for flag in sorted(flags):
        if shelter.kind == "emergency" and flag not in shelter.hazards and not shelter.welfare:
            issues.append(ShelterIssue("not_designated", flag))
        floor = shelter.upper_floor_only.get(flag)
        if floor is not None and floor >= 2 and can_climb == 0:
            issues.append(ShelterIssue("upper_floor", flag, floor))
    if flags and shelter.kind != "emergency" and not shelter.welfare:
        issues.append(ShelterIssue("not_designated", sorted(flags)[0]))
    return issues


def suggest_shelters(
    lon: float, lat: float, flags: set[str], can_climb: int, shelters: Sequence[Shelter], limit: int = 3
) -> list[tuple[Shelter, float]]:
    """The nearest suitable shelters to a home, with their straight-line distance in metres.

    Parameters
    ----------
    lon, lat : float
        The home (JGD2011 degrees).
    flags : set of str
        GSI flags the home's hazards need (:func:`needed_flags`).
    can_climb : int
        1 can climb stairs, 0 cannot, -1 unknown.
    shelters : sequence of Shelter
        Candidates; those without a point are skipped.
    limit : int
        How many to return at most.

    Returns
    -------
    list of (Shelter, float)
        Nearest first.
    """
    located = [s for s in shelters if s.lon is not None and s.lat is not None and not shelter_issues(s, flags, can_climb)]
    if not located:
        return []
    _, _, dist = GEOD.inv([lon] * len(located), [lat] * len(located), [s.lon for s in located], [s.lat for s in located])
    ranked = sorted(zip(located, (float(d) for d in dist)), key=lambda pair: pair[1])
    return ranked[:limit]
