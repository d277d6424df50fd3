"""``manifest.json``: what a package is, for whom, until when, and a hash of every file, signed.

The signature (Ed25519, :mod:`evac_plans.package.crypto`) covers the canonical JSON of the
manifest without its ``signature`` member. :func:`verify_package` checks a package folder or
zip against the project that issued it and says precisely what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from evac_plans.errors import EvacPlansError
from evac_plans.package.crypto import canonical, sign, signature_ok
from i18n import t
from store.connection import ProjectStore
from store.package_keys import KeyRow, PackageRow, load_package, public_key

FORMAT = "nigezero-package"
MANIFEST = "manifest.json"


class PackageVerifyError(EvacPlansError, ValueError):
    """A package (or return file) that fails verification; the message says what and why."""


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def signed(manifest: Mapping[str, Any], key: KeyRow) -> dict[str, Any]:
    """The manifest with its ``signature`` member (algorithm, key id, base64 value)."""
    body = {k: v for k, v in manifest.items() if k != "signature"}
    return {**body, "signature": {"algorithm": "Ed25519", "key": key.id, "value": sign(key, canonical(body))}}


def read_files(path: str | os.PathLike[str]) -> dict[str, bytes]:
    """Every file of a package folder or zip, by its name inside the package.

    Raises
    ------
    PackageVerifyError
        If the path is neither a folder nor a zip.
    """
    path = Path(path)
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    raise PackageVerifyError(t("{p} はパッケージ (フォルダまたは ZIP) ではありません", "{p} is not a package (a folder or zip)", p=path))


@dataclass(frozen=True)
class Verified:
    """A package that passed: its manifest and the store's record of it."""

    manifest: dict[str, Any]
    issued: PackageRow


def expired(expires: str, today: date | None = None) -> bool:
    """Whether an ISO expiry date (inclusive last day) has passed."""
    return (today or date.today()) > date.fromisoformat(expires[:10])


def verify_manifest(store: ProjectStore, manifest: Mapping[str, Any]) -> PackageRow:
    """Check the manifest's signature and that this project issued it.

    Raises
    ------
    PackageVerifyError
        Not a manifest, signed by a key this project does not hold, altered, or not issued here.
    """
    signature = manifest.get("signature") or {}
    if manifest.get("format") != FORMAT or not isinstance(signature, Mapping):
        raise PackageVerifyError(t("Nigezero のパッケージの manifest.json ではありません", "not a Nigezero package manifest"))
    key = public_key(store, str(signature.get("key", "")))
    issued = load_package(store, str(manifest.get("package", "")))
    if key is None or issued is None:
        raise PackageVerifyError(
            t("このプロジェクトが発行したパッケージではありません（別のプロジェクトのものか、記録がありません）",
              "this project did not issue this package (it comes from another project, or it has no record of it)")
        )  # fmt: skip
    body = {k: v for k, v in manifest.items() if k != "signature"}
    if signature.get("algorithm") != "Ed25519" or not signature_ok(key, canonical(body), str(signature.get("value", ""))):
        raise PackageVerifyError(t("manifest.json が改ざんされています（署名が一致しません）", "manifest.json was altered (the signature does not match)"))
    return issued


def verify_package(store: ProjectStore, path: str | os.PathLike[str], today: date | None = None) -> Verified:
    """Verify a package folder or zip this project issued: signature, every file's hash, no
    missing or extra file, not expired.

    Raises
    ------
    PackageVerifyError
        With a message naming the first problem found (and the file, where one is at fault).
    """
    files = read_files(path)
    if MANIFEST not in files:
        raise PackageVerifyError(t("manifest.json がありません", "manifest.json is missing"))
    try:
        manifest = json.loads(files.pop(MANIFEST).decode("utf-8"))
    except ValueError as exc:
        raise PackageVerifyError(t("manifest.json を読めません: {e}", "cannot read manifest.json: {e}", e=exc)) from exc
    issued = verify_manifest(store, manifest)
    listed: dict[str, Any] = manifest.get("files", {})
    for name, info in listed.items():
        if name not in files:
            raise PackageVerifyError(t("{f} がありません", "{f} is missing", f=name))
        if sha256(files[name]) != info.get("sha256"):
            raise PackageVerifyError(t("{f} が改ざんされています（sha256 が一致しません）", "{f} was altered (its sha256 does not match)", f=name))
    extra = sorted(set(files) - set(listed))
    if extra:
        raise PackageVerifyError(t("記録にないファイルがあります: {f}", "files not in the manifest: {f}", f=", ".join(extra)))
    if expired(manifest["expires"], today):
        raise PackageVerifyError(t("有効期限 ({d}) を過ぎたパッケージです", "the package expired on {d}", d=manifest["expires"]))
    return Verified(manifest, issued)

