"""The printable ``leave_now`` list: one A4 page per supporter with their people (住民ID, name,
address, phone, destination, reason) and a map of their routes (home numbered as in the list →
route → destination), drawn with the offline package's PDF machinery (:mod:`evac_plans.package`).

Names and addresses are on it: it is printed for staff and supporters, never sent by the app.
Each supporter starts a new page; a long list goes on over more pages, the map after it.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from alerts.board_lists import NO_SUPPORTER, LeaveNowRow
from alerts.labels import clock
from alerts.report_pdf import FRAME_WIDTH, para, write_pdf
from evac_plans.package.mapdata import SOURCE_GSI, MapData, padded_bounds
from evac_plans.package.pdf import GRID, SMALL, TITLE
from evac_plans.package.routemap import RouteMark, bare_map_data, routes_map
from i18n import t

PAGE_COLUMNS = (
    ("番号", "No."),
    ("住民ID", "ID"),
    ("氏名", "Name"),
    ("住所", "Address"),
    ("電話", "Phone"),
    ("避難先", "Destination"),
    ("理由", "Reason"),
)
COLUMN_MM = (10, 16, 22, 36, 22, 28)
"""Widths of all but the last column (理由 takes the rest)."""
MAP_HEIGHT = 125 * mm


def supporter_pages(rows: Sequence[LeaveNowRow], at: pd.Timestamp, data: MapData | None = None) -> list[list]:
    """Each supporter's pages as flowables (``rows`` sorted by supporter, as
    :func:`~alerts.board_lists.leave_now_rows` gives); ``data`` adds buildings and hazard areas to the maps."""
    pages = []
    for _, group in itertools.groupby(rows, key=lambda r: r.supporter.id if r.supporter else ""):
        members = list(group)
        s = members[0].supporter
        who = f"{s.name} {s.phone}".strip() if s else t(*NO_SUPPORTER)
        table_rows = [[para(t(*c)) for c in PAGE_COLUMNS]]
        for n, r in enumerate(members, 1):
            p = r.record.person
            table_rows.append([para(v) for v in (n, p.external_id, p.name, p.address, p.phone, r.destination, r.reason)])
        widths = [w * mm for w in COLUMN_MM]
        table = Table(table_rows, colWidths=[*widths, FRAME_WIDTH - sum(widths)], repeatRows=1)
        table.setStyle(TableStyle([*GRID.getCommands(), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.93, 0.95)),
                                   ("BACKGROUND", (0, 1), (0, -1), colors.white)]))  # fmt: skip
        marks = [
            RouteMark(str(n), _home(r), r.route, r.destination_at, destination_label=r.destination if r.destination_at else "")
            for n, r in enumerate(members, 1)
        ]
        story = [
            para(t("今すぐ避難が必要な方 ({a} 判定)", "People to move now (board time {a})", a=clock(at)), TITLE),
            para(t("支援者: {w}　対象: {n} 人", "Supporter: {w}   people: {n}", w=who, n=len(members))),
            Spacer(1, 4),
            table,
            Spacer(1, 6),
            KeepTogether([
                routes_map(data or bare_map_data(), marks, (), FRAME_WIDTH, MAP_HEIGHT),
                para(t("地図: 赤丸 自宅 (番号は上の一覧)、青線 避難経路、緑の四角 避難先",
                       "Map: red circles homes (numbered as in the list), blue lines routes, green squares destinations"), SMALL),
            ]),
            PageBreak(),
        ]  # fmt: skip
        pages.append(story)
    return pages


def _home(row: LeaveNowRow) -> tuple[float, float] | None:
    p = row.record.person
    return (p.home_lon, p.home_lat) if p.home_lon is not None and p.home_lat is not None else None


def leave_now_bounds(rows: Sequence[LeaveNowRow]) -> tuple[float, float, float, float]:
    """The area the supporters' maps cover (homes, routes, destinations, with a margin): what to
    read buildings and hazard areas for (:func:`evac_plans.package.mapdata.project_map`)."""
    points = [(r.record.person.home_lon, r.record.person.home_lat) for r in rows
              if r.record.person.home_lon is not None and r.record.person.home_lat is not None]  # fmt: skip
    points += [xy for r in rows for xy in r.route] + [r.destination_at for r in rows if r.destination_at is not None]
    return padded_bounds(points)


def write_leave_now_pdf(path: str | os.PathLike[str], rows: Sequence[LeaveNowRow], at: pd.Timestamp, data: MapData | None = None) -> int:
    """Print the list to ``path``, each supporter from a new A4 page; returns the number of supporters
    (0: nothing to print, no file written). ``data`` (optional) adds buildings and hazard areas to the maps."""
    pages = supporter_pages(rows, at, data)
    if not pages:
        return 0
    sources = [*(data.sources if data is not None else []), *([SOURCE_GSI] if any(r.destination_at for r in rows) else [])]
    title = t("今すぐ避難の一覧", "Leave-now list")
    write_pdf(path, [f for page in pages for f in page], title, list(dict.fromkeys(sources)), f"{title} {clock(at)}")
    return len(pages)
