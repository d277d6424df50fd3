"""The person list behind the editor: one row per person, filtered by columns, searched kana-aware.

Search matches names, ふりがな, 住民ID and addresses however they were typed: hiragana and
katakana are the same (jaconv), half- and full-width letters, digits and kana are the same
(NFKC), spaces and case do not count. Filters: area (町内会), priority, consent to share the
plan, lowest home flood rank, missing plan, review date passed. Filtering works on whole
columns (pandas), so 10,000 people filter in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import jaconv
import numpy as np
import pandas as pd

from evac_plans.assessment.engine import Assessment
from evac_plans.model import EvacuationPlan
from evac_plans.repository import PersonRecord

_SPACE = re.compile(r"\s+")


def search_key(text: str) -> str:
    """``text`` folded for search: NFKC, katakana, no spaces, case-folded.

    Examples
    --------
    >>> search_key("やまぐち　ハナコ") == search_key("ﾔﾏｸﾞﾁﾊﾅｺ")
    True
    >>> search_key("Ｄ０００１")
    'd0001'
    """
    return _SPACE.sub("", jaconv.hira2kata(unicodedata.normalize("NFKC", text))).casefold()


@dataclass(frozen=True)
class PersonFilter:
    """What to show. Empty / None fields do not filter.

    ``consent`` is a plan-sharing consent status (given, refused, presumed_by_ordinance,
    unknown); ``min_rank`` keeps homes with a flood rank at least that high; ``today`` decides
    which review dates have passed.
    """

    text: str = ""
    area: str | None = None
    priority: str | None = None
    consent: str | None = None
    min_rank: int | None = None
    missing_plan: bool = False
    review_overdue: bool = False
    today: date | None = None


class PersonTable:
    """People as columns for the list: ``frame`` has one row per person, in the given order.

    Columns: ``id``, ``name``, ``kana``, ``area``, ``priority`` ("" before assessment),
    ``home_rank`` (-1 unknown), ``consent`` (plan-sharing status), ``has_plan``,
    ``review_date`` (datetime64, NaT none) and ``key`` (:func:`search_key` of name, kana,
    住民ID and address).
    """

    def __init__(
        self,
        people: Sequence[PersonRecord],
        plans: Mapping[str, EvacuationPlan],
        assessments: Mapping[str, Assessment] | None = None,
    ) -> None:
        assessments = assessments or {}
        persons = [r.person for r in people]
        found = [assessments.get(p.id) for p in persons]
        reviews = [plans[p.id].review_date if p.id in plans else None for p in persons]
        self.frame = pd.DataFrame(
            {
                "id": [p.id for p in persons],
                "name": [p.name for p in persons],
                "kana": [p.kana for p in persons],
                "area": [p.area for p in persons],
                "priority": [a.priority if a is not None else "" for a in found],
                "home_rank": np.array([a.home_rank if a is not None and a.home_rank is not None else -1 for a in found], dtype=np.int64),
                "consent": [r.consents["plan_sharing"].status if "plan_sharing" in r.consents else "unknown" for r in people],
                "has_plan": np.array([p.id in plans for p in persons], dtype=bool),
                "review_date": pd.to_datetime(pd.Series(reviews, dtype=object)),
                "key": [search_key(" ".join((p.name, p.kana, p.external_id, p.address))) for p in persons],
            }
        )

    def __len__(self) -> int:
        return len(self.frame)

    def areas(self) -> list[str]:
        """The distinct non-empty areas, sorted (for the filter's choices)."""
        return sorted(a for a in self.frame["area"].unique() if a)

    def select(self, criteria: PersonFilter) -> np.ndarray:
        """Row positions (in order) of the people ``criteria`` keeps.

        Examples
        --------
        >>> table.select(PersonFilter(text="やまぐち", missing_plan=True))  # doctest: +SKIP
        array([ 3, 17])
        """
        f = self.frame
        keep = np.ones(len(f), dtype=bool)
        if criteria.text.strip():
            keep &= f["key"].str.contains(search_key(criteria.text), regex=False).to_numpy()
        for column, wanted in (("area", criteria.area), ("priority", criteria.priority), ("consent", criteria.consent)):
            if wanted:
                keep &= (f[column] == wanted).to_numpy()
        if criteria.min_rank is not None:
            keep &= (f["home_rank"] >= criteria.min_rank).to_numpy()
        if criteria.missing_plan:
            keep &= ~f["has_plan"].to_numpy()
        if criteria.review_overdue:
            today = pd.Timestamp(criteria.today or date.today())
            keep &= (f["review_date"] < today).fillna(False).to_numpy(dtype=bool)
        return np.flatnonzero(keep)
