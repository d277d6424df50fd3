"""Can each person stay at home on a floor above the flood (垂直避難 / 屋内安全確保)? Rules in
:mod:`evac_plans.assessment.rules`; the first rule that applies decides, in this order:

=====================================  =======  ===============================
condition                              result   reason code
=====================================  =======  ===============================
house-collapse zone, landslide zone    false    (the home reasons say why)
no hazard data at the home (or no      null     (the home reasons say why)
home location)
inside the data, no flooding           true     ``vertical_not_needed``
flood rank 6 (≥ 20 m)                  false    ``vertical_depth_unbounded``
power-dependent medical care           false    ``vertical_power``
cannot climb (車いす, 寝たきり)          false    ``vertical_cannot_climb``
storeys unknown (sentinel, missing)    null     ``vertical_storeys_unknown``
fewer storeys than the safe floor      false    ``vertical_building_too_low``
mobility unknown                       null     ``vertical_mobility_unknown``
otherwise                              true     ``vertical_ok``
=====================================  =======  ===============================
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evac_plans.assessment.home import HomeHazards
from evac_plans.assessment.rules import REQUIRED_FLOOR


@dataclass(frozen=True)
class Vertical:
    """Per person: ``ok`` 1 feasible / 0 not / -1 unknown, the reason ``code`` ("" none) and the
    lowest safe ``floor`` (0 when none is safe or the home is not flooded)."""

    ok: np.ndarray
    code: np.ndarray
    floor: np.ndarray


def vertical_evacuation(home: HomeHazards, climb: np.ndarray, power: np.ndarray) -> Vertical:
    """Decide vertical evacuation for everyone at once (table in the module docstring)."""
    rank = home.flood_rank.astype(np.int64)
    floor = np.where(rank >= 1, REQUIRED_FLOOR[np.clip(rank, 0, 6)], 0)
    storeys = home.storeys
    zone = home.collapse | (home.landslide_rank >= 1)
    rules = (
        (zone, 0, ""),
        (rank < 0, -1, ""),
        (rank == 0, 1, "vertical_not_needed"),
        (rank >= 6, 0, "vertical_depth_unbounded"),
        (power, 0, "vertical_power"),
        (climb == 0, 0, "vertical_cannot_climb"),
        (np.isnan(storeys), -1, "vertical_storeys_unknown"),
        (np.nan_to_num(storeys, nan=0) < floor, 0, "vertical_building_too_low"),
        (climb < 0, -1, "vertical_mobility_unknown"),
    )
    conditions = [np.asarray(c, dtype=bool) for c, _, _ in rules]
    ok = np.select(conditions, [v for _, v, _ in rules], default=1).astype(np.int8)
    code = np.select(conditions, [c for _, _, c in rules], default="vertical_ok").astype(object)
    return Vertical(ok, code, floor)
