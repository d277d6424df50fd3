"""Open any hazard source :mod:`hazards` reads, detecting the format from content, not names.

=======================================  =========================================
given                                    read as
=======================================  =========================================
folder with ``{z}/{x}/{y}.png``          :class:`hazards.xyz.XyzTiles`
folder with one SVGMap root SVG          :class:`hazards.svgmap.SvgMapTiles`
SVG file                                 :class:`hazards.svgmap.SvgMapTiles`
TIFF file                                :class:`hazards.raster.RasterFile`
other file pyogrio reads (SHP, GeoJSON,  :func:`hazards.ksj.read_ksj_hazard`
GeoPackage, …)
other file rasterio reads                :class:`hazards.raster.RasterFile`
=======================================  =========================================

PLATEAU CityGML is read by :mod:`plateau_import`; pass its ``hazard_areas`` to
:func:`hazards.plateau.areas_from_plateau`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyogrio
from pyogrio.errors import DataLayerError, DataSourceError

from hazards.errors import HazardFormatError, HazardReadError
from hazards.ksj import read_ksj_hazard
from hazards.model import HazardSource
from hazards.raster import open_hazard_raster
from hazards.svgmap import SvgMapTiles, is_svgmap
from hazards.xyz import XyzTiles, tile_levels
from i18n import t
from jobs.feedback import Feedback

_TIFF_MAGIC = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
FORMATS_TEXT = ("GeoTIFF, 国土数値情報 A31/A33 ベクタ, XYZ タイルフォルダ, SVGMap",
                "GeoTIFF, 国土数値情報 A31/A33 vector, XYZ tile folder, SVGMap")  # fmt: skip


def open_hazard_source(path: str | os.PathLike[str], feedback: Feedback | None = None) -> HazardSource:
    """Open a raster, vector or tile hazard source.

    Parameters
    ----------
    path : str or os.PathLike
        A file or folder (table in the module docstring); its text is the source's label.
    feedback : Feedback, optional
        Receives warnings about single features of vector sources.

    Returns
    -------
    HazardSource
        The opened source.

    Raises
    ------
    HazardReadError
        If ``path`` does not exist or cannot be read.
    HazardFormatError
        If it is none of the formats above.
    """
    given = Path(path)
    label = os.fspath(path)
    if given.is_dir():
        return _open_folder(given, label)
    if not given.is_file():
        raise HazardReadError(t("ファイルまたはフォルダが見つかりません", "no such file or folder"))
    try:
        with open(given, "rb") as stream:
            head = stream.read(4096)
    except OSError as exc:
        raise HazardReadError(t("読めません: {e}", "cannot read: {e}", e=exc)) from exc
    if head.startswith(_TIFF_MAGIC):
        return open_hazard_raster(given)
    if is_svgmap(head):
        return SvgMapTiles(given, label)
    if _is_xml(head):
        raise HazardFormatError(
            t("SVGMap 以外の XML は災害データとして読みません ({f}; PLATEAU はインポータで読みます)",
              "XML other than SVGMap is not read as a hazard source ({f}; PLATEAU goes through the importer)",
              f=t(*FORMATS_TEXT))  # fmt: skip
        )
    if _is_vector(given):
        return read_ksj_hazard(given, feedback)
    try:
        return open_hazard_raster(given)
    except HazardReadError:
        raise HazardFormatError(
            t("対応する災害データの形式ではありません ({f})", "not a hazard source format the app reads ({f})",
              f=t(*FORMATS_TEXT))  # fmt: skip
        ) from None


def _open_folder(folder: Path, label: str) -> HazardSource:
    if tile_levels(folder):
        return XyzTiles(folder, label)
    roots = []
    for candidate in sorted(folder.glob("*.svg")):
        with open(candidate, "rb") as stream:
            head = stream.read(4096)
        if is_svgmap(head) and b"globalCoordinateSystem" in head:
            roots.append(candidate)
    if len(roots) == 1:
        return SvgMapTiles(roots[0], label)
    raise HazardFormatError(
        t("フォルダにタイルセットがありません ({z}/{x}/{y}.png のフォルダ、または SVGMap のルート SVG を 1 つ)",
          "the folder holds no tile set (a {z}/{x}/{y}.png folder, or one SVGMap root SVG)")
        if not roots else
        t("SVGMap のルート SVG が複数あります。どれか 1 つを指定してください: {r}",
          "several SVGMap root SVGs; give one of them: {r}", r=", ".join(r.name for r in roots))
    )  # fmt: skip


def _is_xml(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def _is_vector(path: Path) -> bool:
    try:
        info = pyogrio.read_info(path)
    except (DataSourceError, DataLayerError, OSError, ValueError):
        return False
    return info.get("geometry_type") not in (None, "Unknown") or bool(info.get("features"))
