"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(work: Callable[[], object], runs: int, *, warmup: bool = False) -> float:
    """The median wall time of ``runs`` calls of ``work``, in seconds (after one untimed call with ``warmup``)."""
    if warmup:
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
