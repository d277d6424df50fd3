"""Write a large synthetic PLATEAU bldg file (i-UR 3.1, LOD1 only, risk entries) for the benchmark.

Modelled on the Shunan FY2024 file (``lod1Solid`` boxes, no LOD0, ``uro:bldgDisasterRiskAttribute``
with L1/L2 river-flood and landslide entries, sentinels). Written to a temporary folder; never
committed. ``python bench/plateau_generate.py OUT.gml --mb 200``.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<core:CityModel xmlns:core="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" \
xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:uro="https://www.geospatial.jp/iur/uro/3.1" \
xmlns:xAL="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0" xmlns:xlink="http://www.w3.org/1999/xlink">
<gml:boundedBy><gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/6697" srsDimension="3">
<gml:lowerCorner>34.0 131.25 0</gml:lowerCorner><gml:upperCorner>34.3333 131.75 300</gml:upperCorner></gml:Envelope></gml:boundedBy>
"""
RISK = (
    '<uro:bldgDisasterRiskAttribute><uro:RiverFloodingRiskAttribute>'
    '<uro:description codeSpace="../../codelists/RiverFloodingRiskAttribute_description.xml">{d}</uro:description>'
    '<uro:rank codeSpace="../../codelists/RiverFloodingRiskAttribute_rank.xml">{r}</uro:rank>'
    '<uro:depth uom="m">{depth:.3f}</uro:depth>'
    '<uro:scale codeSpace="../../codelists/RiverFloodingRiskAttribute_scale.xml">{s}</uro:scale>'
    "</uro:RiverFloodingRiskAttribute></uro:bldgDisasterRiskAttribute>"
)


def _ring(points: list[tuple[float, float, float]]) -> str:
    text = " ".join(f"{lat:.7f} {lon:.7f} {h:.1f}" for lat, lon, h in points + points[:1])
    return f"<gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>{text}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>"


def building(i: int, rnd: random.Random) -> str:
    """One Building element (a box on a random spot of mesh 5131)."""
    lat, lon = 34.0 + rnd.random() * 0.33, 131.25 + rnd.random() * 0.5
    dx, dy, z0 = 0.00005 + rnd.random() * 0.0001, 0.00005 + rnd.random() * 0.0001, 10 + rnd.random() * 50
    height = round(3 + rnd.random() * 20, 1)
    z1 = z0 + height
    c = [(lat, lon), (lat, lon + dx), (lat + dy, lon + dx), (lat + dy, lon)]
    faces = [_ring([(a, b, z0) for a, b in reversed(c)]), _ring([(a, b, z1) for a, b in c])]
    for k in range(4):
        (a1, b1), (a2, b2) = c[k], c[(k + 1) % 4]
        faces.append(_ring([(a1, b1, z0), (a2, b2, z0), (a2, b2, z1), (a1, b1, z1)]))
    risks = ""
    if rnd.random() < 0.6:
        rank = rnd.randint(1, 3)
        risks = RISK.format(d=rnd.randint(1, 5), r=rank, depth=rank * 0.9, s=1) + RISK.format(d=1, r=rank + 1, depth=rank * 1.4, s=2)
    return (
        f'<core:cityObjectMember><bldg:Building gml:id="bldg_{i:08d}">'
        '<bldg:usage codeSpace="../../codelists/Building_usage.xml">411</bldg:usage>'
        f"<bldg:yearOfConstruction>{rnd.choice(['0001', '1985', '2003'])}</bldg:yearOfConstruction>"
        f'<bldg:measuredHeight uom="m">{height}</bldg:measuredHeight>'
        f"<bldg:storeysAboveGround>{rnd.choice([1, 2, 3, 9999])}</bldg:storeysAboveGround>"
        f"<bldg:lod1Solid><gml:Solid><gml:exterior><gml:CompositeSurface>{''.join(faces)}</gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod1Solid>"
        f"<uro:buildingIDAttribute><uro:BuildingIDAttribute><uro:buildingID>35203-bldg-{i}</uro:buildingID></uro:BuildingIDAttribute></uro:buildingIDAttribute>"
        f"{risks}</bldg:Building></core:cityObjectMember>\n"
    )


def generate(out: Path, megabytes: float, seed: int = 1) -> int:
    """Write buildings to ``out`` until it holds about ``megabytes`` MB; return the building count."""
    rnd = random.Random(seed)
    target = int(megabytes * 1_000_000)
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        size = f.write(HEADER)
        while size < target:
            chunk = "".join(building(n + k, rnd) for k in range(1000))
            size += len(chunk.encode())
            f.write(chunk)
            n += 1000
        f.write("</core:CityModel>\n")
    return n


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=200.0)
    args = parser.parse_args()
    print(generate(args.out, args.mb))
