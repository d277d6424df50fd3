"""Fixtures for the weather tests: the real JMA files in ../shared/data/weather, read in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobs.feedback import Feedback


@pytest.fixture(scope="session")
def weather_data(shared_data: Path) -> Path:
    """``../shared/data/weather`` (skips locally when absent, fails on CI)."""
    return shared_data / "weather"


@pytest.fixture(scope="session")
def samples(weather_data: Path) -> Path:
    """JMA's official sample telegrams."""
    return weather_data / "jmaxml" / "assets" / "sample_xmls"


@pytest.fixture
def feedback() -> Feedback:
    """A silent feedback that records problems."""
    return Feedback()
