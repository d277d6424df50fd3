"""Warning kinds and their 警戒レベル相当, as tables (the one place that says which is which).

Entry codes
-----------
* JMA's own two-digit 気象警報・注意報 種別コード (``"03"`` 大雨警報 …), the same in the bosai
  JSON and in the XML ``Kind/Code``: :data:`KIND_NAMES`.
* ``"landslide"``: 土砂災害警戒情報 for a municipality (VXWW50).
* ``"flood:20"`` / ``"flood:30"`` / ``"flood:40"`` / ``"flood:50"``: 指定河川洪水予報 氾濫注意 /
  警戒 / 危険 / 発生 情報 for a municipality of the 浸水想定地区 (VXKO).

警戒レベル相当 (:data:`LEVELS`)
-------------------------------
===== ======================================================================
level kinds
===== ======================================================================
5     大雨特別警報 (33), 氾濫発生情報 (flood:50)
4     土砂災害警戒情報 (landslide), 氾濫危険情報 (flood:40), 高潮特別警報 (38), 高潮警報 (08)
3     大雨警報 (03), 洪水警報 (04), 氾濫警戒情報 (flood:30),
      高潮注意報 (19) that says it may become a warning (:data:`MAY_BECOME_WARNING_LEVELS`)
2     大雨注意報 (10), 洪水注意報 (18), 氾濫注意情報 (flood:20), 高潮注意報 (19)
===== ======================================================================

Other warnings and advisories (強風, 波浪, 雷, 濃霧 …) are shown but carry no level (``None``).
The bosai JSON does not say whether a 大雨警報 is for 土砂災害 or 浸水害, so 大雨警報 is 3 either
way. A level-named warning of JMA's 2026 revision (「レベル４土砂災害危険警報」, 「レベル３大雨警報」 …)
takes the level in its name, whatever its code: :func:`level_in_name`.
"""

from __future__ import annotations

import re

#: JMA 気象警報・注意報 種別コード → name (bosai JSON ``warnings[].code``, XML ``Kind/Code``).
KIND_NAMES: dict[str, str] = {
    "02": "暴風雪警報", "03": "大雨警報", "04": "洪水警報", "05": "暴風警報", "06": "大雪警報",
    "07": "波浪警報", "08": "高潮警報", "10": "大雨注意報", "12": "大雪注意報", "13": "風雪注意報",
    "14": "雷注意報", "15": "強風注意報", "16": "波浪注意報", "17": "融雪注意報", "18": "洪水注意報",
    "19": "高潮注意報", "20": "濃霧注意報", "21": "乾燥注意報", "22": "なだれ注意報", "23": "低温注意報",
    "24": "霜注意報", "25": "着氷注意報", "26": "着雪注意報", "32": "暴風雪特別警報", "33": "大雨特別警報",
    "35": "暴風特別警報", "36": "大雪特別警報", "37": "波浪特別警報", "38": "高潮特別警報",
}  # fmt: skip

LANDSLIDE = "landslide"
LANDSLIDE_NAME = "土砂災害警戒情報"

#: 指定河川洪水予報 entry codes → names (注意 / 警戒 / 危険 / 発生).
FLOOD_NAMES: dict[str, str] = {
    "flood:20": "氾濫注意情報",
    "flood:30": "氾濫警戒情報",
    "flood:40": "氾濫危険情報",
    "flood:50": "氾濫発生情報",
}

#: Entry code → 警戒レベル相当. Codes not listed carry no level.
LEVELS: dict[str, int] = {
    "33": 5, "flood:50": 5,
    LANDSLIDE: 4, "flood:40": 4, "38": 4, "08": 4,
    "03": 3, "04": 3, "flood:30": 3,
    "10": 2, "18": 2, "flood:20": 2, "19": 2,
}  # fmt: skip

#: Advisories whose level rises when the advisory says it may become a warning
#: (「警報に切り替える可能性が高い注意報」): 高潮注意報 → 3.
MAY_BECOME_WARNING_LEVELS: dict[str, int] = {"19": 3}

#: Significancy (危険度) code from which a time slot is 警報級 (JMA: 00 注意報級未満, 10 注意報級,
#: 30 警報級, 40 特別警報級). An advisory whose own 危険度 time series reaches it says it may
#: become a warning.
WARNING_GRADE = 30

_LEVEL_NAME = re.compile(r"^レベル([1-5１-５])")
_DIGITS = str.maketrans("１２３４５", "12345")


def kind_name(code: str) -> str | None:
    """The name of an entry code, or None when the code is unknown (the caller keeps it raw)."""
    return KIND_NAMES.get(code) or FLOOD_NAMES.get(code) or (LANDSLIDE_NAME if code == LANDSLIDE else None)


def level_in_name(name: str | None) -> int | None:
    """The level a level-named warning states in its name, or None.

    Examples
    --------
    >>> level_in_name("レベル４土砂災害危険警報")
    4
    >>> level_in_name("大雨警報") is None
    True
    """
    match = _LEVEL_NAME.match(name or "")
    return int(match.group(1).translate(_DIGITS)) if match else None


def alert_level(code: str, name: str | None = None, *, may_become_warning: bool = False) -> int | None:
    """The 警戒レベル相当 of one entry in force.

    Parameters
    ----------
    code
        Entry code (JMA two-digit kind code, ``"landslide"`` or ``"flood:NN"``).
    name
        The name the telegram gives, if any: a level-named warning takes the level in its name.
    may_become_warning
        True when the advisory says it may become a warning (高潮注意報 → 3).

    Returns
    -------
    int or None
        2–5, or None for kinds that carry no level (強風注意報 …) and unknown codes.

    Examples
    --------
    >>> alert_level("03"), alert_level("19"), alert_level("19", may_become_warning=True), alert_level("15")
    (3, 2, 3, None)
    >>> alert_level("99", "レベル５大雨特別警報")
    5
    """
    named = level_in_name(name)
    if named is not None:
        return named
    if may_become_warning and code in MAY_BECOME_WARNING_LEVELS:
        return MAY_BECOME_WARNING_LEVELS[code]
    return LEVELS.get(code)
