"""Fixtures of the PLATEAU importer tests: the real files, read once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs.feedback import Feedback
from plateau_import import PlateauData, read_plateau


@pytest.fixture(scope="session")
def plateau_dir(shared_data: Path) -> Path:
    """``../shared/data/plateau`` (skips locally when absent, fails on CI)."""
    return shared_data / "plateau"


@pytest.fixture(scope="session")
def plateau_read(plateau_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[PlateauData, Feedback]:
    """Every real file read once (no parallel workers, a fresh cache)."""
    feedback = Feedback()
    data = read_plateau([plateau_dir], feedback, cache_dir=tmp_path_factory.mktemp("cache"), workers=1)
    return data, feedback


@pytest.fixture(scope="session")
def plateau_data(plateau_read: tuple[PlateauData, Feedback]) -> PlateauData:
    return plateau_read[0]
