"""What a file is, from its content (never its name), parsed safely once.

JSON is told apart by its keys (bosai warning JSON, area table, AMeDAS table and map, forecast);
XML must be a JMA 防災情報XML ``Report`` and its telegram kind comes from ``Control/Title``,
else ``Head/InfoKind`` (:data:`TELEGRAM_TITLES`, :data:`INFO_KINDS`). XML is parsed with entity
resolution, DTD loading and network access off, and a document that declares a DTD or entities
is refused (JMA telegrams never have one). An HTML page where JSON or XML was expected (what a
feed returns on an error), truncated JSON or XML, and empty files raise
:class:`~weather.errors.MalformedInputError` with a message that says which.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from lxml import etree

from i18n import t
from jobs.json_input import parse_json_bytes
from weather.areas import is_area_table
from weather.errors import MalformedInputError, UnsafeXMLError

JMX = "http://xml.kishou.go.jp/jmaxml1/"

#: Keyword arguments of every lxml parser of untrusted input.
HARDENED: dict[str, bool] = {"resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False}


class Kind(str, Enum):
    """What a file's content is. The first four are ``weather-status`` inputs (their ``source``)."""

    WARNING_JSON = "jma-warning-json"
    XML_WARNING = "jma-xml-warning"
    XML_LANDSLIDE = "jma-xml-landslide"
    XML_FLOOD = "jma-xml-flood-forecast"
    XML_OTHER = "jma-xml-other"
    AREA_TABLE = "jma-area-table"
    AMEDAS_TABLE = "jma-amedas-table"
    AMEDAS_MAP = "jma-amedas-map"
    FORECAST = "jma-forecast-json"
    OVERVIEW = "jma-overview-forecast-json"
    OTHER_JSON = "other-json"
    OTHER_XML = "other-xml"
    OTHER = "other"


#: The kinds that carry warnings per municipality.
WARNING_KINDS: frozenset[Kind] = frozenset({Kind.WARNING_JSON, Kind.XML_WARNING, Kind.XML_LANDSLIDE, Kind.XML_FLOOD})

#: ``Control/Title`` → telegram kind (VPWW50 pre-H27, VPWW54, VPWW53, VXWW50, VXKO).
TELEGRAM_TITLES: dict[str, Kind] = {
    "気象警報・注意報": Kind.XML_WARNING,
    "気象警報・注意報（Ｈ２７）": Kind.XML_WARNING,
    "気象特別警報・警報・注意報": Kind.XML_WARNING,
    "土砂災害警戒情報": Kind.XML_LANDSLIDE,
    "指定河川洪水予報": Kind.XML_FLOOD,
}

#: ``Head/InfoKind`` → telegram kind, for titles not in :data:`TELEGRAM_TITLES` (later revisions).
INFO_KINDS: dict[str, Kind] = {
    "気象警報・注意報": Kind.XML_WARNING,
    "土砂災害警戒情報": Kind.XML_LANDSLIDE,
    "指定河川洪水予報": Kind.XML_FLOOD,
}

_HTML = re.compile(rb"^(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class Detected:
    """A file's kind and its parsed content (a JSON value or the XML root element).

    ``title`` is the telegram's ``Control/Title`` for JMA XML, else None.
    """

    kind: Kind
    document: Any
    title: str | None = None


def detect(data: bytes) -> Detected:
    """Classify and parse a file's bytes.

    Parameters
    ----------
    data
        The whole file.

    Returns
    -------
    Detected

    Raises
    ------
    MalformedInputError
        Empty file, HTML page, JSON or XML that is broken or truncated, text not in UTF-8.
    UnsafeXMLError
        XML that declares a DTD or entities.
    """
    body = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body:
        raise MalformedInputError(t("空のファイルです", "the file is empty"))
    if _HTML.match(body):
        raise MalformedInputError(_html_message(body))
    if body[:1] in (b"{", b"["):
        return _classify_json(parse_json_bytes(body, MalformedInputError))
    if body[:1] == b"<":
        return _classify_xml(_parse_xml(body))
    return Detected(Kind.OTHER, None)


def _html_message(body: bytes) -> str:
    match = _HTML_TITLE.search(body)
    title = match.group(1).decode("utf-8", "replace").strip() if match else "?"
    return t(
        "JSON/XML ではなく HTML のページです (題名「{title}」)。配信元がエラーページを返したと考えられます",
        "an HTML page (title {title!r}) instead of JSON or XML: the feed returned an error page",
        title=title,
    )


def _parse_xml(body: bytes) -> etree._Element:
    if _DTD.search(body[:65536]):
        raise UnsafeXMLError(
            t(
                "DTD または実体宣言を含む XML です (XXE 等の危険があるため読み込みません; 気象庁 XML に DTD はありません)",
                "the XML declares a DTD or entities (refused: XXE / entity expansion risk; JMA XML has none)",
            )
        )
    parser = etree.XMLParser(**HARDENED)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else exc.lineno
        raise MalformedInputError(
            t(
                "XML が壊れているか途中で切れています ({line} 行目付近): {m}",
                "the XML is malformed or truncated (near line {line}): {m}",
                line=line,
                m=exc.msg,
            )
        ) from None


def _classify_json(document: Any) -> Detected:
    if isinstance(document, Mapping):
        if "areaTypes" in document:
            return Detected(Kind.WARNING_JSON, document)
        if is_area_table(document):
            return Detected(Kind.AREA_TABLE, document)
        if "targetArea" in document and "text" in document:
            return Detected(Kind.OVERVIEW, document)
        sample = next(iter(document.values()), None)
        if isinstance(sample, Mapping) and "kjName" in sample and "lat" in sample:
            return Detected(Kind.AMEDAS_TABLE, document)
        if isinstance(sample, Mapping) and sample and all(isinstance(v, list) for v in sample.values()):
            return Detected(Kind.AMEDAS_MAP, document)
    if isinstance(document, list) and document and all(isinstance(d, Mapping) and "timeSeries" in d for d in document):
        return Detected(Kind.FORECAST, document)
    return Detected(Kind.OTHER_JSON, document)


def _classify_xml(root: etree._Element) -> Detected:
    if root.tag != f"{{{JMX}}}Report":
        return Detected(Kind.OTHER_XML, root)
    title = (root.findtext(f"{{{JMX}}}Control/{{{JMX}}}Title") or "").strip()
    info_kind = (root.findtext("{*}Head/{*}InfoKind") or "").strip()
    kind = TELEGRAM_TITLES.get(title) or INFO_KINDS.get(info_kind) or Kind.XML_OTHER
    return Detected(kind, root, title or None)
