"""The import problems dialog groups problems per file, unreadable files first."""

from __future__ import annotations

from app.problems_dialog import ProblemsDialog
from i18n import set_language
from jobs.feedback import Problem


def test_problems_are_grouped_per_file_with_errors_first(qtbot):
    set_language("en")
    problems = [
        Problem("ota.gml", "bldg_a1b2", "measuredHeight is not a number: '2.8（テスト）'", "warning"),
        Problem("ota.gml", "bldg_c3d4", "unknown usage code 9999", "warning"),
        Problem("broken.gml", "line 12", "truncated XML", "error"),
    ]
    dialog = ProblemsDialog("delivery", problems)
    qtbot.addWidget(dialog)
    tree = dialog.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == ["broken.gml", "ota.gml"]
    broken, ota = tree.topLevelItem(0), tree.topLevelItem(1)
    assert broken.isExpanded() and not ota.isExpanded()
    assert [ota.child(i).text(0) for i in range(ota.childCount())] == ["bldg_a1b2", "bldg_c3d4"]
    assert broken.child(0).text(1) == "not read" and ota.child(0).text(1) == "warning"
    assert "1 files not read, 2 warnings" in dialog.findChild(type(dialog.layout().itemAt(0).widget())).text()
