"""The plan editor driven like a care manager would: new person, home on the map, shelter, route, undo, save.

A screenshot of the editor is saved to ``/tmp/nigezero-screens/plans_editor.png``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow
from app.plans.controller import PlansController

SCREENS = Path("/tmp/nigezero-screens")
D0001_HOME = (131.453979, 34.150204)  # 35203-bldg-10016, 2 storeys, flood rank 2
TIMEOUT = 120_000


@pytest.fixture
def editor(qtbot: QtBot, demo_dir: Path, tmp_path: Path) -> tuple[MainWindow, PlansController, Path]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1500, 900)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.loading_done, timeout=TIMEOUT):
        window.open_folder(demo_dir)
    plans = window.plans
    project = tmp_path / "plans.nigezero"
    with qtbot.waitSignal(plans.session.assessed, timeout=TIMEOUT):
        assert plans.open_project(project, demo_dir)
    plans.show_docks()
    yield window, plans, project
    plans.session.close()


def point(plans: PlansController, lonlat: tuple[float, float]) -> QPoint:
    at = plans.overlay.to_screen(lonlat)
    return QPoint(round(at.x()), round(at.y()))


def fill_person(plans: PlansController) -> None:
    form = plans.form
    for edit, text in ((form.name, "試験 花子"), (form.kana, "しけん はなこ"), (form.birth, "昭和15年4月1日"),
                       (form.address, "山口県山口市朝倉町1-1"), (form.phone, "083-000-9999"), (form.reason, "要介護2"),
                       (form.sup_name, "支援 一郎"), (form.sup_address, "山口県山口市朝倉町1-2"), (form.sup_phone, "083-000-9998")):  # fmt: skip
        edit.setText(text)
        edit.textEdited.emit(text)
    form.sex.setCurrentIndex(form.sex.findData("女"))
    form.mobility.setCurrentIndex(form.mobility.findData("杖"))
    form.consent.setCurrentIndex(form.consent.findData("given"))
    form.roles["誘導"].setChecked(True)


def test_create_person_home_shelter_route_undo_redo_save(qtbot: QtBot, editor) -> None:
    window, plans, project = editor
    assert plans.list_panel.model.rowCount() == 50  # the demo residents came in through the roster import
    plans.list_panel.search.setText("ﾐﾔﾉ")  # half-width katakana finds みやの
    assert 0 < plans.list_panel.model.rowCount() < 50
    plans.list_panel.search.clear()

    plans.new_person()
    fill_person(plans)
    assert "避難場所" in plans.form.blockers.text() and "避難経路" in plans.form.blockers.text()
    assert "1940-04-01 (昭和15年4月1日)" == plans.form.birth_shown.text()

    overlay = plans.ensure_overlay()
    canvas = window.canvas
    x, y = overlay._to_world.transform(*D0001_HOME)
    canvas.set_view(canvas.view.fitted((x - 250, y - 120, x + 250, y + 380)))
    canvas.render_now()
    plans.pick_home()
    assert overlay.mode == "home"
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=point(plans, (D0001_HOME[0] + 0.00002, D0001_HOME[1])))
    assert plans.draft.building_id == "35203-bldg-10016"  # snapped to the building under the click
    assert "2階建て" in plans.form.home_info.text() and "ランク2" in plans.form.home_info.text()
    assert overlay.mode == "view"

    assert plans.form.suggested.count() >= 1
    plans.form.pick_first_suggestion()
    shelter_id = plans.form.shelter.currentData()
    assert shelter_id.startswith("E35203") and plans.form.dest_kind.currentData() == "shelter"
    shelter = next(s for s in plans.session.shelters if s.common_id == shelter_id)

    plans.draw_route()
    assert overlay.mode == "route" and len(plans.draft.route) == 1  # starts at the home
    corner = (plans.draft.home[0], shelter.lat)
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=point(plans, corner))
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=point(plans, (shelter.lon, shelter.lat)))
    assert len(plans.draft.route) == 3
    plans.undo.undo()
    assert len(plans.draft.route) == 2
    plans.undo.redo()
    assert len(plans.draft.route) == 3

    before = plans.draft.route[1]
    start = point(plans, before)
    qtbot.mousePress(overlay, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(overlay, start + QPoint(30, 0))
    qtbot.mouseRelease(overlay, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 0))
    assert plans.draft.route[1] != before
    plans.undo.undo()
    assert plans.draft.route[1] == pytest.approx(before)
    plans.undo.redo()
    qtbot.mouseClick(overlay, Qt.MouseButton.RightButton, pos=point(plans, plans.draft.route[1]))
    assert len(plans.draft.route) == 2
    plans.undo.undo()
    assert len(plans.draft.route) == 3
    plans._set_mode("view")

    plans.refresh_status()
    assert "共有できます" in plans.form.blockers.text()
    assert "優先度" in plans.form.assessment.text() and " m" in plans.form.route_info.text()
    with qtbot.waitSignal(plans.session.assessed, timeout=TIMEOUT):
        plans.save()
    person_id = plans.person_id
    rows = sqlite3.connect(project).execute(
        "select v.version, v.route_wkt, v.destination from plan_versions v join plans p on p.id = v.plan_id where p.person_id = ?", [person_id]
    ).fetchall()
    assert len(rows) == 1 and rows[0][0] == 1 and rows[0][1].startswith("LINESTRING") and shelter_id in rows[0][2]
    assert plans.session.assessments[person_id].route_m > 0
    assert plans.list_panel.model.rowCount() == 51

    plans.form.notes.setPlainText("2回目の保存")
    with qtbot.waitSignal(plans.session.assessed, timeout=TIMEOUT):
        plans.save()
    versions = sqlite3.connect(project).execute("select count(*) from plan_versions v join plans p on p.id = v.plan_id where p.person_id = ?", [person_id]).fetchone()
    assert versions == (2,)  # a new version, the first one kept

    plans.list_panel.search.setText("しけん")
    qtbot.wait(300)  # let the docks settle before the frame is drawn
    canvas.render_now()
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENS / "plans_editor.png"))


def test_filters_and_overdue_reviews(qtbot: QtBot, editor) -> None:
    _, plans, _ = editor
    panel = plans.list_panel
    panel.priority.setCurrentIndex(panel.priority.findData("high"))
    high = panel.model.rowCount()
    assert 0 < high < 50
    panel.rank.setCurrentIndex(panel.rank.findData(3))
    assert 0 < panel.model.rowCount() <= high
    panel.priority.setCurrentIndex(0)
    panel.rank.setCurrentIndex(0)
    panel.missing_plan.setChecked(True)
    assert panel.model.rowCount() == 50
    panel.area.setCurrentIndex(1)
    assert 0 < panel.model.rowCount() < 50
    assert panel.count.text().startswith("50 人中") or panel.count.text().endswith("people")


def test_every_plans_action_has_a_shortcut(editor) -> None:
    _, plans, _ = editor
    assert all(action.shortcuts() for action in plans.actions.values())
    assert QPointF  # the overlay works in floating-point screen coordinates


def test_backup_on_demand_from_the_menu(editor) -> None:
    window, plans, project = editor
    plans.actions["Back up the project"].trigger()
    [copy] = project.parent.glob("plans.backup-*.nigezero")
    assert str(copy) in window.statusBar().currentMessage()


def test_real_gsi_shelters_are_imported_from_the_plans_menu(qtbot: QtBot, editor, shared_data: Path) -> None:
    window, plans, project = editor
    before = len(plans.session.shelters)
    files = sorted((shared_data / "shelters").rglob("*.json"))
    with qtbot.waitSignal(plans.session.changed, timeout=TIMEOUT):
        runner = plans.import_shelters(files)
        assert runner is not None
    added = len(plans.session.shelters) - before
    assert added > 0 and f"避難所 {added} 件を取り込みました" in window.statusBar().currentMessage()
    assert "Import shelters (GSI)…" in plans.actions and not plans.actions["Import shelters (GSI)…"].shortcut().isEmpty()
    assert any(s.common_id.startswith("E35203") for s in plans.session.shelters)  # 山口市's shelters, in the form's choices
