"""The demo workspace: where the generated demo data lives and how it becomes a project.

On first start the app generates the demo data set (no network) into a per-user folder whose
name carries the seed and a hash of the generator's code, so a changed generator writes a
fresh folder instead of reusing stale files. Generation goes to a temporary sibling folder
that is renamed into place when complete, so an interrupted first start never leaves a
half-written demo behind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import demo
from demo.generate import DEFAULT_SEED, generate_demo
from i18n import t
from jobs.feedback import Feedback, Problem
from layers.base import Layer
from layers.project import Project
from workspace.loaders import load_gauges, load_hazard_raster, load_plateau, load_residents, load_shelters

DEMO_ATTRIBUTION = "デモデータ：逃げ遅れゼロが生成した架空のデータ（実在しません）"
"""The 出典 line of every demo layer: the demo copies real formats, not real data."""


def user_data_dir() -> Path:
    """The per-user data folder: ``$NIGEZERO_DATA_DIR``, else the platform's usual place
    (``$XDG_DATA_HOME/nigezero`` or ``~/.local/share/nigezero``; ``%LOCALAPPDATA%\\nigezero``;
    ``~/Library/Application Support/nigezero``)."""
    if override := os.environ.get("NIGEZERO_DATA_DIR"):
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "nigezero"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "nigezero"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "nigezero"


def generator_version() -> str:
    """The demo seed plus a short hash of the generator's source files."""
    digest = hashlib.sha256()
    for source in sorted(Path(demo.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return f"{DEFAULT_SEED}-{digest.hexdigest()[:10]}"


def default_demo_dir() -> Path:
    """Where the app keeps the demo data: ``<user data dir>/demo-<generator version>``."""
    return user_data_dir() / f"demo-{generator_version()}"


def ensure_demo(demo_dir: Path, feedback: Feedback) -> None:
    """Generate the demo data into ``demo_dir`` unless that folder exists already."""
    if demo_dir.exists():
        return
    partial = demo_dir.with_name(f"{demo_dir.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        generate_demo(partial, DEFAULT_SEED, feedback)
        partial.rename(demo_dir)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def demo_layers(demo_dir: Path, feedback: Feedback) -> Iterator[Layer]:
    """Generate the demo if needed, then read each of its files and yield the layers.

    A file that cannot be read is reported as an error (with its path and the reason) and the
    others are still read.

    Raises
    ------
    jobs.errors.Canceled
        If ``feedback`` is canceled.
    """
    demo_dir = Path(demo_dir)
    ensure_demo(demo_dir, feedback.step(0, 20))
    steps = (
        (20, 70, demo_dir / "plateau", lambda p, fb: load_plateau([p], fb, DEMO_ATTRIBUTION)),
        (70, 80, demo_dir / "hazard" / "flood_depth_L2.tif", lambda p, fb: [_demo_raster(p, fb)]),
        (80, 85, demo_dir / "river" / "gauges.csv", lambda p, fb: [_demo_gauges(p, fb)]),
        (85, 92, demo_dir / "shelters" / "shelters.csv", lambda p, fb: [load_shelters(p, fb, DEMO_ATTRIBUTION)]),
        (92, 100, demo_dir / "residents" / "residents.csv", lambda p, fb: [load_residents(p, fb, DEMO_ATTRIBUTION)]),
    )
    for start, end, path, load in steps:
        feedback.check()
        feedback.set_text(t("読み込み中: {name}", "reading {name}", name=path.name))
        try:
            layers = load(path, feedback.step(start, end))
        except (ValueError, OSError) as exc:
            feedback.error(Problem(str(path), None, str(exc)))
            continue
        yield from layers
        feedback.set_progress(end)


def _demo_raster(path: Path, feedback: Feedback) -> Layer:
    """The depth raster, hidden at first: the PLATEAU flood areas above it show the same depths."""
    layer = load_hazard_raster(path, feedback, DEMO_ATTRIBUTION)
    layer.visible = False
    return layer


def _demo_gauges(path: Path, feedback: Feedback) -> Layer:
    return load_gauges(path, feedback, levels_path=path.with_name("levels.csv"), attribution=DEMO_ATTRIBUTION)


def open_demo(demo_dir: Path, feedback: Feedback) -> Project:
    """The demo project: every demo layer in its default place (generated first if absent)."""
    project = Project(name=t("デモ (山口市 湯田温泉付近・架空)", "Demo (Yuda Onsen, Yamaguchi City, fictional)"))
    for layer in demo_layers(demo_dir, feedback):
        project.add(layer)
    return project
