"""The hazard model: every source (raster, vector, tiles) answers the same question.

A :class:`HazardSource` says what it shows (kind, scenario, measure) and gives a rank per
location with :meth:`HazardSource.sample`. Ranks use one code for every source:

* 1–6 depth ranks (:data:`hazards.ranks.DEPTH_RANKS`) for ``measure == "depth"``; 1 警戒区域 /
  2 特別警戒区域 for landslide zones and 1 for a house-collapse zone (``measure == "zone"``);
  1–7 for flood duration;
* 0 inside the source's data area with no hazard there;
* :data:`hazards.ranks.NO_RANK` (-1) outside the data area;
* :data:`hazards.ranks.UNDECODED` (-2) inside the data area where the value or colour is not
  one the legend knows (reported, never guessed).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

import numpy as np
from pyproj import CRS

from hazards.naming import HazardKind, Measure, Scenario
from hazards.ranks import depth_range_for_rank

LONLAT_CRS = CRS.from_epsg(6668)
"""Points are given as JGD2011 longitude/latitude (WGS84 agrees to well under a metre)."""


@dataclass(frozen=True)
class SourceInfo:
    """What a source shows and where it comes from.

    ``label`` names the source for people and messages (the path as given); ``bounds`` is its
    data area's extent (west, south, east, north) in JGD2011 degrees.
    """

    kind: HazardKind
    scenario: Scenario | None
    measure: Measure
    label: str
    bounds: tuple[float, float, float, float]


class HazardSource(ABC):
    """A hazard layer that can be asked for its rank at points."""

    info: SourceInfo

    @abstractmethod
    def sample(self, points_lonlat: np.ndarray) -> np.ndarray:
        """Rank at each point (codes in the module docstring).

        Parameters
        ----------
        points_lonlat : numpy.ndarray
            Shape (n, 2): column 0 longitude, column 1 latitude (JGD2011 degrees).

        Returns
        -------
        numpy.ndarray
            ``int8`` ranks, shape (n,).
        """


def depth_band(rank: int) -> tuple[float, float | None] | None:
    """The depth range in metres a depth rank stands for: ``(0, 0)`` for rank 0, None when unknown.

    Examples
    --------
    >>> depth_band(0), depth_band(2), depth_band(6), depth_band(-1)
    ((0.0, 0.0), (0.5, 3.0), (20.0, None), None)
    """
    if rank == 0:
        return 0.0, 0.0
    if 1 <= rank <= 6:
        return depth_range_for_rank(rank)
    return None


def as_points(points_lonlat: np.ndarray) -> np.ndarray:
    """``points_lonlat`` as a float (n, 2) array; NaN coordinates stay NaN (outside everything)."""
    return np.asarray(points_lonlat, dtype=float).reshape(-1, 2)
