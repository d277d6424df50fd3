"""Vector hazard areas: polygons with a rank, inside a data area, queried with shapely 2.

:class:`HazardAreas` is the vector form of the hazard model. Every reader of polygons
(国土数値情報 files in :mod:`hazards.ksj`, PLATEAU hazard areas in :mod:`hazards.plateau`)
ends here, so point, line and area queries are written once.

Where polygons overlap (several rivers, L1 inside L2 bands of one file), a point takes the
highest rank. The data area is where the source has information: a point inside it and in
no polygon is rank 0; a point outside it and in no polygon is outside (-1).
"""

from __future__ import annotations

from functools import cached_property

import geopandas as gpd
import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from hazards.model import LONLAT_CRS, HazardSource, SourceInfo, as_points
from hazards.ranks import NO_RANK


class HazardAreas(HazardSource):
    """Hazard polygons of one kind and scenario.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        One row per polygon with an integer ``rank`` column (≥ 1) and any other columns;
        reprojected to JGD2011 lon/lat (EPSG:6668) if it is in another CRS.
    data_area : shapely geometry
        Where the source has information, in lon/lat.
    info : SourceInfo
        What the areas show; ``info.bounds`` is recomputed from ``data_area``.

    Raises
    ------
    ValueError
        If ``frame`` has no ``rank`` column or a rank below 1.
    """

    def __init__(self, frame: gpd.GeoDataFrame, data_area: BaseGeometry, info: SourceInfo) -> None:
        if "rank" not in frame.columns:
            raise ValueError(f"hazard areas need a 'rank' column, got columns {list(frame.columns)} instead")
        if frame.crs is not None and frame.crs != LONLAT_CRS:
            frame = frame.to_crs(LONLAT_CRS)
        frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty].reset_index(drop=True)
        ranks = frame["rank"].to_numpy(dtype=np.int64)
        if (ranks < 1).any():
            raise ValueError(f"hazard area ranks should be 1 or more, got {sorted(set(ranks[ranks < 1].tolist()))} instead")
        self.frame = frame.set_crs(LONLAT_CRS, allow_override=True)
        self.data_area = data_area
        self._ranks = ranks.astype(np.int8)
        extent = shapely.union(data_area, shapely.box(*self.frame.total_bounds)) if len(frame) else data_area
        west, south, east, north = extent.bounds
        self.info = SourceInfo(info.kind, info.scenario, info.measure, info.label, (west, south, east, north))

    @cached_property
    def _tree(self) -> STRtree:
        return STRtree(self.frame.geometry.to_numpy())

    @cached_property
    def _prepared_area(self) -> BaseGeometry:
        area = shapely.make_valid(self.data_area)
        shapely.prepare(area)
        return area

    def sample(self, points_lonlat: np.ndarray) -> np.ndarray:
        """Highest rank of the polygons each point is in; 0 inside the data area, else -1.

        A point on a polygon's boundary counts as inside it.

        Examples
        --------
        >>> areas.sample(np.array([[131.47, 34.17], [131.0, 30.0]]))  # doctest: +SKIP
        array([ 2, -1], dtype=int8)
        """
        pts = as_points(points_lonlat)
        x, y = pts[:, 0], pts[:, 1]
        out = np.where(shapely.intersects_xy(self._prepared_area, x, y), 0, NO_RANK).astype(np.int8)
        point_idx, area_idx = self._tree.query(shapely.points(x, y), predicate="intersects")
        np.maximum.at(out, point_idx, self._ranks[area_idx])
        return out

    def intersecting(self, area: BaseGeometry) -> gpd.GeoDataFrame:
        """The hazard polygons that intersect ``area`` (lon/lat), with all their columns.

        Parameters
        ----------
        area : shapely geometry
            The area of interest in JGD2011 lon/lat, e.g. a district or a buffer around a route.

        Returns
        -------
        geopandas.GeoDataFrame
            The matching rows, in their original order.
        """
        hits = np.sort(self._tree.query(area, predicate="intersects"))
        return self.frame.iloc[hits]

    def union_at_least(self, rank: int) -> BaseGeometry:
        """The union of all polygons of ``rank`` or higher (empty when there are none)."""
        geoms = self.frame.geometry.to_numpy()[self._ranks >= rank]
        return shapely.union_all(shapely.make_valid(geoms)) if len(geoms) else shapely.Polygon()

    def to_crs(self, crs: object) -> gpd.GeoDataFrame:
        """The polygons reprojected to another CRS (e.g. the map view's), for display."""
        return self.frame.to_crs(crs)
