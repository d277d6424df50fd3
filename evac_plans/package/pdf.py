"""``plans.pdf``: a cover (area map, list, creation date, expiry) and one A4 page per person laid
out like the 参考様式 of the Cabinet Office 取組指針 (個別避難計画): the person, the supporters,
the destination and route with a map, when to leave, what to take, medication, contacts, and the
supporters' no-liability wording.

reportlab embeds a subset of IPAexGothic, so the text is searchable and extracts as written
(../shared/STACK.md). Every page carries the 出典 lines; a disaster-mode package says so on
every page.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from evac_plans.package.fields import FIELDS
from evac_plans.package.mapdata import MapData
from evac_plans.package.routemap import FONT, area_map, person_map
from evac_plans.package.selection import Entry, Selection
from evac_plans.package.viewer import DISASTER_TEXT, NO_LIABILITY
from jobs.feedback import Feedback

FONT_FILE = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
WIDTH, HEIGHT = A4
MARGIN = 14 * mm
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7, leading=9)
TITLE = ParagraphStyle("title", parent=BODY, fontSize=16, leading=20, spaceAfter=4)
HEAD = ParagraphStyle("head", parent=BODY, fontSize=10.5, leading=14, textColor=colors.white)
GRID = TableStyle([
    ("FONT", (0, 0), (-1, -1), FONT, 9), ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.3, 0.3, 0.3)),
    ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.93, 0.95)), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
])  # fmt: skip
SECTIONS = (
    ("1. 避難行動要支援者（本人）", ("birth_date", "age", "sex", "address", "phone", "reason", "household", "care_level", "disabilities",
                               "mobility", "medical_care", "battery_hours", "communication")),
    ("3. 避難先・避難のタイミング", ("destination", "trigger", "travel_means")),
    ("4. 持ち出す物・服薬・特記事項", ("items", "medication", "notes", "review_date")),
)  # fmt: skip
"""Sections of the 参考様式 and their fields (section 2, the supporters, is a table of its own)."""


def register_font() -> None:
    """Register IPAexGothic with reportlab once."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))


def _p(text: Any, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def _heading(text: str) -> Table:
    table = Table([[_p(text, HEAD)]], colWidths=[WIDTH - 2 * MARGIN])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.12, 0.31, 0.55)), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _value(entry: Entry, key: str) -> str:
    if key in entry.withheld:
        return "（同意の範囲外のため提供していません）"
    value = entry.values.get(key)
    if key == "destination":
        return value["text"] if value else "（未定）"
    if key == "age" and value is not None:
        return f"{value} 歳"
    if key == "battery_hours" and value is not None:
        return f"{value} 時間"
    return "" if value is None else str(value)


def _section(entry: Entry, title: str, keys: tuple[str, ...], fields: tuple[str, ...]) -> list[Any]:
    rows = [[_p(FIELDS[k].ja), _p(_value(entry, k))] for k in keys if k in fields]
    if not rows:
        return []
    table = Table(rows, colWidths=[38 * mm, WIDTH - 2 * MARGIN - 38 * mm])
    table.setStyle(GRID)
    return [_heading(title), table, Spacer(1, 3)]


def _supporters(entry: Entry, fields: tuple[str, ...]) -> list[Any]:
    if "supporters" not in fields:
        return []
    if "supporters" in entry.withheld:
        rows = [[_p("（同意の範囲外のため提供していません）"), "", "", ""]]
    else:
        rows = [[_p(s["name"]), _p(s["roles"]), _p(s["phone"]), _p(s["address"])] for s in entry.values.get("supporters") or []] or [[_p("（未登録）"), "", "", ""]]
    table = Table([[_p("氏名"), _p("役割"), _p("連絡先"), _p("住所")], *rows], colWidths=[40 * mm, 34 * mm, 32 * mm, WIDTH - 2 * MARGIN - 106 * mm])
    table.setStyle(TableStyle([*GRID.getCommands(), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.93, 0.95))]))
    return [_heading("2. 避難支援等実施者（緊急時の連絡先）"), table, Spacer(1, 3)]


