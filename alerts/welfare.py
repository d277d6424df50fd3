"""Whose care needs call for a 福祉避難所 (a shelter with care staff and equipment).

Which needs count differs by city (like roster eligibility): it is data, a :class:`WelfareNeeds`,
not code. The default counts a person when any one holds:

=================  ==========================================================
item               values
=================  ==========================================================
要介護度           要介護3, 要介護4, 要介護5
mobility           寝たきり
medical care       the power-dependent ones (人工呼吸器, 在宅酸素, 吸引, 経管栄養)
=================  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from evac_plans.model import POWER_DEPENDENT, CareProfile


@dataclass(frozen=True)
class WelfareNeeds:
    """Care levels, mobility and medical care each of which calls for a 福祉避難所."""

    care_levels: frozenset[str]
    mobility: frozenset[str]
    medical_care: frozenset[str]

    def needs(self, care: CareProfile | None) -> bool:
        """True when ``care`` (None: not recorded) holds one of the listed needs."""
        if care is None:
            return False
        return care.care_level in self.care_levels or care.mobility in self.mobility or not self.medical_care.isdisjoint(care.medical_care)


DEFAULT_WELFARE_NEEDS = WelfareNeeds(frozenset({"要介護3", "要介護4", "要介護5"}), frozenset({"寝たきり"}), POWER_DEPENDENT)
"""The default rule (table in the module docstring)."""
