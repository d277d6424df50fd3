"""Codelists: ``codeSpace`` paths resolved relative to each GML file, loaded lazily, cached.

A code whose codelist is missing (PLATEAU excerpts often ship none) or that its codelist does
not list stays as the raw code, and the file gets one warning per missing codelist or code —
never a silent substitution (MIERUNE's ``cached.get(code, code)`` with a report).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from lxml import etree

from i18n import t
from jobs.feedback import Problem
from jobs.inputs import InputFile
from plateau_import.namespaces import GML, clark
from plateau_import.xmlsafe import HARDENED

_DEFINITION = clark(GML, "Definition")
_NAME = clark(GML, "name")
_DESCRIPTION = clark(GML, "description")


@lru_cache(maxsize=512)
def _load(source: InputFile) -> dict[str, str] | None:
    """Code → description of one codelist file (None when it cannot be read)."""
    try:
        with source.open() as stream:
            tree = etree.parse(stream, etree.XMLParser(**HARDENED))
    except (OSError, etree.XMLSyntaxError):
        return None
    table: dict[str, str] = {}
    for definition in tree.iter(_DEFINITION):
        code = definition.findtext(_NAME)
        description = definition.findtext(_DESCRIPTION)
        if code is not None and description is not None:
            table.setdefault(code.strip(), description.strip())
    return table


def load_codelist(source: InputFile) -> dict[str, str] | None:
    """Code → description of a ``gml:Dictionary`` codelist, cached for the process.

    Parameters
    ----------
    source
        The codelist file (on disk or in a zip).

    Returns
    -------
    dict or None
        None when the file cannot be read or parsed.
    """
    return _load(source)


class CodeResolver:
    """Resolves ``(codeSpace, code)`` pairs of one GML file and reports what it cannot resolve.

    Parameters
    ----------
    source
        The GML file; codeSpaces are relative to its folder (also inside a zip).
    report
        Called with each distinct problem (missing codelist, unknown code).
    """

    def __init__(self, source: InputFile, report: Callable[[Problem], None]) -> None:
        self._source = source
        self._report = report
        self._tables: dict[str, dict[str, str] | None] = {}
        self._seen: set[tuple[str, str | None]] = set()

    def table(self, space: str) -> dict[str, str] | None:
        """The codelist named by ``space`` (None, reported once, when it is missing)."""
        if space not in self._tables:
            sibling = self._source.sibling(space)
            table = load_codelist(sibling) if sibling is not None else None
            self._tables[space] = table
            if table is None:
                self._once(space, None, t(
                    "コードリスト {s} が見つからないか読めません。コード値をそのまま使います",
                    "codelist {s} is missing or unreadable; raw codes are kept",
                    s=space,
                ))
        return self._tables[space]

    def resolve(self, space: str | None, code: str | None) -> str | None:
        """The description of ``code`` in codelist ``space``; the raw code when unresolvable."""
        if code is None or not space:
            return code
        table = self.table(space)
        if table is None:
            return code
        value = table.get(code)
        if value is None:
            self._once(space, code, t(
                "コード {c} はコードリスト {s} にありません。コード値をそのまま使います",
                "code {c} is not in codelist {s}; the raw code is kept",
                c=code,
                s=space,
            ))
            return code
        return value

    def _once(self, space: str, code: str | None, message: str) -> None:
        if (space, code) not in self._seen:
            self._seen.add((space, code))
            self._report(Problem(self._source.label, space, message))
