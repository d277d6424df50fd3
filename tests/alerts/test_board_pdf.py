"""The printed leave-now list on the demo city at 17:20 (DEMO001 reaches 避難判断水位, so the
DEMO001 避難判断水位 plans — k mod 5 = 0 — are ``leave_now``): each supporter from a new page, with
the list and a route map. The first page is rendered to ``/tmp/nigezero-screens/board_leave_now_page1.png``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from alerts.board_lists import leave_now_rows
from alerts.board_pdf import leave_now_bounds, write_leave_now_pdf
from alerts.board_roster import board_at, load_board_roster
from evac_plans.model import Supporter, SupportLink
from evac_plans.package.mapdata import SOURCE_PLATEAU, project_map
from evac_plans.package.routemap import RANK_COLORS
from evac_plans.repository import link_supporters, save_supporter
from jobs.feedback import Feedback
from plateau_import import read_plateau
from store import open_store

AT = pd.Timestamp("2026-06-02T17:20", tz="Asia/Tokyo")
SCREENS = Path("/tmp/nigezero-screens")


@pytest.fixture(scope="module")
def rows(demo_city, tmp_path_factory):
    """The leave-now rows with one supporter (支援 太郎) for D0010 and D0020."""
    path = tmp_path_factory.mktemp("boardpdf") / "demo.nigezero"
    path.write_bytes(demo_city.path.read_bytes())
    ids = demo_city.by_resident()
    with open_store(path, staff="test") as store:
        supporter = Supporter("支援 太郎", phone="083-000-7777")
        save_supporter(store, supporter)
        for who in ("D0010", "D0020"):
            link_supporters(store, ids[who], [SupportLink(ids[who], supporter.id, ("誘導",))])
        roster = load_board_roster(store)
        board = board_at(store, roster, AT, demo_city.series)
    return leave_now_rows(board, roster.records, roster.plans, roster.shelters, roster.supporters)


def text_of(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_rows_carry_route_and_destination_point(rows):
    d0010 = next(r for r in rows if r.record.person.external_id == "D0010")
    assert len(d0010.route) == 3 and d0010.route[0] == (d0010.record.person.home_lon, d0010.record.person.home_lat)
    assert d0010.destination_at == d0010.route[-1]  # the demo route ends at the shelter


def test_one_page_per_supporter_with_the_list_and_a_map(rows, tmp_path):
    pdf = tmp_path / "leave_now.pdf"
    assert write_leave_now_pdf(pdf, rows, AT) == 2  # 支援 太郎, then everyone without a supporter
    first = text_of(pdf, 1)
    assert "支援者: （支援者未登録）" in text_of(pdf, 2)  # the next supporter starts a new page
    mine = [r for r in rows if r.supporter is not None]
    assert [r.record.person.external_id for r in mine] == ["D0010", "D0020"]
    assert "支援者: 支援 太郎 083-000-7777" in first and "対象: 2 人" in first
    for r in mine:
        p = r.record.person
        assert p.external_id in first and p.name in first and p.address.replace(" ", "")[:6] in first.replace(" ", "")
        assert r.destination in first
    assert "緑の四角 避難先" in first and "06/02 17:20" in first
    # the map is vector paths: the routes' blue and the homes' red are drawn on the page
    SCREENS.mkdir(parents=True, exist_ok=True)
    png = rendered(pdf, 1, SCREENS / "board_leave_now_page1")
    assert colour_count(png, ROUTE_BLUE) > 200 and colour_count(png, HOME_RED) > 50


def test_nothing_to_print_writes_no_file(tmp_path):
    assert write_leave_now_pdf(tmp_path / "none.pdf", [], AT) == 0 and not (tmp_path / "none.pdf").exists()


ROUTE_BLUE = (31, 79, 140)
HOME_RED = (212, 46, 46)


def rendered(pdf: Path, page: int, stem: Path) -> Path:
    """The page as PNG at 100 dpi (``stem``.png)."""
    subprocess.run(["pdftoppm", "-r", "100", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(pdf), str(stem)], check=True)
    return stem.with_suffix(".png")


def colour_count(png: Path, rgb: tuple[int, int, int], tolerance: int = 12) -> int:
    """Pixels within ``tolerance`` of ``rgb`` on each channel."""
    pixels = np.asarray(Image.open(png).convert("RGB")).astype(int)
    return int((np.abs(pixels - np.array(rgb)).max(axis=2) <= tolerance).sum())


def test_buildings_and_hazard_areas_under_the_map_when_given(rows, demo_dir, tmp_path):
    """With the demo's PLATEAU buildings (coloured by flood rank) the map shows the flood context."""
    mine = [r for r in rows if r.supporter is not None]
    data = project_map([str(demo_dir / "plateau")], leave_now_bounds(mine), Feedback())  # as the board dock reads it
    w, s, e, n = data.bounds
    assert all(w < x < e and s < y < n for r in mine for x, y in r.route)
    assert 0 < len(data.buildings) < len(read_plateau([demo_dir / "plateau"], Feedback()).buildings)  # the area's only
    plain, context = tmp_path / "plain.pdf", tmp_path / "context.pdf"
    write_leave_now_pdf(plain, mine, AT)
    write_leave_now_pdf(context, mine, AT, data)
    ranks = [tuple(round(c * 255) for c in RANK_COLORS[r].rgb()) for r in (1, 2)]
    shaded = [sum(colour_count(rendered(pdf, 1, tmp_path / pdf.stem), rgb, 6) for rgb in ranks) for pdf in (plain, context)]
    assert shaded[0] == 0 and shaded[1] > 500
    assert SOURCE_PLATEAU in text_of(context, 1).replace("\n", "")
