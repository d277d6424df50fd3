"""Dates as municipal rosters write them: 西暦 (1940-04-01, 1940/4/1, 1940年4月1日) and 和暦
(昭和15年4月1日, 昭15.4.1, S15.4.1, 平成元年1月8日), full-width digits included.

A small table of the modern eras is used rather than ``japanera`` (which runs on 3.11): its
abbreviated-era parse is ambiguous (``S15.4.1`` gives 西暦, 正平 and 昭和 candidates) and it
needs one format string per spelling, while five rows cover every birth date on a roster.
Dates before 明治6年 (1873, when Japan adopted the Gregorian calendar) are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from i18n import t


@dataclass(frozen=True)
class Era:
    """A Japanese era: its name, one-letter abbreviation, first and last Gregorian day."""

    name: str
    letter: str
    first: date
    last: date | None
    year_one: int

    def to_date(self, year: int, month: int, day: int) -> date:
        """The Gregorian date of (era year, month, day).

        Raises
        ------
        ValueError
            If the day does not exist or falls outside the era.
        """
        result = _date(self.year_one + year - 1, month, day)
        if result < self.first or (self.last is not None and result > self.last):
            last = self.last.isoformat() if self.last else "today"
            raise ValueError(
                t("{e}の期間 ({f} – {l}) の外の日付です", "the date is outside {e} ({f} – {l})", e=self.name, f=self.first.isoformat(), l=last)
            )
        return result


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1873, 1, 1), date(1912, 7, 29), 1868),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24), 1912),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7), 1926),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30), 1989),
    Era("令和", "R", date(2019, 5, 1), None, 2019),
)
_BY_KEY = {key: era for era in ERAS for key in (era.name, era.name[0], era.letter)}
_ERA_DATE = re.compile(r"^(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?$")
_WESTERN = re.compile(r"^(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str) -> date:
    """Parse a 西暦 or 和暦 date.

    Parameters
    ----------
    text : str
        ``1940-04-01``, ``1940/4/1``, ``19400401``, ``1940年4月1日``, ``昭和15年4月1日``,
        ``昭15.4.1``, ``S15.4.1`` (full-width digits and letters accepted; 元年 is year 1).

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        If the text is none of these forms, the day does not exist, or an era date falls
        outside its era (昭和64年1月8日 is 平成元年). The message (in the current language)
        never repeats the text: it may be someone's birth date.

    Examples
    --------
    >>> parse_date("S15.4.1")
    datetime.date(1940, 4, 1)
    >>> parse_date("平成元年1月8日")
    datetime.date(1989, 1, 8)
    """
    norm = unicodedata.normalize("NFKC", text).strip().upper()
    if m := _ERA_DATE.match(norm):
        era, year = _BY_KEY[m.group(1)], m.group(2)
        return era.to_date(1 if year == "元" else int(year), int(m.group(3)), int(m.group(4)))
    if m := _WESTERN.match(norm) or _COMPACT.match(norm):
        result = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if result < ERAS[0].first:
            raise ValueError(t("{d} より前の日付は扱えません", "dates before {d} are not supported", d=ERAS[0].first.isoformat()))
        return result
    raise ValueError(
        t(
            "日付の形ではありません (例: 1940-04-01, 1940/4/1, 昭和15年4月1日, S15.4.1)",
            "expected a date such as 1940-04-01, 1940/4/1, 昭和15年4月1日 or S15.4.1",
        )
    )


def _date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(t("存在しない日付です", "no such day in the calendar")) from None


def format_wareki(day: date) -> str:
    """The date in 和暦 (``昭和15年4月1日``; the first year is 元年).

    Examples
    --------
    >>> format_wareki(date(1989, 1, 8)), format_wareki(date(2026, 6, 3))
    ('平成元年1月8日', '令和8年6月3日')
    """
    era = next(e for e in reversed(ERAS) if day >= e.first)
    year = day.year - era.year_one + 1
    return f"{era.name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
