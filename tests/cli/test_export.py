"""``python main.py export``: one object per file, then a summary naming nobody."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evac_plans" / "package"))
from project import build_project  # noqa: E402


@pytest.fixture(scope="module")
def project(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("cli-export") / "demo.nigezero", demo_dir)


def test_export_writes_a_zip_and_summarises_who_is_left_out_without_names(cli, project, tmp_path):
    result = cli("export", "--store", str(project), "--area", "町内会:湯田温泉一丁目自治会", "--out", str(tmp_path))
    assert result.code == 0, result.stderr
    records = result.records()
    files = [r for r in records if r["record"] == "file"]
    assert sorted(r["file"].split("!")[1] for r in files) == ["data.gpkg", "index.html", "manifest.json", "people.csv", "plans.pdf"]
    summary = records[-1]
    assert summary["record"] == "summary" and summary["included"] == 8 and Path(summary["path"]).is_file()
    assert [x["reason"] for x in summary["left_out"]] == ["consent_refused"] * 2
    assert "湯田" not in result.stdout.replace("湯田温泉一丁目自治会", "")  # no names or addresses


def test_export_with_a_passphrase_file_and_disaster_mode(cli, project, tmp_path):
    secret = tmp_path / "pass.txt"
    secret.write_text("ひみつの あいことば\n", encoding="utf-8")
    result = cli("export", "--store", str(project), "--area", "民生委員:湯田第1地区", "--recipient", "welfare_commissioner",
                 "--disaster-mode", "--passphrase-file", str(secret), "--folder", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    summary = result.records()[-1]
    assert summary["encrypted"] and summary["disaster_mode"] and summary["left_out"] == [] and summary["included"] == 10
    assert sorted(p.name for p in Path(summary["path"]).iterdir()) == ["index.html", "manifest.json"]


def test_export_usage_errors(cli, project, tmp_path):
    assert cli("export", "--store", str(project), "--area", "x", "--recipient", "press", "--out", str(tmp_path)).code == 2
    missing = cli("export", "--store", str(tmp_path / "none.nigezero"), "--area", "x", "--out", str(tmp_path), "--lang", "en")
    assert missing.code == 1 and "no such project file" in missing.stderr
    nobody = cli("export", "--store", str(project), "--area", "町内会:どこにもない", "--out", str(tmp_path), "--lang", "en")
    assert nobody.code == 1 and "nobody lives in the area" in nobody.stderr
