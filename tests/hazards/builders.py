"""Small hazard sources written into ``tmp_path`` for tests: XYZ tiles, SVGMap tiles, 国土数値情報 vectors.

Pixel positions are computed here with mercantile's scalar functions and plain SVG
arithmetic, independently of the vectorised code under test.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import mercantile
import numpy as np
from PIL import Image
from shapely.geometry.base import BaseGeometry

RGBA = tuple[int, int, int, int]
TILE = 256


def xyz_pixel(lon: float, lat: float, zoom: int) -> tuple[mercantile.Tile, int, int]:
    """The tile and (row, col) of the pixel holding a point."""
    tile = mercantile.tile(lon, lat, zoom)
    bounds = mercantile.xy_bounds(tile)
    x, y = mercantile.xy(lon, lat)
    col = int((x - bounds.left) / (bounds.right - bounds.left) * TILE)
    row = int((bounds.top - y) / (bounds.top - bounds.bottom) * TILE)
    return tile, row, col


def write_xyz(root: Path, zoom: int, painted: list[tuple[float, float, RGBA]], empty_tiles: int = 0) -> Path:
    """An XYZ folder whose tiles are transparent except one pixel per ``painted`` point.

    A coarser level (zoom - 1) is written with an opaque tile over everything, which must
    never be read. ``empty_tiles`` extra transparent tiles are added east of the first.
    """
    images: dict[tuple[int, int], np.ndarray] = {}
    for lon, lat, colour in painted:
        tile, row, col = xyz_pixel(lon, lat, zoom)
        image = images.setdefault((tile.x, tile.y), np.zeros((TILE, TILE, 4), np.uint8))
        image[row, col] = colour
    first = next(iter(images))
    for i in range(1, empty_tiles + 1):
        images.setdefault((first[0] + i, first[1]), np.zeros((TILE, TILE, 4), np.uint8))
    for (x, y), image in images.items():
        _png(root / str(zoom) / str(x) / f"{y}.png", image)
        parent = mercantile.parent(mercantile.Tile(x, y, zoom))
        _png(root / str(zoom - 1) / str(parent.x) / f"{parent.y}.png", np.full((TILE, TILE, 4), (255, 145, 145, 255), np.uint8))
    return root


def svg_pixel(lon: float, lat: float, x: float, y: float, size: float) -> tuple[int, int]:
    """(row, col) of a point in an SVGMap image at SVG (x, y) with width = height = ``size`` (x = lon×100, y = −lat×100)."""
    return int((-lat * 100 - y) / size * TILE), int((lon * 100 - x) / size * TILE)


def write_svgmap(root: Path, painted: list[tuple[float, float, RGBA]], tile_deg: float = 0.01) -> Path:
    """An SVGMap tile set over lon 131.40–131.44, lat 34.16–34.20 (data area), tiles of ``tile_deg``.

    The root has a coarse level (one opaque image, never to be read) and a fine level whose
    container nests a sub-container holding the images. Only tiles holding a painted point
    are written, so the rest of the data area has no tile (rank 0).
    """
    size = tile_deg * 100
    tiles: dict[tuple[float, float], np.ndarray] = {}
    for lon, lat, colour in painted:
        x, y = np.floor(lon * 100 / size) * size, np.floor(-lat * 100 / size) * size
        image = tiles.setdefault((x, y), np.zeros((TILE, TILE, 4), np.uint8))
        image[svg_pixel(lon, lat, x, y, size)] = colour
    fine = root / "lvl2"
    lines = []
    for i, ((x, y), image) in enumerate(tiles.items()):
        _png(fine / f"tile{i}.png", image)
        lines.append(f'<image xlink:href="tile{i}.png" x="{x}" y="{y}" width="{size}" height="{size}"/>')
    _svg(fine / "sub_0_0_container.svg", "\n".join(lines))
    _svg(fine / "container.svg", '<g><animation xlink:href="sub_0_0_container.svg" x="13140" y="-3420" width="4" height="4"/></g>')
    _png(root / "lvl1" / "tile0.png", np.full((TILE, TILE, 4), (255, 145, 145, 255), np.uint8))
    _svg(root / "lvl1" / "container.svg", '<image xlink:href="tile0.png" x="13100" y="-3500" width="100" height="100"/>')
    _svg(root / "rootImgMap.svg",
         '<animation xlink:href="lvl1/container.svg" x="-30000" y="-30000" width="60000" height="60000" visibleMaxZoom="50"/>\n'
         '<animation xlink:href="lvl2/container.svg" x="-30000" y="-30000" width="60000" height="60000" visibleMinZoom="50"/>',
         data_area="13140 -3420 4 4")  # fmt: skip
    return root / "rootImgMap.svg"


def write_vector(path: Path, rows: list[dict[str, object]], geometries: list[BaseGeometry], driver: str) -> Path:
    """A vector file (``driver`` as pyogrio names it) in JGD2011 lon/lat."""
    path.parent.mkdir(parents=True, exist_ok=True)
    gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:6668").to_file(path, driver=driver, engine="pyogrio")
    return path


def _png(path: Path, image: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(image, "RGBA").save(path)


def _svg(path: Path, body: str, data_area: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    area = f' go:dataArea="{data_area}"' if data_area else ""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'xmlns:go="http://purl.org/svgmap/profile"{area}>\n'
        '<globalCoordinateSystem srsName="http://purl.org/crs/84" transform="matrix(100.0,0.0,0.0,-100.0,0.0,0.0)"/>\n'
        f"{body}\n</svg>\n",
        encoding="utf-8",
    )


def probe_points(frame: gpd.GeoDataFrame, data_area: BaseGeometry) -> tuple[np.ndarray, list[int]]:
    """Points to sample a vector source with, and the ranks they must get, worked out with plain shapely.

    One point inside each polygon (the highest rank of the polygons holding it), one in the data
    area away from every polygon (0) and one west of the data area (-1).
    """
    import shapely

    geometries = frame.geometry.to_numpy()
    inside = shapely.get_coordinates(shapely.point_on_surface(geometries))
    ranks = frame["rank"].to_numpy()
    expected = [int(max(ranks[shapely.intersects(geometries, shapely.Point(p))])) for p in inside]
    clear = shapely.difference(data_area, shapely.union_all(shapely.buffer(geometries, 1e-4)))
    west, south, _, _ = data_area.bounds
    points = np.vstack([inside, shapely.get_coordinates(shapely.point_on_surface(clear)), [[west - 0.01, south]]])
    return points, [*expected, 0, -1]
