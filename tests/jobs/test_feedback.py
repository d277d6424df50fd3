"""Progress sub-ranges, cancel and problem bookkeeping of the job feedback."""

from __future__ import annotations

import pytest

from jobs import Canceled, Feedback, Problem


def test_step_maps_child_progress_onto_parent_range():
    fb = Feedback()
    child = fb.step(50, 100)
    child.set_progress(50)
    assert fb.progress == 75
    grandchild = child.step(0, 50)
    grandchild.set_progress(100)
    assert fb.progress == 75


def test_cancel_reaches_children_and_check_raises():
    fb = Feedback()
    child = fb.step(0, 10)
    child.check()
    fb.cancel()
    assert child.canceled
    with pytest.raises(Canceled):
        child.check()


def test_problems_from_children_are_collected_and_errors_counted():
    fb = Feedback()
    fb.step(0, 50).warn(Problem("a.gml", "bldg_1", "measuredHeight is not a number: '2.8（テスト）'"))
    assert not fb.had_errors
    fb.step(50, 100).error(Problem("b.gml", None, "truncated XML"))
    assert fb.had_errors
    assert [p.severity for p in fb.problems] == ["warning", "error"]
    assert fb.problems[1].as_dict() == {"file": "b.gml", "where": None, "message": "truncated XML", "severity": "error"}
