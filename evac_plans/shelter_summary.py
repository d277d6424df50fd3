"""The ``shelters-summary`` record: one JSON object per GSI shelter file (a contract; tests pin it).

``{"file", "kind": "emergency" | "evacuation", "count", "hazards": {hazard: n} | null,
"upper_floor_only": {hazard: n} | null, "invalid"}``. ``hazards`` lists all eight GSI hazards
(0 when none) for 指定緊急避難場所 and is null for 指定避難所, which carry no flags;
``upper_floor_only`` counts, per hazard named in 備考, the shelters usable only from an upper
floor (null for 指定避難所); ``invalid`` counts rows without a usable point (missing or outside
Japan), which stay in ``count`` and ``hazards`` and are reported as warnings.

A file named on the command line must be shelter data; inside a given folder or zip, files
whose first bytes are not a GSI header (PROVENANCE.md, readmes, other CSVs) are skipped and
listed once per folder.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import geopandas as gpd

from evac_plans.errors import ShelterFormatError
from evac_plans.shelters import HAZARD_COLUMNS, read_shelters
from feeds.csvfile import ENCODINGS
from jobs.feedback import Feedback, Problem
from jobs.inputs import InputFile, SkippedFiles, cannot_read, iter_inputs

HAZARDS: tuple[str, ...] = tuple(HAZARD_COLUMNS.values())
"""The hazard keys of a record, in GSI column order."""
_HEAD_BYTES = 8192


def summary_record(label: str, shelters: gpd.GeoDataFrame) -> dict[str, Any]:
    """The ``shelters-summary`` record of one file read by :func:`evac_plans.shelters.read_shelters`.

    Parameters
    ----------
    label : str
        The file as the command line names it.
    shelters : geopandas.GeoDataFrame
        The file's shelters (``attrs["kind"]`` gives the kind).

    Returns
    -------
    dict
        The record; unreadable flags (NA) do not count as designated.
    """
    emergency = shelters.attrs["kind"] == "emergency"
    hazards = upper = None
    if emergency:
        hazards = {h: int(shelters[h].fillna(False).sum()) for h in HAZARDS}
        found = Counter(h for floors in shelters["upper_floor_only"] for h in floors)
        upper = {h: found[h] for h in sorted(found, key=lambda h: (HAZARDS.index(h) if h in HAZARDS else len(HAZARDS), h))}
    return {
        "file": label,
        "kind": shelters.attrs["kind"],
        "count": len(shelters),
        "hazards": hazards,
        "upper_floor_only": upper,
        "invalid": int((~shelters["location_ok"].astype(bool)).sum()),
    }


def summarize_shelters(paths: Sequence[str | os.PathLike[str]], feedback: Feedback | None = None) -> Iterator[dict[str, Any]]:
    """The ``shelters-summary`` record of every shelter file among ``paths``, in input order
    (files found as :func:`read_shelter_inputs` says)."""
    for label, shelters in read_shelter_inputs(paths, feedback):
        yield summary_record(label, shelters)


def read_shelter_inputs(
    paths: Sequence[str | os.PathLike[str]], feedback: Feedback | None = None
) -> Iterator[tuple[str, gpd.GeoDataFrame]]:
    """Every GSI shelter file among ``paths`` read, with its label, in input order.

    Parameters
    ----------
    paths : sequence of str or os.PathLike
        GSI CSV or GeoJSON files, folders holding them, or zips.
    feedback : jobs.feedback.Feedback, optional
        Receives an error per file that cannot be read (nothing is yielded for it), a
        warning per bad row, and one info line per folder listing the skipped files.
    """
    feedback = feedback if feedback is not None else Feedback()
    skipped = SkippedFiles(("避難所データ", "shelter data"))
    for source, named in iter_inputs(paths, feedback):
        try:
            if not named and not looks_like_shelters(source.head(_HEAD_BYTES)):
                skipped.add(source)
                continue
            shelters = _read(source, feedback)
        except ShelterFormatError as exc:
            feedback.error(Problem(source.label, None, str(exc)))
            continue
        except OSError as exc:
            feedback.error(cannot_read(source, exc))
            continue
        yield source.label, shelters
    skipped.report(feedback)


def looks_like_shelters(head: bytes) -> bool:
    """True when the first bytes of a file are a GSI header: a CSV first line naming the key
    column 共通ID, or a JSON object that mentions it (a note that merely quotes it is not)."""
    for encoding in ENCODINGS:
        text = head.decode(encoding, errors="ignore").lstrip()
        first_line = text.split("\n", 1)[0]
        if "共通ID" in (text if text.startswith("{") else first_line if "," in first_line else ""):
            return True
    return False


def _read(source: InputFile, feedback: Feedback) -> gpd.GeoDataFrame:
    """Read a file on disk in place; a zip member through a temporary copy (never extracted beside)."""
    if source.path is not None:
        return read_shelters(source.path, feedback, label=source.label)
    with source.open() as stream, tempfile.NamedTemporaryFile(suffix=".shelters") as tmp:
        tmp.write(stream.read())
        tmp.flush()
        return read_shelters(tmp.name, feedback, label=source.label)
