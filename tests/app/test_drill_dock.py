"""The 避難訓練 dock on the demo city and the demo scenario.

The dock's outcomes must equal ``python main.py drill`` on the same project file; a what-if
(vertical evacuation for D0044, cut off by 1.8 minutes as tests/alerts/test_drill_trips.py checks by
hand) turns them to stayed_vertical without touching the store, and 元に戻す brings the cut-off
back; the drill clock moves people on the 2D map. Screenshots of the window at three drill times go
to ``/tmp/nigezero-screens/drill2d_*.png``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from alerts.demo_plans import create_demo_project
from app.drill.controller import typed_time
from app.drill.table_model import MARGIN_COLUMN, OUTCOME_ROLE, PERSON_ROLE
from app.main_window import MainWindow
from evac_plans.model import GaugeTrigger
from evac_plans.repository import current_plans
from store import open_store

SCREENS = Path("/tmp/nigezero-screens")
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120_000
H = 3600


@pytest.fixture
def demo_project(demo_dir: Path, tmp_path: Path) -> Path:
    """A data folder (the shared demo, linked) with its project file holding the demo plans."""
    folder = tmp_path / "demo"
    folder.symlink_to(demo_dir, target_is_directory=True)
    create_demo_project(tmp_path / "demo.nigezero", demo_dir)
    return folder


@pytest.fixture
def window(demo_window: Callable[..., MainWindow], demo_project: Path) -> MainWindow:
    return demo_window(1500, 1000, demo_project)


def cli_drill(store: Path, scenario: Path) -> dict[str, dict]:
    """``python main.py drill`` on the project file, by person id."""
    out = subprocess.run(
        [sys.executable, "main.py", "drill", "--store", str(store), "--scenario", str(scenario)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return {r["person"]: r for r in map(json.loads, out.stdout.splitlines())}


def shown(window: MainWindow) -> dict[str, tuple[str, str]]:
    """Outcome and margin text per person id, as the dock's list shows them."""
    model = window.drill.panel.model
    return {
        model.index(r, 0).data(PERSON_ROLE): (model.index(r, 0).data(OUTCOME_ROLE), model.index(r, MARGIN_COLUMN).data())
        for r in range(model.rowCount())
    }


def wait_run(qtbot: QtBot, window: MainWindow, start) -> None:  # noqa: ANN001 (the action)
    runner = start()
    assert runner is not None
    with qtbot.waitSignal(runner.finished, timeout=TIMEOUT):
        pass


