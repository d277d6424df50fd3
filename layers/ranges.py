"""Gathering many slices of one array at once: the index of ``a[s0:s0 + n0]``, ``a[s1:s1 + n1]``, …
in one numpy expression, so per-feature runs (a feature's rings, a ring's vertices, a grid cell's
features) are picked without a Python loop."""

from __future__ import annotations

import numpy as np


def concat_ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``np.concatenate([np.arange(s, s + n) for s, n in zip(starts, counts)])``, vectorised."""
    counts = np.asarray(counts, dtype=np.int64)
    ends = np.cumsum(counts)
    return np.repeat(np.asarray(starts, dtype=np.int64) - (ends - counts), counts) + np.arange(ends[-1] if len(ends) else 0)
