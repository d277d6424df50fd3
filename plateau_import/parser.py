"""Stream one PLATEAU CityGML file into a :class:`~plateau_import.records.RawFile`.

``lxml.etree.iterparse`` reports only ``core:cityObjectMember`` ends; each member is read,
then cleared and detached, so memory holds one city object at a time plus the collected
columns. Element names come from tables (:mod:`plateau_import.namespaces`,
:mod:`plateau_import.risk_tables`) built once per i-UR namespace, never from version checks.

What is read per class:

* ``bldg:Building`` (and its ``bldg:BuildingPart``\\s): attributes, every risk entry, the
  footprint (LOD0 FootPrint > LOD0 RoofEdge > bottom of the LOD1 solid > LOD2 ground
  surfaces), the LOD2 boundary surfaces (3-D) and the highest LOD present;
* ``wtr:WaterBody``: its risk entries (one rank band each) and its area;
* ``urf:SedimentDisasterProneArea`` and FY2020 landslide ``gen:GenericCityObject``: areas;
* ``tran:Road``: function, usage and area.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any

import numpy as np
from lxml import etree

from i18n import t
from jobs.feedback import Problem
from plateau_import.crs import DEFAULT_EPSG, check_epsg
from plateau_import.geometry import FLAT, SOLID, PolygonCollector, clean_footprints, dissolve
from plateau_import.namespaces import BLDG, CORE_2, GEN, GML, TRAN, WTR, XAL, FileNamespaces, clark, from_nsmap, local_name
from plateau_import.records import RawFile
from plateau_import.risk_tables import (
    GENERIC_FIELDS,
    KIND_BY_CLASS,
    LANDSLIDE_PHENOMENA,
    LANDSLIDE_RANK_BY_AREA_TYPE,
    RISK_FIELDS,
    SENTINELS,
    generic_set_kind,
    scale_from_set_name,
)
from plateau_import.xmlsafe import HARDENED, Sniffed, require_citygml, syntax_error

GML_ID = clark(GML, "id")
_MEMBER = clark(CORE_2, "cityObjectMember")
_NAME = clark(GML, "name")
_GEN_VALUE = clark(GEN, "value")
_GEN_SET = clark(GEN, "genericAttributeSet")
_GEN_ATTRS = frozenset(clark(GEN, n) for n in ("stringAttribute", "intAttribute", "doubleAttribute", "measureAttribute"))
_ADDRESS_SKIP = frozenset({"CountryName", "PostalCodeNumber"})
#: Footprint sources of a building or part, best first: (property, mode).
_FOOTPRINT_SOURCES = (("lod0FootPrint", FLAT), ("lod0RoofEdge", FLAT), ("lod1Solid", SOLID), ("lod2Ground", FLAT))
_LANDSLIDE_ATTRS = frozenset({"区域区分", "現象区分"})
_PROGRESS_EVERY = 256


@dataclass(frozen=True)
class Tags:
    """Clark tags of one file's namespaces, looked up by dict in the hot loop."""

    building: dict[str, str]
    uro_building_id: str
    uro_building_id_attr: str
    risk_kind: dict[str, str]
    risk_field: dict[str, tuple[str, str]]
    urf: dict[str, str]
    ground_surface: str


@lru_cache(maxsize=16)
def tags_for(uro: str, urf: str) -> Tags:
    """The tag tables for a file whose i-UR namespaces are ``uro`` and ``urf``."""
    names = ("measuredHeight", "storeysAboveGround", "storeysBelowGround", "usage", "yearOfConstruction", "address",
             "consistsOfBuildingPart", "boundedBy", "BuildingPart")  # fmt: skip
    return Tags(
        building={clark(BLDG, n): n for n in names},
        uro_building_id=clark(uro, "buildingID"),
        uro_building_id_attr=clark(uro, "buildingIDAttribute"),
        risk_kind={clark(uro, n): kind for n, kind in KIND_BY_CLASS.items()},
        risk_field={clark(uro, n): spec for n, spec in RISK_FIELDS.items()},
        urf={clark(urf, n): n for n in ("disasterType", "areaType", "zoneName")},
        ground_surface=clark(BLDG, "GroundSurface"),
    )


@lru_cache(maxsize=256)
def lod_of(tag: str) -> int | None:
    """The LOD a property element names (``{…}lod2Solid`` → 2), None for other elements."""
    name = local_name(tag)
    return int(name[3]) if len(name) > 3 and name.startswith("lod") and name[3].isdigit() else None


