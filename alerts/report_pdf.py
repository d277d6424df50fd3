"""What the alerts' printed reports share (the board's leave-now pages, the drill debrief): the
package PDF's A4 layout and IPAexGothic font (:mod:`evac_plans.package.pdf`), the 出典 lines at
the foot of every page, and the label of synthetic demo data.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from demo.gml import SYNTHETIC_NOTE
from evac_plans.package.pdf import BODY, HEIGHT, MARGIN, WIDTH, register_font
from evac_plans.package.routemap import FONT
from i18n import t

SYNTHETIC_LABEL = (
    "合成データ：逃げ遅れゼロのデモ用に生成した架空のデータです（実在の人物・浸水・水位ではありません）",
    "Synthetic data: invented by Nigezero for its demo (no real person, flood or river level)",
)
"""Printed at the top of every page made from the demo data set."""
FOOT = 10 * mm
"""Room at the foot of each page for the 出典 lines and the page footer."""
FRAME_HEIGHT = HEIGHT - 2 * MARGIN - FOOT - 6 * mm
"""Height available to one page's content (for ``KeepInFrame``)."""
FRAME_WIDTH = WIDTH - 2 * MARGIN


def para(text: Any, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept), in IPAexGothic (registered on first use)."""
    register_font()
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def is_demo_folder(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (a file or folder) lies in a demo data set: the generator's README.md,
    which names the data synthetic, stands in it or a folder above (up to two levels)."""
    here = Path(path).resolve()
    for folder in [here if here.is_dir() else here.parent, *here.parents][:3]:
        readme = folder / "README.md"
        if readme.is_file() and SYNTHETIC_NOTE in readme.read_text(encoding="utf-8", errors="replace")[:300]:
            return True
    return False


def write_pdf(
    path: str | os.PathLike[str], story: list[Any], title: str, sources: Sequence[str], footer: str, synthetic: bool = False
) -> int:
    """Lay ``story`` out on A4 pages into ``path``: the 出典 ``sources`` at the foot of every page,
    ``footer`` and the page number bottom right, and :data:`SYNTHETIC_LABEL` on top when ``synthetic``.
    Returns the number of pages."""
    rl_config.useA85 = 0
    register_font()
    if story and isinstance(story[-1], PageBreak):
        story = story[:-1]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        y = 8 * mm
        for line in reversed(sources):
            canvas.drawString(MARGIN, y, line)
            y += 8.5
        canvas.drawRightString(WIDTH - MARGIN, 4 * mm, f"{footer}　{t('{n} ページ', 'page {n}', n=doc.page)}")
        if synthetic:
            canvas.setFillColor(colors.Color(0.69, 0, 0.13))
            canvas.setFont(FONT, 8.5)
            canvas.drawString(MARGIN, HEIGHT - 9 * mm, t(*SYNTHETIC_LABEL))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        os.fspath(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + FOOT, title=title, author="Nigezero",
    )  # fmt: skip
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return int(doc.page)
