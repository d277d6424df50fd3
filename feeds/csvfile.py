"""CSV files as municipalities send them: UTF-8 (with or without BOM) or Shift_JIS (CP932).

Whole-file problems (undecodable bytes, no header, missing columns) raise the caller's error
class; a broken row is reported to the feedback with its line number and skipped, so one bad
row never aborts the file. Cells are kept as stripped strings for the caller to convert with
:func:`parse_numbers`, which reports every unparseable cell.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from i18n import t
from jobs.feedback import Feedback, Problem

ENCODINGS = ("utf-8-sig", "cp932")
"""Tried in this order; the first that decodes the whole file wins."""


@dataclass(frozen=True)
class Rows:
    """The data rows of a table read from a file (a CSV, or the features of a GeoJSON).

    ``frame`` holds one string column per header name ("" for an empty cell); ``places``
    names each row in problems: ``line 12`` (the header is line 1) or ``feature 3``.
    """

    label: str
    encoding: str
    frame: pd.DataFrame
    places: np.ndarray

    def warn(self, feedback: Feedback, row: int, column: str | None, message: str) -> None:
        """Report a problem with one cell (or, with ``column`` None, one row) of row ``row``."""
        where = str(self.places[row]) + (f", column {column}" if column else "")
        feedback.warn(Problem(self.label, where, message))


def require_columns(columns: Sequence[str], required: Sequence[str], error: type[Exception]) -> None:
    """Raise ``error`` naming every ``required`` column missing from ``columns``."""
    missing = [c for c in required if c not in columns]
    if missing:
        raise error(
            t(
                "必要な列がありません: {m} (見出し: {h})",
                "missing columns: {m} (header: {h})",
                m=", ".join(missing),
                h=",".join(columns),
            )
        )


def decode_text(data: bytes, error: type[Exception]) -> tuple[str, str]:
    """Decode CSV bytes trying :data:`ENCODINGS` in order.

    Returns
    -------
    tuple of str
        The text and the encoding that decoded it.

    Raises
    ------
    error
        If no encoding decodes the bytes.
    """
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise error(
        t(
            "文字コードが UTF-8 でも Shift_JIS (CP932) でもありません",
            "the text encoding is neither UTF-8 nor Shift_JIS (CP932)",
        )
    )


def read_csv_rows(
    path: str | os.PathLike[str],
    required: Sequence[str],
    feedback: Feedback,
    error: type[Exception],
    label: str | None = None,
) -> Rows:
    """Read a CSV file whose header must contain the ``required`` columns.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    required : sequence of str
        Column names that must appear in the header (others are kept too).
    feedback : jobs.feedback.Feedback
        Receives one warning per row with the wrong number of fields (the row is skipped).
    error : type of Exception
        The exception class raised for a file that cannot be read as such a CSV.
    label : str, optional
        How problems name the file; the path as given by default.

    Raises
    ------
    error
        If the file is empty, not decodable, or lacks a required column.
    """
    label = label if label is not None else os.fspath(path)
    return rows_from_bytes(Path(path).read_bytes(), required, feedback, error, label)


def rows_from_bytes(
    data: bytes, required: Sequence[str], feedback: Feedback, error: type[Exception], label: str
) -> Rows:
    """:func:`read_csv_rows` on bytes already read (a zip member, an HTTP response body)."""
    text, encoding = decode_text(data, error)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise error(t("空のファイルです (見出し行がありません)", "the file is empty (no header line)"))
    header = [h.strip() for h in header]
    require_columns(header, required, error)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    for fields in reader:
        if fields and any(f.strip() for f in fields):
            if len(fields) == len(header):
                rows.append([f.strip() for f in fields])
                lines.append(start)
            else:
                feedback.warn(
                    Problem(
                        label,
                        f"line {start}",
                        t(
                            "列の数が {n} のはずですが {m} でした。この行は読み込みません",
                            "expected {n} fields, got {m}; row skipped",
                            n=len(header),
                            m=len(fields),
                        ),
                    )
                )
        start = reader.line_num + 1
    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    return Rows(label, encoding, frame, np.array([f"line {n}" for n in lines], dtype=object))


def parse_numbers(rows: Rows, column: str, feedback: Feedback, *, show_values: bool = True) -> np.ndarray:
    """Convert one column to floats: NaN for an empty cell; NaN and a warning for a bad one.

    Full-width digits (２．８３) are accepted; a decimal comma is not (it is reported).

    Parameters
    ----------
    rows : Rows
        The rows, e.g. from :func:`read_csv_rows`.
    column : str
        The column to convert.
    feedback : jobs.feedback.Feedback
        Receives one warning per cell that is not empty and not a number.
    show_values : bool
        Quote the bad value in the message; pass False for personal data.
    """
    cells = rows.frame[column].astype(str)
    values = pd.to_numeric(cells.str.normalize("NFKC"), errors="coerce").to_numpy(dtype=float)
    for i in np.flatnonzero(np.isnan(values) & (cells != "").to_numpy()):
        shown = t("「{v}」でした", "got {v!r}", v=cells.iloc[i]) if show_values else t("値は表示しません", "value not shown")
        rows.warn(feedback, int(i), column, t("数値のはずです ({s})", "expected a number ({s})", s=shown))
    return values


JAPAN_BOUNDS = (122.0, 20.0, 154.0, 46.0)
"""(west, south, east, north) in degrees: coordinates outside are not in Japan."""


def in_japan(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """True where (lon, lat) is a finite point inside :data:`JAPAN_BOUNDS`."""
    west, south, east, north = JAPAN_BOUNDS
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)


def parse_lonlat(
    rows: Rows, lon_column: str, lat_column: str, feedback: Feedback, *, show_values: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longitudes, latitudes and a mask of rows whose point is usable (present and in Japan).

    Every row without a usable point is reported once (missing, not a number, or outside
    Japan — the last one suggests swapped columns); the row itself is kept by the caller.
    """
    lon = parse_numbers(rows, lon_column, feedback, show_values=show_values)
    lat = parse_numbers(rows, lat_column, feedback, show_values=show_values)
    ok = in_japan(lon, lat)
    both_numbers = ~np.isnan(lon) & ~np.isnan(lat)
    blank = ((rows.frame[lon_column] == "") | (rows.frame[lat_column] == "")).to_numpy()
    for i in np.flatnonzero(blank):
        rows.warn(feedback, int(i), None, t("緯度・経度がありません", "latitude/longitude missing"))
    for i in np.flatnonzero(both_numbers & ~ok):
        shown = f" ({lon[i]}, {lat[i]})" if show_values else ""
        rows.warn(
            feedback,
            int(i),
            None,
            t(
                "経度・緯度{s}が日本の範囲外です (列の入れ替わり?)",
                "longitude/latitude{s} outside Japan (columns swapped?)",
                s=shown,
            ),
        )
    return lon, lat, ok
