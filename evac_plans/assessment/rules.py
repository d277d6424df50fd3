"""The numbers and tables the automatic assessment uses, in one place to read and to cite.

Vertical evacuation (垂直避難)
    A flood depth rank stands for a band of depths (:data:`hazards.ranks.DEPTH_RANKS`); the
    assessment takes the band's **upper bound** (conservative: 0.5 m for rank 1, 3 m for rank 2,
    5 m for rank 3, 10 m for rank 4, 20 m for rank 5; rank 6, "20 m or more", has no bound and
    no floor is safe). Each storey is :data:`FLOOR_HEIGHT_M` high, so floor *k*'s floor level is
    (k − 1) × 3 m above the ground; the lowest safe floor is the lowest whose floor level is at
    or above the depth: rank 1 and 2 → floor 2, rank 3 → floor 3, rank 4 → floor 5, rank 5 →
    floor 8. Staying is feasible only if the building has that floor (PLATEAU sentinels such as
    9999 storeys count as unknown, never as a real storey count) and the person can climb to it.

Mobility (移動)
    :data:`WALK_SPEED_MPS` gives the walking speeds used for walking time. 寝たきり cannot walk
    (needs a vehicle). Climbing stairs: 独歩, 杖 and 歩行器 (with help) can; 車いす and 寝たきり
    cannot — the model keeps no elevator data, so none is assumed.

Priority (優先度) = hazard at home × mobility × living alone
    ``need`` = mobility level (独歩 0; 杖, 歩行器 or unknown 1; 車いす, 寝たきり 2) + 1 when the
    household says 独居 (日中独居 included). :data:`PRIORITY_TABLE` gives the priority per hazard
    level and need; power-dependent medical care (人工呼吸器, 在宅酸素, 吸引, 経管栄養) is always
    ``high``. Hazard levels: ``severe`` — house-collapse zone (家屋倒壊等氾濫想定区域), 土砂災害特別警戒
    区域, flood rank ≥ 3 (the 2nd floor floods), or rank 2 where staying on an upper floor is not
    feasible; ``moderate`` — flood rank 1–2, 土砂災害警戒区域, or no hazard data at the home
    (unknown is never taken as safe); ``none`` — inside the data with no hazard.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from hazards.model import depth_band

FLOOR_HEIGHT_M = 3.0
"""Height of one storey, floor to floor (m)."""

WALK_SPEED_MPS: dict[str, float | None] = {"独歩": 1.0, "杖": 0.8, "歩行器": 0.6, "車いす": 0.5, "寝たきり": None}
"""Walking speed (m/s) by mobility; 車いす is pushed by a helper; None: cannot walk (needs a vehicle)."""

CAN_CLIMB: dict[str, bool] = {"独歩": True, "杖": True, "歩行器": True, "車いす": False, "寝たきり": False}
"""Whether someone can climb stairs to an upper floor (with help), by mobility."""

MOBILITY_LEVEL: dict[str, int] = {"独歩": 0, "杖": 1, "歩行器": 1, "車いす": 2, "寝たきり": 2}
"""Mobility's share of ``need`` in the priority table; an unknown mobility counts 1."""
UNKNOWN_MOBILITY_LEVEL = 1

ALONE_WORD = "独居"
"""A household whose text contains this word lives alone (独居, 家族と同居（日中独居）)."""

HAZARD_LEVELS = ("none", "moderate", "severe")
PRIORITIES = ("low", "medium", "high")
PRIORITY_TABLE: dict[str, tuple[str, str, str, str]] = {
    "none": ("low", "low", "low", "low"),
    "moderate": ("low", "medium", "medium", "high"),
    "severe": ("medium", "high", "high", "high"),
}
"""Priority by hazard level and ``need`` 0, 1, 2, 3 (mobility level + living alone)."""

LONG_DURATION_RANK = 3
"""Flood-duration rank from which staying is named as a risk (rank 3: one to three days)."""

SENTINEL_STOREYS = 9999
"""PLATEAU's "unknown" storey count; any count at or above it is unknown."""


def required_floor(rank: int) -> int | None:
    """The lowest floor above the flood of depth ``rank`` (None: no floor is safe; 1 when dry).

    Examples
    --------
    >>> [required_floor(r) for r in range(7)]
    [1, 2, 2, 3, 5, 8, None]
    """
    band = depth_band(rank)
    if band is None or band[1] is None:
        return None
    upper = band[1]
    return 1 if upper == 0 else math.ceil(upper / FLOOR_HEIGHT_M) + 1


REQUIRED_FLOOR = np.array([required_floor(r) or 0 for r in range(7)], dtype=np.int64)
"""``required_floor`` by rank 0–6 as an array; 0 stands for "none is safe" (rank 6)."""


def clean_storeys(values: object) -> np.ndarray:
    """Storey counts as floats with NaN for missing, non-positive or sentinel (≥ 9999) values.

    Examples
    --------
    >>> clean_storeys([2, None, 9999, 0, 12]).tolist()
    [2.0, nan, nan, nan, 12.0]
    """
    raw = pd.to_numeric(pd.Series(np.asarray(values, dtype=object).ravel()), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.where((raw > 0) & (raw < SENTINEL_STOREYS), raw, np.nan)


def mobility_level(mobility: np.ndarray) -> np.ndarray:
    """The mobility level of each person (:data:`MOBILITY_LEVEL`, unknown → 1)."""
    return np.array([MOBILITY_LEVEL.get(m, UNKNOWN_MOBILITY_LEVEL) for m in mobility], dtype=np.int64)


def climb_code(mobility: np.ndarray) -> np.ndarray:
    """1 can climb, 0 cannot, -1 unknown mobility."""
    return np.array([int(CAN_CLIMB[m]) if m in CAN_CLIMB else -1 for m in mobility], dtype=np.int8)


def walk_speed(mobility: np.ndarray) -> np.ndarray:
    """Walking speed (m/s) of each person; NaN when they cannot walk or mobility is unknown."""
    return np.array([WALK_SPEED_MPS.get(m) or np.nan for m in mobility], dtype=float)


def priority(level: np.ndarray, need: np.ndarray, power: np.ndarray) -> np.ndarray:
    """The priority of each person.

    Parameters
    ----------
    level : numpy.ndarray
        Hazard level index into :data:`HAZARD_LEVELS` (0 none, 1 moderate, 2 severe).
    need : numpy.ndarray
        Mobility level plus 1 when living alone (clipped to 0–3).
    power : numpy.ndarray
        True where medical care depends on electricity (always ``high``).

    Returns
    -------
    numpy.ndarray
        ``"low"``, ``"medium"`` or ``"high"`` per person (object array).
    """
    table = np.array([PRIORITY_TABLE[h] for h in HAZARD_LEVELS], dtype=object)
    out = table[np.asarray(level, dtype=np.int64), np.clip(np.asarray(need, dtype=np.int64), 0, 3)]
    return np.where(np.asarray(power, dtype=bool), "high", out).astype(object)
