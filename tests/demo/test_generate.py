"""The demo generator: deterministic, valid files, and all hazard sources agreeing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from lxml import etree

from demo.generate import DEFAULT_SEED, generate_demo
from demo.site import BOUNDS, mesh3_code
from hazards.ranks import DEPTH_RANKS, rank_for_depth
from hazards.raster import read_hazard_raster
from jobs.errors import Canceled
from jobs.feedback import Feedback

NS = {
    "core": "http://www.opengis.net/citygml/2.0",
    "bldg": "http://www.opengis.net/citygml/building/2.0",
    "wtr": "http://www.opengis.net/citygml/waterbody/2.0",
    "gml": "http://www.opengis.net/gml",
    "uro": "https://www.geospatial.jp/iur/uro/3.1",
}
SHUNAN = "plateau/35215_shunan-shi_2024/udx/bldg/51311568_bldg_6697_op.gml"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _positions(pos_list: str) -> np.ndarray:
    return np.array(pos_list.split(), dtype=float).reshape(-1, 3)


def _roof(building: etree._Element) -> shapely.Polygon:
    """The roof face of an LOD1 solid (the face whose lowest point is highest) in (lon, lat)."""
    faces = [_positions(p.text) for p in building.iterfind(".//bldg:lod1Solid//gml:posList", NS)]
    return shapely.Polygon(max(faces, key=lambda f: f[:, 2].min())[:, 1::-1])


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path, demo_dir: Path) -> None:
    first = generate_demo(tmp_path / "a", seed=DEFAULT_SEED)
    assert _files(tmp_path / "a") == _files(demo_dir)
    generate_demo(tmp_path / "b", seed=DEFAULT_SEED + 1)
    other = _files(tmp_path / "b")
    assert other.keys() == _files(demo_dir).keys()
    assert other["river/levels.csv"] != _files(demo_dir)["river/levels.csv"]
    assert {f.kind for f in first.files} == {
        "plateau_bldg", "plateau_fld", "codelist", "flood_raster", "gauges", "levels", "shelters", "residents", "scenario", "readme"
    }
    assert all(f.size == f.path.stat().st_size > 0 for f in first.files)


def test_cancel_stops_before_writing(tmp_path: Path) -> None:
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Canceled):
        generate_demo(tmp_path, feedback=feedback)
    assert not any(tmp_path.iterdir())


@pytest.fixture(scope="module")
def buildings(demo_dir: Path) -> list[tuple[str, etree._Element]]:
    found = []
    for path in sorted((demo_dir / "plateau/udx/bldg").glob("*_bldg_6697_op.gml")):
        found += [(path.name[:8], b) for b in etree.parse(str(path)).iterfind(".//bldg:Building", NS)]
    return found


def test_bldg_files_are_per_mesh_with_about_2000_buildings(demo_dir: Path, buildings: list) -> None:
    names = sorted(p.name for p in (demo_dir / "plateau/udx/bldg").iterdir())
    assert names == [f"{m}_bldg_6697_op.gml" for m in ("51311386", "51311387", "51311396", "51311397")]
    assert len(buildings) == 2000
    ids = [b.get(f"{{{NS['gml']}}}id") for _, b in buildings]
    assert len(set(ids)) == len(ids) and all(i.startswith("bldg_") for i in ids)
    west, south, east, north = BOUNDS
    for mesh, b in buildings:
        pts = np.concatenate([_positions(p.text) for p in b.iterfind(".//gml:posList", NS)])
        lat, lon = pts[:, 0], pts[:, 1]
        assert (lon > west).all() and (lon < east).all() and (lat > south).all() and (lat < north).all()
        centre = shapely.centroid(_roof(b))
        assert mesh3_code(np.array([centre.x]), np.array([centre.y]))[0] == mesh


def test_building_attributes_are_plausible_with_sentinels(buildings: list) -> None:
    storeys = np.array([int(b.findtext("bldg:storeysAboveGround", namespaces=NS)) for _, b in buildings])
    years = [b.findtext("bldg:yearOfConstruction", namespaces=NS) for _, b in buildings]
    real = storeys[storeys != 9999]
    assert real.min() == 1 and real.max() <= 10
    assert np.isin(real, (1, 2)).mean() > 0.8
    assert 0 < (storeys == 9999).sum() < 50
    assert 0 < years.count("0001") < 200
    usage = {b.find("bldg:usage", NS).get("codeSpace") for _, b in buildings}
    assert usage == {"../../codelists/Building_usage.xml"}


def test_every_code_resolves_in_the_written_codelists(demo_dir: Path) -> None:
    codelists = demo_dir / "plateau/codelists"
    for gml in (demo_dir / "plateau/udx").rglob("*.gml"):
        codes: dict[str, set[str]] = {}
        for element in etree.parse(str(gml)).iter():
            if isinstance(element.tag, str) and element.get("codeSpace"):
                codes.setdefault(element.get("codeSpace"), set()).add(element.text)
        for space, values in codes.items():
            target = (gml.parent / space).resolve()
            assert target.parent == codelists.resolve(), space
            names = {n.text for n in etree.parse(str(target)).iterfind(".//gml:Definition/gml:name", NS)}
            assert values <= names, (space, values - names)


def test_namespaces_match_the_real_fy2024_shunan_file(demo_dir: Path, shared_data: Path) -> None:
    real = etree.parse(str(shared_data / SHUNAN)).getroot().nsmap
    ours = etree.parse(str(next((demo_dir / "plateau/udx/bldg").glob("*.gml")))).getroot().nsmap
    assert ours == real


def test_building_risk_entries_agree_with_the_raster(demo_dir: Path, buildings: list) -> None:
    raster = read_hazard_raster(demo_dir / "hazard/flood_depth_L2.tif")
    tops, l2 = [], []
    for _, b in buildings:
        tops.append(_roof(b))
        entries = {}
        for risk in b.iterfind("uro:bldgDisasterRiskAttribute/uro:RiverFloodingRiskAttribute", NS):
            scale = risk.findtext("uro:scale", namespaces=NS)
            rank, depth = int(risk.findtext("uro:rank", namespaces=NS)), float(risk.findtext("uro:depth", namespaces=NS))
            assert rank_for_depth(np.array([depth]))[0] == rank
            entries[scale] = rank
        assert set(entries) <= {"1", "2"} and entries.get("1", 0) <= entries.get("2", 0)
        l2.append(entries.get("2", 0))
    sampled = raster.sample(shapely.get_coordinates(shapely.centroid(np.array(tops))))
    assert (sampled == np.array(l2)).all()
    assert (np.array(l2) >= 2).sum() > 200 and (np.array(l2) == 0).sum() > 200


def test_fld_water_bodies_cover_exactly_the_raster_cells_of_their_rank(demo_dir: Path) -> None:
    files = list((demo_dir / "plateau/udx/fld/pref").glob("*/*_fld_6697_l2_op.gml"))
    assert [f.relative_to(demo_dir / "plateau/udx/fld").as_posix() for f in files] == [
        "pref/fushinogawa_fushinogawa/513113_fld_6697_l2_op.gml"
    ]
    raster = read_hazard_raster(demo_dir / "hazard/flood_depth_L2.tif")
    rows, cols = np.indices(raster.array.shape)
    x, y = raster.transform @ (cols.ravel() + 0.5, rows.ravel() + 0.5)
    from_fld = np.zeros(x.shape, dtype=np.int8)
    bodies = list(etree.parse(str(files[0])).iterfind(".//wtr:WaterBody", NS))
    ranks = [int(w.findtext(".//uro:RiverFloodingRiskAttribute/uro:rank", namespaces=NS)) for w in bodies]
    assert len(set(ranks)) == len(ranks) and sorted(ranks) == sorted(set(raster.array.ravel()) - {0})
    for body, rank in zip(bodies, ranks, strict=True):
        assert body.findtext(".//uro:RiverFloodingRiskAttribute/uro:scale", namespaces=NS) == "2"
        polygons = [
            shapely.Polygon(
                _positions(p.findtext("gml:exterior//gml:posList", namespaces=NS))[:, 1::-1],
                [_positions(h.text)[:, 1::-1] for h in p.iterfind("gml:interior//gml:posList", NS)],
            )
            for p in body.iterfind(".//gml:Polygon", NS)
        ]
        assert shapely.is_valid(shapely.MultiPolygon(polygons))
        band = shapely.union_all(polygons)
        shapely.prepare(band)
        from_fld[shapely.contains_xy(band, x, y)] = rank
    assert (from_fld == raster.array.ravel()).all()


def test_raster_is_a_tagged_rank_grid_with_the_standard_colours(demo_dir: Path) -> None:
    import rasterio

    raster = read_hazard_raster(demo_dir / "hazard/flood_depth_L2.tif")
    assert (raster.value_type, raster.scenario, raster.kind, raster.nodata) == ("rank", "L2", "river_flood", 255)
    assert raster.crs.to_epsg() == 6668 and raster.array.dtype == np.uint8
    with rasterio.open(demo_dir / "hazard/flood_depth_L2.tif") as src:
        colours = src.colormap(1)
    assert all(colours[b.rank][:3] == b.colour for b in DEPTH_RANKS)


def test_readme_says_synthetic_and_documents_residents(demo_dir: Path) -> None:
    text = (demo_dir / "README.md").read_text(encoding="utf-8")
    assert "デモ用の合成データ" in text and "SYNTHETIC" in text and "| 名簿提供同意 |" in text


def test_the_plateau_importer_reads_the_demo_like_real_data(demo_dir: Path) -> None:
    from plateau_import import read_plateau

    feedback = Feedback()
    data = read_plateau([demo_dir / "plateau"], feedback)
    assert feedback.problems == []
    assert len(data.buildings) == 2000 and (data.buildings["lod"] == 1).all()
    entries = sum(
        len(list(etree.parse(str(p)).iterfind(".//uro:RiverFloodingRiskAttribute", NS)))
        for p in (demo_dir / "plateau/udx").rglob("*.gml")
    )
    assert len(data.risks) == entries  # building and WaterBody entries
    assert set(data.risks["scale"]) == {"L1", "L2"} and set(data.risks["description"]) == {"椹野川水系椹野川"}
    assert sorted(data.hazard_areas["rank"]) == [1, 2, 3, 4]
