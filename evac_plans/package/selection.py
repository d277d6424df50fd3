"""Who goes into a package: the area, the recipient type, and the consent filter.

:func:`select_people` answers *before anything is written*: the people included (with the
fields each may show) and exactly who is left out and why. An area is a 町内会 / 自治会
(``町内会:朝倉町自治会``), a 民生委員 district (``民生委員:湯田第1地区``), a 自主防災組織
(``自主防災組織:…``, organised per 町内会 here, so it matches the 町内会 column), a bare name
(either column), or a polygon file (GeoJSON, GeoPackage, Shapefile): the people whose home
point lies inside.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

from evac_plans.consent import ConsentRules, may_share
from evac_plans.errors import EvacPlansError
from evac_plans.model import PURPOSES, EvacuationPlan, Shelter, Supporter, SupportLink
from evac_plans.package.fields import FIELDS, allowed_values, person_values
from evac_plans.repository import PersonRecord, current_plans, load_roster, load_shelters, supporters_of
from i18n import t
from store.connection import ProjectStore

RECIPIENTS_FILE = Path(__file__).with_name("recipients.json")
AREA_KINDS = {"町内会": "area", "自治会": "area", "自主防災組織": "area", "民生委員": "welfare_district"}
"""Area prefix → the person's column it matches (自主防災組織 are organised per 町内会)."""


class PackageInputError(EvacPlansError, ValueError):
    """An area, recipient or option that cannot be used (the message says which and why)."""


@dataclass(frozen=True)
class Recipient:
    """A recipient type: its key, labels, the purpose deciding inclusion, and its field set."""

    key: str
    ja: str
    en: str
    requires: str
    fields: tuple[str, ...]


