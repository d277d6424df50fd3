"""Lists made from a board for staff: counts per area, and the ``leave_now`` list per supporter.

The export is the "one click" of the alert board: a CSV (UTF-8 with BOM, so Excel opens it in
Japanese) with one row per person to move now and supporter, sorted by supporter, so each
supporter's people stand together; people without a supporter are listed under
:data:`NO_SUPPORTER`. Names and addresses are in it: it is for staff, never sent by the app.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from alerts.board import STATES, Board
from alerts.labels import clock
from evac_plans.model import EvacuationPlan, Shelter, Supporter, SupportLink
from evac_plans.repository import PersonRecord
from i18n import t

NO_SUPPORTER = ("（支援者未登録）", "(no supporter)")
CSV_COLUMNS = (
    ("支援者", "supporter"),
    ("支援者電話", "supporter phone"),
    ("役割", "roles"),
    ("住民ID", "resident id"),
    ("氏名", "name"),
    ("ふりがな", "kana"),
    ("住所", "address"),
    ("電話", "phone"),
    ("町内会", "neighbourhood association"),
    ("民生委員地区", "welfare district"),
    ("避難先", "destination"),
    ("理由", "reason"),
    ("判定時刻", "board time"),
)


@dataclass(frozen=True)
class LeaveNowRow:
    """One person to move now, with one of their supporters (None: nobody registered), and for
    the printed map the plan's route and the destination's point (lon, lat; empty / None unknown)."""

    supporter: Supporter | None
    roles: tuple[str, ...]
    record: PersonRecord
    destination: str
    reason: str
    route: tuple[tuple[float, float], ...] = ()
    destination_at: tuple[float, float] | None = None


def counts_by(board: Board, column: str) -> pd.DataFrame:
    """People per state (columns, in :data:`~alerts.board.STATES` order) for each value of the
    people's ``column`` (``area``: 町内会, ``district``: 民生委員 district; "" when not set)."""
    keys = pd.Series(getattr(board.people, column), dtype=object).fillna("").astype(str)
    table = pd.crosstab(keys, pd.Series(board.state, dtype=object).astype(str))
    return table.reindex(columns=list(STATES), fill_value=0).sort_index()


def destination_label(plan: EvacuationPlan | None, shelters: Mapping[str, Shelter]) -> str:
    """Where the plan sends the person, in words."""
    if plan is None or plan.destination is None:
        return t("計画なし", "no plan")
    d = plan.destination
    if d.kind == "vertical":
        return t("自宅{f}階 (垂直避難)", "floor {f} at home (stay upstairs)", f=d.floor or "?")
    if d.shelter_id:
        shelter = shelters.get(d.shelter_id)
        return shelter.name if shelter is not None else d.shelter_id
    return d.address or d.kind


def destination_point(plan: EvacuationPlan | None, shelters: Mapping[str, Shelter]) -> tuple[float, float] | None:
    """Where the plan sends the person as (lon, lat): the shelter's point, or the destination's own."""
    if plan is None or plan.destination is None or plan.destination.kind == "vertical":
        return None
    d = plan.destination
    shelter = shelters.get(d.shelter_id) if d.shelter_id else None
    lon, lat = (shelter.lon, shelter.lat) if shelter is not None else (d.lon, d.lat)
    return (lon, lat) if lon is not None and lat is not None else None


def leave_now_rows(
    board: Board,
    records: Sequence[PersonRecord],
    plans: Mapping[str, EvacuationPlan],
    shelters: Sequence[Shelter],
    supporters: Mapping[str, Sequence[tuple[Supporter, SupportLink]]],
) -> list[LeaveNowRow]:
    """Everyone in ``leave_now`` once per supporter (``records`` in the board's order), sorted
    by supporter name then 住民ID; people without a supporter last."""
    by_id = {s.common_id: s for s in shelters}
    rows = []
    for i, record in enumerate(records):
        if board.state[i] != "leave_now":
            continue
        pid = record.person.id
        plan = plans.get(pid)
        where = destination_label(plan, by_id)
        route = plan.route.coordinates if plan is not None and plan.route is not None else ()
        at = destination_point(plan, by_id)
        links = supporters.get(pid) or [(None, None)]
        for supporter, link in links:
            roles = link.roles if link is not None else ()
            rows.append(LeaveNowRow(supporter, roles, record, where, str(board.reason[i]), route, at))
    return sorted(rows, key=lambda r: (r.supporter is None, r.supporter.name if r.supporter else "", r.record.person.external_id))


def write_leave_now_csv(path: str | os.PathLike[str], rows: Sequence[LeaveNowRow], at: pd.Timestamp) -> int:
    """Write ``rows`` as a CSV (UTF-8 with BOM); returns the number of rows written."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow([t(*c) for c in CSV_COLUMNS])
        for r in rows:
            p = r.record.person
            s = r.supporter
            out.writerow([
                s.name if s else t(*NO_SUPPORTER), s.phone if s else "", "・".join(r.roles), p.external_id, p.name, p.kana,
                p.address, p.phone, p.area, p.welfare_district, r.destination, r.reason, clock(at),
            ])  # fmt: skip
    return len(rows)
