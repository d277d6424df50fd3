"""The alert board: per person one state with its reason in words, at one moment.

Precedence (the first row that applies decides):

==  =================  ==========================================================================
#   state              when
==  =================  ==========================================================================
1   ``evacuated``      the person's newest safety check (安否確認) by then says ``evacuated``
2   ``safe_at_home``   it says ``safe_home`` and was made after the trigger fired (or the trigger
                       has not fired): a check older than the trigger does not answer it
3   ``stay_vertical``  the trigger fired, the plan is vertical evacuation, the assessment says it
                       is feasible at this home, and the hazard is not a landslide
4   ``leave_now``      the trigger fired: one of its conditions is met (:mod:`alerts.people`),
                       the city's 避難指示 or higher for the area included; a met condition wins
                       over a stale or missing input
5   ``prepare``        a gauge the trigger waits for is rising and, at its current rate, reaches
                       the threshold within the person's preparation time (the reason gives the
                       estimate and its basis)
6   ``unknown``        an input the trigger waits for is stale or missing (the reason names it
                       and since when); a stale gauge never counts as normal
7   ``no_action``      nothing the plan reacts to is in force (the reason gives the current value)
==  =================  ==========================================================================

The reason of a person who must leave or prepare adds that their plan's shelter is closed (staff
entered it closed by then, :mod:`alerts.shelter_status`): someone has to name another destination.

Vectorised: each distinct condition is evaluated once per update (:mod:`alerts.conditions`), then
states are chosen for everybody with numpy indexing over the people × conditions matrix, and each
distinct reason is worded once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from alerts.conditions import Evaluation, InputRef, Snapshot
from alerts.labels import clock, trigger_label
from alerts.people import BoardPeople
from alerts.safety import BOARD_STATES, STATUS_LABELS, SafetyCheck
from alerts.times import iso_jst, to_ns
from i18n import t

STATES = ("evacuated", "safe_at_home", "stay_vertical", "leave_now", "prepare", "unknown", "no_action")
"""Board states in order of precedence."""
STATE_LABELS: dict[str, tuple[str, str]] = {
    "evacuated": ("避難済み", "evacuated"),
    "safe_at_home": ("在宅で無事", "safe at home"),
    "stay_vertical": ("垂直避難", "stay upstairs"),
    "leave_now": ("今すぐ避難", "leave now"),
    "prepare": ("避難準備", "prepare"),
    "unknown": ("判断不能", "unknown"),
    "no_action": ("対応不要", "no action"),
}
_NEVER = np.iinfo(np.int64).max
_CHECK_CODES = {code: STATES.index(state) + 1 for code, state in BOARD_STATES.items()}
_NOTHING = Evaluation()


@dataclass(frozen=True)
class Board:
    """The board at ``at``: ``state`` and ``reason`` per person (object arrays, in the order of
    ``people``), the evaluation of every condition, and the safety checks used."""

    at: pd.Timestamp
    people: BoardPeople
    state: np.ndarray
    reason: np.ndarray
    evaluations: tuple[Evaluation, ...]
    checks: Mapping[str, SafetyCheck]

    def counts(self) -> dict[str, int]:
        """How many people are in each state (every state listed, 0 included)."""
        values, counts = np.unique(self.state.astype(str), return_counts=True)
        found = dict(zip(values.tolist(), counts.tolist(), strict=True))
        return {s: found.get(s, 0) for s in STATES}

    def inputs(self, i: int) -> list[InputRef]:
        """The inputs person ``i``'s state rests on (each once), the safety check last."""
        refs: dict[str, InputRef] = {}
        for c in self.people.matrix[i]:
            for ref in self.evaluations[c].inputs:
                refs.setdefault(ref.source, ref)
        check = self.checks.get(self.people.ids[i])
        extra = [InputRef("safety_check", check.time, False)] if check is not None else []
        return [*refs.values(), *extra]

    def record(self, i: int) -> dict[str, Any]:
        """The ``board`` command's object for person ``i`` (docs/CLI.md)."""
        return {
            "person": str(self.people.ids[i]),
            "state": str(self.state[i]),
            "reason": str(self.reason[i]),
            "inputs": [
                {"source": r.source, "time": iso_jst(r.time) if r.time is not None else None, "stale": r.stale}
                for r in self.inputs(i)
            ],
        }


