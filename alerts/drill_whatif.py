"""What-if changes for a drill: copies of people's plans changed one way, never saved.

=================  ==========================================================================
change             the plan copy
=================  ==========================================================================
earlier trigger    the trigger given (e.g. 氾濫注意水位 instead of 避難判断水位)
another shelter    that shelter, by an L-shaped route from home (north–south, then east–west,
                   the rule the demo plans follow) since no road network is known
car support        a supporter drives them (travel means ``車 (支援者)``: the drill's vehicle speed)
vertical           upstairs at home (floor 2, no route)
=================  ==========================================================================

A person without a plan gets a new one (the model's defaults) with the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from evac_plans.model import Destination, EvacuationPlan, Route, Shelter, Trigger
from evac_plans.repository import PersonRecord
from i18n import t

CAR_SUPPORT = "車 (支援者)"
VERTICAL_FLOOR = 2


@dataclass(frozen=True)
class WhatIf:
    """One change: ``kind`` is ``trigger``, ``shelter``, ``car`` or ``vertical``; ``trigger`` and
    ``shelter`` hold what the first two change to."""

    kind: str
    trigger: Trigger | None = None
    shelter: Shelter | None = None


def changed_plans(
    plans: Mapping[str, EvacuationPlan], records: Iterable[PersonRecord], change: WhatIf
) -> dict[str, EvacuationPlan]:
    """A copy of ``plans`` with the plans of ``records`` changed (table in the module docstring).

    Raises
    ------
    ValueError
        If the change is unknown, lacks its trigger or shelter, or the shelter or a home has no location.
    """
    out = dict(plans)
    for record in records:
        person = record.person
        out[person.id] = _changed(plans.get(person.id) or EvacuationPlan(person.id), (person.home_lon, person.home_lat), change)
    return out


def _changed(plan: EvacuationPlan, home: tuple[float | None, float | None], change: WhatIf) -> EvacuationPlan:
    if change.kind == "trigger" and change.trigger is not None:
        return replace(plan, trigger=change.trigger)
    if change.kind == "car":
        return replace(plan, travel_means=CAR_SUPPORT)
    if change.kind == "vertical":
        return replace(plan, destination=Destination("vertical", floor=VERTICAL_FLOOR), route=None)
    if change.kind == "shelter" and change.shelter is not None:
        s = change.shelter
        if None in (s.lon, s.lat, *home):
            raise ValueError(t("避難所 {s} か自宅の位置がありません", "shelter {s} or the home has no location", s=s.common_id))
        route = Route((home, (home[0], s.lat), (s.lon, s.lat)))  # type: ignore[arg-type]
        return replace(plan, destination=Destination("shelter", shelter_id=s.common_id), route=route)
    raise ValueError(t("もしもの変更は trigger (トリガーつき)、shelter (避難所つき)、car、vertical のどれかです: {c}",
                       "a what-if should be trigger (with a trigger), shelter (with a shelter), car or vertical, got {c}", c=change))  # fmt: skip
