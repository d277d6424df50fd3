"""XML namespaces of PLATEAU CityGML and the i-UR spec table.

The i-UR (``uro``/``urf``) namespace tells the spec generation of a file::

    uro 1.4 / 1.5 (kantei.go.jp)   → spec 1   (FY2020–2021)
    uro 2.0 (geospatial.jp)        → spec 2   (FY2022)
    uro 3.0                        → spec 3   (FY2023)
    uro 3.1                        → spec 4   (FY2024)
    uro 3.2                        → spec 5   (FY2025)

The version is read from the namespace URI itself (``…/iur/uro/<version>``), so both the
kantei.go.jp and geospatial.jp hosts, ``http`` or ``https``, are recognised by one rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

CORE_2 = "http://www.opengis.net/citygml/2.0"
CORE_3 = "http://www.opengis.net/citygml/3.0"
GML = "http://www.opengis.net/gml"
GEN = "http://www.opengis.net/citygml/generics/2.0"
BLDG = "http://www.opengis.net/citygml/building/2.0"
TRAN = "http://www.opengis.net/citygml/transportation/2.0"
WTR = "http://www.opengis.net/citygml/waterbody/2.0"
XAL = "urn:oasis:names:tc:ciq:xsdschema:xAL:2.0"

#: i-UR version (as written in the namespace) → PLATEAU spec generation.
SPEC_BY_URO_VERSION: Mapping[str, int] = {"1.4": 1, "1.5": 1, "2.0": 2, "3.0": 3, "3.1": 4, "3.2": 5, "4.0": 6}

_IUR_RE = re.compile(r"/iur/(uro|urf)/(\d+\.\d+)/?$")


def clark(ns: str, local: str) -> str:
    """The ``{namespace}local`` (Clark notation) tag lxml uses."""
    return f"{{{ns}}}{local}"


def local_name(tag: str) -> str:
    """``{ns}Building`` → ``Building``."""
    return tag.rpartition("}")[2]


def namespace_of(tag: str) -> str:
    """``{ns}Building`` → ``ns`` ("" for a tag without namespace)."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def iur_version(uri: str) -> tuple[str, str] | None:
    """``("uro", "3.1")`` for an i-UR namespace URI, else None.

    Examples
    --------
    >>> iur_version("https://www.geospatial.jp/iur/uro/3.1")
    ('uro', '3.1')
    >>> iur_version("http://www.opengis.net/gml") is None
    True
    """
    m = _IUR_RE.search(uri)
    return (m.group(1), m.group(2)) if m else None


@dataclass(frozen=True)
class FileNamespaces:
    """The i-UR namespaces one file declares: its version and the URIs to build tags with.

    ``uro`` and ``urf`` fall back to the 3.1 URIs when a file declares none, so tag tables can
    always be built; ``uro_version`` stays None in that case.
    """

    uro_version: str | None
    uro: str
    urf: str

    @property
    def spec(self) -> int | None:
        """PLATEAU spec generation (1–5), None without an i-UR namespace."""
        return SPEC_BY_URO_VERSION.get(self.uro_version) if self.uro_version else None


def from_nsmap(nsmap: Mapping[str | None, str]) -> FileNamespaces:
    """Read the i-UR version from a root element's namespace map.

    Parameters
    ----------
    nsmap
        Prefix → URI, as lxml's ``element.nsmap`` (prefixes are not trusted; URIs are).

    Returns
    -------
    FileNamespaces
    """
    found: dict[str, tuple[str, str]] = {}
    for uri in nsmap.values():
        hit = iur_version(uri)
        if hit and hit[0] not in found:
            found[hit[0]] = (hit[1], uri)
    uro = found.get("uro")
    urf = found.get("urf")
    version = uro[0] if uro else (urf[0] if urf else None)
    return FileNamespaces(
        uro_version=version,
        uro=uro[1] if uro else "https://www.geospatial.jp/iur/uro/3.1",
        urf=urf[1] if urf else "https://www.geospatial.jp/iur/urf/3.1",
    )
