"""水文水質データベース (www1.river.go.jp) water-level downloads, the ``.dat`` CSV.

Shift_JIS (or UTF-8) text: a title line (``時刻水位月表検索結果`` …), header lines
``水系名,…`` / ``河川名,…`` / ``観測所名,…`` / ``観測所記号,<15-digit code>``, comment lines starting
with ``#`` (the flag legend ``*:暫定値, $:欠測, #:閉局, -:未登録``), then data rows in one of two
layouts, detected from the rows themselves:

long
    ``日付,時刻,データ,フラグ`` — ``2026/06/03,05:10,1.23,`` (10-minute and hourly downloads);
wide
    one row per day, ``日付`` then 24 value/flag pairs for 1時 … 24時 (the 時刻水位月表).

``24:00`` (the 24時 column) is 00:00 of the next day. A flag (or, as some files write it, the
data cell itself) of ``*`` marks a provisional value that is used; ``$`` missing, ``#`` station
closed and ``-`` unregistered make the reading unusable; any other code is kept as
``flag:<code>``, not used, and reported. Slots after the last registered one (a month table
pre-fills the rest of the month with ``-``) are not observations and are not read.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from feeds.csvfile import decode_text
from feeds.errors import FeedFormatError
from feeds.series import (
    CLOSED,
    MISSING,
    OK,
    PROVISIONAL,
    UNREGISTERED,
    LevelSeries,
    bare_gauge,
    make_series,
    station_from_label,
)
from feeds.times import parse_jst
from i18n import t
from jobs.feedback import Feedback, Problem

SOURCE = "hydro_dat"
FLAG_CODES = {"": OK, "*": PROVISIONAL, "$": MISSING, "#": CLOSED, "-": UNREGISTERED}
"""Source flag → our flag (see :mod:`feeds.series`)."""
HEADER_KEYS = {"観測所記号": "station_id", "観測所名": "name", "河川名": "river"}
_DATA_ROW = re.compile(r"^\s*\d{4}/\d{1,2}/\d{1,2}\s*,")
_TIME_CELL = re.compile(r"^\s*\d{1,2}:\d{2}\s*$")
_MARKERS = ("観測所記号,", "日付,時刻", ",1時,")
_WIDE_CELLS = 1 + 2 * 24


def looks_like_dat(text: str) -> bool:
    """True when the first lines carry the station header, a column header or a dated data row."""
    lines = [line for line in text.splitlines()[:60] if line.strip() and not line.startswith("#")]
    return any(line.startswith(_MARKERS) for line in lines) or any(_DATA_ROW.match(line) for line in lines[:5])


def read_hydro_dat(data: bytes, label: str, feedback: Feedback) -> list[LevelSeries]:
    """Read a 水文水質DB ``.dat`` water-level file.

    Parameters
    ----------
    data : bytes
        The file's bytes (Shift_JIS or UTF-8).
    label : str
        The file as problems name it.
    feedback : jobs.feedback.Feedback
        Receives a warning per unreadable date and per unknown flag code.

    Returns
    -------
    list of LevelSeries
        One series (a ``.dat`` file holds one station).

    Raises
    ------
    FeedFormatError
        If the text is not Shift_JIS/UTF-8 or has no data row in either layout.
    """
    text, _ = decode_text(data, FeedFormatError)
    lines = text.splitlines()
    header = _header(lines)
    rows = pd.Series([line for line in lines if _DATA_ROW.match(line)], dtype=object)
    if rows.empty:
        raise FeedFormatError(t("データ行 (日付,時刻,データ,フラグ) がありません", "no data rows (日付,時刻,データ,フラグ)"))
    cells = rows.str.split(",", expand=True).fillna("").apply(lambda c: c.str.strip())
    if _TIME_CELL.match(str(cells.iloc[0, 1])):
        stamps, values, codes, default = _long(cells)
    elif cells.shape[1] >= _WIDE_CELLS:
        stamps, values, codes, default = _wide(cells)
    else:
        raise FeedFormatError(
            t(
                "データ行が 日付,時刻,データ,フラグ でも 日付 + 24 時間分の値・フラグ でもありません",
                "data rows are neither 日付,時刻,データ,フラグ nor a date with 24 hourly value/flag pairs",
            )
        )
    times = parse_jst(stamps)
    _warn_rows(feedback, label, stamps[times.isna().to_numpy()], t("日付・時刻を読めません", "unreadable date/time"))
    flags, levels = _flags(values, codes, feedback, label)
    keep = times.notna().to_numpy() & _registered(flags)
    station = header.get("station_id") or station_from_label(label, feedback)
    gauge = bare_gauge(station, header.get("name", ""), header.get("river", ""))
    return [make_series(gauge, times[keep], levels[keep], flags[keep], default, SOURCE)]


def _header(lines: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines[:40]:
        key, _, value = line.partition(",")
        if key.strip() in HEADER_KEYS and value.strip():
            out[HEADER_KEYS[key.strip()]] = value.split(",")[0].strip()
    return out


def _long(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Timedelta]:
    for column in (2, 3):
        if column not in cells:
            cells[column] = ""
    return cells[0] + " " + cells[1], cells[2], cells[3], pd.Timedelta(minutes=10)


def _wide(cells: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series, pd.Timedelta]:
    """Melt day rows into hourly slots, day by day (hour 24 written as ``24:00``)."""
    days = np.repeat(cells[0].to_numpy(dtype=str), 24)
    hours = np.tile(np.arange(1, 25), len(cells))
    stamps = pd.Series(days, dtype=object) + pd.Series([f" {h:02d}:00" for h in hours], dtype=object)
    values = cells.iloc[:, 1:_WIDE_CELLS:2].to_numpy(dtype=str).ravel()
    codes = cells.iloc[:, 2:_WIDE_CELLS:2].to_numpy(dtype=str).ravel()
    return stamps, pd.Series(values, dtype=object), pd.Series(codes, dtype=object), pd.Timedelta(hours=1)


def _flags(values: pd.Series, codes: pd.Series, feedback: Feedback, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Our flag and the level of each slot; the flag column wins, else a marker in the data cell."""
    marker = values.where(values.isin(["$", "#", "-", "*"]), "")
    code = codes.where(codes != "", marker)
    flags = code.map(FLAG_CODES).to_numpy(dtype=object)
    unknown = pd.isna(flags)
    if unknown.any():
        flags[unknown] = ("flag:" + code[unknown]).to_numpy()
        feedback.warn(
            Problem(
                label,
                None,
                t(
                    "未知のフラグ {c} の値は使いません ({n} 件)",
                    "values with unknown flags {c} are not used ({n} readings)",
                    c=", ".join(sorted(set(code[unknown]))),
                    n=int(unknown.sum()),
                ),
            )
        )
    cells = values.where(marker == "", "")
    levels = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float)
    not_number = np.isnan(levels) & (cells != "").to_numpy()
    if not_number.any():
        feedback.warn(
            Problem(
                label,
                None,
                t(
                    "数値でないデータ {v} を欠測として扱います ({n} 件)",
                    "data that are not numbers {v} are treated as missing ({n} readings)",
                    v=", ".join(sorted(set(cells[not_number]))[:3]),
                    n=int(not_number.sum()),
                ),
            )
        )
    flags[np.isnan(levels) & np.isin(flags, [OK, PROVISIONAL])] = MISSING
    return flags, levels


def _registered(flags: np.ndarray) -> np.ndarray:
    """False for the unregistered slots after the last registered one."""
    registered = np.flatnonzero(flags != UNREGISTERED)
    keep = np.zeros(flags.shape, dtype=bool)
    if registered.size:
        keep[: registered[-1] + 1] = True
    return keep


def _warn_rows(feedback: Feedback, label: str, stamps: pd.Series, message: str) -> None:
    for stamp in stamps:
        feedback.warn(Problem(label, stamp, message + t("。この値は読み込みません", "; reading skipped")))