def person_page(entry: Entry, selection: Selection, data: MapData) -> list[Any]:
    """One person's page as flowables (shrunk to fit one A4 page when long)."""
    fields = selection.recipient.fields
    values = entry.values
    story: list[Any] = [_p(f"個別避難計画　{values.get('name') or ''}（{values.get('kana') or ''}）", TITLE)]
    story += _section(entry, *SECTIONS[0], fields)
    story += _supporters(entry, fields)
    story += _section(entry, *SECTIONS[1], fields)
    if "route" in fields and "route" not in entry.withheld:
        story += [_p("避難経路の地図（自宅・避難経路・避難先）"), person_map(data, values, selection.shelters, WIDTH - 2 * MARGIN, 72 * mm), Spacer(1, 3)]
    story += _section(entry, *SECTIONS[2], fields)
    story += [_heading("5. 避難支援等実施者の皆さまへ"), _p(NO_LIABILITY)]
    return [KeepInFrame(WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN - 14 * mm, story, mode="shrink"), PageBreak()]


def cover(selection: Selection, data: MapData, info: dict[str, Any]) -> list[Any]:
    """The cover: title, recipient, dates, the area map with numbered homes, and the list."""
    homes = [(str(i), e.values["home"]) for i, e in enumerate(selection.included, 1) if e.values.get("home")]
    rows = [[_p("番号"), _p("氏名"), _p("ふりがな"), _p("住所"), _p("避難先")]]
    rows += [
        [_p(i), _p(e.values.get("name") or ""), _p(e.values.get("kana") or ""), _p(e.values.get("address") or ""), _p(_value(e, "destination"))]
        for i, e in enumerate(selection.included, 1)
    ]
    table = Table(rows, colWidths=[10 * mm, 30 * mm, 32 * mm, 52 * mm, WIDTH - 2 * MARGIN - 124 * mm], repeatRows=1)
    table.setStyle(TableStyle([*GRID.getCommands(), ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.93, 0.95)), ("BACKGROUND", (0, 1), (0, -1), colors.white)]))
    return [
        _p(info["title"], TITLE),
        _p(f"提供先: {selection.recipient.ja}　対象: {len(selection.included)} 人"),
        _p(f"作成日: {info['created_wareki']}　有効期限: {info['expires_wareki']}（期限後は破棄し、最新版を市にご請求ください）"),
        Spacer(1, 4),
        area_map(data, homes, selection.shelters, WIDTH - 2 * MARGIN, 88 * mm),
        _p("地図の色: 建物の想定浸水深（ランク1 0.5m未満 〜 ランク6 20m以上）、赤丸: 要支援者の自宅（番号は下の一覧）、緑の四角: 避難所", SMALL),
        Spacer(1, 4),
        table,
        PageBreak(),
    ]


def plans_pdf(selection: Selection, data: MapData, info: dict[str, Any], feedback: Feedback | None = None) -> bytes:
    """The whole PDF as bytes."""
    feedback = feedback or Feedback()
    rl_config.useA85 = 0  # binary streams: smaller, and 3 s less on 500 pages than ASCII85 text
    register_font()
    buffer = io.BytesIO()

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        y = 8 * mm
        for line in reversed(data.sources):
            canvas.drawString(MARGIN, y, line)
            y += 8.5
        canvas.drawRightString(WIDTH - MARGIN, 4 * mm, f"{info['title']}　作成 {info['created_wareki']}　有効期限 {info['expires_wareki']}　{doc.page} ページ")
        if selection.disaster_mode:
            canvas.setFillColor(colors.Color(0.69, 0, 0.13))
            canvas.setFont(FONT, 8.5)
            canvas.drawString(MARGIN, HEIGHT - 9 * mm, DISASTER_TEXT)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN + 10 * mm,
        title=info["title"], author="Nigezero", subject="個別避難計画",
    )  # fmt: skip
    story = cover(selection, data, info)
    for i, entry in enumerate(selection.included):
        if i % 20 == 0:
            feedback.check()
            feedback.set_progress(100 * i / max(len(selection.included), 1))
        story += person_page(entry, selection, data)
    if story and isinstance(story[-1], PageBreak):
        story.pop()
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
