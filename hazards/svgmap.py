"""SVGMap-georeferenced PNG tile sets (e.g. the 国土数値情報 A31b renderings of svgmap.org).

Layout: a root SVG (``rootImgMap.svg``) whose ``globalCoordinateSystem`` maps lon/lat to SVG
coordinates (``transform="matrix(a,b,c,d,e,f)"``: x = a·lon + c·lat + e, y = b·lon + d·lat + f;
for CRS84 tile sets x = lon×100, y = −lat×100). The root's ``<animation>`` elements are the
zoom levels (``visibleMinZoom`` / ``visibleMaxZoom``); each points at a ``container.svg``
that lists ``<image xlink:href x y width height>`` tiles, directly or through nested
containers. ``go:dataArea`` (``x y width height`` in SVG coordinates, several rectangles
allowed) is the area the data covers; without it, the extent of the finest level's tiles.

Only the finest level is read: among sibling elements that carry zoom limits, those with the
highest ``visibleMinZoom`` are followed; elements without zoom limits are all followed. A
point in the data area whose finest-level tile does not exist is rank 0.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import numpy as np
import shapely
from lxml import etree
from pyproj import CRS, Transformer
from shapely import STRtree

from hazards.errors import HazardFormatError, HazardReadError
from hazards.model import LONLAT_CRS
from hazards.naming import identify
from hazards.tiles import TileSet, tile_info
from i18n import t

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
GO_DATA_AREA = "{http://purl.org/svgmap/profile}dataArea"
_CRS84 = ("http://purl.org/crs/84", "crs:84", "ogc:crs84")
_MAX_DEPTH = 16
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


class SvgMapTiles(TileSet):
    """The finest level of an SVGMap tile set, sampled as a hazard source."""

    def __init__(self, root: Path, label: str | None = None) -> None:
        super().__init__()
        document = _parse(root)
        self._matrix = _global_transform(document)
        self._to_map = _transformer(document)
        boxes, self._paths = _finest_images(root, document)
        if not self._paths:
            raise HazardFormatError(t("SVGMap にタイル画像がありません", "the SVGMap lists no tile images"))
        self._boxes = np.array(boxes)
        self._tree = STRtree(shapely.box(*self._corners(self._boxes).T))
        rects = _data_area(document)
        if len(rects):
            self._area = shapely.union_all([shapely.box(*c) for c in self._corners(rects)])
        else:
            corners = self._corners(self._boxes)
            self._area = shapely.box(*corners[:, :2].min(axis=0), *corners[:, 2:].max(axis=0))
        identity = identify([*root.resolve().parts[-4:], document.findtext(f"{SVG}title") or ""])
        self.palette, self.info = tile_info(identity, self._paths[0], label or str(root), self._lonlat_bounds())

    def tile_path(self, key: int) -> Path:
        return self._paths[key]

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        x, y = self._svg_xy(lon, lat)
        keys = np.full(len(x), -1, dtype=np.int64)
        u, v = np.zeros(len(x)), np.zeros(len(x))
        point_idx, tile_idx = self._tree.query(shapely.points(x, y), predicate="intersects")
        bx, by, bw, bh = self._boxes[tile_idx].T
        pu, pv = (x[point_idx] - bx) / bw, (y[point_idx] - by) / bh
        ok = (pu >= 0) & (pu < 1) & (pv >= 0) & (pv < 1)
        point_idx, tile_idx, pu, pv = point_idx[ok], tile_idx[ok], pu[ok], pv[ok]
        first = np.unique(point_idx, return_index=True)[1]
        keys[point_idx[first]], u[point_idx[first]], v[point_idx[first]] = tile_idx[first], pu[first], pv[first]
        return keys, u, v, shapely.intersects_xy(self._area, x, y)

    def __len__(self) -> int:
        return len(self._paths)

    @property
    def map_crs(self) -> str:
        """The CRS the SVG coordinates are an affine transform of (lon/lat unless the set says otherwise)."""
        return self._to_map.target_crs.to_string() if self._to_map is not None else LONLAT_CRS.to_string()

    def box(self, index: int) -> tuple[float, float, float, float]:
        """Tile ``index``'s box (x, y, width, height) in SVG coordinates."""
        x, y, width, height = self._boxes[index]
        return float(x), float(y), float(width), float(height)

    def indices_in(self, west: float, south: float, east: float, north: float) -> np.ndarray:
        """The tiles meeting a lon/lat box, sorted."""
        x, y = self._svg_xy(np.array([west, east, west, east]), np.array([south, south, north, north]))
        return np.sort(self._tree.query(shapely.box(x.min(), y.min(), x.max(), y.max()), predicate="intersects"))

    def to_map(self, sx: np.ndarray, sy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """SVG coordinates → :attr:`map_crs` (the inverse of the global transform)."""
        a, b, c, d, e, f = self._matrix
        inverse = np.linalg.inv(np.array([[a, c], [b, d]]))
        mx, my = inverse @ np.vstack([np.ravel(sx) - e, np.ravel(sy) - f])
        return mx.reshape(np.shape(sx)), my.reshape(np.shape(sy))

    def _svg_xy(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mx, my = self._to_map.transform(lon, lat) if self._to_map is not None else (lon, lat)
        a, b, c, d, e, f = self._matrix
        return a * np.asarray(mx) + c * np.asarray(my) + e, b * np.asarray(mx) + d * np.asarray(my) + f

    @staticmethod
    def _corners(rects: np.ndarray) -> np.ndarray:
        """(x, y, width, height) rows → (xmin, ymin, xmax, ymax) rows."""
        rects = np.asarray(rects, dtype=float).reshape(-1, 4)
        return np.column_stack([rects[:, 0], rects[:, 1], rects[:, 0] + rects[:, 2], rects[:, 1] + rects[:, 3]])

    def _lonlat_bounds(self) -> tuple[float, float, float, float]:
        xmin, ymin, xmax, ymax = self._area.bounds
        a, b, c, d, e, f = self._matrix
        inverse = np.linalg.inv(np.array([[a, c], [b, d]]))
        corners = inverse @ (np.array([[xmin, xmax, xmin, xmax], [ymin, ymin, ymax, ymax]]) - np.array([[e], [f]]))
        mx, my = corners
        if self._to_map is not None:
            mx, my = Transformer.from_crs(self._to_map.target_crs, LONLAT_CRS, always_xy=True).transform(mx, my)
        return float(np.min(mx)), float(np.min(my)), float(np.max(mx)), float(np.max(my))


def is_svgmap(head: bytes) -> bool:
    """True when the first bytes of a file look like an SVG document."""
    text = head.decode("utf-8", "ignore")
    return re.search(r"<svg[\s>]", text) is not None


def _parse(path: Path) -> etree._ElementTree:
    try:
        return etree.parse(str(path), _PARSER)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise HazardReadError(t("SVG を読めません: {e}", "cannot read the SVG: {e}", e=exc)) from exc


def _global_transform(document: etree._ElementTree) -> tuple[float, ...]:
    root = document.getroot()
    element = root.find(f"{SVG}globalCoordinateSystem")
    transform = element.get("transform") if element is not None else None
    if transform is None:
        rdf = [e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("CoordinateReferenceSystem")]
        transform = next((v for e in rdf for k, v in e.attrib.items() if k.endswith("transform")), None)
    match = re.fullmatch(r"\s*matrix\(([^)]*)\)\s*", transform or "")
    numbers = [float(n) for n in re.split(r"[\s,]+", match.group(1).strip())] if match else []
    if len(numbers) != 6 or numbers[0] * numbers[3] - numbers[1] * numbers[2] == 0:
        raise HazardFormatError(
            t("SVGMap の globalCoordinateSystem に有効な transform=matrix(...) がありません: {v!r}",
              "the SVGMap has no valid globalCoordinateSystem transform=matrix(...): got {v!r}", v=transform)  # fmt: skip
        )
    return tuple(numbers)


def _transformer(document: etree._ElementTree) -> Transformer | None:
    """None when the map CRS is lon/lat (CRS84, WGS84, JGD2011); else lon/lat → map CRS."""
    element = document.getroot().find(f"{SVG}globalCoordinateSystem")
    srs = (element.get("srsName") if element is not None else None) or _CRS84[0]
    if srs.strip().lower() in _CRS84:
        return None
    try:
        crs = CRS.from_user_input(srs)
    except Exception as exc:  # pyproj raises CRSError, a plain subclass of Exception
        raise HazardFormatError(t("SVGMap の座標系 {s!r} が分かりません", "unknown SVGMap CRS {s!r}", s=srs)) from exc
    if crs.is_geographic:
        return None
    return Transformer.from_crs(LONLAT_CRS, crs, always_xy=True)


def _data_area(document: etree._ElementTree) -> np.ndarray:
    numbers = re.split(r"[\s,]+", (document.getroot().get(GO_DATA_AREA) or "").strip())
    values = [float(n) for n in numbers if n]
    return np.array(values[: len(values) // 4 * 4], dtype=float).reshape(-1, 4)


def _finest_images(root: Path, document: etree._ElementTree) -> tuple[list[tuple[float, float, float, float]], list[Path]]:
    """Boxes (x, y, width, height) and files of every tile image of the finest level."""
    boxes: list[tuple[float, float, float, float]] = []
    paths: list[Path] = []
    pending = [(root, document, 0)]
    seen = {root.resolve()}
    while pending:
        path, doc, depth = pending.pop()
        for element in _followed(doc):
            target = _local(path, element.get(XLINK_HREF) or "")
            if element.tag == f"{SVG}image":
                boxes.append(tuple(float(element.get(k, "0")) for k in ("x", "y", "width", "height")))  # type: ignore[arg-type]
                paths.append(target)
            elif target.resolve() not in seen and depth < _MAX_DEPTH:
                seen.add(target.resolve())
                pending.append((target, _parse(target), depth + 1))
    return boxes, paths


def _followed(document: etree._ElementTree) -> list[etree._Element]:
    """The image and animation elements to follow: all without zoom limits, and the finest level."""
    elements = [e for e in document.getroot().iter(f"{SVG}image", f"{SVG}animation") if e.get(XLINK_HREF)]
    for element in elements:
        if element.get("transform"):
            raise HazardFormatError(t("SVGMap の transform 付き要素には対応していません: {h}",
                                      "SVGMap elements with a transform are not supported: {h}", h=element.get(XLINK_HREF)))  # fmt: skip
    zoomed = [e for e in elements if e.get("visibleMinZoom") or e.get("visibleMaxZoom")]
    finest = max((float(e.get("visibleMinZoom") or 0) for e in zoomed), default=0.0)
    return [e for e in elements if e not in zoomed or float(e.get("visibleMinZoom") or 0) == finest]


def _local(container: Path, href: str) -> Path:
    parsed = urlparse(href)
    if parsed.scheme not in ("", "file") or parsed.netloc:
        raise HazardFormatError(t("SVGMap が Web 上のファイル {h} を参照しています。ローカルのタイルだけを読みます",
                                  "the SVGMap refers to {h} on the web; only local tiles are read", h=href))  # fmt: skip
    return container.parent / unquote(parsed.path)


def zoom_level_roots(root: Path) -> list[Path]:
    """The container documents of the root's zoom levels (``<animation>`` with ``visibleMinZoom`` or
    ``visibleMaxZoom``) in the order listed, local files only; ``[root]`` when the set has one level."""
    containers = []
    for element in _parse(root).getroot().iter(f"{SVG}animation"):
        parsed = urlparse(element.get(XLINK_HREF) or "")
        if (element.get("visibleMinZoom") or element.get("visibleMaxZoom")) and parsed.scheme in ("", "file") and not parsed.netloc:
            containers.append(root.parent / unquote(parsed.path))
    return containers or [root]


def open_svgmap(path: str | os.PathLike[str]) -> SvgMapTiles:
    """Open an SVGMap tile set from its root SVG.

    Parameters
    ----------
    path : str or os.PathLike
        The root document, e.g. ``…/A31b-20-23_10_5131/rootImgMap.svg``.

    Returns
    -------
    SvgMapTiles
        Kind and scenario from the folder and file names (:func:`hazards.naming.identify`),
        the palette from them or, failing that, from the colours of the first tile.

    Raises
    ------
    HazardReadError
        If the root or a container cannot be read.
    HazardFormatError
        If the root has no valid coordinate transform or lists no tile images.
    """
    return SvgMapTiles(Path(path), os.fspath(path))
