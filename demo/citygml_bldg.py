"""Write the demo buildings as PLATEAU i-UR 3.1 bldg files, one per third-level mesh.

Each building is modelled on the FY2024 周南市 file: class, usage, yearOfConstruction,
measuredHeight, storeys, an LOD1 solid (bottom, top, walls) from the ground height to the
roof, an address, a data-quality block, river-flood risk entries (L1 then L2, as real files
order them) and the building ID.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from demo.buildings import SENTINEL_STOREYS, Buildings
from demo.gml import CLOSE_CITY_MODEL, CREATION_DATE, feature_id, number, open_city_model, polygon
from demo.site import CITY_CODE, PREF_CODE

UP = "../../"
CL = UP + "codelists/"
RIVER_DESCRIPTION_CODE = 1  # 椹野川水系椹野川 in RiverFloodingRiskAttribute_description.xml
ADMIN_TYPE_PREF = 2  # 都道府県 (椹野川 is a prefecture-managed class-2 river)
SCALE_CODES = {"L1": 1, "L2": 2}
I = "      "  # indentation inside bldg:Building


def write_bldg_files(
    buildings: Buildings, towns: np.ndarray, root: Path, rng: np.random.Generator
) -> list[Path]:
    """Write ``udx/bldg/<mesh>_bldg_6697_op.gml`` under ``root`` for every mesh with buildings.

    Parameters
    ----------
    buildings : Buildings
        The buildings (with their mesh codes).
    towns : numpy.ndarray
        The town (大字・町丁目) of each building, e.g. 山口県山口市湯田温泉三丁目.
    root : pathlib.Path
        The dataset root (``…/plateau``).
    rng : numpy.random.Generator
        Source of the ``gml:id`` UUIDs.

    Returns
    -------
    list of pathlib.Path
        The files written, by mesh code.
    """
    folder = root / "udx" / "bldg"
    folder.mkdir(parents=True, exist_ok=True)
    ids = [feature_id("bldg", rng) for _ in range(len(buildings.rings))]
    paths = []
    for mesh in np.unique(buildings.mesh):
        members = np.flatnonzero(buildings.mesh == mesh)
        lower, upper = _envelope(buildings, members)
        parts = [open_city_model(UP, f"建築物 {mesh} (デモ)", lower, upper)]
        parts += [_building(buildings, int(i), ids[i], str(towns[i])) for i in members]
        parts.append(CLOSE_CITY_MODEL)
        path = folder / f"{mesh}_bldg_6697_op.gml"
        path.write_text("".join(parts), encoding="utf-8")
        paths.append(path)
    return paths


def building_id(index: int) -> str:
    """The ``uro:buildingID`` of demo building ``index`` (city code, ``bldg``, serial)."""
    return f"{CITY_CODE}-bldg-{10001 + index}"


def _envelope(b: Buildings, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pts = np.concatenate([b.rings[i] for i in members])
    low = np.array([pts[:, 1].min(), pts[:, 0].min(), b.ground[members].min()])
    high = np.array([pts[:, 1].max(), pts[:, 0].max(), (b.ground[members] + b.height[members]).max()])
    return low, high


def _building(b: Buildings, i: int, gml_id: str, address: str) -> str:
    storeys = int(b.storeys[i])
    klass = 3003 if b.kind[i] == "shed" else 3001
    lines = [
        "  <core:cityObjectMember>\n",
        f'    <bldg:Building gml:id="{gml_id}">\n',
        f"{I}<core:creationDate>{CREATION_DATE}</core:creationDate>\n",
        f'{I}<bldg:class codeSpace="{CL}Building_class.xml">{klass}</bldg:class>\n',
        f'{I}<bldg:usage codeSpace="{CL}Building_usage.xml">{b.usage[i]}</bldg:usage>\n',
        f"{I}<bldg:yearOfConstruction>{int(b.year[i]):04d}</bldg:yearOfConstruction>\n",
        f'{I}<bldg:measuredHeight uom="m">{number(b.height[i])}</bldg:measuredHeight>\n',
        f"{I}<bldg:storeysAboveGround>{storeys}</bldg:storeysAboveGround>\n",
        f"{I}<bldg:storeysBelowGround>{int(b.storeys_below[i])}</bldg:storeysBelowGround>\n",
        _solid(b.rings[i], float(b.ground[i]), float(b.ground[i] + b.height[i])),
        _address(address),
        _quality(storeys == SENTINEL_STOREYS),
    ]
    for scale, rank, depth in (("L1", b.rank_l1[i], b.depth_l1[i]), ("L2", b.rank_l2[i], b.depth_l2[i])):
        if rank > 0:
            duration = float(b.duration_h[i]) if scale == "L2" else None
            lines.append(_risk(scale, int(rank), float(depth), duration))
    lines += [_id_attribute(i), "    </bldg:Building>\n", "  </core:cityObjectMember>\n"]
    return "".join(lines)


def _solid(ring_lonlat: np.ndarray, z0: float, z1: float) -> str:
    """An LOD1 solid: bottom (reversed, facing down), top (counter-clockwise), one wall per edge."""
    latlon = ring_lonlat[:, ::-1]
    bottom = np.column_stack([latlon[::-1], np.full(len(latlon), z0)])
    top = np.column_stack([latlon, np.full(len(latlon), z1)])
    ind = I + "        "
    faces = [polygon(bottom, ind), polygon(top, ind)]
    for a, b in zip(latlon[:-1], latlon[1:], strict=True):
        faces.append(polygon(np.array([[*a, z0], [*b, z0], [*b, z1], [*a, z1], [*a, z0]]), ind))
    return (
        f"{I}<bldg:lod1Solid>\n{I}  <gml:Solid>\n{I}    <gml:exterior>\n{I}      <gml:CompositeSurface>\n"
        + "".join(faces)
        + f"{I}      </gml:CompositeSurface>\n{I}    </gml:exterior>\n{I}  </gml:Solid>\n{I}</bldg:lod1Solid>\n"
    )


def _address(town: str) -> str:
    return (
        f"{I}<bldg:address>\n{I}  <core:Address>\n{I}    <core:xalAddress>\n{I}      <xAL:AddressDetails>\n"
        f"{I}        <xAL:Country>\n{I}          <xAL:CountryName>日本</xAL:CountryName>\n"
        f"{I}          <xAL:Locality>\n"
        f'{I}            <xAL:LocalityName Type="town">{town}</xAL:LocalityName>\n'
        f"{I}          </xAL:Locality>\n{I}        </xAL:Country>\n{I}      </xAL:AddressDetails>\n"
        f"{I}    </core:xalAddress>\n{I}  </core:Address>\n{I}</bldg:address>\n"
    )


def _quality(unknown_storeys: bool) -> str:
    height_type = 0 if unknown_storeys else 2  # 0 取得不可のため一律値（3m）, 2 点群から取得_中央値
    return (
        f"{I}<uro:bldgDataQualityAttribute>\n{I}  <uro:DataQualityAttribute>\n"
        f'{I}    <uro:geometrySrcDescLod1 codeSpace="{CL}DataQualityAttribute_geometrySrcDesc.xml">000'
        "</uro:geometrySrcDescLod1>\n"
        f'{I}    <uro:thematicSrcDesc codeSpace="{CL}DataQualityAttribute_thematicSrcDesc.xml">000'
        "</uro:thematicSrcDesc>\n"
        f'{I}    <uro:lod1HeightType codeSpace="{CL}DataQualityAttribute_lod1HeightType.xml">{height_type}'
        "</uro:lod1HeightType>\n"
        f"{I}  </uro:DataQualityAttribute>\n{I}</uro:bldgDataQualityAttribute>\n"
    )


def _risk(scale: str, rank: int, depth: float, duration_h: float | None) -> str:
    cl = CL + "RiverFloodingRiskAttribute_"
    duration = f'{I}    <uro:duration uom="hour">{number(duration_h)}</uro:duration>\n' if duration_h is not None else ""
    return (
        f"{I}<uro:bldgDisasterRiskAttribute>\n{I}  <uro:RiverFloodingRiskAttribute>\n"
        f'{I}    <uro:description codeSpace="{cl}description.xml">{RIVER_DESCRIPTION_CODE}</uro:description>\n'
        f'{I}    <uro:rank codeSpace="{cl}rank.xml">{rank}</uro:rank>\n'
        f'{I}    <uro:depth uom="m">{number(depth)}</uro:depth>\n'
        f'{I}    <uro:adminType codeSpace="{cl}adminType.xml">{ADMIN_TYPE_PREF}</uro:adminType>\n'
        f'{I}    <uro:scale codeSpace="{cl}scale.xml">{SCALE_CODES[scale]}</uro:scale>\n'
        f"{duration}{I}  </uro:RiverFloodingRiskAttribute>\n{I}</uro:bldgDisasterRiskAttribute>\n"
    )


def _id_attribute(i: int) -> str:
    cl = CL + "Common_localPublicAuthorities.xml"
    return (
        f"{I}<uro:buildingIDAttribute>\n{I}  <uro:BuildingIDAttribute>\n"
        f"{I}    <uro:buildingID>{building_id(i)}</uro:buildingID>\n"
        f'{I}    <uro:prefecture codeSpace="{cl}">{PREF_CODE}</uro:prefecture>\n'
        f'{I}    <uro:city codeSpace="{cl}">{CITY_CODE}</uro:city>\n'
        f"{I}  </uro:BuildingIDAttribute>\n{I}</uro:buildingIDAttribute>\n"
    )