@dataclass
class _Unit:
    """Footprint sources of one building or building part."""

    sources: dict[str, list[etree._Element]] = field(default_factory=dict)


@dataclass
class _Building:
    gml_id: str
    values: dict[str, Any] = field(default_factory=dict)
    lod: int = -1
    parts: int = 0
    units: list[_Unit] = field(default_factory=list)


class FileParser:
    """Reads one file; see the module docstring. Use :func:`parse_stream`."""

    def __init__(self, label: str, sniffed: Sniffed) -> None:
        ns: FileNamespaces = from_nsmap(sniffed.nsmap)
        epsg = sniffed.epsg or DEFAULT_EPSG
        self.label = label
        self.raw = RawFile(label=label, uro_version=ns.uro_version, epsg=sniffed.epsg, features={})
        if sniffed.epsg is None:
            self._warn(None, t("srsName がありません。EPSG:{c} とみなします", "no srsName; assuming EPSG:{c}", c=epsg))
        else:
            check_epsg(epsg)
        self.tags = tags_for(ns.uro, ns.urf)
        self.footprints = PolygonCollector(epsg, sniffed.dim)
        self.footprint_owner: list[int] = []
        self.areas = PolygonCollector(epsg, sniffed.dim)
        self.road_polys = PolygonCollector(epsg, sniffed.dim)
        self.surface_polys = PolygonCollector(epsg, sniffed.dim, keep_z=True)
        self.handlers: dict[str, Callable[[etree._Element], None]] = {
            clark(BLDG, "Building"): self._building,
            clark(BLDG, "BuildingPart"): self._building,
            clark(WTR, "WaterBody"): self._water_body,
            clark(ns.urf, "SedimentDisasterProneArea"): self._sediment_area,
            clark(GEN, "GenericCityObject"): self._generic_object,
            clark(TRAN, "Road"): self._road,
        }

    # ------------------------------------------------------------------ streaming
    def feed(self, stream: IO[bytes], tick: Callable[[int], None] | None = None) -> RawFile:
        """Parse ``stream`` to the end and return the file's :class:`RawFile`."""
        features = self.raw.features
        n = 0
        try:
            for _, member in etree.iterparse(stream, events=("end",), tag=_MEMBER, **HARDENED):
                self._member(member, features)
                member.clear()
                parent = member.getparent()
                if parent is not None:
                    parent.remove(member)
                n += 1
                if n % _PROGRESS_EVERY == 0:
                    for collector in (self.footprints, self.areas, self.road_polys, self.surface_polys):
                        collector.maybe_flush()
                    if tick is not None:
                        tick(n)
        except etree.XMLSyntaxError as exc:
            raise syntax_error(exc) from exc
        self._finish()
        return self.raw

    def _member(self, member: etree._Element, features: dict[str, int]) -> None:
        """Count and read the city objects of one ``core:cityObjectMember``.

        A separate frame on purpose: no proxy of a descendant may outlive it. ``clear()`` frees
        a subtree only when no Python object points into it; otherwise lxml moves the whole
        subtree to a fallback document node by node, which cost more than parsing it (a
        loop variable left bound to the last Building tripled the time of LOD2 files).
        """
        for obj in member:
            if not isinstance(obj.tag, str):
                continue
            name = local_name(obj.tag)
            features[name] = features.get(name, 0) + 1
            handler = self.handlers.get(obj.tag)
            if handler is not None:
                handler(obj)

    def _finish(self) -> None:
        raw = self.raw
        fp = self.footprints.finish()
        owners = np.asarray(self.footprint_owner, dtype=np.int64)
        shapes = dissolve(fp.shapes, owners, len(raw.buildings))
        raw.building_shapes, repaired = clean_footprints(shapes)
        self._report_geometry(fp.bad_groups, self.footprints.owners, repaired, raw.buildings.columns["gml_id"])
        areas = self.areas.finish()
        raw.hazard_shapes, repaired = clean_footprints(areas.shapes)
        self._report_geometry(areas.bad_groups, self.areas.owners, repaired, raw.hazard_areas.columns["gml_id"])
        roads = self.road_polys.finish()
        raw.road_shapes, repaired = clean_footprints(roads.shapes)
        self._report_geometry(roads.bad_groups, self.road_polys.owners, repaired, raw.roads.columns["gml_id"])
        surfaces = self.surface_polys.finish()
        raw.surface_shapes = surfaces.shapes
        self._report_geometry(surfaces.bad_groups, self.surface_polys.owners, [], [])

    def _report_geometry(self, bad: list[int], group_owner: list[str], repaired: Any, row_ids: list[str]) -> None:
        for owner in dict.fromkeys(group_owner[g] for g in bad):
            self._warn(owner, t("読めない座標列または 4 点未満のリングを除外しました", "dropped a ring with unreadable coordinates or fewer than 4 positions"))
        for i, fixed in enumerate(repaired):
            if fixed:
                self._warn(row_ids[i], t("不正なポリゴン (自己交差など) を修復しました", "repaired an invalid polygon (self-intersection or similar)"))

    # ------------------------------------------------------------------ values
    def _warn(self, where: str | None, message: str) -> None:
        problem = Problem(self.label, where, message)
        if problem not in self.raw.problems:
            self.raw.problems.append(problem)

    def _number(self, text: str | None, what: str, owner: str) -> float:
        """A float, NaN for empty text or a sentinel; NaN and a warning for a dirty value."""
        if text is None or not text.strip():
            return math.nan
        try:
            value = float(text)
        except ValueError:
            self._warn(owner, t("{w} の値 {v!r} は数値ではありません。欠損として扱います", "{w} value {v!r} is not a number; treated as missing", w=what, v=text.strip()))
            return math.nan
        return math.nan if value in SENTINELS or not math.isfinite(value) else value

    def _integer(self, text: str | None, what: str, owner: str) -> int | None:
        value = self._number(text, what, owner)
        if math.isnan(value):
            return None
        if value != int(value):
            self._warn(owner, t("{w} の値 {v!r} は整数ではありません。欠損として扱います", "{w} value {v!r} is not an integer; treated as missing", w=what, v=text))
            return None
        return int(value)

    def _year(self, text: str | None, owner: str) -> int | None:
        year = self._integer((text or "").strip()[:4] or None, "yearOfConstruction", owner)
        return None if year is None or year <= 1 else year

    # ------------------------------------------------------------------ buildings
    def _building(self, obj: etree._Element) -> None:
        b = _Building(obj.get(GML_ID) or "")
        self._building_children(obj, b)
        raw = self.raw
        row = raw.buildings.append(
            {"gml_id": b.gml_id, "lod": b.lod if b.lod >= 0 else None, "parts": b.parts, **b.values}
        )
        for unit in b.units:
            for source, mode in _FOOTPRINT_SOURCES:
                elements = unit.sources.get(source)
                if elements:
                    group = self.footprints.new_group(mode, b.gml_id)
                    self.footprint_owner.append(row)
                    for element in elements:
                        self.footprints.add(element, group)
                    break

    def _building_children(self, element: etree._Element, b: _Building) -> None:
        """Read one building or part into ``b`` (parts add a unit and fill missing values)."""
        tags, unit, values = self.tags, _Unit(), b.values
        b.units.append(unit)
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            name = tags.building.get(tag)
            if name is not None:
                self._building_value(name, child, b)
                continue
            lod = lod_of(tag)
            if lod is not None:
                b.lod = max(b.lod, lod)
                unit.sources.setdefault(local_name(tag), []).append(child)
            elif tag == _GEN_SET:
                self._add_risk(self._generic_set(child, b.gml_id, "Building"))
            elif tag in _GEN_ATTRS:
                if child.get("name") == "建物ID" and "building_id" not in values:
                    values["building_id"] = _gen_value(child)
            elif tag == tags.uro_building_id_attr:
                found = child.find(f".//{tags.uro_building_id}")
                if found is not None and found.text:
                    values["building_id"] = found.text.strip()
            else:
                for entry in child:
                    kind = tags.risk_kind.get(entry.tag)
                    if kind is not None:
                        self._add_risk(self._risk_entry(entry, kind, b.gml_id, "Building"))

    def _building_value(self, name: str, child: etree._Element, b: _Building) -> None:
        values, owner = b.values, b.gml_id
        if name == "measuredHeight":
            if math.isnan(values.get("measured_height", math.nan)):
                values["measured_height"] = self._number(child.text, "measuredHeight", owner)
        elif name in ("storeysAboveGround", "storeysBelowGround"):
            key = "storeys_above" if name == "storeysAboveGround" else "storeys_below"
            values.setdefault(key, self._integer(child.text, name, owner))
        elif name == "usage":
            values.setdefault("usage_code", (child.text or "").strip() or None)
            values.setdefault("usage_space", child.get("codeSpace"))
        elif name == "yearOfConstruction":
            values.setdefault("year_of_construction", self._year(child.text, owner))
        elif name == "address":
            values.setdefault("address", _address(child))
        elif name == "boundedBy":
            self._boundary_surfaces(child, b)
        elif name == "consistsOfBuildingPart":
            for part in child:
                if isinstance(part.tag, str):
                    b.parts += 1
                    self._building_children(part, b)

    def _boundary_surfaces(self, bounded_by: etree._Element, b: _Building) -> None:
        """LOD2 roof/wall/ground surfaces: kept in 3-D; ground surfaces are a footprint source."""
        for surface in bounded_by:
            if not isinstance(surface.tag, str):
                continue
            for prop in surface:
                lod = lod_of(prop.tag) if isinstance(prop.tag, str) else None
                if lod is None:
                    continue
                b.lod = max(b.lod, lod)
                if lod != 2:
                    continue
                surface_type = local_name(surface.tag)
                self.raw.surfaces.append({"building_id": b.gml_id, "surface_id": surface.get(GML_ID), "surface_type": surface_type})
                self.surface_polys.add(prop, self.surface_polys.new_group(FLAT, b.gml_id))
                if surface.tag == self.tags.ground_surface:
                    b.units[-1].sources.setdefault("lod2Ground", []).append(prop)

    # ------------------------------------------------------------------ risks
    def _add_risk(self, row: dict[str, Any] | None) -> None:
        if row is not None:
            self.raw.risks.append(row)

    def _risk_entry(self, entry: etree._Element, kind: str, owner: str, owner_class: str) -> dict[str, Any]:
        """One ``uro:*RiskAttribute`` element as a risk row."""
        row: dict[str, Any] = {"owner_id": owner, "owner_class": owner_class, "kind": kind}
        fields = self.tags.risk_field
        for child in entry:
            spec = fields.get(child.tag)
            if spec is not None:
                self._field(row, spec, child.text, child.get("codeSpace"), owner)
        return _finish_landslide(row)

    def _generic_set(self, element: etree._Element, owner: str, owner_class: str) -> dict[str, Any] | None:
        """A FY2020 ``gen:genericAttributeSet`` describing a hazard as a risk row, else None."""
        return self._generic_row(element.get("name") or "", list(element), owner, owner_class)

    def _generic_row(
        self, name: str, attrs: list[etree._Element], owner: str, owner_class: str
    ) -> dict[str, Any] | None:
        """A risk row from FY2020 generic attributes under a set ``name`` naming the hazard."""
        kind = generic_set_kind(name)
        if kind is None:
            return None
        row: dict[str, Any] = {"owner_id": owner, "owner_class": owner_class, "kind": kind, "description_text": name}
        for attr in attrs:
            spec = GENERIC_FIELDS.get(attr.get("name") or "") if attr.tag in _GEN_ATTRS else None
            if spec is not None:
                self._field(row, spec, _gen_value(attr), None, owner)
        if row.get("scale_code") is None:
            row["scale_code"] = scale_from_set_name(name)
        if kind == "landslide" and row.get("description_code") is not None:
            row["description_text"] = LANDSLIDE_PHENOMENA.get(row["description_code"], row["description_code"])
        return _finish_landslide(row)

    def _field(self, row: dict[str, Any], spec: tuple[str, str], text: str | None, space: str | None, owner: str) -> None:
        name, kind = spec
        if kind == "code":
            row[f"{name}_code"] = (text or "").strip() or None
            row[f"{name}_space"] = space
        elif kind == "int":
            row[name] = self._integer(text, name, owner)
        elif kind == "float":
            row[name] = self._number(text, name, owner)
        else:
            row[name] = (text or "").strip() or None

    # ------------------------------------------------------------------ hazard areas and roads
    def _water_body(self, obj: etree._Element) -> None:
        gml_id = obj.get(GML_ID) or ""
        name_el = obj.find(_NAME)
        first: dict[str, Any] | None = None
        geometry = []
        for child in obj:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if lod_of(tag) is not None:
                geometry.append(child)
            elif tag == _GEN_SET:
                row = self._generic_set(child, gml_id, "WaterBody")
                self._add_risk(row)
                first = first or row
            else:
                for entry in child:
                    kind = self.tags.risk_kind.get(entry.tag)
                    if kind is not None:
                        row = self._risk_entry(entry, kind, gml_id, "WaterBody")
                        self._add_risk(row)
                        first = first or row
        if first is None:
            return
        if name_el is not None:
            first = {**first, "name_code": (name_el.text or "").strip() or None, "name_space": name_el.get("codeSpace")}
        self._add_area(gml_id, first, geometry)

    def _sediment_area(self, obj: etree._Element) -> None:
        gml_id = obj.get(GML_ID) or ""
        row: dict[str, Any] = {"owner_class": "SedimentDisasterProneArea", "kind": "landslide"}
        geometry = []
        for child in obj:
            if not isinstance(child.tag, str):
                continue
            name = self.tags.urf.get(child.tag)
            if name == "disasterType":
                row.update(description_code=(child.text or "").strip() or None, description_space=child.get("codeSpace"))
            elif name == "areaType":
                row["area_type"] = (child.text or "").strip() or None
            elif name == "zoneName":
                row["name_code"] = (child.text or "").strip() or None
            elif lod_of(child.tag) is not None:
                geometry.append(child)
        self._add_area(gml_id, _finish_landslide(row), geometry)

    def _generic_object(self, obj: etree._Element) -> None:
        """FY2020 landslide areas are ``gen:GenericCityObject``\\s with generic attributes."""
        gml_id = obj.get(GML_ID) or ""
        hazard: dict[str, Any] | None = None
        geometry = []
        for child in obj:
            if not isinstance(child.tag, str):
                continue
            if child.tag == _GEN_SET:
                hazard = hazard or self._generic_set(child, gml_id, "GenericCityObject")
            elif lod_of(child.tag) is not None:
                geometry.append(child)
        if hazard is None:  # landslide attributes written directly on the object
            loose = [c for c in obj if c.tag in _GEN_ATTRS and c.get("name") in _LANDSLIDE_ATTRS]
            hazard = self._generic_row("土砂災害警戒区域", loose, gml_id, "GenericCityObject") if loose else None
        if hazard is not None:
            self._add_area(gml_id, hazard, geometry)

    def _add_area(self, gml_id: str, row: dict[str, Any], geometry: list[etree._Element]) -> None:
        self.raw.hazard_areas.append({**row, "gml_id": gml_id})
        group = self.areas.new_group(FLAT, gml_id)
        for element in geometry[:1]:
            self.areas.add(element, group)

    def _road(self, obj: etree._Element) -> None:
        gml_id = obj.get(GML_ID) or ""
        row: dict[str, Any] = {"gml_id": gml_id}
        geometry = []
        for child in obj:
            if not isinstance(child.tag, str):
                continue
            name = local_name(child.tag)
            if name in ("function", "usage") and f"{name}_code" not in row:
                row[f"{name}_code"] = (child.text or "").strip() or None
                row[f"{name}_space"] = child.get("codeSpace")
            elif lod_of(child.tag) is not None and "MultiSurface" in name:
                geometry.append(child)
        self.raw.roads.append(row)
        group = self.road_polys.new_group(FLAT, gml_id)
        for element in sorted(geometry, key=lambda e: lod_of(e.tag) or 0)[:1]:
            self.road_polys.add(element, group)


