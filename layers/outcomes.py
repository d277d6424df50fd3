"""Colours of a drill's outcomes and of its flooding, shared by the 2D and 3D animations (no Qt).

A drill (:mod:`alerts.drill`) ends each person in one outcome. The two that decide whether a plan
works get colours everyone reads at once: ``arrived`` green, ``cut_off`` red; the others
(``stayed_vertical``, ``no_transport``, ``not_triggered``, ``no_plan``) a neutral grey, so the
eye goes to the two that matter. Flooded ground is a translucent blue that no hazard rank uses
(the standard depth ranks are yellow to purple), so it reads over the draped hazard map.
"""

from __future__ import annotations

import numpy as np

from i18n import t
from layers.base import Color, LegendEntry

OUTCOME_COLORS: dict[str, Color] = {
    "arrived": (26, 150, 65, 255),
    "cut_off": (215, 25, 28, 255),
}
"""Outcome → RGBA for the outcomes that get their own colour."""
OTHER_OUTCOME_COLOR: Color = (110, 110, 110, 255)
"""Every other outcome (stayed upstairs, no transport, not triggered, no plan)."""
FLOODED_COLOR: Color = (30, 110, 235, 110)
"""A flood area once it has flooded (translucent: the hazard map and buildings show through)."""


def outcome_colors(outcome: np.ndarray) -> np.ndarray:
    """Per person, the RGBA (n, 4) uint8 of their outcome (:data:`OUTCOME_COLORS`)."""
    outcome = np.asarray(outcome).astype(str)
    colors = np.tile(np.asarray(OTHER_OUTCOME_COLOR, dtype=np.uint8), (len(outcome), 1))
    for name, color in OUTCOME_COLORS.items():
        colors[outcome == name] = color
    return colors


def outcome_legend() -> list[LegendEntry]:
    """The animation's legend: arrived, cut off, others, flooded."""
    return [
        LegendEntry(t("避難完了", "arrived"), OUTCOME_COLORS["arrived"], "circle"),
        LegendEntry(t("途中で浸水", "cut off by water"), OUTCOME_COLORS["cut_off"], "circle"),
        LegendEntry(t("その他 (垂直避難・未発令・計画なし等)", "others (upstairs, not triggered, no plan…)"), OTHER_OUTCOME_COLOR, "circle"),
        LegendEntry(t("浸水した区域", "flooded area"), FLOODED_COLOR, "fill"),
    ]
