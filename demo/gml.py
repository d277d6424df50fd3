"""Shared pieces of the demo's PLATEAU CityGML: the i-UR 3.1 root element, ids, numbers, rings.

The root element copies the namespace declarations of a real FY2024 PLATEAU file (周南市
51311568_bldg_6697_op.gml, i-UR 3.1); posLists are latitude, longitude, height (EPSG:6697,
orthometric heights).
"""

from __future__ import annotations

import uuid

import numpy as np

SRS_NAME = "http://www.opengis.net/def/crs/EPSG/0/6697"
CREATION_DATE = "2025-03-21"
SYNTHETIC_NOTE = "デモ用の合成データ (synthetic demo data; not a real PLATEAU delivery)"

_NAMESPACES = (
    'xmlns:brid="http://www.opengis.net/citygml/bridge/2.0" '
    'xmlns:wtr="http://www.opengis.net/citygml/waterbody/2.0" '
    'xmlns:tran="http://www.opengis.net/citygml/transportation/2.0" '
    'xmlns:gml="http://www.opengis.net/gml" '
    'xmlns:frn="http://www.opengis.net/citygml/cityfurniture/2.0" '
    'xmlns:veg="http://www.opengis.net/citygml/vegetation/2.0" '
    'xmlns:sch="http://www.ascc.net/xml/schematron" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:tun="http://www.opengis.net/citygml/tunnel/2.0" '
    'xmlns:tex="http://www.opengis.net/citygml/texturedsurface/2.0" '
    'xmlns:app="http://www.opengis.net/citygml/appearance/2.0" '
    'xmlns:gen="http://www.opengis.net/citygml/generics/2.0" '
    'xmlns:dem="http://www.opengis.net/citygml/relief/2.0" '
    'xmlns:luse="http://www.opengis.net/citygml/landuse/2.0" '
    'xmlns:uro="https://www.geospatial.jp/iur/uro/3.1" '
    'xmlns:xAL="urn:oasis:names:tc:ciq:xsdschema:xAL:2.0" '
    'xmlns:bldg="http://www.opengis.net/citygml/building/2.0" '
    'xmlns:smil20="http://www.w3.org/2001/SMIL20/" '
    'xmlns:pbase="http://www.opengis.net/citygml/profiles/base/2.0" '
    'xmlns:smil20lang="http://www.w3.org/2001/SMIL20/Language" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:core="http://www.opengis.net/citygml/2.0" '
    'xmlns:grp="http://www.opengis.net/citygml/cityobjectgroup/2.0"'
)
_SCHEMAS = (
    "https://www.geospatial.jp/iur/urf/3.1 {up}schemas/iur/urf/3.1/urbanFunction.xsd "
    "https://www.geospatial.jp/iur/uro/3.1 {up}schemas/iur/uro/3.1/urbanObject.xsd "
    "http://www.opengis.net/citygml/2.0 http://schemas.opengis.net/citygml/2.0/cityGMLBase.xsd "
    "http://www.opengis.net/citygml/building/2.0 http://schemas.opengis.net/citygml/building/2.0/building.xsd "
    "http://www.opengis.net/citygml/waterbody/2.0 http://schemas.opengis.net/citygml/waterbody/2.0/waterBody.xsd "
    "http://www.opengis.net/gml http://schemas.opengis.net/gml/3.1.1/base/gml.xsd"
)


def open_city_model(up: str, name: str, lower: np.ndarray, upper: np.ndarray) -> str:
    """The XML declaration, the ``core:CityModel`` start tag, its name, note and envelope.

    Parameters
    ----------
    up : str
        The relative path from the file's folder to the dataset root, e.g. ``"../../"``.
    name : str
        The ``gml:name`` of the model.
    lower, upper : numpy.ndarray
        Envelope corners as (lat, lon, height).
    """
    schemas = _SCHEMAS.format(up=up)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<core:CityModel {_NAMESPACES} xsi:schemaLocation="{schemas}">\n'
        f"  <gml:description>{SYNTHETIC_NOTE}</gml:description>\n"
        f"  <gml:name>{name}</gml:name>\n"
        "  <gml:boundedBy>\n"
        f'    <gml:Envelope srsName="{SRS_NAME}" srsDimension="3">\n'
        f"      <gml:lowerCorner>{pos(lower)}</gml:lowerCorner>\n"
        f"      <gml:upperCorner>{pos(upper)}</gml:upperCorner>\n"
        "    </gml:Envelope>\n"
        "  </gml:boundedBy>\n"
    )


CLOSE_CITY_MODEL = "</core:CityModel>\n"


def feature_id(prefix: str, rng: np.random.Generator) -> str:
    """A PLATEAU-style ``gml:id`` such as ``bldg_3f2c…`` from a seeded random UUID (version 4)."""
    return f"{prefix}_{uuid.UUID(bytes=rng.bytes(16), version=4)}"


def number(value: float) -> str:
    """A measure as PLATEAU writes it: shortest decimal, no trailing zeros (``2.2``, ``0.094``)."""
    return f"{float(value):.3f}".rstrip("0").rstrip(".")


def pos(lat_lon_h: np.ndarray) -> str:
    """One position or a posList: (lat, lon, h) rows flattened, degrees to 1e-9, heights to mm."""
    rows = np.atleast_2d(lat_lon_h)
    return " ".join(f"{lat:.9f} {lon:.9f} {h:.3f}" for lat, lon, h in rows)


def polygon(exterior: np.ndarray, indent: str, interiors: tuple[np.ndarray, ...] = ()) -> str:
    """A ``gml:surfaceMember`` holding one ``gml:Polygon``; rings are closed (lat, lon, h) rows."""

    def ring(kind: str, points: np.ndarray) -> str:
        return (
            f"{indent}    <gml:{kind}>\n"
            f"{indent}      <gml:LinearRing>\n"
            f"{indent}        <gml:posList>{pos(points)}</gml:posList>\n"
            f"{indent}      </gml:LinearRing>\n"
            f"{indent}    </gml:{kind}>\n"
        )

    rings = ring("exterior", exterior) + "".join(ring("interior", hole) for hole in interiors)
    return f"{indent}<gml:surfaceMember>\n{indent}  <gml:Polygon>\n{rings}{indent}  </gml:Polygon>\n{indent}</gml:surfaceMember>\n"
