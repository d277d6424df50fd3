"""``drill --debrief-pdf / --debrief-csv`` as a subprocess on the demo: the JSON Lines stay the same,
the files are named on stderr, the CSV holds the printed records."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image
import numpy as np

from alerts.demo_plans import create_demo_project
from store import open_store
from store.hazard_sources import add_hazard_source


@pytest.fixture(scope="module")
def project(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("debrief") / "demo.nigezero"
    create_demo_project(path, demo_dir)
    return path


def test_debrief_files_beside_unchanged_json_lines(cli, project, demo_dir, tmp_path):
    args = ("drill", "--store", str(project), "--scenario", str(demo_dir / "scenario" / "drill.json"))
    plain = cli(*args)
    pdf, table = tmp_path / "debrief.pdf", tmp_path / "debrief.csv"
    result = cli(*args, "--debrief-pdf", str(pdf), "--debrief-csv", str(table), "--format", "json")
    assert result.code == 0, result.stderr
    assert result.stdout == plain.stdout
    messages = [p["message"] for p in result.problems() if p["severity"] == "info"]
    assert any(str(pdf) in m for m in messages) and any(str(table) in m for m in messages)
    records = result.records()
    rows = list(csv.DictReader(table.open(encoding="utf-8-sig")))
    assert [r["個人ID"] for r in rows] == [r["person"] for r in records]
    assert [r["結果コード"] for r in rows] == [r["outcome"] for r in records]
    assert [r["余裕(分)"] for r in rows] == ["" if r["margin_min"] is None else str(r["margin_min"]) for r in records]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "バーチャル避難訓練 振り返り" in text and "氏名" not in text
    cut = [r for r in records if r["outcome"] == "cut_off"]
    assert cut and f"{-cut[0]['margin_min']:.1f}" in text


def test_english_headers_and_names_only_with_names(cli, project, demo_dir, tmp_path):
    table = tmp_path / "named.csv"
    args = ("drill", "--store", str(project), "--scenario", str(demo_dir / "scenario" / "drill.json"), "--debrief-csv", str(table))
    result = cli(*args, "--with-names", "--lang", "en")
    assert result.code == 0, result.stderr
    rows = list(csv.DictReader(table.open(encoding="utf-8-sig")))
    names = [json.loads(line)["name"] for line in result.stdout.splitlines()]
    assert [r["name"] for r in rows] == names and "outcome code" in rows[0]


def test_unwritable_debrief_is_exit_1_after_the_records(cli, project, demo_dir, tmp_path):
    target = tmp_path / "missing" / "debrief.pdf"
    result = cli("drill", "--store", str(project), "--scenario", str(demo_dir / "scenario" / "drill.json"),
                 "--debrief-pdf", str(target), "--format", "json")  # fmt: skip
    assert result.code == 1 and len(result.records()) == 50
    assert [p["file"] for p in result.problems() if p["severity"] == "error"] == [str(target)]


def test_the_debrief_map_shows_the_projects_plateau_buildings(cli, project, demo_dir, tmp_path):
    with_plateau = tmp_path / "with_plateau.nigezero"
    create_demo_project(with_plateau, demo_dir)
    with open_store(with_plateau, staff="test") as store:
        add_hazard_source(store, demo_dir / "plateau")
    pages = []
    for store_path in (project, with_plateau):
        pdf = tmp_path / f"{store_path.stem}.pdf"
        result = cli("drill", "--store", str(store_path), "--scenario", str(demo_dir / "scenario" / "drill.json"), "--debrief-pdf", str(pdf))
        assert result.code == 0, result.stderr
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "2", "-l", "2", "-singlefile", str(pdf), str(pdf.with_suffix(""))], check=True)
        pages.append((np.asarray(Image.open(pdf.with_suffix(".png")).convert("L"), dtype=int), pdf))
    (bare, _), (built, pdf) = pages
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Project PLATEAU" in text  # the buildings' 出典 under the map
    rows = slice(built.shape[0] // 10, built.shape[0] * 7 // 10)  # the map frame, above the legend and 出典 lines
    assert (np.abs(built[rows] - bare[rows]) > 40).sum() > 500  # the buildings drawn under the routes
