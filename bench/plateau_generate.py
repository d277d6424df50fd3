"""Write a large synthetic PLATEAU bldg file (i-UR 3.1, LOD1 only, risk entries) for the benchmark.

Modelled on the Shunan FY2024 file (51311568, 225 buildings in 2.3 MB): ``lod1Solid`` prisms with
no LOD0, ``uro:bldgDisasterRiskAttribute`` with the same mix of entries (64 % of buildings carry a
river-flood L1 entry, 40 % of those an L2 entry too, 32 % a landslide entry), sentinels
(``0001``, ``9999``). Coordinates are written as the real files write them: latitude and longitude
with every digit of the double (``34.13684328481569``), heights with three decimals (as Ina and
Sapporo do). What is left out to stay compact: indentation (real files indent every element), the
data-quality and building-detail attribute blocks, the xAL address, ``core:creationDate`` and
``bldg:class`` — none of which the importer reads beyond skipping them.

Footprints have 4–6 vertices (a convex polygon around a random point of mesh 5131), so a building
costs about 3.9 KB instead of Shunan's 10.3 KB; a 200 MB file holds about 51,000 buildings.
(~150,000 buildings in 200 MB would need 1.3 KB per building: a closed LOD1 box alone — 6 faces,
30 positions — takes about 2 KB even with 7-decimal coordinates, so the importer is measured on
real-format buildings and the count is reported, not forced.)

Written to a temporary folder; never committed.
``python bench/plateau_generate.py OUT.gml [--mb 200 | --buildings 150000]``.
"""

from __future__ import annotations

import argparse
import math
import random
import uuid
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" \
xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:uro="https://www.geospatial.jp/iur/uro/3.1" \
xmlns:xAL="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0" xmlns:xlink="http://www.w3.org/1999/xlink">
<gml:boundedBy><gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/6697" srsDimension="3">
<gml:lowerCorner>34.0 131.25 0</gml:lowerCorner><gml:upperCorner>34.3333 131.75 300</gml:upperCorner></gml:Envelope></gml:boundedBy>
"""
FOOTER = "</core:CityModel>\n"
_CODELISTS = "../../codelists/"
RIVER = (
    "<uro:bldgDisasterRiskAttribute><uro:RiverFloodingRiskAttribute>"
    f'<uro:description codeSpace="{_CODELISTS}RiverFloodingRiskAttribute_description.xml">{{d}}</uro:description>'
    f'<uro:rank codeSpace="{_CODELISTS}RiverFloodingRiskAttribute_rank.xml">{{r}}</uro:rank>'
    '<uro:depth uom="m">{depth:.3f}</uro:depth>'
    f'<uro:adminType codeSpace="{_CODELISTS}RiverFloodingRiskAttribute_adminType.xml">2</uro:adminType>'
    f'<uro:scale codeSpace="{_CODELISTS}RiverFloodingRiskAttribute_scale.xml">{{s}}</uro:scale>'
    "</uro:RiverFloodingRiskAttribute></uro:bldgDisasterRiskAttribute>"
)
LANDSLIDE = (
    "<uro:bldgDisasterRiskAttribute><uro:LandSlideRiskAttribute>"
    f'<uro:description codeSpace="{_CODELISTS}LandSlideRiskAttribute_description.xml">{{d}}</uro:description>'
    f'<uro:areaType codeSpace="{_CODELISTS}LandSlideRiskAttribute_areaType.xml">{{a}}</uro:areaType>'
    "</uro:LandSlideRiskAttribute></uro:bldgDisasterRiskAttribute>"
)
_FACE = (
    "<gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>{}</gml:posList>"
    "</gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>"
)
#: Metres per degree of latitude / of longitude at 34°N.
_M_LAT, _M_LON = 110_950.0, 92_300.0


def _face(points: list[tuple[float, float, float]]) -> str:
    """A closed ring of (lat, lon, height) written like PLATEAU: full-precision lat/lon, 3-decimal heights."""
    return _FACE.format(" ".join(f"{lat!r} {lon!r} {h:.3f}" for lat, lon, h in points + points[:1]))


def _footprint(rnd: random.Random) -> list[tuple[float, float]]:
    """A convex 4–6 vertex footprint (counter-clockwise in lat/lon) of 6–20 m across."""
    lat, lon = 34.0 + rnd.random() * 0.33, 131.25 + rnd.random() * 0.5
    n, radius = rnd.randint(4, 6), 3 + rnd.random() * 7
    turn = rnd.random() * 2 * math.pi
    angles = sorted(turn + 2 * math.pi * (k + 0.3 * rnd.random()) / n for k in range(n))
    return [(lat + radius * math.sin(a) / _M_LAT, lon + radius * math.cos(a) / _M_LON) for a in angles]


def _solid(corners: list[tuple[float, float]], z0: float, z1: float) -> str:
    """The LOD1 prism: bottom (reversed), top and one wall per edge."""
    faces = [_face([(a, b, z0) for a, b in reversed(corners)]), _face([(a, b, z1) for a, b in corners])]
    for k, (a1, b1) in enumerate(corners):
        a2, b2 = corners[(k + 1) % len(corners)]
        faces.append(_face([(a1, b1, z0), (a2, b2, z0), (a2, b2, z1), (a1, b1, z1)]))
    return f"<bldg:lod1Solid><gml:Solid><gml:exterior><gml:CompositeSurface>{''.join(faces)}</gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod1Solid>"


def _risks(rnd: random.Random) -> str:
    """Risk entries in Shunan's mix (river L1, sometimes L2 of the same river; landslide)."""
    out = []
    if rnd.random() < 0.64:
        river, rank = rnd.randint(1, 5), rnd.randint(1, 3)
        out.append(RIVER.format(d=river, r=rank, depth=rank * 0.9 * rnd.random(), s=1))
        if rnd.random() < 0.4:
            out.append(RIVER.format(d=river, r=rank + 1, depth=rank * 1.4, s=2))
    if rnd.random() < 0.32:
        out.append(LANDSLIDE.format(d=rnd.randint(1, 3), a=rnd.randint(1, 2)))
    return "".join(out)


