"""Build ``resources/boundaries/`` from the simplified 行政区域 (N03) polygons in ../shared/data.

Usage: ``python scripts/build_boundaries.py [../shared/data/boundaries/japan-topography]``

The originals are copied feature for feature (same properties, same rings); only the
coordinates are rounded — 4 decimals (≈ 10 m) for the all-Japan 0.1 % file, whose
simplification error is far larger, 5 decimals (≈ 1 m) for the Yamaguchi 1 % file — and the
JSON is written without spaces. Re-running it on the same input writes the same bytes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "data" / "boundaries" / "japan-topography"
FILES = {"N03-21_210101.json": ("japan_0.1pct.geojson", 4), "N03-21_35_210101.json": ("pref35_1pct.geojson", 5)}


def rounded(coords: Any, digits: int) -> Any:
    """Nested coordinate lists with every number rounded to ``digits`` decimals."""
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(v), digits) for v in coords]
    return [rounded(c, digits) for c in coords]


def build(source: Path, target: Path) -> None:
    """Write the compact copies of :data:`FILES` from ``source`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name, (out, digits) in FILES.items():
        document = json.loads((source / name).read_text(encoding="utf-8"))
        for feature in document["features"]:
            feature["geometry"]["coordinates"] = rounded(feature["geometry"]["coordinates"], digits)
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        (target / out).write_text(text + "\n", encoding="utf-8")
        print(f"{out}: {len(document['features'])} features, {len(text.encode()):,} bytes")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE, REPO / "resources" / "boundaries")
