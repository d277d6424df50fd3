"""The plans data model (個別避難計画): plain dataclasses, no Qt, no database.

People carry the roster items of 災害対策基本法 49条の10 (氏名, 生年月日, 性別, 住所, 連絡先,
避難支援等を必要とする事由); plans add those of 49条の14 (supporters' name, address and contact,
the destination and route). Consent is kept per purpose (49条の11: roster sharing, plan
creation, plan sharing are separate decisions). Coded values use the Japanese terms municipal
staff type (要介護3, 車いす, 伝達 …); the tuples below list the accepted ones.

Coordinates are (longitude, latitude) in JGD2011 degrees, longitude first.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, ClassVar, Literal

import shapely
from shapely.geometry import LineString

from weather.levels import LANDSLIDE
from weather.states import WarningEntry, WarningState

SEXES = ("男", "女", "その他", "不明")
CARE_LEVELS = ("なし", "要支援1", "要支援2", "要介護1", "要介護2", "要介護3", "要介護4", "要介護5")
"""要介護度 in increasing order of need ("なし" = not certified)."""
MOBILITY = ("独歩", "杖", "歩行器", "車いす", "寝たきり")
"""Mobility in increasing order of help needed."""
MEDICAL_CARE = ("人工呼吸器", "在宅酸素", "吸引", "経管栄養", "透析", "インスリン", "ストーマ")
POWER_DEPENDENT = frozenset({"人工呼吸器", "在宅酸素", "吸引", "経管栄養"})
"""Medical care that needs electricity at home (a power cut makes evacuation urgent)."""
SUPPORT_ROLES = ("伝達", "誘導", "安否確認", "搬送")
PURPOSES = ("roster_sharing", "plan_creation", "plan_sharing")
"""Consent purposes: 名簿情報の提供, 個別避難計画の作成, 計画情報の提供."""
CONSENT_STATUSES = ("given", "refused", "presumed_by_ordinance", "unknown")
DESTINATION_KINDS = ("shelter", "relative_home", "vertical", "welfare_shelter")
"""指定避難所等 (by GSI 共通ID), 親戚・知人宅, 垂直避難 (a floor at home), 福祉避難所."""

Purpose = Literal["roster_sharing", "plan_creation", "plan_sharing"]
ConsentStatus = Literal["given", "refused", "presumed_by_ordinance", "unknown"]


def new_id() -> str:
    """A fresh random id for a person, supporter or plan (never derived from personal data)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Person:
    """A resident on the roster of people needing evacuation support (避難行動要支援者).

    ``external_id`` is the city's own number (住民ID / 宛名番号), used to match roster
    updates; ``id`` is ours. The home is a point (``home_lon``, ``home_lat``) and/or a
    PLATEAU building id; either may be missing.
    """

    name: str
    kana: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: str = ""
    phone: str = ""
    reason: str = ""
    external_id: str = ""
    household: str = ""
    area: str = ""
    welfare_district: str = ""
    home_lon: float | None = None
    home_lat: float | None = None
    building_id: str = ""
    id: str = field(default_factory=new_id)

    def age(self, on: date) -> int | None:
        """Age in whole years on ``on`` (None without a birth date)."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


@dataclass(frozen=True)
class Disability:
    """One disability certificate or condition: 身体障害者手帳 1級 (下肢), 療育手帳 A …"""

    kind: str
    grade: str = ""
    note: str = ""


@dataclass(frozen=True)
class CareProfile:
    """What help a person needs: care level, disabilities, mobility, medical care, communication."""

    person_id: str
    care_level: str = ""
    disabilities: tuple[Disability, ...] = ()
    mobility: str = ""
    medical_care: tuple[str, ...] = ()
    battery_hours: float | None = None
    medication: str = ""
    communication: str = ""

    @property
    def power_dependent(self) -> bool:
        """True when some of the person's medical care needs electricity (:data:`POWER_DEPENDENT`)."""
        return any(c in POWER_DEPENDENT for c in self.medical_care)


@dataclass(frozen=True)
class Consent:
    """A person's decision for one purpose, with its date and who signed (本人, 家族 …)."""

    person_id: str
    purpose: Purpose
    status: ConsentStatus = "unknown"
    date: date | None = None
    signer: str = ""


@dataclass(frozen=True)
class Supporter:
    """A supporter (避難支援等実施者): a neighbour, 民生委員, relative, care office …"""

    name: str
    address: str = ""
    phone: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class SupportLink:
    """A supporter's roles for one person (:data:`SUPPORT_ROLES`)."""

    person_id: str
    supporter_id: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shelter:
    """A designated shelter, keyed on the GSI 共通ID (never on the NO column, which changes).

    ``hazards`` are the hazards it is designated for (flood, landslide …; empty for a
    指定避難所); ``upper_floor_only`` the lowest usable floor per hazard from 備考.
    """

    common_id: str
    name: str
    address: str = ""
    kind: str = "emergency"
    hazards: frozenset[str] = frozenset()
    upper_floor_only: dict[str, int] = field(default_factory=dict)
    capacity: int | None = None
    welfare: bool = False
    lon: float | None = None
    lat: float | None = None


