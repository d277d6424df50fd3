"""Write the demo flood-depth-rank GeoTIFF (L2 想定最大規模) with the standard colour table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio

from demo.gml import SYNTHETIC_NOTE
from demo.site import GRID_TRANSFORM, Site
from hazards.ranks import DEPTH_RANKS
from hazards.raster import TAG_KIND, TAG_SCENARIO, TAG_VALUE_TYPE

NODATA = 255
CRS = "EPSG:6668"


def write_flood_raster(site: Site, path: Path) -> Path:
    """Write ``site.rank_l2`` as a uint8 GeoTIFF in EPSG:6668 (JGD2011 lon/lat).

    Values are depth ranks 0–6 (0 = no flooding inside the modelled area), nodata 255. Tags
    name the hazard kind, the scenario and the value type; band 1 carries the standard colour
    table (rank 0 transparent).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    height, width = site.rank_l2.shape
    colours = {0: (255, 255, 255, 0), **{b.rank: (*b.colour, 255) for b in DEPTH_RANKS if b.colour}}
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=width,
        height=height,
        count=1,
        dtype="uint8",
        crs=CRS,
        transform=GRID_TRANSFORM,
        nodata=NODATA,
        compress="deflate",
    ) as dst:
        dst.write(site.rank_l2.astype(np.uint8), 1)
        dst.write_colormap(1, colours)
        dst.update_tags(
            **{TAG_KIND: "river_flood", TAG_SCENARIO: "L2", TAG_VALUE_TYPE: "rank"},
            HAZARD_SCENARIO_NAME="想定最大規模 (L2)",
            HAZARD_RIVER="椹野川水系椹野川",
            HAZARD_RANKS="1 <0.5m, 2 0.5-3m, 3 3-5m, 4 5-10m, 5 10-20m, 6 >=20m; 0 no flooding; 255 nodata",
            TIFFTAG_IMAGEDESCRIPTION=f"洪水浸水想定区域 浸水深ランク 想定最大規模 (L2) 椹野川 — {SYNTHETIC_NOTE}",
        )
        dst.set_band_description(1, "浸水深ランク 想定最大規模 (L2) / flood depth rank, L2")
    return path