def building(i: int, rnd: random.Random) -> str:
    """One ``core:cityObjectMember`` holding one Building, on one line."""
    z0 = round(10 + rnd.random() * 50, 3)
    height = round(3 + rnd.random() * 20, 1)
    gml_id = uuid.UUID(int=rnd.getrandbits(128), version=4)
    return (
        f'<core:cityObjectMember><bldg:Building gml:id="bldg_{gml_id}">'
        f'<bldg:usage codeSpace="{_CODELISTS}Building_usage.xml">{rnd.choice((401, 411, 421, 461))}</bldg:usage>'
        f"<bldg:yearOfConstruction>{rnd.choice(('0001', '1985', '2003'))}</bldg:yearOfConstruction>"
        f'<bldg:measuredHeight uom="m">{height}</bldg:measuredHeight>'
        f"<bldg:storeysAboveGround>{rnd.choice((1, 2, 3, 9999))}</bldg:storeysAboveGround>"
        f"{_solid(_footprint(rnd), z0, z0 + height)}{_risks(rnd)}"
        f"<uro:buildingIDAttribute><uro:BuildingIDAttribute><uro:buildingID>35203-bldg-{i}</uro:buildingID>"
        "</uro:BuildingIDAttribute></uro:buildingIDAttribute>"
        "</bldg:Building></core:cityObjectMember>\n"
    )


def generate(out: Path, megabytes: float | None = None, buildings: int | None = None, seed: int = 1) -> int:
    """Write buildings to ``out`` until it holds about ``megabytes`` MB or ``buildings`` buildings.

    Returns the number of buildings written (a multiple of 1,000).
    """
    if (megabytes is None) == (buildings is None):
        raise ValueError("give exactly one of megabytes and buildings")
    rnd = random.Random(seed)
    target = int(megabytes * 1_000_000) if megabytes is not None else None
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        size = f.write(HEADER)
        while (size < target) if target is not None else (n < (buildings or 0)):
            chunk = "".join(building(n + k, rnd) for k in range(1000))
            size += len(chunk.encode())
            f.write(chunk)
            n += 1000
        f.write(FOOTER)
    return n


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--mb", type=float)
    size.add_argument("--buildings", type=int)
    args = parser.parse_args()
    print(generate(args.out, args.mb if args.buildings is None else None, args.buildings))
