"""Building entries and naming areas the same way for every format.

A reader reports problems of single values through a :data:`Warn` callback ``(where, message)``;
unknown codes are kept raw, named from the file when it names them, and reported once each.
"""

from __future__ import annotations

from collections.abc import Callable

from i18n import t
from weather.areas import AreaTable
from weather.levels import alert_level, kind_name
from weather.states import WarningEntry

#: ``warn(where, message)``: a problem with one value; the file is still read.
Warn = Callable[[str | None, str], None]


def area_name(code: str, given: str | None, areas: AreaTable, warn: Warn) -> str | None:
    """The name of a municipality: from the area table, else as the file gives it, else None.

    A code the table does not know is reported (and kept raw by the caller).
    """
    known = areas.name(code)
    if known is not None:
        return known
    warn(
        code,
        t(
            "地域コード {c} は地域コード表にありません (ファイル中の名称: {n})。コードはそのまま出力します",
            "area code {c} is not in the area table (name in the file: {n}); the code is kept as is",
            c=code,
            n=given or "-",
        ),
    )
    return given or None


def warning_entry(
    code: str, given_name: str | None, status: str | None, warn: Warn, *, may_become_warning: bool = False
) -> WarningEntry:
    """One entry with JMA's name for ``code`` (else the file's), its status and level.

    A level-named warning (「レベル４…」) takes the level in its name. An unknown code is kept
    raw, named as the file names it (or None), and reported (once per code and file).
    """
    name = given_name or kind_name(code)
    if kind_name(code) is None:
        warn(
            None,
            t(
                "不明な種別コード {c} ({n}) はそのまま出力します",
                "unknown kind code {c} ({n}) is kept as is",
                c=code,
                n=given_name or "-",
            ),
        )
    return WarningEntry(code, name, status, alert_level(code, name, may_become_warning=may_become_warning))
