"""JMA's area table (``area.json``): area codes → names and parents.

The table has five levels: ``centers`` (地方予報区), ``offices`` (府県予報区, 6 digits),
``class10s`` (一次細分区域), ``class15s`` (市町村等をまとめた地域) and ``class20s`` (市町村等,
7 digits, e.g. 3520300 山口市 → parent 350021 山口・防府 → 350020 中部 → 350000 山口県). The app
ships a copy in ``resources/weather/area.json`` (出典：気象庁ホームページ).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from i18n import t
from weather.errors import AreaTableError

#: The area table shipped with the app.
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "resources" / "weather" / "area.json"

#: The levels of the table, coarsest first (keys of ``area.json``).
LEVELS: tuple[str, ...] = ("centers", "offices", "class10s", "class15s", "class20s")


@dataclass(frozen=True)
class Area:
    """One entry of the table. ``level`` is one of :data:`LEVELS`."""

    code: str
    name: str
    level: str
    parent: str | None = None
    en_name: str | None = None
    kana: str | None = None


class AreaTable:
    """Look-ups in JMA's area table; unknown codes give None, never an exception."""

    def __init__(self, areas: Mapping[str, Area]) -> None:
        self._areas = dict(areas)

    @classmethod
    def from_json(cls, document: Any) -> AreaTable:
        """Build the table from a parsed ``area.json``.

        Raises
        ------
        AreaTableError
            If ``document`` is not an object with a ``class20s`` table of named entries.
        """
        if not is_area_table(document):
            raise AreaTableError(
                t(
                    "気象庁の地域コード表 (area.json: offices, class10s, class20s …) ではありません",
                    "not JMA's area table (area.json with offices, class10s, class20s …)",
                )
            )
        areas: dict[str, Area] = {}
        for level in LEVELS:
            for code, entry in (document.get(level) or {}).items():
                if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
                    areas[str(code)] = Area(
                        str(code), entry["name"], level, entry.get("parent"), entry.get("enName"), entry.get("kana")
                    )
        return cls(areas)

    @classmethod
    def load(cls, path: str | Path | None = None) -> AreaTable:
        """Read ``area.json`` from ``path`` (default: the copy the app ships).

        Raises
        ------
        AreaTableError
            If the file cannot be read or is not an area table.
        """
        source = Path(path) if path is not None else DEFAULT_PATH
        try:
            document = json.loads(source.read_bytes())
        except (OSError, ValueError) as exc:
            raise AreaTableError(
                t("地域コード表 {p} を読めません: {e}", "cannot read the area table {p}: {e}", p=source, e=exc)
            ) from None
        return cls.from_json(document)

    def get(self, code: str) -> Area | None:
        """The entry for ``code``, or None."""
        return self._areas.get(code)

    def name(self, code: str) -> str | None:
        """The Japanese name of ``code`` (山口市 for 3520300), or None when unknown."""
        area = self._areas.get(code)
        return area.name if area else None

    def ancestors(self, code: str) -> Iterator[Area]:
        """The parents of ``code``, nearest first (class15, class10, office, center)."""
        seen = {code}
        area = self._areas.get(code)
        while area is not None and area.parent and area.parent not in seen:
            seen.add(area.parent)
            area = self._areas.get(area.parent)
            if area is not None:
                yield area

    def codes(self, level: str) -> list[str]:
        """The codes of one level of the table (e.g. ``"class20s"``), in table order.

        Raises
        ------
        ValueError
            If ``level`` is not one of :data:`LEVELS`.
        """
        if level not in LEVELS:
            raise ValueError(f"level should be one of {', '.join(LEVELS)}, got {level!r} instead")
        return [code for code, area in self._areas.items() if area.level == level]

    def __contains__(self, code: object) -> bool:
        return code in self._areas

    def __len__(self) -> int:
        return len(self._areas)


def is_area_table(document: Any) -> bool:
    """True when a parsed JSON document looks like ``area.json`` (has ``class20s`` and ``offices``)."""
    return isinstance(document, Mapping) and isinstance(document.get("class20s"), Mapping) and "offices" in document
