"""行政区域 (N03) municipalities → JMA 市町村等 (class20) warning areas.

N03 names a municipality by its 5-digit 全国地方公共団体コード **without** the check digit
(山口市 ``35203``; the 6-digit form with the check digit, ``352039``, is not used by JMA).
JMA's class20 codes have 7 digits, and for most municipalities they are the 5-digit code plus
``00`` (山口市 ``3520300``). The exceptions, read from JMA's area table rather than guessed:

* **Split areas**: JMA divides some municipalities into several warning areas, numbered
  ``01``, ``02`` … (松本市 ``2020201`` 松本市松本 / ``2020202`` 松本市乗鞍上高地; 63 such codes in
  the 2021 table). One N03 polygon then maps to all of them; a map colours it by the highest
  level among them and the list names each part.
* **Designated cities**: N03 has one polygon per ward (札幌市中央区 ``01101``) while JMA warns
  the whole city (札幌市 ``0110000``) or its own parts (仙台市東部 ``0410001`` / 西部 ``0410002``;
  newer tables also have ward codes such as 広島市中区 ``3410100``). A ward takes its own
  code when the table has one, else the codes of its city found by name in the prefecture.
* **Not mapped**: the 北方領土 villages (``01695``–``01700``) and 所属未定地 have no JMA area; small
  islands that the 0.1 % simplification removed (利島村, 青ヶ島村, 姫島村 …) have no polygon.

:func:`class20_codes` applies these rules to one N03 feature.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from weather.areas import AreaTable


class Class20Index:
    """Look-ups of JMA class20 codes by 5-digit municipality code and by name, per prefecture."""

    def __init__(self, areas: AreaTable, codes: Iterable[str]) -> None:
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        self._by_pref: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code in sorted(codes):
            name = areas.name(code) or ""
            self._by_prefix[code[:5]].append(code)
            self._by_pref[code[:2]].append((code, name))

    def class20_codes(self, n03_code: str | None, city: str | None, ward: str | None) -> tuple[str, ...]:
        """The JMA class20 codes of one N03 feature (empty when JMA has none).

        Parameters
        ----------
        n03_code : str or None
            ``N03_007``: 5-digit code without check digit.
        city : str or None
            ``N03_003``: county or designated city name (札幌市), if any.
        ward : str or None
            ``N03_004``: municipality or ward name (中央区).

        Examples
        --------
        >>> index = class20_index(default_areas())  # doctest: +SKIP
        >>> index.class20_codes("35203", None, "山口市"), index.class20_codes("04101", "仙台市", "青葉区")  # doctest: +SKIP
        (('3520300',), ('0410001', '0410002'))
        """
        if not n03_code:
            return ()
        own = self._by_prefix.get(n03_code)
        if own:
            return tuple(own)
        if city and city.endswith("市") and ward and ward.endswith("区"):
            return tuple(code for code, name in self._by_pref.get(n03_code[:2], ()) if name.startswith(city))
        return ()


def class20_index(areas: AreaTable) -> Class20Index:
    """The index over every class20 code of ``areas``."""
    return Class20Index(areas, areas.codes("class20s"))
