"""The printable ``leave_now`` list: one A4 page per supporter (names, addresses, destination, reason).

The page is rich text printed through Qt (:class:`QTextDocument` onto a :class:`QPdfWriter`), so
Japanese prints with the system's fonts. The route map of the issue is not drawn yet.
"""

from __future__ import annotations

import html
import itertools
import os
from collections.abc import Sequence

import pandas as pd
from PySide6.QtGui import QPageSize, QPdfWriter, QTextDocument

from alerts.board_lists import NO_SUPPORTER, LeaveNowRow
from alerts.labels import clock
from i18n import t

PAGE_COLUMNS = (
    ("住民ID", "ID"),
    ("氏名", "Name"),
    ("住所", "Address"),
    ("電話", "Phone"),
    ("避難先", "Destination"),
    ("理由", "Reason"),
)


def leave_now_pages(rows: Sequence[LeaveNowRow], at: pd.Timestamp) -> list[str]:
    """One HTML page per supporter (``rows`` sorted by supporter, as :func:`~alerts.board_lists.leave_now_rows` gives);
    each page after the first starts on a new sheet."""
    pages = []
    for n, (_, group) in enumerate(itertools.groupby(rows, key=lambda r: r.supporter.id if r.supporter else "")):
        members = list(group)
        s = members[0].supporter
        who = f"{s.name} {s.phone}".strip() if s else t(*NO_SUPPORTER)
        head = "".join(f"<th>{html.escape(t(*c))}</th>" for c in PAGE_COLUMNS)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in (p.external_id, p.name, p.address, p.phone, r.destination, r.reason)) + "</tr>"
            for r in members
            for p in (r.record.person,)
        )  # fmt: skip
        title = t("今すぐ避難が必要な方 ({a} 判定)", "People to move now (board time {a})", a=clock(at))
        pages.append(
            f'<h2 style="page-break-before: {"always" if n else "auto"}">{html.escape(title)}</h2>'
            f"<p>{html.escape(t('支援者: {w}', 'Supporter: {w}', w=who))}</p>"
            f'<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>{head}</tr>{body}</table>'
        )
    return pages


def write_leave_now_pdf(path: str | os.PathLike[str], rows: Sequence[LeaveNowRow], at: pd.Timestamp) -> int:
    """Print the list to ``path``, each supporter from a new A4 page (a long list goes on over more);
    returns the number of supporters (0: nothing to print, no file written)."""
    pages = leave_now_pages(rows, at)
    if not pages:
        return 0
    writer = QPdfWriter(os.fspath(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle(t("今すぐ避難の一覧", "Leave-now list"))
    doc = QTextDocument()
    doc.setHtml("".join(pages))
    doc.print_(writer)
    return len(pages)
