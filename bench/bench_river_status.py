"""Status update of 50 gauges after a poll (issue 4 target: median < 50 ms), with a baseline.

Input: 50 synthetic 川の防災情報 10-minute JSON bodies (24 h = 144 readings per gauge, and a
second case with 7 days = 1008; a flood wave crossing the thresholds, a missing reading and a
spike in each), as a poll returns them.

Spans, in one run:

* ``status_update``: the 50 parsed series → quality flags (duplicates, spikes) + the state of every
  gauge (latest reading, status, 警戒レベル, last valid reading, trend, stale) — what runs after each poll;
* ``poll_to_status``: the same from the 50 response bodies (JSON parsing and reading included);
* ``baseline_python_loop``: ``status_update`` done naively, one Python step per reading (dict of
  times for duplicates, neighbour loop for spikes, an if-chain per reading, Python sums for the trend).

``python bench/bench_river_status.py [--repeats 30]`` prints JSON (milliseconds, median and min).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feeds.detect import read_feed_bytes  # noqa: E402
from feeds.gauges import Thresholds  # noqa: E402
from feeds.quality import check_quality  # noqa: E402
from feeds.status import gauge_state  # noqa: E402
from jobs.feedback import Feedback  # noqa: E402

GAUGES = 50
READINGS = (144, 1008)
"""One day and one week of 10-minute readings per gauge."""
THRESHOLDS = Thresholds(standby=1.5, caution=2.2, evacuation=2.8, danger=3.2, flooding=4.3)
NOW = pd.Timestamp("2026-06-04T00:05:00+09:00")


def bodies(rng: np.random.Generator, readings: int) -> list[bytes]:
    """One 10-minute JSON body per gauge, ending 2026-06-04 00:00."""
    start = pd.Timestamp("2026-06-04T00:00:00") - pd.Timedelta(minutes=10 * (readings - 1))
    stamps = [(start + pd.Timedelta(minutes=10 * i)).strftime("%Y/%m/%d %H:%M") for i in range(readings)]
    out = []
    for g in range(GAUGES):
        hours = np.arange(readings) / 6.0 - (readings - 144) / 6.0
        levels = np.round(0.6 + 3.0 * np.exp(-(((hours - 14.0 - g % 6) / 4.0) ** 2)) + rng.normal(0, 0.005, readings), 2)
        levels[-84] += 2.0  # a spike
        values = [{"obsTime": s, "stg": float(v), "stgCcd": 0} for s, v in zip(stamps, levels, strict=True)]
        values[-54] = {"obsTime": stamps[-54], "stg": None, "stgCcd": 1}
        out.append(json.dumps({"obsFcd": f"G{g:03d}", "min10Values": values}).encode())
    return out


def status_update(series: list) -> list:
    feedback = Feedback()
    return [gauge_state(check_quality(s, feedback, "poll"), NOW) for s in series]


def poll_to_status(payloads: list[bytes]) -> list:
    feedback = Feedback()
    return [gauge_state(s, NOW) for body in payloads for s in read_feed_bytes(body, "poll", feedback)]


def baseline(series: list) -> list:
    """The same answers with one Python step per reading."""
    out = []
    for s in series:
        times, levels, flags = s.times.tolist(), s.levels.tolist(), list(s.flags)
        last_at = {t: i for i, t in enumerate(times)}
        valid = [flags[i] in ("", "provisional") and not math.isnan(levels[i]) and last_at[times[i]] == i for i in range(len(times))]
        idx = [i for i in range(len(times)) if valid[i]]
        for a, b, c in zip(idx, idx[1:], idx[2:]):
            up, down = levels[b] - levels[a], levels[c] - levels[b]
            if abs(up) > 1.0 and abs(down) > 1.0 and up * down < 0 and abs(levels[c] - levels[a]) <= 0.5:
                valid[b] = False
        statuses = []
        for i, level in enumerate(levels):
            status = "missing"
            if valid[i]:
                status = "normal"
                for name in ("standby", "caution", "evacuation", "danger", "flooding"):
                    limit = getattr(THRESHOLDS, name)
                    if limit is not None and level >= limit:
                        status = name
            statuses.append(status)
        good = [i for i in range(len(times)) if valid[i]]
        recent = [i for i in good if times[i] >= times[good[-1]] - 3_600_000_000_000]
        xs = [(times[i] - times[recent[-1]]) / 3.6e12 for i in recent]
        ys = [levels[i] for i in recent]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        rate = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        out.append((statuses[-1], levels[good[-1]], rate))
    return out


def measure(fn, arg, repeats: int) -> dict[str, float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(arg)
        samples.append((time.perf_counter() - start) * 1000.0)
    return {"median_ms": round(statistics.median(samples), 2), "min_ms": round(min(samples), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    report: dict[str, object] = {"gauges": GAUGES, "repeats": args.repeats, "target_ms": 50.0}
    for readings in READINGS:
        payloads = bodies(np.random.default_rng(4), readings)
        series = [s for body in payloads for s in read_feed_bytes(body, "poll", Feedback())]
        raw = [
            s.with_gauge(replace(s.gauge, thresholds=THRESHOLDS)).with_flags(np.where(s.flags == "spike", "", s.flags))
            for s in series
        ]  # as read, before the quality checks
        states = status_update(raw)
        assert len(states) == GAUGES and all(st.status.status != "missing" for st in states)
        case = {
            "status_update": measure(status_update, raw, args.repeats),
            "poll_to_status": measure(poll_to_status, payloads, args.repeats),
            "baseline_python_loop": measure(baseline, raw, args.repeats),
        }
        case["status_update_vs_baseline"] = round(case["status_update"]["median_ms"] / case["baseline_python_loop"]["median_ms"], 2)
        report[f"readings_per_gauge_{readings}"] = case
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
