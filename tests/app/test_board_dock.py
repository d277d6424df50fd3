"""The 避難判断ボード dock on the demo city, driven by the live panel's demo replay.

The demo hydrograph of DEMO001 reaches 避難判断水位 (2.80 m) at 17:20 on 2026-06-02
(tests/alerts/test_board_demo.py): the dock's states must then equal the ``board`` command's for
the same moment, leave_now rows appear, a 安否確認 makes a person evacuated and shows in their
history, a closed shelter is flagged and named in the reasons, and the leave-now CSV lists each
supporter's people. The board is computed off the GUI thread: the tests wait for it to be shown.
Screenshots go to ``/tmp/nigezero-screens/board*.png`` (1500×1000, 1366×768, 1920×1080).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
import itertools
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from alerts.demo_plans import create_demo_project
from alerts.jobs import BoardJob
from app.board.table_model import PERSON_ROLE, STATE_ROLE
from app.main_window import MainWindow
from evac_plans.model import Supporter, SupportLink
from evac_plans.repository import link_supporters, load_roster, load_shelters, save_supporter
from jobs.feedback import Feedback
from store import open_store
from workspace.live_sources import LiveSettings, SourceSetting

SCREENS = Path("/tmp/nigezero-screens")
AT = pd.Timestamp("2026-06-02T17:20", tz="Asia/Tokyo")
TIMEOUT = 120_000


@pytest.fixture
def demo_project(demo_dir: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A data folder (the shared demo, linked) whose project file has the demo plans and one supporter."""
    folder = tmp_path / "demo"
    folder.symlink_to(demo_dir, target_is_directory=True)
    project = tmp_path / "demo.nigezero"
    create_demo_project(project, demo_dir)
    with open_store(project, staff="test") as store:
        ids = {r.person.external_id: r.person.id for r in load_roster(store)}
        supporter = Supporter("支援 太郎", phone="083-000-7777")
        save_supporter(store, supporter)
        link_supporters(store, ids["D0020"], [SupportLink(ids["D0020"], supporter.id, ("誘導",))])
    return folder, ids


@pytest.fixture
def window(demo_window: Callable[..., MainWindow], demo_project) -> MainWindow:
    return demo_window(1500, 1000, demo_project[0])


def expected_states(demo_dir: Path, project: Path, ids: dict[str, str]) -> dict[str, str]:
    """The ``board`` command's state per person at 17:20 from the demo feed files."""
    values = {
        "store": project,
        "at": AT.isoformat(),
        "feeds": [demo_dir / "river" / "levels.csv"],
        "gauges": demo_dir / "river" / "gauges.csv",
    }
    return {r["person"]: r["state"] for r in BoardJob().run(values, Feedback())}


def wait_board(qtbot: QtBot, window: MainWindow, ready) -> None:  # noqa: ANN001 (a predicate)
    """Wait until the board shown satisfies ``ready(board)`` (it is computed on a worker thread)."""
    board = window.board
    qtbot.waitUntil(lambda: board.board is not None and not board.background.busy() and ready(board.board), timeout=20_000)


def shown_states(window: MainWindow) -> dict[str, str]:
    model = window.board.panel.model
    return {model.index(r, 0).data(PERSON_ROLE): model.index(r, 0).data(STATE_ROLE) for r in range(model.rowCount())}


