"""Result records on stdout: JSON Lines (default), or a table / CSV for people."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from jobs.base import Record, flatten_record

FORMATS = ("json", "table", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_records(records: Iterable[Record], fmt: str, stream: TextIO | None = None) -> int:
    """Write ``records`` in ``fmt`` and return how many were written.

    JSON Lines stream as records arrive; table and CSV collect them first (column widths
    and the header need every key). Nested objects become ``a.b`` columns.
    """
    out = stream if stream is not None else sys.stdout
    if fmt == "json":
        n = 0
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            n += 1
        return n
    rows = [flatten_record(r) for r in records]
    keys: list[str] = []
    for row in rows:
        keys.extend(k for k in row if k not in keys)
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        for row in rows:
            writer.writerow([_cell(row.get(k)) for k in keys])
    else:
        cells = [[_cell(row.get(k)) for k in keys] for row in rows]
        widths = [max([_width(k)] + [_width(c[i]) for c in cells]) for i, k in enumerate(keys)]
        out.write("  ".join(_pad(k, w) for k, w in zip(keys, widths)).rstrip() + "\n")
        for c in cells:
            out.write("  ".join(_pad(v, w) for v, w in zip(c, widths)).rstrip() + "\n")
    out.flush()
    return len(rows)


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
