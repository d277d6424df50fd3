"""Tables as municipal staff hand them over: CSV (UTF-8 or CP932, detected) or Excel ``.xlsx``.

Both come back as :class:`feeds.csvfile.Rows` (string cells, "" when empty) whose places name
rows the way the file shows them: ``line n`` in a CSV (the header is line 1), ``row n`` in a
sheet. The format is detected from the content (an xlsx is a zip), never from the name.
"""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from evac_plans.errors import RosterFormatError
from feeds.csvfile import Rows, read_csv_rows
from i18n import t
from jobs.feedback import Feedback


def read_table(path: str | os.PathLike[str], feedback: Feedback, label: str | None = None) -> Rows:
    """Read the first sheet of an xlsx, or a CSV, as string rows under its header.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    feedback : jobs.feedback.Feedback
        Receives one warning per CSV row with the wrong number of fields (skipped).
    label : str, optional
        How problems name the file; the path as given by default.

    Raises
    ------
    RosterFormatError
        If the file is empty, has no header, or is neither decodable CSV nor a readable xlsx.
    """
    label = label if label is not None else os.fspath(path)
    if zipfile.is_zipfile(path):
        return _read_xlsx(Path(path), label)
    return read_csv_rows(path, (), feedback, RosterFormatError, label)


def row_number(place: str) -> int:
    """The number in a place name: ``line 12`` → 12, ``row 5`` → 5."""
    return int(place.rsplit(" ", 1)[1])


def _read_xlsx(path: Path, label: str) -> Rows:
    import openpyxl  # only needed for Excel files

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise RosterFormatError(t("Excel ファイル (xlsx) として読めません: {e}", "cannot read as an Excel (xlsx) file: {e}", e=exc)) from exc
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[list[str]] = []
        places: list[str] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            cells = (cells + [""] * len(header))[: len(header)]
            rows.append(cells)
            places.append(f"row {number}")
    finally:
        book.close()
    if header is None:
        raise RosterFormatError(t("空のファイルです (見出し行がありません)", "the file is empty (no header line)"))
    width = max((i + 1 for i, h in enumerate(header) if h), default=0)
    header = header[:width]
    frame = pd.DataFrame([r[:width] for r in rows], columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    return Rows(label, "xlsx", frame, np.array(places, dtype=object))


def _cell(value: Any) -> str:
    """An Excel value as the text a CSV would hold: dates ISO, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
