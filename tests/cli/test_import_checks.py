"""``python main.py import-checks``: one object per person merged; bad files refused with exit code 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evac_plans" / "package"))
from project import build_project  # noqa: E402

from evac_plans.package.crypto import mac  # noqa: E402
from store import open_store  # noqa: E402
from store.package_keys import load_package  # noqa: E402


def test_import_checks_merges_and_refuses_a_tampered_file(cli, demo_dir, tmp_path):
    project = build_project(tmp_path / "demo.nigezero", demo_dir)
    exported = cli("export", "--store", str(project), "--area", "町内会:朝倉町自治会", "--out", str(tmp_path / "out"))
    package_id = exported.records()[-1]["package"]
    with open_store(project) as store:
        package = load_package(store, package_id)
    person = package.people[0]
    body = json.dumps({"format": "nigezero-safety-checks", "version": 1, "package": package_id,
                       "marks": [{"person": person, "status": "evacuated", "time": "2026-06-03T15:10:00+09:00", "note": "公民館"}]})
    good = tmp_path / "anpi.json"
    good.write_text(json.dumps({"body": body, "hmac": mac(package.secret, body.encode())}), encoding="utf-8")
    result = cli("import-checks", str(good), "--store", str(project))
    assert result.code == 0, result.stderr
    assert result.records() == [{"person": person, "status": "evacuated", "time": "2026-06-03T15:10:00+09:00", "conflict": None}]
    assert "公民館" not in result.stdout + result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"body": body.replace("evacuated", "absent"), "hmac": mac(package.secret, body.encode())}), encoding="utf-8")
    refused = cli("import-checks", str(bad), "--store", str(project), "--lang", "en")
    assert refused.code == 1 and refused.stdout == "" and "altered" in refused.stderr
