"""Hazard tile set → map layer: an XYZ PNG folder, an SVGMap tile set, or either zipped.

The set is opened by :func:`hazards.sources.open_hazard_source` (the reader ``hazard-sample``
uses), so the map, the identify tool and the command line read the same tiles. A zip is
unpacked once into the user cache (members that would land outside it are refused by
:func:`jobs.inputs.expand_inputs`), keyed by the archive's path, size and time. Listed tiles
that are missing or are not PNG files are reported per tile; the rest of the set is drawn.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import zipfile
from pathlib import Path

from hazards.errors import HazardFormatError
from hazards.sources import open_hazard_source
from hazards.tiles import TileSet
from hazards.xyz import tile_levels
from i18n import t
from jobs.feedback import Feedback, Problem
from jobs.inputs import expand_inputs, is_zip
from layers.hazard_tiles import HazardTileLayer, pyramid_for
from layers.tiles import user_cache_dir

PathLike = str | os.PathLike[str]
CHECK_STEP = 256
"""Tiles checked between two looks at Cancel."""


def load_hazard_tiles(path: PathLike, feedback: Feedback, attribution: str) -> HazardTileLayer:
    """A tile set (folder, root SVG or zip) → a layer named by its kind and scenario, with its legend.

    Raises
    ------
    hazards.errors.HazardError
        If ``path`` is no tile set (the message says what a tile set looks like).
    """
    given = Path(path)
    unpacked = unpack_zip(given, feedback) if given.is_file() and is_zip(given) else None
    root = tile_root(unpacked) if unpacked is not None else given
    source = open_hazard_source(root, feedback)
    if not isinstance(source, TileSet):
        raise HazardFormatError(
            t("タイルセットではありません ({z}/{x}/{y}.png のフォルダ、SVGMap のルート SVG、またはその ZIP を指定してください)",
              "not a tile set (give a {z}/{x}/{y}.png folder, an SVGMap root SVG, or a zip of either)")  # fmt: skip
        )
    pyramid = pyramid_for(source)
    for container, reason in pyramid.skipped:
        feedback.warn(Problem(container, None, reason))
    layer = HazardTileLayer(source, pyramid, attribution=attribution, unpacked=(unpacked, str(path)) if unpacked is not None else None)
    tiles = list(pyramid.all_tiles())
    for done, tile in enumerate(tiles):
        if done % CHECK_STEP == 0:
            feedback.check()
            feedback.set_progress(100 * done / len(tiles))
        if (reason := layer.check_tile(tile)) is not None:
            feedback.warn(Problem(layer.describe(tile), None, reason))
    return layer


def unpack_zip(archive: Path, feedback: Feedback) -> Path:
    """The folder ``archive`` is unpacked in (under the user cache; unpacked once per version of the file)."""
    stat = archive.stat()
    key = hashlib.sha256(f"{archive.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = user_cache_dir().parent / "tile_sets" / key
    if folder.is_dir():
        return folder
    members = [source.member for source in expand_inputs([archive], feedback) if source.member is not None]
    partial = folder.with_name(f"{key}.part{os.getpid()}-{threading.get_ident()}")
    try:
        with zipfile.ZipFile(archive) as zf:
            for name in members:
                feedback.check()
                target = partial / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(name) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        partial.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():  # else another load unpacked it meanwhile
            partial.replace(folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return folder


def tile_root(folder: Path) -> Path:
    """The tile set in an unpacked archive: ``folder``, or the one folder it holds, down to the first
    level holding zoom folders or an SVG."""
    while not tile_levels(folder) and not any(folder.glob("*.svg")):
        entries = list(folder.iterdir())
        if len(entries) != 1 or not entries[0].is_dir():
            break
        folder = entries[0]
    return folder