def load_recipients(path: str | os.PathLike[str] = RECIPIENTS_FILE) -> dict[str, Recipient]:
    """The recipient types of a configuration file (``recipients.json`` by default).

    Raises
    ------
    PackageInputError
        If a purpose or field is not one this version knows.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = {}
    for key, spec in data.items():
        if key == "note":
            continue
        unknown = [f for f in spec["fields"] if f not in FIELDS] + ([spec["requires"]] if spec["requires"] not in PURPOSES else [])
        if unknown:
            raise PackageInputError(t("受け取り先 {k} の設定に不明な項目: {u}", "recipient {k} names unknown items: {u}", k=key, u=", ".join(unknown)))
        out[key] = Recipient(key, spec["ja"], spec["en"], spec["requires"], tuple(spec["fields"]))
    return out


@dataclass(frozen=True)
class Area:
    """An area: ``column`` ("area", "welfare_district" or "" for either) and ``name``, or a polygon."""

    label: str
    column: str = ""
    name: str = ""
    polygon: BaseGeometry | None = None

    def holds(self, record: PersonRecord) -> bool | None:
        """Whether the person lives in the area; None when a polygon area meets a person without a home point."""
        p = record.person
        if self.polygon is not None:
            if p.home_lon is None or p.home_lat is None:
                return None
            return bool(self.polygon.covers(shapely.Point(p.home_lon, p.home_lat)))
        columns = [self.column] if self.column else ["area", "welfare_district"]
        return any(getattr(p, c) == self.name for c in columns)


def parse_area(text: str) -> Area:
    """An area from the command line's ``--area`` (see the module docstring).

    Raises
    ------
    PackageInputError
        If a polygon file has no polygon or cannot be read.
    """
    path = Path(text)
    if path.is_file():
        try:
            frame = gpd.read_file(path)
        except Exception as exc:  # pyogrio raises its own DataSourceError, OSError, ValueError
            raise PackageInputError(t("区域ファイルを読めません: {e}", "cannot read the area file: {e}", e=exc)) from exc
        geoms = frame.to_crs("EPSG:6668").geometry if frame.crs is not None else frame.geometry
        polygons = [g for g in geoms if g is not None and g.geom_type in ("Polygon", "MultiPolygon")]
        if not polygons:
            raise PackageInputError(t("区域ファイルに多角形がありません", "the area file holds no polygon"))
        return Area(path.stem, polygon=shapely.union_all(polygons))
    prefix, sep, name = text.partition(":")
    if sep and prefix in AREA_KINDS:
        return Area(f"{prefix} {name}", AREA_KINDS[prefix], name.strip())
    return Area(text, "", text.strip())


@dataclass(frozen=True)
class Entry:
    """A person in the package: their values restricted to what the recipient may see."""

    person_id: str
    values: dict[str, Any]
    withheld: tuple[str, ...]


@dataclass(frozen=True)
class LeftOut:
    """A person of the area left out: ``reason`` is a stable code, ``text`` says it in words (no name)."""

    person_id: str
    reason: str
    text: str


@dataclass(frozen=True)
class Selection:
    """What a package will hold, decided before anything is written."""

    area: Area
    recipient: Recipient
    disaster_mode: bool
    included: list[Entry]
    left_out: list[LeftOut]
    shelters: list[Shelter]

    def summary(self) -> dict[str, Any]:
        """Counts and the left-out list by person id and reason (never a name)."""
        return {
            "included": len(self.included),
            "left_out": [{"person": x.person_id, "reason": x.reason, "text": x.text} for x in self.left_out],
            "withheld": [{"person": e.person_id, "fields": list(e.withheld)} for e in self.included if e.withheld],
        }


def _left_out_reason(record: PersonRecord, purpose: str) -> tuple[str, str]:
    consent = record.consents.get(purpose)
    what = {"plan_sharing": t("計画情報の提供", "sharing the plan"), "roster_sharing": t("名簿情報の提供", "sharing the roster entry")}[purpose]
    if consent is not None and consent.status == "refused":
        return "consent_refused", t("{w}に同意していません（拒否）", "refused consent to {w}", w=what)
    return "consent_missing", t("{w}への同意が確認できません", "no consent to {w} on record", w=what)


def select_people(
    store: ProjectStore, area: Area, recipient: Recipient, rules: ConsentRules, *, disaster_mode: bool = False, today: date | None = None
) -> Selection:
    """Decide who a package for ``recipient`` over ``area`` holds, and who is left out and why.

    Parameters
    ----------
    store : ProjectStore
        The project.
    area : Area
        From :func:`parse_area`.
    recipient : Recipient
        The recipient type; its ``requires`` purpose decides inclusion, each field's own purpose
        whether that field is shown.
    rules : ConsentRules
        The city's consent rules (opt-in, 条例-based opt-out).
    disaster_mode : bool
        Include everyone of the area with every field of the recipient (49条の11 第3項).
    today : date, optional
        For ages (default: today).
    """
    today = today or date.today()
    plans: dict[str, EvacuationPlan] = current_plans(store)
    shelters = {s.common_id: s for s in load_shelters(store)}
    included: list[Entry] = []
    left_out: list[LeftOut] = []
    for record in load_roster(store):
        inside = area.holds(record)
        if inside is None:
            left_out.append(LeftOut(record.person.id, "no_home_location", t("自宅の位置が未登録で区域内か判定できません", "no home location: cannot tell whether inside the area")))
            continue
        if not inside:
            continue
        allowed = frozenset(p for p in PURPOSES if may_share(p, record.consents.get(p), rules, disaster=disaster_mode))
        if recipient.requires not in allowed:
            left_out.append(LeftOut(record.person.id, *_left_out_reason(record, recipient.requires)))
            continue
        links: list[tuple[Supporter, SupportLink]] = supporters_of(store, record.person.id)
        values = person_values(record, plans.get(record.person.id), links, shelters, today)
        shown = allowed_values(values, recipient.fields, allowed)
        withheld = tuple(f for f in recipient.fields if f not in shown)
        included.append(Entry(record.person.id, {"id": record.person.id, **shown}, withheld))
    used = {e.values["destination"]["shelter_id"] for e in included if (e.values.get("destination") or {}).get("shelter_id")}
    return Selection(area, recipient, disaster_mode, included, left_out, [s for s in shelters.values() if s.common_id in used or _near(s, included)])


def _near(shelter: Shelter, included: list[Entry], margin: float = 0.01) -> bool:
    """Whether a shelter lies within ~1 km of the included homes' bounding box."""
    homes = [e.values["home"] for e in included if e.values.get("home")]
    if not homes or shelter.lon is None or shelter.lat is None:
        return False
    lons, lats = [h[0] for h in homes], [h[1] for h in homes]
    return min(lons) - margin <= shelter.lon <= max(lons) + margin and min(lats) - margin <= shelter.lat <= max(lats) + margin
