"""Disaster-risk vocabulary of every i-UR version, as tables (no version if-chains).

One :class:`RiskClass` names the same hazard in each generation of the spec:

=================  ==========================================  ===============================
kind               i-UR ≤ 3.0 (Building… / WaterBody…)          i-UR 3.1+ (buildings and water)
=================  ==========================================  ===============================
river_flood        BuildingRiverFloodingRiskAttribute          RiverFloodingRiskAttribute
inland_flood       BuildingInlandFloodingRiskAttribute         InlandFloodingRiskAttribute
high_tide          BuildingHighTideRiskAttribute               HighTideRiskAttribute
tsunami            BuildingTsunamiRiskAttribute                TsunamiRiskAttribute
reservoir_flood    BuildingReservoirFloodingRiskAttribute      ReservoirFloodingRiskAttribute
landslide          BuildingLandSlideRiskAttribute              LandSlideRiskAttribute
=================  ==========================================  ===============================

The property holding an entry changed too (``uro:buildingDisasterRiskAttribute`` ≤ 3.0,
``uro:bldgDisasterRiskAttribute`` 3.1+, ``uro:floodingRiskAttribute`` on water bodies); the
parser recognises an entry by its class element, whichever property wraps it.

FY2020 data (i-UR 1.4) has no risk classes: it writes ``gen:genericAttributeSet`` named after
the hazard ("…洪水浸水想定区域（想定最大規模）", "土砂災害警戒区域") with Japanese attribute names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

FLOOD_KINDS: tuple[str, ...] = ("river_flood", "inland_flood", "high_tide", "tsunami", "reservoir_flood")
#: Every risk kind, in the order of the ``plateau-summary`` ``risks`` object.
KINDS: tuple[str, ...] = FLOOD_KINDS + ("landslide",)


@dataclass(frozen=True)
class RiskClass:
    """The element names one hazard has carried across i-UR versions."""

    kind: str
    current: str
    building_old: str
    water_old: str | None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.current, self.building_old, self.water_old) if n)


RISK_CLASSES: tuple[RiskClass, ...] = (
    RiskClass("river_flood", "RiverFloodingRiskAttribute", "BuildingRiverFloodingRiskAttribute", "WaterBodyRiverFloodingRiskAttribute"),
    RiskClass("inland_flood", "InlandFloodingRiskAttribute", "BuildingInlandFloodingRiskAttribute", "WaterBodyInlandFloodingRiskAttribute"),
    RiskClass("high_tide", "HighTideRiskAttribute", "BuildingHighTideRiskAttribute", "WaterBodyHighTideRiskAttribute"),
    RiskClass("tsunami", "TsunamiRiskAttribute", "BuildingTsunamiRiskAttribute", "WaterBodyTsunamiRiskAttribute"),
    RiskClass("reservoir_flood", "ReservoirFloodingRiskAttribute", "BuildingReservoirFloodingRiskAttribute", "WaterBodyReservoirFloodingRiskAttribute"),
    RiskClass("landslide", "LandSlideRiskAttribute", "BuildingLandSlideRiskAttribute", None),
)

#: Local element name of a risk entry → kind.
KIND_BY_CLASS: Mapping[str, str] = {name: rc.kind for rc in RISK_CLASSES for name in rc.names}

#: Child element of a risk entry → column of the risk table (:data:`plateau_import.records.RISK_COLUMNS`).
#: ``code`` fields carry a codeSpace (columns ``<field>_code``/``<field>_space``) and are resolved
#: through a codelist afterwards; ``str`` fields are kept as written.
RISK_FIELDS: Mapping[str, tuple[str, str]] = {
    "description": ("description", "code"),
    "rank": ("rank", "int"),
    "rankOrg": ("rank_org", "int"),
    "depth": ("depth_m", "float"),
    "duration": ("duration_h", "float"),
    "adminType": ("admin", "code"),
    "scale": ("scale", "code"),
    "areaType": ("area_type", "str"),
}

#: FY2020 generic attribute set name fragment → kind; the first fragment found wins.
GENERIC_SET_KINDS: tuple[tuple[str, str], ...] = (
    ("土砂災害", "landslide"),
    ("内水", "inland_flood"),
    ("高潮", "high_tide"),
    ("津波", "tsunami"),
    ("ため池", "reservoir_flood"),
    ("洪水", "river_flood"),
)

#: FY2020 generic attribute name → field of a risk entry.
GENERIC_FIELDS: Mapping[str, tuple[str, str]] = {
    "浸水ランク": ("rank", "int"),
    "浸水深": ("depth_m", "float"),
    "継続時間": ("duration_h", "float"),
    "規模": ("scale", "code"),
    "区域区分": ("area_type", "str"),
    "現象区分": ("description", "code"),
}

#: FY2020 generic set name fragment → scale, when the set has no ``規模`` attribute.
SCALE_BY_SET_NAME: tuple[tuple[str, str], ...] = (("想定最大規模", "L2"), ("計画規模", "L1"))

#: The standard i-UR ``*_scale`` codelist (identical in every version), used when a file's
#: codelist is missing; the missing codelist is still reported.
STANDARD_SCALE_CODES: Mapping[str, str] = {"1": "L1", "2": "L2"}

#: Landslide area type (i-UR ``LandSlideRiskAttribute_areaType`` 1–4, urf
#: ``SedimentDisasterProneArea_areaType`` 1–2, FY2020 ``区域区分``) → rank:
#: 1 = 土砂災害警戒区域, 2 = 土砂災害特別警戒区域 (designated or not yet designated).
LANDSLIDE_RANK_BY_AREA_TYPE: Mapping[str, int] = {"1": 1, "2": 2, "3": 1, "4": 2}

#: FY2020 ``現象区分`` codes (no codelist exists for generic attributes).
LANDSLIDE_PHENOMENA: Mapping[str, str] = {"1": "急傾斜地の崩壊", "2": "土石流", "3": "地すべり"}

#: Sentinel values PLATEAU writes for "unknown".
SENTINELS: frozenset[float] = frozenset({-9999.0, 9999.0})


def generic_set_kind(name: str | None) -> str | None:
    """The risk kind a FY2020 ``gen:genericAttributeSet`` name describes, or None.

    Examples
    --------
    >>> generic_set_kind("多摩水系多摩川、浅川、大栗川洪水浸水想定区域（想定最大規模）")
    'river_flood'
    >>> generic_set_kind("土砂災害警戒区域")
    'landslide'
    >>> generic_set_kind("建物詳細") is None
    True
    """
    if not name:
        return None
    return next((kind for fragment, kind in GENERIC_SET_KINDS if fragment in name), None)


def scale_from_set_name(name: str) -> str | None:
    """``L1``/``L2`` from a FY2020 set name ("…（想定最大規模）" → L2), or None."""
    return next((scale for fragment, scale in SCALE_BY_SET_NAME if fragment in name), None)