def test_board_follows_the_replay_records_a_check_and_exports(
    qtbot: QtBot, window: MainWindow, demo_project, demo_dir: Path, tmp_path: Path
) -> None:
    folder, ids = demo_project
    board = window.board
    board.show()
    wait_board(qtbot, window, lambda b: len(b.state) == 50)
    assert board.panel.model.rowCount() == 50

    live = window.live.controller
    replay = live.start_demo_replay(demo_dir / "river")
    replay.pause()
    replay.seek(AT)
    wait_board(qtbot, window, lambda b: b.at == AT)  # the next replay step recomputes

    expected = expected_states(demo_dir, tmp_path / "demo.nigezero", ids)
    assert shown_states(window) == expected
    counts = board.board.counts()
    assert counts["leave_now"] == sum(s == "leave_now" for s in expected.values()) > 0
    assert "今すぐ避難 {n}".format(n=counts["leave_now"]) in board.panel.counts.text()
    assert "判定時刻 2026-06-02 17:20 (再生)" in board.panel.at_label.text()

    panel = board.panel
    panel.state_filter.setCurrentIndex(panel.state_filter.findData("leave_now"))
    assert panel.proxy.rowCount() == counts["leave_now"]
    reasons = {panel.proxy.index(r, 5).data() for r in range(panel.proxy.rowCount())}
    assert any("06/02 17:20に避難判断水位 (2.80 m) に到達" in r for r in reasons)
    assert all("gauge:DEMO001 06/02 17:20" in panel.proxy.index(r, 6).data() for r in range(panel.proxy.rowCount()))
    assert expected[ids["D0010"]] == "leave_now"
    panel.search.setText("D0020")
    assert panel.proxy.rowCount() == 1 and panel.proxy.index(0, 2).data()
    panel.search.clear()
    layer = board.layer
    assert layer is not None and layer in window.project.layers
    assert layer.style.colors[layer.class_codes()[list(layer.data["person"]).index(ids["D0010"])]] == (220, 30, 30, 255)

    # 安否確認: D0010 is at the shelter; the time defaults to the board's moment
    assert panel.select_person(ids["D0010"])
    form = panel.check_form
    assert form.time.text() == "2026-06-02 17:20"  # the board's moment, shown and editable
    form.status.setCurrentIndex(form.status.findData("evacuated"))
    form.note.setText("湯田小学校で確認")
    with qtbot.waitSignal(board.shown, timeout=20_000):
        board.recompute()  # a feed update meanwhile keeps the person selected and what is typed
    assert form.person_id == ids["D0010"] and form.note.text() == "湯田小学校で確認"
    form.save_button.click()
    wait_board(qtbot, window, lambda b: b.state[list(b.people.ids).index(ids["D0010"])] == "evacuated")
    assert shown_states(window)[ids["D0010"]] == "evacuated"
    qtbot.waitUntil(lambda: panel.history.rowCount() == 1, timeout=10_000)
    assert [panel.history.item(0, c).text() for c in range(5)] == ["06/02 17:20", "避難済", "手入力", board.store.who, "湯田小学校で確認"]
    row = list(board.board.people.ids).index(ids["D0010"])
    assert board.board.reason[row] == "06/02 17:20 安否確認: 避難済"
    assert board.board.counts()["leave_now"] == counts["leave_now"] - 1
    form.time.setText("あした")
    form.save_button.click()
    assert "時刻を読めません" in form.problem.text()

    # 避難所: the load per shelter; closing one with people heading there flags it and names it in their reasons
    loads = board.update.shelters
    heading = max(loads, key=lambda s: s.by_state["leave_now"])
    assert heading.by_state["leave_now"] > 0 and sum(s.assigned for s in loads) > 0
    table = panel.shelters
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text().startswith(heading.name))
    table.selectRow(row)
    shelter_form = panel.shelter_form
    assert shelter_form.shelter_id == heading.shelter_id and shelter_form.time.text() == "2026-06-02 17:20"
    shelter_form.state.setCurrentIndex(shelter_form.state.findData(False))
    shelter_form.save_button.click()
    wait_board(qtbot, window, lambda b: any("閉鎖" in str(r) for r in b.reason))
    closed = next(s for s in board.update.shelters if s.shelter_id == heading.shelter_id)
    assert closed.closed_with_people and board.update.shelters[0].flagged
    top = [table.item(0, c).text() for c in range(table.columnCount())]
    assert top[0] == "閉鎖" and "閉鎖中に" in top[7] and "06/02 17:20" in top[6]
    assert sum(f"避難先 {heading.name} は 06/02 17:20 に閉鎖" in str(r) for r in board.board.reason) == heading.by_state["leave_now"]

    # staff type the capacity (the GSI data has none) and the 福祉避難所 flag; the load is read again
    assert heading.capacity is None and shelter_form.capacity.text() == ""
    shelter_form.capacity.setText("1")
    shelter_form.welfare.setChecked(True)
    shelter_form.facts_button.click()
    wait_board(qtbot, window, lambda b: next(s for s in board.update.shelters if s.shelter_id == heading.shelter_id).capacity == 1)
    typed = next(s for s in board.update.shelters if s.shelter_id == heading.shelter_id)
    assert typed.welfare and typed.over_capacity
    with open_store(tmp_path / "demo.nigezero", read_only=True) as store:
        stored = next(s for s in load_shelters(store) if s.common_id == heading.shelter_id)
    assert (stored.capacity, stored.welfare) == (1, True)

    out = tmp_path / "leave_now.csv"
    assert board.export_csv(out) == counts["leave_now"] - 1  # one supporter for D0020, none for the others
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows[0]["支援者"] == "支援 太郎" and rows[0]["住民ID"] == "D0020" and rows[0]["役割"] == "誘導"
    assert rows[0]["氏名"] and rows[0]["避難先"] and rows[0]["判定時刻"] == "06/02 17:20"
    assert {r["支援者"] for r in rows[1:]} == {"（支援者未登録）"}
    assert "D0010" not in {r["住民ID"] for r in rows}
    pdf = SCREENS / "board_leave_now.pdf"
    SCREENS.mkdir(parents=True, exist_ok=True)
    runner = board.export_pdf(pdf)  # written off the GUI thread
    assert runner is not None
    with qtbot.waitSignal(runner.item, timeout=60_000) as written:
        pass
    assert written.args == [2]  # 支援 太郎, then everyone without a supporter
    qtbot.waitUntil(lambda: "支援者 2 人分" in window.statusBar().currentMessage(), timeout=5_000)
    assert pdf.read_bytes().startswith(b"%PDF-")

    panel.state_filter.setCurrentIndex(0)
    panel.table.sortByColumn(0, panel.table.horizontalHeader().sortIndicatorOrder())
    SCREENS.mkdir(parents=True, exist_ok=True)
    window.canvas.zoom_to_layer(layer)
    window.canvas.render_now()
    panel.tabs.setCurrentIndex(1)
    assert panel.select_person(ids["D0010"])
    qtbot.waitUntil(lambda: panel.history.rowCount() == 1, timeout=10_000)
    assert window.grab().save(str(SCREENS / "board.png"))
    for (w, h), tab in itertools.product(((1366, 768), (1920, 1080)), range(3)):
        window.resize(w, h)
        board.show()  # the dock takes its share of the new height
        panel.tabs.setCurrentIndex(tab)
        wait_board(qtbot, window, lambda b: True)
        qtbot.wait(50)
        areas = panel.areas
        assert not areas.horizontalScrollBar().isVisible() and areas.horizontalScrollBar().maximum() == 0
        assert window.grab().save(str(SCREENS / f"board_{w}x{h}_{tab}.png"))
    window.resize(1500, 1000)

    # 避難指示 for the whole city at 17:30: nobody is left without action
    issued = panel.issued_form
    board.set_moment_text("2026-06-02 17:30")
    issued.level.setCurrentIndex(issued.level.findData(4))
    issued.time.setText("2026/06/02 17:30")
    issued.save_button.click()
    wait_board(qtbot, window, lambda b: b.counts()["no_action"] == 0)
    after = board.board.counts()
    assert after["no_action"] == after["prepare"] == 0 and after["evacuated"] == 1
    board.set_moment_text("")
    qtbot.waitUntil(lambda: "(再生)" in panel.at_label.text(), timeout=20_000)


