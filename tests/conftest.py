"""Shared fixtures. Qt runs offscreen; real data is read from ../shared/data, never copied.

A test that needs the real data skips locally when the folder is absent and fails on CI
(``CI=true``), so a missing data folder can never turn CI green by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--ignore-gpu-blocklist --disable-gpu-compositing")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder ``../shared/data``: skip when absent, fail when ``CI=true``."""
    if not SHARED_DATA.is_dir():
        message = f"real data folder {SHARED_DATA} is absent"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (required on CI)")
        pytest.skip(message)
    return SHARED_DATA


@pytest.fixture(scope="session", autouse=True)
def _private_cache_and_data(tmp_path_factory: pytest.TempPathFactory):
    """Importer caches and the per-user data folder go to temporary folders, never ``~``."""
    base = tmp_path_factory.mktemp("user")
    saved = {k: os.environ.get(k) for k in ("NIGEZERO_CACHE_DIR", "NIGEZERO_DATA_DIR")}
    os.environ["NIGEZERO_CACHE_DIR"] = str(base / "cache")
    os.environ["NIGEZERO_DATA_DIR"] = str(base / "data")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data set, generated once per test session by the project's own generator."""
    from demo.generate import generate_demo

    out = tmp_path_factory.mktemp("demo")
    generate_demo(out)
    return out


@pytest.fixture(autouse=True)
def _japanese_by_default():
    """Each test starts in the default language (Japanese) whatever the last one chose."""
    import i18n

    i18n.set_language("ja")
    yield
    i18n.set_language("ja")
