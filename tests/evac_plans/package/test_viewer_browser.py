"""The exported index.html in headless Chromium (Debian's, driven by Playwright; one browser for the
module) with the network blocked: people and layers appear, nothing leaves file://, marks survive a
reload, a wrong passphrase is refused, and a return file goes back into the project."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import export

from evac_plans.package import merge_return_file
from store import open_store
from store.package_keys import latest_checks

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/system-packages.sh)")
PASSPHRASE = "やまぐち-2026-ひなん"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--enable-unsafe-swiftshader"])
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """Open a package's index.html with every non-file:// request aborted; yields (page, requests seen)."""
    contexts = []

    def _open(path: Path):
        context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        contexts.append(context)
        outside: list[str] = []
        context.route(lambda url: not url.startswith("file://"), lambda route: (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith(("file://", "data:", "blob:")) else outside.append(r.url))
        page.goto(path.as_uri())
        return page, outside

    yield _open
    for context in contexts:
        context.close()


def test_people_and_layers_appear_and_nothing_leaves_the_page(project, tmp_path, open_page):
    result, selection = export(project, tmp_path / "out")
    page, outside = open_page(result.path / "index.html")
    page.wait_for_function("window.nzPkg.ready && window.nzPkg.layerIds().includes('home-names')", timeout=30_000)
    assert page.locator("#list li").count() == len(selection.included) == 8
    assert {"buildings", "hazard", "hazard-labels", "shelters", "routes", "homes"} <= set(page.evaluate("nzPkg.layerIds()"))
    assert page.evaluate("nzPkg.error") is None
    name = selection.included[0].values["name"]
    page.fill("#search", selection.included[0].values["kana"][:3])
    assert page.locator("#list li").first.inner_text().startswith(name)
    page.locator("#list li").first.click()
    assert name in page.locator("#detail h2").inner_text()
    assert "椹野川" in page.evaluate("JSON.stringify(JSON.parse(document.getElementById('nz-data').textContent).hazard_labels)")
    assert outside == []


def test_marks_survive_a_reload_and_the_return_file_merges_into_the_project(project, tmp_path, open_page):
    result, selection = export(project, tmp_path / "out")
    page, outside = open_page(result.path / "index.html")
    page.wait_for_function("window.nzPkg.ready")
    first, second = selection.included[0].person_id, selection.included[1].person_id
    page.locator(f'#list li[data-id="{first}"]').click()
    page.fill("#note", "2階に避難済み")
    page.click('#detail button[data-status="evacuated"]')
    page.evaluate(f"nzPkg.mark('{second}', 'needs_rescue', '')")
    page.reload()
    page.wait_for_function("window.nzPkg.ready")
    assert page.locator(f'#list li[data-id="{first}"] .badge').inner_text() == "避難済"
    assert page.locator(f'#list li[data-id="{second}"] .badge').inner_text() == "要救助"
    with page.expect_download() as download:
        page.click("#saveChecks")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    with open_store(project) as store:
        merged = {r.person: r for r in merge_return_file(store, saved)}
        assert merged[first].status == "evacuated" and merged[second].status == "needs_rescue"
        assert latest_checks(store, [first])[first].note == "2階に避難済み"
    assert outside == []


def test_a_wrong_passphrase_is_refused_and_the_right_one_opens(project, tmp_path, open_page):
    result, selection = export(project, tmp_path / "out", passphrase=PASSPHRASE)
    page, outside = open_page(result.path / "index.html")
    assert page.locator("#lock").is_visible()
    page.fill("#passphrase", "まちがい")
    page.click("#unlock")
    page.wait_for_function("document.getElementById('lockMessage').textContent.includes('違います')", timeout=30_000)
    assert page.locator("#list li").count() == 0
    page.fill("#passphrase", PASSPHRASE)
    page.click("#unlock")
    page.wait_for_function("window.nzPkg.ready", timeout=30_000)
    assert page.locator("#list li").count() == len(selection.included)
    assert outside == []


def test_disaster_and_expired_packages_say_so(project, tmp_path, open_page):
    result, _ = export(project, tmp_path / "out", disaster=True, expires_days=-1)
    page, _ = open_page(result.path / "index.html")
    page.wait_for_function("window.nzPkg.ready")
    assert "災害時提供" in page.locator("#disasterBanner").inner_text()
    assert "有効期限" in page.locator("#expiredBanner").inner_text()
