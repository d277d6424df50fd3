"""What parsing one file yields before codelists are applied: plain columns and shapes.

A :class:`RawFile` is what a worker process returns, what the cache stores and what
:mod:`plateau_import.frames` turns into GeoDataFrames. Coded values are kept as
``<name>_code`` / ``<name>_space`` column pairs (the code and its codeSpace, relative to the
file's folder); they are resolved after parsing (:mod:`plateau_import.codelists`) so a
cached parse stays valid when codelists are added or fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from jobs.feedback import Problem

BUILDING_COLUMNS = (
    "gml_id", "building_id", "measured_height", "storeys_above", "storeys_below", "usage_code", "usage_space",
    "year_of_construction", "address", "lod", "parts",
)  # fmt: skip
RISK_COLUMNS = (
    "owner_id", "owner_class", "kind", "description_code", "description_space", "description_text", "rank", "rank_org",
    "depth_m", "duration_h", "scale_code", "scale_space", "admin_code", "admin_space", "area_type",
)  # fmt: skip
HAZARD_COLUMNS = (
    "gml_id", "owner_class", "kind", "description_code", "description_space", "description_text", "rank", "rank_org",
    "scale_code", "scale_space", "area_type", "name_code", "name_space",
)  # fmt: skip
ROAD_COLUMNS = ("gml_id", "function_code", "function_space", "usage_code", "usage_space")
SURFACE_COLUMNS = ("building_id", "surface_id", "surface_type")
#: (table, its shapes or None) of a :class:`RawFile`.
TABLES = (("buildings", "building_shapes"), ("risks", None), ("hazard_areas", "hazard_shapes"),
          ("roads", "road_shapes"), ("surfaces", "surface_shapes"))  # fmt: skip


def shapes_to_wkb(shapes: np.ndarray) -> np.ndarray:
    """Shapes (or None) as WKB bytes (or None), in one vectorised call; heights are kept."""
    return shapely.to_wkb(shapes, include_srid=False)


def shapes_from_wkb(wkb: np.ndarray) -> np.ndarray:
    """The inverse of :func:`shapes_to_wkb`: an object array of shapes (or None)."""
    return shapely.from_wkb(wkb).astype(object) if len(wkb) else np.empty(0, dtype=object)


class Table:
    """Rows appended as dicts while streaming, then read as columns (a dict of lists).

    Reading :attr:`columns` freezes the table: the rows are converted once and dropped, so a
    finished table (what workers return and the cache stores) holds columns only.
    """

    def __init__(self, columns: Iterable[str]) -> None:
        self.names: tuple[str, ...] = tuple(columns)
        self._rows: list[dict[str, Any]] | None = []
        self._columns: dict[str, list[Any]] | None = None

    def append(self, row: dict[str, Any]) -> int:
        """Add a row (keys outside :attr:`names` are ignored, missing ones are None)."""
        if self._rows is None:
            raise RuntimeError("append() on a finished table")
        self._rows.append(row)
        return len(self._rows) - 1

    @property
    def columns(self) -> dict[str, list[Any]]:
        """Every column as a list, in :attr:`names` order (freezes the table)."""
        if self._columns is None:
            rows = self._rows or []
            self._columns = {name: [r.get(name) for r in rows] for name in self.names}
            self._rows = None
        return self._columns

    @classmethod
    def from_columns(cls, columns: dict[str, list[Any]]) -> Table:
        """A finished table holding ``columns`` (as read back from the cache)."""
        table = cls(columns)
        table._rows = None
        table._columns = {name: list(values) for name, values in columns.items()}
        return table

    def __getstate__(self) -> dict[str, Any]:
        """Pickled as columns (what crosses from a worker process), leaving ``self`` as it is."""
        rows = self._rows
        columns = self._columns if rows is None else {name: [r.get(name) for r in rows] for name in self.names}
        return {"names": self.names, "_rows": None, "_columns": columns}

    def __len__(self) -> int:
        if self._rows is not None:
            return len(self._rows)
        return len(next(iter(self.columns.values()), []))


@dataclass
class RawFile:
    """Everything read from one GML file, codes not yet resolved.

    ``epsg`` is the CRS the file declares in ``srsName`` (None when it declares none; the
    geometry was then read as EPSG:6697 and a warning says so).
    Shapes are numpy object arrays of shapely geometries (or None), one per table row, in
    lon/lat (EPSG:6668); surfaces keep orthometric heights (3-D, EPSG:6697 axes as x=lon).
    """

    label: str
    uro_version: str | None
    epsg: int | None
    features: dict[str, int]
    buildings: Table = field(default_factory=lambda: Table(BUILDING_COLUMNS))
    building_shapes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    risks: Table = field(default_factory=lambda: Table(RISK_COLUMNS))
    hazard_areas: Table = field(default_factory=lambda: Table(HAZARD_COLUMNS))
    hazard_shapes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    roads: Table = field(default_factory=lambda: Table(ROAD_COLUMNS))
    road_shapes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    surfaces: Table = field(default_factory=lambda: Table(SURFACE_COLUMNS))
    surface_shapes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    problems: list[Problem] = field(default_factory=list)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with every shape array as one WKB array: ten times faster, both ways, than
        pickling shapely objects one by one (this is what worker processes send back)."""
        state = dict(self.__dict__)
        for _, shapes in TABLES:
            if shapes is not None:
                state[shapes] = shapes_to_wkb(state[shapes])
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for _, shapes in TABLES:
            if shapes is not None:
                state[shapes] = shapes_from_wkb(state[shapes])
        self.__dict__.update(state)

    def risk_counts(self) -> dict[str, int]:
        """Risk entries by kind (every entry, on buildings and hazard areas alike)."""
        counts: dict[str, int] = {}
        for kind in self.risks.columns["kind"]:
            counts[kind] = counts.get(kind, 0) + 1
        return counts