def evaluate_board(people: BoardPeople, snap: Snapshot, checks: Mapping[str, SafetyCheck]) -> Board:
    """Every person's state and reason at the snapshot's moment (precedence in the module docstring).

    Parameters
    ----------
    people : BoardPeople
        The compiled people (:func:`alerts.people.compile_people`).
    snap : Snapshot
        Gauges, weather and issues at the moment (:func:`alerts.conditions.take_snapshot`).
    checks : mapping
        Each person's newest safety check at the moment (:func:`alerts.safety.latest_at`).

    Returns
    -------
    Board
    """
    evaluations = (_NOTHING, *(c.evaluate(snap) for c in people.conditions[1:]))  # type: ignore[union-attr]
    at = to_ns(snap.at)
    met = np.array([e.met for e in evaluations])
    since = np.array([to_ns(e.since) if e.since is not None else _NEVER for e in evaluations], dtype=np.int64)
    unknown = np.array([e.unknown for e in evaluations])
    eta = np.array([to_ns(e.eta) if e.eta is not None else _NEVER for e in evaluations], dtype=np.int64)
    landslide = np.array([e.landslide for e in evaluations])

    m, rows = people.matrix, np.arange(len(people))
    met_p = met[m]
    fired = met_p.any(axis=1)
    since_p = np.where(met_p, since[m], _NEVER)
    fired_cond = m[rows, since_p.argmin(axis=1)]
    fired_at = since_p.min(axis=1)
    unknown_cond = m[rows, unknown[m].argmax(axis=1)]
    eta_p = eta[m]
    eta_cond = m[rows, eta_p.argmin(axis=1)]
    minutes_left = np.where(eta_p.min(axis=1) < _NEVER, (eta_p.min(axis=1) - at) / 6e10, np.inf)

    ids = people.ids
    check_code = np.array([_CHECK_CODES.get(checks[p].status, 0) if p in checks else 0 for p in ids], dtype=np.int8)
    check_at = np.array([to_ns(checks[p].time) if p in checks else 0 for p in ids], dtype=np.int64)
    vertical = fired & people.vertical_planned & (people.vertical_ok == 1) & ~(met_p & landslide[m]).any(axis=1)
    choices = [
        check_code == 1,
        (check_code == 2) & (~fired | (check_at >= fired_at)),
        vertical,
        fired,
        ~fired & (minutes_left <= people.preparation_min),
        unknown[m].any(axis=1),
    ]
    state = np.select(choices, np.arange(len(choices)), default=len(choices)).astype(np.int64)
    cond = np.select(
        [state == 2, state == 3, state == 4, state == 5], [fired_cond, fired_cond, eta_cond, unknown_cond], default=m[:, 0]
    )
    extra = np.select([state == 2, state == 4], [people.floor, people.preparation_min.astype(np.int64)], default=0)
    safety = state <= 1
    refused = (state == 3) & people.vertical_planned
    closed_ids = list(snap.closed)
    closed = np.where((state == 3) | (state == 4), pd.Index(closed_ids, dtype=object).get_indexer(people.shelter), -1)
    key = np.stack([state, np.where(safety, rows, cond), people.trigger, extra, refused, closed], axis=1).astype(np.int64)
    unique, first, inverse = np.unique(key, axis=0, return_index=True, return_inverse=True)
    words = _Wording(people, evaluations, snap, checks, closed_ids)
    texts = np.array([words.reason(int(first[k]), *(int(v) for v in unique[k])) for k in range(len(unique))], dtype=object)
    return Board(snap.at, people, np.array(STATES, dtype=object)[state], texts[inverse.ravel()], evaluations, checks)


class _Wording:
    """Words one distinct reason (state, condition, trigger, extra figure)."""

    def __init__(
        self,
        people: BoardPeople,
        evaluations: tuple[Evaluation, ...],
        snap: Snapshot,
        checks: Mapping[str, SafetyCheck],
        closed: list[str],
    ):
        self.people, self.evaluations, self.snap, self.checks, self.closed = people, evaluations, snap, checks, closed
        self.gauges = {k: v.state.gauge for k, v in snap.gauges.items()}

    def reason(self, person: int, state: int, cond: int, trigger: int, extra: int, vertical_refused: int, closed: int) -> str:
        text = self._reason(person, state, cond, trigger, extra, vertical_refused)
        if closed < 0:
            return text
        shelter = self.snap.closed[self.closed[closed]]
        return t("{r}。避難先 {s} は {c} に閉鎖: 別の避難先を伝えてください", "{r}. The destination {s} closed at {c}: give another destination",
                 r=text, s=shelter.name or shelter.common_id, c=clock(shelter.time))  # fmt: skip

    def _reason(self, person: int, state: int, cond: int, trigger: int, extra: int, vertical_refused: int) -> str:
        if state <= 1:
            check = self.checks[self.people.ids[person]]
            return t(
                "{c} 安否確認: {s}",
                "{c} safety check: {s}",
                c=clock(check.time),
                s=t(*STATUS_LABELS.get(check.status, (check.status, check.status))),
            )
        evaluation = self.evaluations[cond]
        plan = t("トリガー＝{x}", "Trigger: {x}", x=trigger_label(self.people.triggers[trigger], self.gauges))
        if state == 2:
            return t("{e}。{p}。計画どおり自宅{f}階へ垂直避難 (この家で可能)", "{e}. {p}. Stay upstairs on floor {f} as planned (feasible in this home)",
                     e=evaluation.text, p=plan, f=extra or "?")  # fmt: skip
        if state == 3 and vertical_refused:
            return t("{e}。{p}。計画は垂直避難ですが、この家・この災害で可能と確認できないため立ち退き避難",
                     "{e}. {p}. The plan is to stay upstairs, but that is not known to be feasible in this home for this hazard: leave",
                     e=evaluation.text, p=plan)  # fmt: skip
        if state == 4:
            minutes = (evaluation.eta - self.snap.at) / pd.Timedelta(minutes=1) if evaluation.eta is not None else 0
            return t("{e} (約 {m:.0f} 分後)。準備時間 {n} 分以内。{p}", "{e} (in about {m:.0f} min), within the preparation time of {n} min. {p}",
                     e=evaluation.estimate, m=max(minutes // 1, 0), n=extra, p=plan)  # fmt: skip
        return t("{e}。{p}", "{e}. {p}", e=evaluation.text, p=plan)
