"""The demo's virtual evacuation drill scenario (``scenario/drill.json``, format ``nigezero-drill/1``).

The 48-hour demo hydrographs replayed from ``river/levels.csv`` with the thresholds of
``river/gauges.csv``; JMA warnings for 山口市 (大雨警報 15:00, 土砂災害警戒情報 18:30, lifted the
next morning); the city's 高齢者等避難 at 17:30 and 避難指示 at 19:00 for the whole city, lifted at
05:30; and two flood areas from the demo's L2 depth raster: rank 3 and deeper floods 30 minutes
after DEMO001 passes 氾濫危険水位, rank 1 and deeper 90 minutes after. The format is documented in
``alerts/scenario.py`` (docs/CLI.md, ``drill``).
"""

from __future__ import annotations

import json
from pathlib import Path

from demo.site import CITY_NAME

MUNICIPALITY = "3520300"
"""山口市 (JMA class20 code)."""
SCENARIO = {
    "format": "nigezero-drill/1",
    "name": f"{CITY_NAME} 椹野川 (デモ・合成データ)",
    "start": "2026-06-02T12:00:00+09:00",
    "end": "2026-06-03T06:00:00+09:00",
    "gauge_table": "../river/gauges.csv",
    "gauges": [{"id": g, "file": "../river/levels.csv"} for g in ("DEMO001", "DEMO002", "DEMO003")],
    "warnings": [
        {"time": "2026-06-02T15:00:00+09:00", "area": MUNICIPALITY, "code": "03", "status": "発表"},
        {"time": "2026-06-02T18:30:00+09:00", "area": MUNICIPALITY, "code": "landslide", "status": "発表"},
        {"time": "2026-06-03T04:00:00+09:00", "area": MUNICIPALITY, "code": "landslide", "status": "解除"},
        {"time": "2026-06-03T05:00:00+09:00", "area": MUNICIPALITY, "code": "03", "status": "解除"},
    ],
    "issued": [
        {"time": "2026-06-02T17:30:00+09:00", "area": "*", "level": 3},
        {"time": "2026-06-02T19:00:00+09:00", "area": "*", "level": 4},
        {"time": "2026-06-03T05:30:00+09:00", "area": "*", "level": 0},
    ],
    "areas": [
        {"id": "L2-rank3+", "hazard": "../hazard/flood_depth_L2.tif", "min_rank": 3, "gauge": "DEMO001", "lag_min": 30},
        {"id": "L2-rank1+", "hazard": "../hazard/flood_depth_L2.tif", "min_rank": 1, "gauge": "DEMO001", "lag_min": 90},
    ],
}


def write_scenario(path: Path) -> Path:
    """Write the scenario (UTF-8 JSON, fixed key order, so the same every time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(SCENARIO, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