def _finish_landslide(row: dict[str, Any]) -> dict[str, Any]:
    """Landslide rank from the area type: 1 警戒区域, 2 特別警戒区域; the raw code is rank_org."""
    area = row.get("area_type")
    if row.get("kind") == "landslide" and area is not None:
        row["rank"] = row.get("rank") or LANDSLIDE_RANK_BY_AREA_TYPE.get(area)
        row["rank_org"] = row.get("rank_org") or (int(area) if area.isdigit() else None)
    return row


def _gen_value(attr: etree._Element) -> str | None:
    value = attr.find(_GEN_VALUE)
    return value.text.strip() if value is not None and value.text else None


def _address(element: etree._Element) -> str | None:
    """The xAL address as one string (country and postal code left out)."""
    parts = [
        e.text.strip()
        for e in element.iter()
        if isinstance(e.tag, str)
        and e.tag.startswith(f"{{{XAL}}}")
        and e.text
        and e.text.strip()
        and local_name(e.tag) not in _ADDRESS_SKIP
    ]
    return "".join(parts) or None


def parse_stream(
    stream: IO[bytes], label: str, sniffed: Sniffed, tick: Callable[[int], None] | None = None
) -> RawFile:
    """Parse one CityGML stream.

    Parameters
    ----------
    stream
        Binary stream positioned at the start of the file.
    label
        How results and problems name the file.
    sniffed
        What :func:`plateau_import.xmlsafe.sniff` found in the file's head.
    tick
        Called with the number of city objects read so far, every few hundred (progress,
        cancel checks).

    Returns
    -------
    RawFile

    Raises
    ------
    NotCityGMLError, UnsupportedVersionError
        If the head is not CityGML 2.0.
    MalformedXMLError
        If the XML breaks off or is not well-formed.
    """
    require_citygml(sniffed)
    return FileParser(label, sniffed).feed(stream, tick)
