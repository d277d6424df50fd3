"""Files, folders and zips as inputs, labelled as the headless conventions say."""

from __future__ import annotations

import zipfile

from jobs.feedback import Feedback
from jobs.inputs import expand_inputs


def _tree(tmp_path):
    root = tmp_path / "delivery"
    (root / "udx" / "bldg").mkdir(parents=True)
    (root / "codelists").mkdir()
    (root / "udx" / "bldg" / "a.gml").write_text("<a/>")
    (root / "codelists" / "Building_usage.xml").write_text("<d/>")
    return root


def test_folder_files_are_labelled_folder_joined_with_relative_path(tmp_path):
    root = _tree(tmp_path)
    fb = Feedback()
    labels = [f.label for f in expand_inputs([str(root)], fb)]
    assert labels == [f"{root}/codelists/Building_usage.xml", f"{root}/udx/bldg/a.gml"]
    assert fb.problems == []


def test_file_label_is_the_path_as_given(tmp_path, monkeypatch):
    root = _tree(tmp_path)
    monkeypatch.chdir(root)
    [f] = list(expand_inputs(["udx/bldg/a.gml"], Feedback()))
    assert f.label == "udx/bldg/a.gml"
    assert f.head() == b"<a/>"


def test_zip_members_are_labelled_with_bang_and_read_in_place(tmp_path):
    archive = tmp_path / "plateau.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("udx/bldg/a.gml", "<a/>")
        zf.writestr("codelists/Building_usage.xml", "<d/>")
    files = list(expand_inputs([str(archive)], Feedback()))
    assert [f.label for f in files] == [f"{archive}!codelists/Building_usage.xml", f"{archive}!udx/bldg/a.gml"]
    gml = files[1]
    assert gml.head() == b"<a/>" and gml.size() == 4
    codelist = gml.sibling("../../codelists/Building_usage.xml")
    assert codelist is not None and codelist.head() == b"<d/>"
    assert gml.sibling("../../../outside.xml") is None


def test_zip_slip_members_are_refused_and_the_rest_read(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../etc/evil.gml", "<x/>")
        zf.writestr("/abs.gml", "<x/>")
        zf.writestr("ok.gml", "<ok/>")
    fb = Feedback()
    files = list(expand_inputs([archive], fb))
    assert [f.member for f in files] == ["ok.gml"]
    assert [p.file for p in fb.problems] == [f"{archive}!../../etc/evil.gml", f"{archive}!/abs.gml"]
    assert all(p.severity == "error" for p in fb.problems)
    assert not (tmp_path.parent / "etc").exists()


def test_missing_path_is_an_error_and_others_still_come(tmp_path):
    root = _tree(tmp_path)
    fb = Feedback()
    files = list(expand_inputs([str(tmp_path / "nope.gml"), str(root / "udx")], fb))
    assert [f.name for f in files] == ["a.gml"]
    assert fb.had_errors and fb.problems[0].file == str(tmp_path / "nope.gml")


def test_zip_detected_by_content_not_name(tmp_path):
    disguised = tmp_path / "delivery.dat"
    with zipfile.ZipFile(disguised, "w") as zf:
        zf.writestr("a.gml", "<a/>")
    [f] = list(expand_inputs([disguised], Feedback()))
    assert f.label == f"{disguised}!a.gml"
