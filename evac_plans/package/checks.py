"""The safety-check (安否確認) round trip: a return file written by a package's page comes back,
is verified, and is merged into the project per person.

A return file is ``{"body": "<JSON text>", "hmac": "<hex>"}``; the HMAC-SHA256 of the body's
UTF-8 bytes under the package's secret proves it was made with that package (the secret never
leaves it). The body names the package, and lists marks ``{"person", "status", "time", "note"}``.
Merging keeps every mark (the history) and makes the newer of the stored and imported marks
the person's status; where they disagree the result reports the conflict.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from evac_plans.package.crypto import mac_ok
from evac_plans.package.manifest import PackageVerifyError, expired
from i18n import t
from store.connection import ProjectStore
from store.package_keys import CheckRow, PackageRow, add_checks, check_history, latest_checks, load_package

RETURN_FORMAT = "nigezero-safety-checks"
STATUSES = {"unconfirmed": "未確認", "safe_home": "無事・自宅", "evacuated": "避難済", "needs_rescue": "要救助", "absent": "不在"}
JST = timezone(timedelta(hours=9))


def _time(text: Any) -> datetime:
    value = datetime.fromisoformat(str(text))
    return value if value.tzinfo is not None else value.replace(tzinfo=JST)


def read_return_file(store: ProjectStore, path: str | os.PathLike[str], today: date | None = None) -> tuple[PackageRow, list[CheckRow]]:
    """Verify a return file against the package this project issued and read its marks.

    Raises
    ------
    PackageVerifyError
        Not a return file; from a package this project did not issue; altered or made with
        another package (the HMAC does not match); the package has expired; a mark names a
        person not in the package or an unknown status. Nothing is merged then.
    """
    try:
        outer = json.loads(Path(path).read_text(encoding="utf-8"))
        body_text, tag = outer["body"], outer["hmac"]
        body = json.loads(body_text)
        if body.get("format") != RETURN_FORMAT:
            raise ValueError(body.get("format"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackageVerifyError(t("安否確認ファイルではありません ({e})", "not a safety-check return file ({e})", e=type(exc).__name__)) from exc
    package = load_package(store, str(body.get("package", "")))
    if package is None:
        raise PackageVerifyError(
            t("このプロジェクトが発行したパッケージの安否確認ファイルではありません", "this return file comes from a package this project did not issue")
        )
    if not mac_ok(package.secret, body_text.encode("utf-8"), str(tag)):
        raise PackageVerifyError(
            t("安否確認ファイルが改ざんされているか、別のパッケージで作られています（HMAC が一致しません）",
              "the return file was altered or made with another package (the HMAC does not match)")
        )  # fmt: skip
    if expired(package.expires_at, today):
        raise PackageVerifyError(t("有効期限 ({d}) を過ぎたパッケージの安否確認ファイルです", "the package expired on {d}", d=package.expires_at[:10]))
    marks = []
    members = set(package.people)
    for i, mark in enumerate(body.get("marks", []), 1):
        if mark.get("person") not in members or mark.get("status") not in STATUSES:
            raise PackageVerifyError(
                t("{i} 件目の記録が不正です（パッケージに含まれない人、または不明な状況）", "mark {i} is invalid (a person not in the package, or an unknown status)", i=i)
            )
        try:
            time = _time(mark.get("time")).isoformat(timespec="seconds")
        except ValueError:
            raise PackageVerifyError(t("{i} 件目の記録の時刻が読めません", "mark {i} has an unreadable time", i=i)) from None
        marks.append(CheckRow(mark["person"], mark["status"], time, str(mark.get("note") or ""), package.id))
    return package, marks


@dataclass(frozen=True)
class MergeResult:
    """A person's status after the merge, and the conflict with the stored mark if any."""

    person: str
    status: str
    time: str
    conflict: dict[str, Any] | None

    def record(self) -> dict[str, Any]:
        """The job's output shape ``{"person", "status", "time", "conflict"}``."""
        return {"person": self.person, "status": self.status, "time": self.time, "conflict": self.conflict}


def _merge(imported: CheckRow, stored: CheckRow | None) -> MergeResult:
    if stored is None or (stored.status, stored.note) == (imported.status, imported.note):
        newest = imported if stored is None or _time(imported.time) >= _time(stored.time) else stored
        return MergeResult(imported.person_id, newest.status, newest.time, None)
    imported_wins = _time(imported.time) >= _time(stored.time)
    winner, other = (imported, stored) if imported_wins else (stored, imported)
    conflict = {
        "status": other.status, "time": other.time, "source": other.package_id or "app",
        "resolution": "imported_newer" if imported_wins else "stored_newer",
    }  # fmt: skip
    return MergeResult(imported.person_id, winner.status, winner.time, conflict)


def merge_return_file(store: ProjectStore, path: str | os.PathLike[str], today: date | None = None) -> list[MergeResult]:
    """Verify a return file and merge its marks into the project (see the module docstring).

    Importing the same file twice adds nothing the second time.

    Raises
    ------
    PackageVerifyError
        See :func:`read_return_file`; nothing is stored then.
    """
    package, marks = read_return_file(store, path, today)
    current = latest_checks(store, {m.person_id for m in marks})
    results, new = [], []
    for mark in sorted(marks, key=lambda m: _time(m.time)):
        if mark not in check_history(store, mark.person_id):
            new.append(mark)
        stored = current.get(mark.person_id)
        result = _merge(mark, stored)
        results.append(result)
        if stored is None or (result.status, result.time) == (mark.status, mark.time):
            current[mark.person_id] = mark
    if new:
        add_checks(store, new, package.id, Path(path).name)
    return results
