"""The drill debrief on the demo city with the demo scenario (``scenario/drill.json``).

Hand values: DEMO001 reaches 氾濫危険水位 (3.20 m) at 18:40 on 06/02 (tests/alerts/test_board_demo.py),
so the two flood areas of the scenario flood at 18:40 + 30 min = 19:10 (``L2-rank3+``) and
18:40 + 90 min = 20:10 (``L2-rank1+``), both by the rule ``gauge_lag``. The map page is rendered to
``/tmp/nigezero-screens/drill_debrief_map.png``.
"""

from __future__ import annotations

import csv
import json
import math
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from alerts.drill import Drill
from alerts.drill_report import OUTCOME_LABELS, TABLE_ROWS, write_debrief_csv, write_debrief_pdf
from alerts.scenario import load_scenario
from evac_plans.repository import load_shelters
from store import open_store

SCREENS = Path("/tmp/nigezero-screens")
CUT_RED = (212, 46, 46)


@pytest.fixture(scope="module")
def drilled(demo_city, demo_dir):
    scenario_path = demo_dir / "scenario" / "drill.json"
    drill = Drill(load_scenario(scenario_path), demo_city.refs)
    with open_store(demo_city.path, read_only=True) as store:
        shelters = load_shelters(store)
    return drill, drill.run(demo_city.people, demo_city.plans), shelters, scenario_path


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


def personal(demo_city) -> list[str]:
    return [v for r in demo_city.people for v in (r.person.name, r.person.kana, r.person.address) if v]


def test_csv_rows_are_the_drill_records(demo_city, drilled, tmp_path):
    _, result, _, _ = drilled
    path = tmp_path / "debrief.csv"
    assert write_debrief_csv(path, result, demo_city.people) == 50
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert len(rows) == len(demo_city.people) == 50
    keys = {"person": "個人ID", "outcome": "結果コード", "trigger_at": "トリガー時刻", "depart": "出発", "arrive": "到着",
            "route_flooded_at": "経路の浸水時刻", "margin_min": "余裕(分)", "flood_area": "浸水区域", "flood_rule": "浸水時刻の決め方"}  # fmt: skip
    for i, (row, record) in enumerate(zip(rows, demo_city.people, strict=True)):
        expected = result.record(i)
        assert {k: row[col] for k, col in keys.items()} == {k: "" if expected[k] is None else str(expected[k]) for k in keys}
        assert row["住民ID"] == record.person.external_id
        assert row["結果"] == OUTCOME_LABELS[expected["outcome"]][0]
    assert "氏名" not in rows[0] and "住所" not in rows[0]
    text = path.read_text(encoding="utf-8-sig")
    assert not [v for v in personal(demo_city) if v in text]


def test_csv_with_names(demo_city, drilled, tmp_path):
    _, result, _, _ = drilled
    path = tmp_path / "named.csv"
    write_debrief_csv(path, result, demo_city.people, with_names=True)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert [(r["氏名"], r["住所"]) for r in rows] == [(p.person.name, p.person.address) for p in demo_city.people]


@pytest.fixture(scope="module")
def pdf(demo_city, drilled, tmp_path_factory):
    drill, result, shelters, scenario_path = drilled
    path = tmp_path_factory.mktemp("debrief") / "debrief.pdf"
    pages = write_debrief_pdf(path, drill, result, demo_city.people, demo_city.plans, shelters, scenario_path)
    return path, pages


def test_pdf_pages_summary_map_and_table(pdf):
    path, pages = pdf
    assert pages == page_count(path) == 2 + math.ceil(50 / TABLE_ROWS)


