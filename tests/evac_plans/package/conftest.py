"""Fixtures of the package tests: a demo project with plans (built once per session) and packages of it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from project import build_project  # noqa: E402

from evac_plans.consent import DEFAULT_RULES, ConsentRules  # noqa: E402
from evac_plans.package import ExportOptions, export_package, load_map, load_recipients, parse_area, select_people  # noqa: E402
from store import open_store  # noqa: E402

AREA = "町内会:湯田温泉一丁目自治会"
"""Ten demo residents, two of whom refused consent (so a normal export leaves them out)."""


@pytest.fixture(scope="session")
def project_template(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("pkg-project") / "demo.nigezero", demo_dir)


@pytest.fixture
def project(project_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo project for one test (tests write packages and checks into it)."""
    return Path(shutil.copy(project_template, tmp_path / "project.nigezero"))


def export(project: Path, out: Path, *, area: str = AREA, recipient: str = "community", disaster: bool = False, passphrase: str | None = None,
           folder: bool = True, expires_days: int = 365):
    """Export a package of ``project`` and return (ExportResult, Selection)."""
    with open_store(project, staff="test") as store:
        selection = select_people(store, parse_area(area), load_recipients()[recipient], ConsentRules.load(DEFAULT_RULES), disaster_mode=disaster)
        result = export_package(store, selection, load_map(store, selection), ExportOptions(out, folder, passphrase, expires_days))
    return result, selection
