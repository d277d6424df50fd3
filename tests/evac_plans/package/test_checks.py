"""Safety-check return files: verified against the issuing package, merged with a conflict report."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import export

from evac_plans.package import PackageVerifyError, merge_return_file
from evac_plans.package.crypto import mac
from store import open_store
from store.board import check_entries
from store.package_keys import check_history, latest_checks, load_package


def return_file(path: Path, package_id: str, secret: bytes, marks: list[dict], tamper: bool = False) -> Path:
    """A return file as the page writes it (``body`` JSON text + its HMAC-SHA256)."""
    body = json.dumps({"format": "nigezero-safety-checks", "version": 1, "package": package_id, "created": "2026-06-03T15:10:00+09:00", "marks": marks})
    tag = mac(secret, body.encode("utf-8"))
    if tamper:
        body = body.replace("safe_home", "absent")
    path.write_text(json.dumps({"body": body, "hmac": tag}), encoding="utf-8")
    return path


@pytest.fixture
def issued(project, tmp_path):
    result, selection = export(project, tmp_path / "out")
    with open_store(project) as store:
        package = load_package(store, result.package_id)
    return package, [e.person_id for e in selection.included]


def test_marks_merge_newer_wins_and_both_stay_in_history(project, tmp_path, issued):
    package, people = issued
    first = return_file(tmp_path / "a.json", package.id, package.secret, [
        {"person": people[0], "status": "evacuated", "time": "2026-06-03T15:00:00+09:00", "note": "体育館"},
        {"person": people[1], "status": "safe_home", "time": "2026-06-03T15:05:00+09:00", "note": ""},
    ])  # fmt: skip
    later = return_file(tmp_path / "b.json", package.id, package.secret, [
        {"person": people[0], "status": "needs_rescue", "time": "2026-06-03T14:00:00+09:00", "note": ""},
        {"person": people[1], "status": "absent", "time": "2026-06-03T16:00:00+09:00", "note": ""},
    ])  # fmt: skip
    with open_store(project) as store:
        assert [r.record()["conflict"] for r in merge_return_file(store, first)] == [None, None]
        results = {r.person: r for r in merge_return_file(store, later)}
        assert (results[people[0]].status, results[people[0]].conflict["resolution"]) == ("evacuated", "stored_newer")
        assert (results[people[1]].status, results[people[1]].conflict["resolution"]) == ("absent", "imported_newer")
        assert results[people[1]].conflict["status"] == "safe_home"
        assert latest_checks(store, people[:2])[people[1]].status == "absent"
        assert len(check_history(store, people[0])) == 2
        merge_return_file(store, later)
        assert len(check_history(store, people[0])) == 2  # the same file twice adds nothing
        assert [e.source for e in check_entries(store, people[0])] == ["a.json", "b.json"]  # newest mark first


@pytest.mark.parametrize(
    ("case", "message"),
    [("tampered", "改ざん"), ("other_package", "改ざんされているか、別のパッケージ"), ("stranger", "パッケージに含まれない人"), ("not_json", "安否確認ファイルではありません")],
)
def test_bad_return_files_are_rejected_and_nothing_is_merged(project, tmp_path, issued, case, message):
    package, people = issued
    mark = {"person": people[0], "status": "safe_home", "time": "2026-06-03T15:00:00+09:00", "note": ""}
    path = tmp_path / "r.json"
    if case == "tampered":
        return_file(path, package.id, package.secret, [mark], tamper=True)
    elif case == "other_package":
        return_file(path, package.id, b"another package's secret".ljust(32, b"."), [mark])
    elif case == "stranger":
        return_file(path, package.id, package.secret, [{**mark, "person": "0" * 32}])
    else:
        path.write_text("<html>not a return file</html>", encoding="utf-8")
    with open_store(project) as store:
        with pytest.raises(PackageVerifyError, match=message):
            merge_return_file(store, path)
        assert latest_checks(store, people) == {}


def test_return_files_of_an_expired_or_unknown_package_are_refused(project, tmp_path, issued):
    package, people = issued
    path = return_file(tmp_path / "r.json", package.id, package.secret, [{"person": people[0], "status": "safe_home", "time": "2026-06-03T15:00:00+09:00"}])
    with open_store(project) as store, pytest.raises(PackageVerifyError, match="有効期限"):
        merge_return_file(store, path, today=date.today() + timedelta(days=400))
    with open_store(tmp_path / "other.nigezero") as other, pytest.raises(PackageVerifyError, match="発行したパッケージの安否確認ファイルではありません"):
        merge_return_file(other, path)