def test_pdf_summary_counts_rules_and_who_was_cut_off(demo_city, drilled, pdf):
    _, result, _, _ = drilled
    path, _ = pdf
    first = pdf_text(path, 1, 1)
    assert "バーチャル避難訓練 振り返り" in first and "drill.json" in first
    assert "令和8年6月2日 12:00 〜 令和8年6月3日 06:00（日本時間）" in first
    assert "合成データ：逃げ遅れゼロのデモ用" in first and "出典" in first
    outcomes = [str(o) for o in result.outcome]
    for code, (label, _) in OUTCOME_LABELS.items():
        assert re.search(rf"{re.escape(label)}\s+{code}\s+{outcomes.count(code)}\n", first), code
    assert re.search(r"合計\s+50\n", first)
    # both areas: gauge_lag after DEMO001's 氾濫危険水位 (18:40) + 30 / 90 minutes
    rows = {x.split()[0]: x for x in first.splitlines() if x.startswith("L2-rank")}
    assert "観測所の氾濫危険水位＋遅れ" in rows["L2-rank3+"] and "06/02 19:10" in rows["L2-rank3+"]
    assert "観測所の氾濫危険水位＋遅れ" in rows["L2-rank1+"] and "06/02 20:10" in rows["L2-rank1+"]
    assert first.count("(gauge_lag)") == 2
    assert "30 分後" in first and "90 分後" in first and "DEMO001" in first
    cut = np.flatnonzero(result.outcome == "cut_off")
    assert len(cut) >= 1 and f"間に合わなかった人 (途中で浸水): {len(cut)} 人" in first
    for i in cut:
        short = -float(result.margin_min[i])
        line = next(x for x in first.splitlines() if demo_city.people[i].person.external_id in x)
        assert f"{short:.1f}" in line and f"あと {math.ceil(short)} 分早く" in line


def test_pdf_table_worst_margin_first_without_names(demo_city, drilled, pdf):
    _, result, _, _ = drilled
    path, pages = pdf
    table = pdf_text(path, 3, pages)
    ids = re.findall(r"^\s*(D\d{4})\s", table, re.M)
    assert sorted(ids) == sorted(r.person.external_id for r in demo_city.people)
    margins = {demo_city.people[i].person.external_id: result.margin_min[i] for i in range(50)}
    shown = [margins[x] for x in ids if not np.isnan(margins[x])]
    assert shown == sorted(shown) and np.isnan(margins[ids[-1]])
    cut = demo_city.people[int(np.flatnonzero(result.outcome == "cut_off")[0])].person.external_id
    assert ids[0] == cut
    assert not [v for v in personal(demo_city) if v in pdf_text(path)]


def test_pdf_with_names(demo_city, drilled, tmp_path):
    drill, result, shelters, scenario_path = drilled
    path = tmp_path / "named.pdf"
    write_debrief_pdf(path, drill, result, demo_city.people, demo_city.plans, shelters, scenario_path, with_names=True)
    text = pdf_text(path)
    assert all(r.person.name in text for r in demo_city.people)


def test_map_page_draws_the_cut_off_route_and_the_flood_areas(pdf):
    path, _ = pdf
    SCREENS.mkdir(parents=True, exist_ok=True)
    stem = SCREENS / "drill_debrief_map"
    subprocess.run(["pdftoppm", "-r", "100", "-f", "2", "-l", "2", "-singlefile", "-png", str(path), str(stem)], check=True)
    pixels = np.asarray(Image.open(stem.with_suffix(".png")).convert("RGB")).astype(int)
    near = lambda rgb: int((np.abs(pixels - np.array(rgb)).max(axis=2) <= 12).sum())  # noqa: E731
    assert near(CUT_RED) > 30  # the cut-off route and home
    blue = (pixels[..., 2] > 200) & (pixels[..., 0] < 190) & (pixels[..., 1] < 230)
    assert blue.sum() > 20_000  # the flood areas
    assert "訓練の地図" in pdf_text(path, 2, 2)


def test_stated_and_gauge_lag_rules_are_named(demo_city, demo_dir, tmp_path):
    doc = json.loads((demo_dir / "scenario" / "drill.json").read_text(encoding="utf-8"))
    folder = demo_dir / "scenario"
    doc["gauge_table"] = str((folder / doc["gauge_table"]).resolve())
    for g in doc["gauges"]:
        g["file"] = str((folder / g["file"]).resolve())
    for a in doc["areas"]:
        a["hazard"] = str((folder / a["hazard"]).resolve())
    doc["areas"].append({"id": "station", "polygon": [[131.45, 34.15], [131.46, 34.15], [131.46, 34.16]], "floods_at": "2026-06-02T18:15"})
    scenario_path = tmp_path / "stated.json"
    scenario_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    drill = Drill(load_scenario(scenario_path), demo_city.refs)
    result = drill.run(demo_city.people, demo_city.plans)
    path = tmp_path / "stated.pdf"
    write_debrief_pdf(path, drill, result, demo_city.people, demo_city.plans, [], scenario_path)
    first = pdf_text(path, 1, 1)
    assert re.search(r"station\s+多角形\s+指定時刻 \(stated\)\s+06/02 18:15\s+シナリオで指定した時刻", first), first
    assert "gauge_lag" in first and "合成データ：" not in first  # the label: not in the demo folder
