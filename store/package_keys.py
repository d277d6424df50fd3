"""Offline packages in the project store (tables of ``m008_package_keys``): the signing key, the
packages issued, and the safety checks (安否確認) merged from their return files.

Keys and secrets are bytes made by the caller (``evac_plans.package``); this module only keeps
them. The audit names packages and counts, never a person's status or note.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from store.connection import ProjectStore
from store.rows import now, one_row


@dataclass(frozen=True)
class KeyRow:
    """A signing key pair (raw Ed25519 bytes) and its id (derived from the public key)."""

    id: str
    private_key: bytes
    public_key: bytes


@dataclass(frozen=True)
class PackageRow:
    """A package as issued: ``people`` are the ids of the people in it (never names)."""

    id: str
    key_id: str
    created_at: str
    expires_at: str
    recipient: str
    area: str
    disaster_mode: bool
    encrypted: bool
    secret: bytes
    people: tuple[str, ...]
    manifest_sha256: str = ""


@dataclass(frozen=True)
class CheckRow:
    """One safety-check mark: status code, ISO time, free-text note, the package it came from."""

    person_id: str
    status: str
    time: str
    note: str = ""
    package_id: str = ""


def signing_key(store: ProjectStore) -> KeyRow | None:
    """The newest signing key, or None when the project has issued nothing yet."""
    row = next(iter(store.db.query("select * from package_keys order by created_at desc, rowid desc limit 1")), None)
    return KeyRow(row["id"], row["private_key"], row["public_key"]) if row else None


def save_signing_key(store: ProjectStore, key: KeyRow) -> None:
    """Keep a new key pair (the private key never leaves the project file)."""
    with store.db.atomic():
        store.db["package_keys"].insert(
            {"id": key.id, "private_key": key.private_key, "public_key": key.public_key, "created_at": now()}
        )
        store.audit("create_package_key", "package_key", key.id)


def public_key(store: ProjectStore, key_id: str) -> bytes | None:
    """The public key with this id, or None when this project never had it."""
    row = one_row(store, "package_keys", "id = ?", [key_id])
    return row["public_key"] if row else None


def save_package(store: ProjectStore, package: PackageRow) -> None:
    """Record an issued package (audited with its recipient and head count)."""
    with store.db.atomic():
        store.db["packages"].insert(
            {
                "id": package.id, "key_id": package.key_id, "created_at": package.created_at,
                "expires_at": package.expires_at, "recipient": package.recipient, "area": package.area,
                "disaster_mode": int(package.disaster_mode), "encrypted": int(package.encrypted),
                "secret": package.secret, "people": json.dumps(list(package.people)),
                "manifest_sha256": package.manifest_sha256,
            }
        )  # fmt: skip
        detail = {"recipient": package.recipient, "people": len(package.people), "disaster_mode": package.disaster_mode}
        store.audit("issue_package", "package", package.id, detail)


def load_package(store: ProjectStore, package_id: str) -> PackageRow | None:
    """The issued package with this id, or None when this project did not issue it."""
    row = one_row(store, "packages", "id = ?", [package_id])
    if row is None:
        return None
    return PackageRow(
        row["id"], row["key_id"], row["created_at"], row["expires_at"], row["recipient"], row["area"],
        bool(row["disaster_mode"]), bool(row["encrypted"]), row["secret"], tuple(json.loads(row["people"])),
        row["manifest_sha256"] or "",
    )  # fmt: skip


def latest_checks(store: ProjectStore, person_ids: Iterable[str]) -> dict[str, CheckRow]:
    """Each person's newest safety-check mark (their current status), by person id."""
    ids = list(person_ids)
    out: dict[str, CheckRow] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = store.db.query(
            f"select * from safety_checks where person_id in ({marks}) order by person_id, time, id", chunk
        )
        for row in rows:
            out[row["person_id"]] = _check(row)
    return out


def check_history(store: ProjectStore, person_id: str) -> list[CheckRow]:
    """Every mark kept for the person, oldest first."""
    rows = store.db.query("select * from safety_checks where person_id = ? order by time, id", [person_id])
    return [_check(row) for row in rows]


def add_checks(store: ProjectStore, checks: Sequence[CheckRow], package_id: str, source: str = "") -> None:
    """Keep imported marks (all of them: the history) in one transaction, audited by count;
    ``source`` names the return file they came from; who merged them is recorded (:attr:`ProjectStore.who`)."""
    stamp = now()
    with store.db.atomic():
        store.db["safety_checks"].insert_all(
            {"person_id": c.person_id, "status": c.status, "time": c.time, "note": c.note,
             "package_id": c.package_id, "imported_at": stamp, "staff": store.who, "source": source}
            for c in checks
        )  # fmt: skip
        store.audit("import_safety_checks", "package", package_id, {"marks": len(checks)})


def _check(row: dict) -> CheckRow:
    return CheckRow(row["person_id"], row["status"], row["time"], row["note"] or "", row["package_id"] or "")