def test_board_menu_has_japanese_actions_with_shortcuts(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "ボード(&B)")
    actions = [a for a in menu.actions() if not a.isSeparator()]
    assert len(actions) >= 8
    assert all(a.text() and not a.shortcut().isEmpty() for a in actions)
    assert all(b.text() for b in window.board.panel.findChildren(QPushButton))
    assert not window.board.dock.isVisible() and window.board.store is None  # nothing is opened until the board is shown


def test_a_weather_source_never_polled_successfully_makes_weather_triggers_unknown(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    live = window.live.controller
    live.configure(LiveSettings(sources=(SourceSetting("weather", str(tmp_path / "missing_350000.json")),), interval_s=60))
    with qtbot.waitSignal(live.polled, timeout=TIMEOUT):
        live.start_polling()
    board = window.board
    board.show()
    wait_board(qtbot, window, lambda b: True)
    poll = board.weather_poll()
    assert poll is not None and poll.last_success is None and poll.interval == pd.Timedelta(minutes=1)
    landslide = [i for i, r in enumerate(board.board.reason) if "トリガー＝土砂災害警戒情報" in r]
    assert landslide and all(board.board.state[i] == "unknown" for i in landslide)
    assert all("気象庁の警報の取得が一度も成功していません (取得間隔 1 分)" in board.board.reason[i] for i in landslide)
    live.stop()
    assert board.weather_poll() is None  # not polling: weather reports are judged as they are
