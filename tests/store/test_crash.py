"""Kill -9 in the middle of saving plans: the file opens clean and every version is whole or absent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from store import open_store

REPO = Path(__file__).resolve().parents[2]
WRITER = """
import sys
from dataclasses import replace
from evac_plans.model import Destination, EvacuationPlan, Person, Route
from evac_plans.repository import PersonRecord, save_person, save_plan
from store import open_store

store = open_store(sys.argv[1], staff="crash-test")
person = Person(name="テスト")
save_person(store, PersonRecord(person))
plans = [EvacuationPlan(person.id) for _ in range(5)]
n = 0
while True:
    n += 1
    i = n % len(plans)
    notes = f"save {n} " + "x" * (n % 997) * 20  # long rows span pages
    route = Route(tuple((131.4 + k / 1e4, 34.1 + n / 1e6) for k in range(2 + n % 50)))
    plans[i] = save_plan(store, replace(plans[i], notes=notes, route=route, destination=Destination("vertical", floor=2)))
    if n == 20:
        print("ready", flush=True)
"""


def test_sigkill_during_plan_writes_leaves_no_half_written_version(tmp_path):
    path = tmp_path / "crash.nigezero"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.7)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert (tmp_path / "crash.nigezero.lock").exists()  # left behind by the killed writer
    with open_store(path) as store:  # the stale lock of a dead process is taken over
        assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("pragma foreign_key_check").fetchall() == []
        heads = {r["id"]: r["current_version"] for r in store.db.query("select id, current_version from plans")}
        versions = list(store.db.query("select plan_id, version, notes, route_wkt, destination from plan_versions"))
        saves = [json.loads(r["detail"]) | {"id": r["entity_id"]} for r in store.db.query("select entity_id, detail from audit where action = 'save_plan'")]
    assert len(versions) >= 20
    for plan_id, current in heads.items():
        numbers = sorted(v["version"] for v in versions if v["plan_id"] == plan_id)
        assert numbers == list(range(1, current + 1))  # no gap, nothing past the head
    for v in versions:
        n = int(v["notes"].split()[1])
        assert v["notes"] == f"save {n} " + "x" * (n % 997) * 20
        assert v["route_wkt"].count(",") == 1 + n % 50 and json.loads(v["destination"])["floor"] == 2
    assert sorted((s["id"], s["version"]) for s in saves) == sorted((v["plan_id"], v["version"]) for v in versions)
