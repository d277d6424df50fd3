"""``open_source``: any hazard source (PLATEAU CityGML included) → one :class:`hazards.model.HazardSource`."""

from __future__ import annotations

import os
from pathlib import Path

from hazards.errors import HazardFormatError, HazardReadError
from hazards.model import HazardSource
from hazards.plateau import areas_from_plateau
from hazards.sources import open_hazard_source
from i18n import t
from jobs.feedback import Feedback
from plateau_import import read_plateau

_HEAD = 16384


def open_source(path: str | os.PathLike[str], feedback: Feedback | None = None) -> HazardSource:
    """Open a hazard source: PLATEAU fld / tnm / htd / ifld / rfld / lsld, or anything :mod:`hazards` reads.

    Parameters
    ----------
    path : str or os.PathLike
        A file or folder. A CityGML file, or a folder of them that is no tile set, is read
        with :func:`plateau_import.read_plateau`; everything else with
        :func:`hazards.sources.open_hazard_source`.
    feedback : Feedback, optional
        Receives the importer's problems and warnings about single features.

    Returns
    -------
    HazardSource
        The source; for PLATEAU, the hazard areas of its one hazard kind and scale.

    Raises
    ------
    HazardReadError
        If ``path`` does not exist or cannot be read.
    HazardFormatError
        If it is no hazard source, or PLATEAU data that holds no hazard areas or several
        kinds or scales of them.
    """
    feedback = feedback if feedback is not None else Feedback()
    given = Path(path)
    if given.is_file() and _is_citygml(given):
        return _open_plateau(path, feedback)
    try:
        return open_hazard_source(path, feedback)
    except HazardFormatError:
        if given.is_dir() and next(given.rglob("*.gml"), None) is not None:
            return _open_plateau(path, feedback)
        raise


def _is_citygml(path: Path) -> bool:
    try:
        with open(path, "rb") as stream:
            head = stream.read(_HEAD)
    except OSError as exc:
        raise HazardReadError(t("読めません: {e}", "cannot read: {e}", e=exc)) from exc
    return b"CityModel" in head


def _open_plateau(path: str | os.PathLike[str], feedback: Feedback) -> HazardSource:
    data = read_plateau([path], feedback)
    sources = areas_from_plateau(data.hazard_areas, feedback)
    if not sources:
        raise HazardFormatError(
            t("PLATEAU の災害区域 (fld, tnm, htd, ifld, rfld, lsld) がありません",
              "no PLATEAU hazard areas (fld, tnm, htd, ifld, rfld, lsld)")  # fmt: skip
        )
    if len(sources) > 1:
        found = ", ".join(f"{s.info.kind} {s.info.scenario or '-'}" for s in sources)
        raise HazardFormatError(
            t("複数の災害種別・規模の区域があります ({f})。種別・規模ごとにファイルかフォルダを指定してください",
              "areas of several hazard kinds or scales ({f}); give one file or folder per kind and scale", f=found)  # fmt: skip
        )
    return sources[0]
