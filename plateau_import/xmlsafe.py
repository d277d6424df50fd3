"""Hardened XML reading and content sniffing.

Every parser the importer creates refuses to expand entities, load DTDs or touch the network,
so XXE and billion-laughs documents are harmless; documents that declare a DTD are refused
outright (CityGML never needs one). The first bytes of a file tell what it is — CityGML 2.0,
CityGML 3.0, a codelist, a schema, other XML, not XML — from content, never from the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from lxml import etree

from i18n import t
from plateau_import.crs import epsg_from_srs_name
from plateau_import.errors import MalformedXMLError, NotCityGMLError, UnsafeXMLError, UnsupportedVersionError
from plateau_import.namespaces import CORE_2, CORE_3, local_name, namespace_of

#: Keyword arguments for every lxml parser of untrusted input.
HARDENED: dict[str, bool] = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": True}
HEAD_BYTES = 64 * 1024

_DTD_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class Kind(Enum):
    """What a file's content is."""

    CITYGML = "citygml"
    CITYGML3 = "citygml3"
    OTHER_XML = "other_xml"
    NOT_XML = "not_xml"
    EMPTY = "empty"


@dataclass(frozen=True)
class Sniffed:
    """What the head of a file says: its kind, root tag, namespaces and CRS."""

    kind: Kind
    root: str | None = None
    nsmap: dict[str | None, str] = field(default_factory=dict)
    epsg: int | None = None
    dim: int = 3


def sniff(head: bytes) -> Sniffed:
    """Classify a file from its first bytes.

    Parameters
    ----------
    head
        The first bytes of the file (:data:`HEAD_BYTES` are enough for PLATEAU).

    Returns
    -------
    Sniffed

    Raises
    ------
    UnsafeXMLError
        If the document declares a DTD or entities.
    """
    if not head.strip():
        return Sniffed(Kind.EMPTY)
    if _DTD_RE.search(head):
        raise UnsafeXMLError(
            t(
                "DTD または実体宣言を含む XML です (XXE 等の危険があるため読み込みません; CityGML に DTD は不要)",
                "the XML declares a DTD or entities (refused: XXE / entity expansion risk; CityGML needs no DTD)",
            )
        )
    parser = etree.XMLPullParser(events=("start",), **HARDENED)
    root: etree._Element | None = None
    epsg, dim = None, 3
    try:
        parser.feed(head)
        for _, element in parser.read_events():
            if root is None:
                root = element
            srs = element.get("srsName")
            if srs:
                epsg = epsg_from_srs_name(srs)
                dim = int(element.get("srsDimension") or 3)
                break
    except etree.XMLSyntaxError:
        if root is None:
            return Sniffed(Kind.NOT_XML)
    if root is None:
        return Sniffed(Kind.NOT_XML)
    nsmap = dict(root.nsmap)
    if local_name(root.tag) == "CityModel" and namespace_of(root.tag) == CORE_2:
        return Sniffed(Kind.CITYGML, root.tag, nsmap, epsg, dim)
    if local_name(root.tag) == "CityModel" and namespace_of(root.tag) == CORE_3:
        return Sniffed(Kind.CITYGML3, root.tag, nsmap, epsg, dim)
    return Sniffed(Kind.OTHER_XML, root.tag, nsmap)


def require_citygml(sniffed: Sniffed) -> None:
    """Raise the specific error for a file that is not readable CityGML 2.0.

    Raises
    ------
    NotCityGMLError
        Empty file, not XML, or XML whose root is not ``core:CityModel``.
    UnsupportedVersionError
        CityGML 3.0 (recognised, not read yet).
    """
    if sniffed.kind is Kind.CITYGML:
        return
    if sniffed.kind is Kind.EMPTY:
        raise NotCityGMLError(t("空のファイルです (CityGML が必要)", "the file is empty (expected CityGML)"))
    if sniffed.kind is Kind.NOT_XML:
        raise NotCityGMLError(t("XML ではありません (CityGML が必要)", "not XML (expected CityGML)"))
    if sniffed.kind is Kind.CITYGML3:
        raise UnsupportedVersionError(
            t(
                "CityGML 3.0 のファイルです。現在は CityGML 2.0 (PLATEAU 2020〜2025 年度, i-UR 1.4〜3.2) のみ読み込めます",
                "this is CityGML 3.0; only CityGML 2.0 (PLATEAU FY2020–2025, i-UR 1.4–3.2) can be read for now",
            )
        )
    raise NotCityGMLError(
        t(
            "PLATEAU CityGML ではありません: ルート要素は {r} (core:CityModel が必要)",
            "not PLATEAU CityGML: the root element is {r} (expected core:CityModel)",
            r=sniffed.root,
        )
    )


def syntax_error(exc: etree.XMLSyntaxError) -> MalformedXMLError:
    """A bilingual error for a document that broke off or is not well-formed."""
    line = getattr(exc, "lineno", None) or (exc.position[0] if getattr(exc, "position", None) else None)
    return MalformedXMLError(
        t(
            "XML が壊れているか途中で切れています ({line} 行目付近): {m}",
            "the XML is malformed or truncated (near line {line}): {m}",
            line=line,
            m=exc.msg if hasattr(exc, "msg") else exc,
        )
    )
