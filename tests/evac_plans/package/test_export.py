"""Package export: consent filtering across every file, disaster mode, encryption, manifests."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pyogrio
import pytest
from conftest import AREA, export

from evac_plans.consent import DEFAULT_RULES, ConsentRules
from evac_plans.package import PackageVerifyError, load_recipients, parse_area, select_people, verify_package
from evac_plans.package.crypto import decrypt
from evac_plans.repository import load_person
from store import open_store


def texts_of(folder: Path) -> dict[str, str]:
    """Every file of a package as searchable text: the PDF through pdftotext, the GeoPackage's every layer and raw bytes."""
    out = {}
    for path in folder.iterdir():
        raw = path.read_bytes()
        out[path.name] = raw.decode("utf-8", errors="replace")
        if path.suffix == ".pdf":
            out[path.name + ":text"] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        if path.suffix == ".gpkg":
            out[path.name + ":layers"] = "".join(
                pyogrio.read_dataframe(path, layer=name).to_csv() for name, _ in pyogrio.list_layers(path)
            )
    return out


def personal_strings(project: Path, person_ids: list[str]) -> list[str]:
    with open_store(project) as store:
        people = [load_person(store, pid).person for pid in person_ids]
    return [v for p in people for v in (p.name, p.kana, p.phone, p.address, p.id) if v]


def test_the_selection_says_who_is_left_out_and_why_before_writing(project, tmp_path):
    with open_store(project) as store:
        selection = select_people(store, parse_area(AREA), load_recipients()["community"], ConsentRules.load(DEFAULT_RULES))
    summary = selection.summary()
    assert summary["included"] == 8
    assert [x["reason"] for x in summary["left_out"]] == ["consent_refused", "consent_refused"]
    assert all("拒否" in x["text"] for x in summary["left_out"])
    assert not list(tmp_path.glob("package-*"))


def test_a_person_without_consent_appears_in_no_file_of_a_normal_export(project, tmp_path):
    result, selection = export(project, tmp_path / "out")
    assert sorted(f.name for f in result.files) == ["data.gpkg", "index.html", "manifest.json", "people.csv", "plans.pdf"]
    secrets = personal_strings(project, [x.person_id for x in selection.left_out])
    assert len(secrets) == 10
    texts = texts_of(result.path)
    for name, text in texts.items():
        for value in secrets:
            assert value not in text, f"a left-out person's data is in {name}"
    included = personal_strings(project, [e.person_id for e in selection.included][:1])[0]
    assert included in texts["plans.pdf:text"] and included in texts["people.csv"] and included in texts["data.gpkg:layers"]
    assert (result.path / "people.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_page_and_file_carries_the_sources(project, tmp_path):
    result, _ = export(project, tmp_path / "out")
    texts = texts_of(result.path)
    pages = texts["plans.pdf:text"].split("\f")[:-1]
    assert len(pages) >= 9
    assert all("Project PLATEAU" in page and "国土地理院" in page for page in pages)
    assert "Project PLATEAU" in texts["index.html"] and "Project PLATEAU" in texts["people.csv"]


def test_disaster_mode_includes_everyone_and_says_so_everywhere(project, tmp_path):
    result, selection = export(project, tmp_path / "out", disaster=True)
    assert len(selection.included) == 10 and not selection.left_out
    assert result.manifest["disaster_mode"] is True
    texts = texts_of(result.path)
    pages = texts["plans.pdf:text"].split("\f")[:-1]
    assert all("災害時提供" in page for page in pages)
    assert texts["people.csv"].count("災害時提供") == 10


def test_a_recipient_gets_only_its_fields(project, tmp_path):
    _, care = export(project, tmp_path / "care", recipient="care_provider")
    assert all("address" not in e.values and "route" not in e.values for e in care.included)
    _, fire = export(project, tmp_path / "fire", recipient="fire_ems")
    assert len(fire.included) > len(care.included)  # roster consent without plan consent
    assert any("route" in e.withheld for e in fire.included)


def test_an_encrypted_package_holds_no_readable_personal_data(project, tmp_path):
    result, selection = export(project, tmp_path / "out", passphrase="かわ の ちかく 2026")
    assert sorted(f.name for f in result.files) == ["index.html", "manifest.json"]
    encryption = result.manifest["encryption"]
    assert encryption["iterations"] >= 600_000 and encryption["kdf"] == "PBKDF2-SHA256"
    assert set(encryption["left_out"]) == {"plans.pdf", "people.csv", "data.gpkg"}
    secrets = personal_strings(project, [e.person_id for e in selection.included])
    for name, text in texts_of(result.path).items():
        assert not [v for v in secrets if v in text], name
    html = (result.path / "index.html").read_text(encoding="utf-8")
    blob = json.loads(html.split('<script id="nz-data" type="application/json">')[1].split("</script>")[0])["encrypted"]
    assert decrypt(blob, "wrong") is None
    people = json.loads(decrypt(blob, "かわ の ちかく 2026"))["people"]
    assert len(people) == 8


def test_a_package_verifies_and_tampering_is_named(project, tmp_path):
    result, _ = export(project, tmp_path / "out")
    with open_store(project) as store:
        assert verify_package(store, result.path).manifest["package"] == result.package_id
        (result.path / "people.csv").write_bytes((result.path / "people.csv").read_bytes() + b"x")
        with pytest.raises(PackageVerifyError, match="people.csv が改ざん"):
            verify_package(store, result.path)
        manifest = json.loads((result.path / "manifest.json").read_text(encoding="utf-8"))
        manifest["expires"] = "2099-12-31"
        (result.path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        with pytest.raises(PackageVerifyError, match="署名が一致しません"):
            verify_package(store, result.path)


def test_a_zip_package_verifies_expires_and_is_unknown_to_another_project(project, tmp_path):
    result, _ = export(project, tmp_path / "out", folder=False, expires_days=30)
    assert result.path.suffix == ".zip"
    with open_store(project) as store:
        verify_package(store, result.path)
        with pytest.raises(PackageVerifyError, match="有効期限"):
            verify_package(store, result.path, today=date.today() + timedelta(days=31))
    with open_store(tmp_path / "other.nigezero") as other, pytest.raises(PackageVerifyError, match="発行したパッケージではありません"):
        verify_package(other, result.path)
