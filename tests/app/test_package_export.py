"""ファイル → 配布パッケージを書き出す… and 安否確認を取り込む… driven like city staff would.

The window opens the demo data and a project with consent variety (``tests/evac_plans/package/project.py``);
the dialog must name the non-consenting people and why before anything is written, then write a package
that verifies, and a return file made with that package must merge with a report. A screenshot of
the dialog is saved to ``/tmp/nigezero-screens/package-dialog.png``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evac_plans" / "package"))

from project import build_project  # noqa: E402

from app.main_window import MainWindow  # noqa: E402
from app.package_export.actions import import_checks, open_package_export  # noqa: E402
from app.package_export.dialog import PackageExportDialog  # noqa: E402
from evac_plans.package import verify_package  # noqa: E402
from evac_plans.package.crypto import mac  # noqa: E402
from store.package_keys import load_package  # noqa: E402

SCREENS = Path("/tmp/nigezero-screens")
AREA = "町内会:湯田温泉一丁目自治会"  # ten residents, two of whom refused consent
TIMEOUT = 120_000


@pytest.fixture(scope="module")
def project_template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("pkg-app") / "demo.nigezero", demo_dir)


@pytest.fixture
def window(qtbot: QtBot, demo_window: Callable[..., MainWindow], project_template: Path, tmp_path: Path) -> MainWindow:
    """The demo window with the plans editor on a fresh copy of the consent-variety project."""
    window = demo_window(1400, 900)
    project = tmp_path / "project.nigezero"
    project.write_bytes(project_template.read_bytes())
    with qtbot.waitSignal(window.plans.session.assessed, timeout=TIMEOUT):
        assert window.plans.open_project(project)
    yield window
    window.plans.session.close()


def open_dialog(window: MainWindow) -> PackageExportDialog:
    dialog = open_package_export(window)
    assert dialog is not None and dialog.store is window.plans.session.store  # the one borrowed store
    dialog.set_area(AREA)
    return dialog


def test_left_out_are_named_before_writing_then_the_package_verifies(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(window)
    out = tmp_path / "packages"
    dialog.out.setText(str(out))
    dialog.as_folder.setCurrentIndex(dialog.as_folder.findData(True))
    table = dialog.preview.left_out
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert len(rows) == 2 and all("同意" in reason for _, _, reason in rows)
    names = {r.person.id: r.person.name for r in window.plans.session.people}
    assert [name for _, name, _ in rows] == [names[person] for person, _, _ in rows]
    assert "含める人: 8 人" in dialog.preview.summary.text()
    assert not out.exists()  # nothing written yet

    dialog.recipient.setCurrentIndex(dialog.recipient.findData("fire_ems"))  # 消防・救急: in, but with fields withheld
    withheld = dialog.preview.withheld
    assert dialog.preview.left_out.rowCount() == 1 and withheld.rowCount() == 1
    assert withheld.item(0, 1).text() == names[withheld.item(0, 0).text()] and "服薬" in withheld.item(0, 2).text()
    dialog.recipient.setCurrentIndex(dialog.recipient.findData("community"))

    dialog.disaster.setChecked(True)  # disaster mode includes everyone, and says so
    assert dialog.preview.left_out.rowCount() == 0 and dialog.disaster_note.isVisibleTo(dialog)
    assert dialog.preview.summary.text().startswith("【災害時提供】")
    dialog.disaster.setChecked(False)

    SCREENS.mkdir(parents=True, exist_ok=True)
    qtbot.waitExposed(dialog)
    qtbot.wait(100)  # let the layout settle after the disaster note was hidden
    dialog.grab().save(str(SCREENS / "package-dialog.png"))

    with qtbot.waitSignal(dialog.written, timeout=TIMEOUT) as written:
        dialog.export_button.click()
    result = written.args[0]
    store = window.plans.session.store
    manifest = verify_package(store, result.path).manifest
    assert manifest["people"] == 8 and not manifest["disaster_mode"]
    assert sorted(p.name for p in result.path.iterdir()) == ["data.gpkg", "index.html", "manifest.json", "people.csv", "plans.pdf"]
    html = (result.path / "index.html").read_text(encoding="utf-8")
    assert all(names[person] not in html for person, _, _ in rows)  # the non-consenting people are not in it
    assert dialog.files.count() == 1 + len(result.files) and str(result.path) in dialog.files.item(0).text()
    qtbot.waitUntil(lambda: dialog.runner is None)
    dialog.reject()

    package = load_package(store, result.package_id)
    person = package.people[0]
    body = json.dumps({"format": "nigezero-safety-checks", "version": 1, "package": package.id, "created": "2026-06-03T15:10:00+09:00",
                       "marks": [{"person": person, "status": "evacuated", "time": "2026-06-03T15:00:00+09:00", "note": "体育館"}]})  # fmt: skip
    returned = tmp_path / "anpi.json"
    returned.write_text(json.dumps({"body": body, "hmac": mac(package.secret, body.encode("utf-8"))}), encoding="utf-8")
    report = import_checks(window, returned)
    assert report is not None and report.table.rowCount() == 1
    assert report.table.item(0, 2).text() == "避難済" and report.table.item(0, 1).text() == names[person]
    assert "1 人分を取り込みました（競合 0 件）" in report.summary.text()
    assert window.plans.session.store is store  # still the one open store


def test_bad_inputs_are_messages_naming_the_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(window)
    dialog.passphrase.setText("abc")
    dialog.passphrase_again.setText("abd")
    with qtbot.waitSignal(dialog.failed) as failed:
        dialog.export_button.click()
    assert "一致しません" in failed.args[0]

    not_polygon = tmp_path / "area.geojson"
    not_polygon.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    dialog.set_area(str(not_polygon))
    assert str(not_polygon) in dialog.preview.summary.text() and not dialog.export_button.isEnabled()
    dialog.reject()

    bogus = tmp_path / "anpi.json"
    bogus.write_text("<html>not a return file</html>", encoding="utf-8")
    assert import_checks(window, bogus) is None
    box = next(w for w in window.findChildren(type(window.show_error("", ""))) if str(bogus) in w.text())
    assert "安否確認ファイルではありません" in box.text() and "期待したもの" in box.text()


def test_file_menu_offers_both_actions_with_shortcuts(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    shortcuts = {a.text(): a.shortcut().toString() for a in file_menu.actions()}
    assert shortcuts["配布パッケージを書き出す…"] == "Ctrl+Shift+E" and shortcuts["安否確認を取り込む…"] == "Ctrl+Shift+K"


def test_the_area_can_be_drawn_on_the_map(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_dialog(window)
    everyone = len(window.plans.session.people)
    overlay = dialog.draw_area()
    assert overlay is not None and not dialog.isVisible()
    for lon, lat in ((131.449, 34.149), (131.476, 34.149), (131.476, 34.168), (131.449, 34.168)):  # around the demo town
        at = overlay._to_screen((lon, lat))
        qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=QPoint(round(at.x()), round(at.y())))
    assert len(overlay.corners) == 4
    qtbot.keyClick(overlay, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.area.currentText().startswith("多角形: 描いた区域-")
    selection = dialog.selection
    assert selection is not None
    assert len(selection.included) + len(selection.left_out) == everyone  # the whole town is inside
