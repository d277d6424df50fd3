"""The areas a package can cover, offered from the project's own people.

Each 町内会 / 自治会 and 民生委員 district named on the roster is a choice; 自主防災組織 are
organised per 町内会 here (see :mod:`evac_plans.package.selection`), so every 町内会 is offered
as a 自主防災組織 too. The ``text`` of a choice is what :func:`~evac_plans.package.parse_area` reads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from evac_plans.repository import PersonRecord
from i18n import t

KINDS = (("町内会", "area"), ("民生委員", "welfare_district"), ("自主防災組織", "area"))
"""(area prefix, the person's column it matches), in the order the choices are listed."""


@dataclass(frozen=True)
class AreaChoice:
    """One area: ``label`` for the list (with its head count), ``text`` for ``parse_area``."""

    label: str
    text: str


def area_choices(records: Iterable[PersonRecord]) -> list[AreaChoice]:
    """Every named area of the roster, per kind, with how many people live in it."""
    people = [r.person for r in records]
    choices = []
    for prefix, column in KINDS:
        counts = Counter(getattr(p, column) for p in people if getattr(p, column))
        for name in sorted(counts):
            choices.append(AreaChoice(t("{k}: {n}（{c} 人）", "{k}: {n} ({c} people)", k=prefix, n=name, c=counts[name]), f"{prefix}:{name}"))
    return choices