@dataclass(frozen=True)
class Destination:
    """Where the person goes: a shelter by 共通ID, a relative's home, a floor at home, a 福祉避難所.

    ``shelter_id`` for ``shelter`` and ``welfare_shelter``; ``floor`` for ``vertical``;
    ``address`` (and optionally a point) for ``relative_home``.
    """

    kind: str
    shelter_id: str = ""
    floor: int | None = None
    address: str = ""
    lon: float | None = None
    lat: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Route:
    """An evacuation route as (lon, lat) vertices, at least two."""

    coordinates: tuple[tuple[float, float], ...]

    @property
    def wkt(self) -> str:
        """The route as WKT ``LINESTRING (lon lat, ...)``."""
        return LineString(self.coordinates).wkt

    @classmethod
    def from_wkt(cls, text: str) -> Route:
        """Parse a WKT LineString.

        Raises
        ------
        ValueError
            If the text is not a LineString with at least two vertices.
        """
        geometry = shapely.from_wkt(text)
        if not isinstance(geometry, LineString) or len(geometry.coords) < 2:
            raise ValueError(f"route should be a WKT LINESTRING with two or more vertices, got {geometry.geom_type}")
        return cls(tuple((float(x), float(y)) for x, y, *_ in geometry.coords))


@dataclass(frozen=True)
class Trigger:
    """When to start evacuating. Subclasses name a ``kind``; :data:`TRIGGER_KINDS` maps kinds to classes.

    A new kind (e.g. 土砂災害警戒情報 or 大雨警報 from JMA) is one more subclass registered with
    :func:`trigger_kind`; stored plans keep their kind and fields as JSON.
    """

    kind: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"kind": ..., <fields>}``."""
        return {"kind": self.kind, **asdict(self)}


TRIGGER_KINDS: dict[str, type[Trigger]] = {}


def trigger_kind(cls: type[Trigger]) -> type[Trigger]:
    """Class decorator registering a :class:`Trigger` subclass under its ``kind``."""
    TRIGGER_KINDS[cls.kind] = cls
    return cls


@trigger_kind
@dataclass(frozen=True)
class AlertLevelTrigger(Trigger):
    """警戒レベル n (3 = 高齢者等避難, the usual start for people needing support)."""

    kind: ClassVar[str] = "alert_level"
    level: int = 3


@trigger_kind
@dataclass(frozen=True)
class GaugeTrigger(Trigger):
    """A river gauge reaching a named threshold (避難判断水位 …)."""

    kind: ClassVar[str] = "gauge"
    gauge_id: str = ""
    threshold: str = "evacuation"


@trigger_kind
@dataclass(frozen=True)
class OwnDecisionTrigger(Trigger):
    """The person or family decides early (自主避難), described in ``note``."""

    kind: ClassVar[str] = "own_decision"
    note: str = ""


class WeatherTrigger(Trigger):
    """A trigger met by JMA weather states in the person's municipality (``area_code``: JMA's
    7-digit 市町村等 code, e.g. 3520300 山口市). Subclasses say which entries meet it."""

    area_code: str

    def met_by(self, states: Iterable[WarningState]) -> bool:
        """True when an entry in force in ``area_code`` meets the trigger.

        Parameters
        ----------
        states : iterable of WarningState
            The current states (e.g. the values of :func:`weather.states.replay`).
        """
        return any(self._meets(e) for s in states if s.area_code == self.area_code for e in s.in_force)

    def _meets(self, entry: WarningEntry) -> bool:
        raise NotImplementedError


@trigger_kind
@dataclass(frozen=True)
class LandslideAlertTrigger(WeatherTrigger):
    """土砂災害警戒情報 (or its 2026 name レベル４土砂災害危険警報) for the person's municipality:
    the trigger for people living in a 土砂災害警戒区域."""

    kind: ClassVar[str] = "landslide_alert"
    area_code: str = ""

    def _meets(self, entry: WarningEntry) -> bool:
        return entry.code == LANDSLIDE


@trigger_kind
@dataclass(frozen=True)
class WeatherWarningTrigger(WeatherTrigger):
    """A JMA warning in force in the municipality, by JMA's two-digit code ("03" 大雨警報, "04"
    洪水警報, "33" 大雨特別警報 …; see :data:`weather.levels.KIND_NAMES`)."""

    kind: ClassVar[str] = "weather_warning"
    area_code: str = ""
    code: str = "03"

    def _meets(self, entry: WarningEntry) -> bool:
        return entry.code == self.code


@trigger_kind
@dataclass(frozen=True)
class WeatherLevelTrigger(WeatherTrigger):
    """A 警戒レベル相当 from weather in the municipality: any entry in force at ``level`` or above
    (the table of :mod:`weather.levels`: 大雨警報 → 3, 土砂災害警戒情報 → 4 …)."""

    kind: ClassVar[str] = "weather_level"
    area_code: str = ""
    level: int = 3

    def _meets(self, entry: WarningEntry) -> bool:
        return entry.level is not None and entry.level >= self.level


def trigger_from_dict(data: dict[str, Any]) -> Trigger:
    """Rebuild a trigger from :meth:`Trigger.to_dict`.

    Raises
    ------
    ValueError
        If the kind is not registered in :data:`TRIGGER_KINDS`.
    """
    values = dict(data)
    kind = values.pop("kind", None)
    if kind not in TRIGGER_KINDS:
        raise ValueError(f"trigger kind should be one of {', '.join(TRIGGER_KINDS)}, got {kind!r} instead")
    return TRIGGER_KINDS[kind](**values)


@dataclass(frozen=True)
class EvacuationPlan:
    """One version of a person's evacuation plan. Saving makes a new version; none is overwritten.

    ``version`` is 0 until saved; the store numbers versions 1, 2, … per plan.
    """

    person_id: str
    destination: Destination | None = None
    route: Route | None = None
    trigger: Trigger = field(default_factory=AlertLevelTrigger)
    preparation_min: int | None = None
    travel_means: str = ""
    items: tuple[str, ...] = ()
    notes: str = ""
    review_date: date | None = None
    author: str = ""
    id: str = field(default_factory=new_id)
    version: int = 0
    saved_at: str = ""