def select(window: MainWindow, person_id: str) -> None:
    panel = window.drill.panel
    rows = [r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(PERSON_ROLE) == person_id]
    assert len(rows) == 1
    panel.table.selectionModel().select(
        panel.proxy.index(rows[0], 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )


def test_the_drill_dock_runs_the_demo_like_the_command_and_animates_it(
    qtbot: QtBot, window: MainWindow, demo_project: Path, tmp_path: Path
) -> None:
    drill = window.drill
    drill.show()
    scenario = demo_project / "scenario" / "drill.json"
    assert drill.panel.scenario.text() == str(scenario)  # the demo's scenario, preselected
    assert not drill.panel.vertical_button.isEnabled()

    wait_run(qtbot, window, drill.run)
    expected = cli_drill(tmp_path / "demo.nigezero", scenario)
    got = shown(window)
    assert Counter(o for o, _ in got.values()) == Counter(r["outcome"] for r in expected.values())
    assert {p: o for p, (o, _) in got.items()} == {p: r["outcome"] for p, r in expected.items()}
    assert all(m == ("" if r["margin_min"] is None else f"{r['margin_min']:+.1f}".replace("-", "−"))
               for (_, m), r in zip((got[p] for p in expected), expected.values(), strict=True))  # fmt: skip
    counts = Counter(r["outcome"] for r in expected.values())
    assert f"避難先に到着 <b>{counts['arrived']}</b>" in drill.panel.counts.text()
    assert f"途中で浸水 (間に合わず) <b>{counts['cut_off']}</b>" in drill.panel.counts.text()

    # the clock: three moments, people in different places and states
    panel = drill.panel
    cut = next(p for p, r in expected.items() if r["outcome"] == "cut_off")
    views = [(6 * H + 25 * 60, "1825"), (7 * H + 10 * 60 + 7, "1910"), (7 * H + 45 * 60, "1945")]
    seen = []
    for t_s, name in views:
        panel.slider.setValue(t_s)
        assert drill.overlay is not None and drill.overlay.t_s == t_s
        assert window.views.view3d.drill_time == t_s
        seen.append(drill.overlay.positions())
        SCREENS.mkdir(parents=True, exist_ok=True)
        window.canvas.render_now()
        assert window.grab().save(str(SCREENS / f"drill2d_{name}.png"))
    person = list(drill.result.ids).index(cut)
    assert [s[1][person] for s in seen] == ["waiting", "moving", "cut_off"]
    assert not np.allclose(seen[0][0], seen[1][0], equal_nan=True) and not np.allclose(seen[1][0], seen[2][0], equal_nan=True)
    assert Counter(seen[0][1])["arrived"] < Counter(seen[2][1])["arrived"]
    assert drill.set_time_text("19:10") and panel.slider.value() == 7 * H + 10 * 60
    assert panel.time_field.text() == "06/02 19:10"
    assert not drill.set_time_text("11:00 tomorrow")
    panel.speed.setCurrentIndex(panel.speed.findData(300))
    panel.play_button.click()  # 300×: 30 s of the drill per 100 ms frame
    qtbot.waitUntil(lambda: panel.slider.value() >= 7 * H + 10 * 60 + 90, timeout=5000)
    panel.play_button.click()
    assert not panel.play_button.isChecked() and panel.play_button.text() == "再生"

    # the list filters by outcome; D0044 is the demo's one cut-off person
    panel.outcome_filter.setCurrentIndex(panel.outcome_filter.findData("cut_off"))
    assert panel.proxy.rowCount() == counts["cut_off"] == 1
    assert panel.proxy.index(0, 0).data(PERSON_ROLE) == cut and panel.proxy.index(0, 0).data() == "D0044"
    assert panel.proxy.index(0, MARGIN_COLUMN).data() == "−1.8"

    # what-if: D0044 stays upstairs instead; the store keeps the saved plan
    panel.outcome_filter.setCurrentIndex(0)
    select(window, cut)
    assert panel.selected_ids() == [cut]
    wait_run(qtbot, window, lambda: drill.apply_what_if("vertical"))
    assert shown(window)[cut][0] == "stayed_vertical"
    assert "D0044: 途中で浸水 (間に合わず) −1.8 → 垂直避難 (自宅の上階)" in panel.comparison.text()
    assert f"途中で浸水 (間に合わず) {counts['cut_off']} → <b>0</b>" in panel.counts.text()
    with open_store(tmp_path / "demo.nigezero", read_only=True) as store:
        assert current_plans(store)[cut].destination.kind == "shelter"
    assert panel.undo_button.isEnabled()
    panel.undo_button.click()
    assert shown(window)[cut] == ("cut_off", "−1.8") and panel.comparison.text() == ""

    # what-if: an earlier trigger (DEMO001 氾濫注意水位, 15:50) gets D0044 out in time
    select(window, cut)
    panel.trigger_choice.setCurrentIndex(panel.trigger_choice.findText("湯田（デモ） (DEMO001)の氾濫注意水位"))
    assert panel.trigger_choice.currentData() == GaugeTrigger("DEMO001", "caution")
    wait_run(qtbot, window, lambda: drill.apply_what_if("trigger"))
    assert shown(window)[cut][0] == "arrived" and "→ 避難先に到着 +" in panel.comparison.text()

    # the debrief is written for the run shown (the what-if), without names unless asked
    assert panel.report_button.isEnabled() and not panel.report_names.isChecked()
    wait_run(qtbot, window, lambda: drill.export_debrief(tmp_path / "debrief.pdf"))
    rows = list(csv.reader((tmp_path / "debrief.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 1 + len(expected) and "氏名" not in rows[0]
    assert next(r for r in rows if r[0] == cut)[rows[0].index("結果コード")] == "arrived"
    text = subprocess.run(["pdftotext", str(tmp_path / "debrief.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "D0044" in text and "山口 春子" not in text


def test_typed_drill_times_are_read_within_the_scenario() -> None:
    import pandas as pd

    start, end = pd.Timestamp("2026-06-02T12:00+09:00"), pd.Timestamp("2026-06-03T06:00+09:00")
    assert typed_time("19:10", start, end) == pd.Timestamp("2026-06-02T19:10+09:00")
    assert typed_time("01:30", start, end) == pd.Timestamp("2026-06-03T01:30+09:00")  # overnight
    assert typed_time("06/03 05:00", start, end) == pd.Timestamp("2026-06-03T05:00+09:00")
    assert typed_time("2026-06-02T13:00", start, end) == pd.Timestamp("2026-06-02T13:00+09:00")
    assert typed_time("07:00", start, end) is None  # 06/03 07:00 is past the end
    assert typed_time("夜", start, end) is None
