"""Writing a package: every file made in memory, hashed into a signed manifest, then written as
one ``.zip`` or as a folder, and recorded in the project store (so the app can verify it and
accept its return files).

With a passphrase only ``index.html`` (its people encrypted, AES-GCM) and ``manifest.json`` are
written. ``plans.pdf``, ``people.csv`` and ``data.gpkg`` are left out, not encrypted: Excel and
QGIS cannot open an AES-GCM file, and the PDF encryption reportlab offers (RC4 / the PDF
standard handler) is weaker than the page's PBKDF2 + AES-GCM, so shipping them would either be
useless to the recipient or weaken the package. The page prints the plan sheets and the
checklist instead. The manifest says which files were left out and why.
"""

from __future__ import annotations

import os
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from evac_plans.package.crypto import PBKDF2_ITERATIONS, canonical, new_secret, project_key
from evac_plans.package.fields import wareki
from evac_plans.package.manifest import FORMAT, MANIFEST, sha256, signed
from evac_plans.package.mapdata import MapData
from evac_plans.package.pdf import plans_pdf
from evac_plans.package.selection import Selection
from evac_plans.package.tables import csv_bytes, write_gpkg
from evac_plans.package.viewer import page_html
from i18n import t
from jobs.feedback import Feedback
from store.connection import ProjectStore
from store.package_keys import PackageRow, save_package

APP = "Nigezero 0.1.0"
LEFT_OUT_WHEN_ENCRYPTED = ("plans.pdf", "people.csv", "data.gpkg")
WHY_LEFT_OUT = (
    "暗号化パッケージでは plans.pdf・people.csv・data.gpkg を含めません。Excel や QGIS は AES-GCM で暗号化したファイルを開けず、"
    "PDF の標準暗号化は本パッケージの暗号 (PBKDF2-SHA256 + AES-256-GCM) より弱いためです。計画シートと安否確認チェックリストは index.html から印刷できます。"
)


@dataclass(frozen=True)
class ExportOptions:
    """Where and how to write: ``out`` folder, a folder instead of a zip, passphrase, days until expiry."""

    out: Path
    folder: bool = False
    passphrase: str | None = None
    expires_days: int = 365
    recipient_name: str = ""


@dataclass(frozen=True)
class Written:
    """One file of the package: its name inside the package, size and sha256."""

    name: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class ExportResult:
    """The package written: id, where (zip file or folder), its files and manifest."""

    package_id: str
    path: Path
    files: list[Written]
    manifest: dict[str, Any]


def _gpkg(selection: Selection, data: MapData) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.gpkg"
        write_gpkg(path, selection, data)
        return path.read_bytes()


def package_files(selection: Selection, data: MapData, info: dict[str, Any], secret: bytes, passphrase: str | None, feedback: Feedback) -> dict[str, bytes]:
    """Every file except the manifest, by name."""
    files = {"index.html": page_html(selection, data, info, secret, passphrase).encode("utf-8")}
    feedback.set_progress(40)
    if not passphrase:
        files["plans.pdf"] = plans_pdf(selection, data, info, feedback.step(40, 85))
        files["people.csv"] = csv_bytes(selection, data.sources)
        files["data.gpkg"] = _gpkg(selection, data)
    feedback.set_progress(90)
    return files


def export_package(store: ProjectStore, selection: Selection, data: MapData, options: ExportOptions, feedback: Feedback | None = None) -> ExportResult:
    """Write the package and record it in the store.

    Raises
    ------
    jobs.errors.Canceled
        If canceled between files (nothing is recorded then).
    OSError
        If the output cannot be written.
    """
    feedback = feedback or Feedback()
    package_id = uuid.uuid4().hex
    created = datetime.now().astimezone()
    expires = (created.date() + timedelta(days=options.expires_days)).isoformat()
    info = {
        "package": package_id, "title": f"{selection.area.label} 避難支援パッケージ", "created": created.isoformat(timespec="seconds"),
        "project": store.path.name, "created_wareki": wareki(created.date()), "expires": expires, "expires_wareki": wareki(date.fromisoformat(expires)),
    }  # fmt: skip
    secret = new_secret()
    files = package_files(selection, data, info, secret, options.passphrase, feedback)
    feedback.check()
    key = project_key(store)
    manifest = signed(_manifest(selection, info, files, options), key)
    files[MANIFEST] = canonical(manifest)
    target = _write(options, f"package-{created:%Y%m%d}-{package_id[:8]}", files)
    people = tuple(entry.person_id for entry in selection.included)
    row = PackageRow(
        package_id, key.id, info["created"], expires, selection.recipient.key, selection.area.label,
        selection.disaster_mode, bool(options.passphrase), secret, people, sha256(files[MANIFEST]),
    )  # fmt: skip
    save_package(store, row)
    feedback.set_progress(100)
    written = [Written(name, len(body), sha256(body)) for name, body in files.items()]
    return ExportResult(package_id, target, written, manifest)


def _manifest(selection: Selection, info: dict[str, Any], files: dict[str, bytes], options: ExportOptions) -> dict[str, Any]:
    encryption = None
    if options.passphrase:
        encryption = {
            "cipher": "AES-256-GCM", "kdf": "PBKDF2-SHA256", "iterations": PBKDF2_ITERATIONS,
            "encrypted": ["index.html (要支援者の情報と安否確認用の鍵)"], "left_out": list(LEFT_OUT_WHEN_ENCRYPTED), "why": WHY_LEFT_OUT,
        }  # fmt: skip
    return {
        "format": FORMAT, "version": 1, "package": info["package"], "created": info["created"], "expires": info["expires"],
        "source": {"app": APP, "project": info["project"]},
        "recipient": {"type": selection.recipient.key, "label": selection.recipient.ja, "name": options.recipient_name},
        "area": selection.area.label, "disaster_mode": selection.disaster_mode,
        "disaster_note": t("災害時提供（本人同意によらない、災害対策基本法第49条の11第3項）", "disaster-mode export (shared without consent, 災害対策基本法 49条の11 ③)")
        if selection.disaster_mode else None,
        "people": len(selection.included), "encryption": encryption,
        "files": {name: {"sha256": sha256(body), "bytes": len(body)} for name, body in files.items()},
    }  # fmt: skip


def _write(options: ExportOptions, name: str, files: dict[str, bytes]) -> Path:
    options.out.mkdir(parents=True, exist_ok=True)
    if options.folder:
        folder = options.out / name
        folder.mkdir()
        for file_name, body in files.items():
            (folder / file_name).write_bytes(body)
        return folder
    target = options.out / f"{name}.zip"
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for file_name, body in files.items():
            archive.writestr(file_name, body)
    os.replace(partial, target)
    return target
