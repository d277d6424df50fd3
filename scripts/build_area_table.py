"""Build ``resources/weather/area.json`` from JMA's area table in ../shared/data.

Usage: ``python scripts/build_area_table.py [../shared/data/weather/jma-analysis/area.json]``

Keeps, per area of each level, the fields ``weather/areas.py`` reads (``name``, ``enName``,
``kana``, ``parent``), and writes the JSON without spaces, keys sorted: a smaller table
than JMA's, derived rather than copied. Re-running it on the same input writes the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "data" / "weather" / "jma-analysis" / "area.json"
TARGET = REPO / "resources" / "weather" / "area.json"
LEVELS = ("centers", "offices", "class10s", "class15s", "class20s")
FIELDS = ("name", "enName", "kana", "parent")


def build(source: Path, target: Path) -> None:
    document = json.loads(source.read_text(encoding="utf-8"))
    table = {
        level: {code: {k: v for k, v in entry.items() if k in FIELDS} for code, entry in (document.get(level) or {}).items()}
        for level in LEVELS
    }
    target.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE, TARGET)
