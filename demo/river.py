"""The demo river gauges (gauges.csv) and their 48-hour 10-minute hydrographs (levels.csv).

Three synthetic gauges with plausible thresholds. 椹野川 rises through all four thresholds,
peaks above 氾濫危険水位 and recedes; 仁保川 passes 氾濫注意水位; 吉敷川 (no 避難判断水位,
to exercise a missing threshold) passes 水防団待機水位 only. A few readings are missing (empty
``level_m``), some at the 椹野川 peak, as feeds fail during floods.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from feeds.gauges import GAUGE_COLUMNS
from feeds.levels import JST, LEVEL_COLUMNS

START = pd.Timestamp("2026-06-02T00:00:00", tz=JST)
STEPS = 48 * 6  # 48 hours of 10-minute readings


@dataclass(frozen=True)
class DemoGauge:
    """One demo gauge and its hydrograph shape (a rise from ``base`` to ``peak`` m)."""

    station_id: str
    name: str
    river: str
    lon: float
    lat: float
    thresholds: tuple[float | None, float | None, float | None, float | None, float | None]
    base: float
    peak: float
    peak_hour: float
    missing_hours: tuple[float, ...]


GAUGES = (
    DemoGauge("DEMO001", "湯田（デモ）", "椹野川", 131.46335, 34.15745, (1.50, 2.20, 2.80, 3.20, 4.30), 0.62, 3.62, 22.0, (21.5, 22.0, 40.0)),
    DemoGauge("DEMO002", "仁保（デモ）", "仁保川", 131.49870, 34.18420, (1.20, 1.80, 2.30, 2.60, None), 0.45, 2.05, 20.0, (30.0,)),
    DemoGauge("DEMO003", "吉敷（デモ）", "吉敷川", 131.44230, 34.17210, (0.80, 1.30, None, 1.90, None), 0.30, 1.08, 19.0, ()),
)


def write_gauges(path: Path) -> Path:
    """Write the ``--gauges`` table (UTF-8, header :data:`feeds.gauges.GAUGE_COLUMNS`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(GAUGE_COLUMNS)
        for g in GAUGES:
            levels = ["" if v is None else f"{v:.2f}" for v in g.thresholds]
            writer.writerow([g.station_id, g.name, g.river, f"{g.lon:.5f}", f"{g.lat:.5f}", *levels])
    return path


def write_levels(path: Path, rng: np.random.Generator) -> Path:
    """Write every gauge's hydrograph as ``station_id,time,level_m`` (UTF-8, times +09:00)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    times = START + pd.to_timedelta(np.arange(STEPS) * 10, unit="min")
    stamps = times.strftime("%Y-%m-%dT%H:%M:%S+09:00")
    hours = np.arange(STEPS) / 6.0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(LEVEL_COLUMNS)
        for g in GAUGES:
            levels = hydrograph(g, hours, rng)
            cells = np.char.mod("%.2f", levels).astype(object)
            cells[np.isin(hours, g.missing_hours)] = ""
            writer.writerows(zip([g.station_id] * STEPS, stamps, cells, strict=True))
    return path


def hydrograph(gauge: DemoGauge, hours: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Levels (m, 2 decimals) of a single flood wave: a gamma-shaped rise and a slower fall.

    The wave starts 12 h before the peak; ±1 cm noise keeps it looking measured.
    """
    rise = 12.0
    s = np.clip((hours - (gauge.peak_hour - rise)) / rise, 0.0, None)
    shape = 3.0
    wave = np.where(s > 0, (s ** shape) * np.exp(shape * (1.0 - s)), 0.0)
    wave = np.where(s > 1, np.exp(-(s - 1.0) * 0.9), wave)  # slower recession after the peak
    noise = rng.normal(0.0, 0.005, len(hours))
    return np.round(gauge.base + (gauge.peak - gauge.base) * wave + noise, 2)
