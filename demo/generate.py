"""Generate the synthetic demo data set (Yamaguchi City, 湯田温泉, 椹野川) in real file formats.

One seed drives everything; the same seed writes byte-identical files. The parts draw from
independent child seeds, so changing one part does not reshuffle the others.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from demo.buildings import Buildings, make_buildings
from demo.citygml_bldg import write_bldg_files
from demo.citygml_fld import write_fld_file
from demo.codelists import write_codelists
from demo.flood_raster import write_flood_raster
from demo.readme import write_readme
from demo.residents import pick_homes, write_residents
from demo.river import GAUGES, write_gauges, write_levels
from demo.scenario import write_scenario
from demo.shelters import SHELTER_USAGE, pick_shelters, write_shelters
from demo.site import BOUNDS, Site, build_site, house_numbers, town_of
from i18n import t
from jobs.feedback import Feedback

DEFAULT_SEED = 20260603


@dataclass(frozen=True)
class DemoFile:
    """One written file: its path, what it is (``kind``) and its size in bytes."""

    path: Path
    kind: str
    size: int


@dataclass(frozen=True)
class DemoManifest:
    """What :func:`generate_demo` wrote: every file, the seed and the area (w, s, e, n degrees)."""

    out_dir: Path
    seed: int
    bounds: tuple[float, float, float, float]
    files: list[DemoFile] = field(default_factory=list)

    def paths(self, kind: str) -> list[Path]:
        """The paths of the files of one kind, in the order written."""
        return [f.path for f in self.files if f.kind == kind]


def generate_demo(out_dir: Path, seed: int = DEFAULT_SEED, feedback: Feedback | None = None) -> DemoManifest:
    """Write the demo data set into ``out_dir`` (created if needed; existing files replaced).

    Parameters
    ----------
    out_dir : pathlib.Path
        The folder to write into.
    seed : int
        The random seed; the same seed gives byte-identical files.
    feedback : jobs.feedback.Feedback, optional
        Progress and cancel.

    Returns
    -------
    DemoManifest
        The files written with their kinds: ``plateau_bldg``, ``plateau_fld``, ``codelist``,
        ``flood_raster``, ``gauges``, ``levels``, ``shelters``, ``residents``, ``scenario``, ``readme``.

    Raises
    ------
    jobs.errors.Canceled
        If the feedback is canceled between steps.
    """
    feedback = feedback or Feedback()
    out_dir = Path(out_dir)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)]
    site_rng, building_rng, id_rng, river_rng, shelter_rng, people_rng = rngs
    written: list[tuple[Path, str]] = []

    def step(percent: float, ja: str, en: str) -> None:
        feedback.check()
        feedback.set_progress(percent)
        feedback.set_text(t(ja, en))

    step(0, "地形と浸水深を作成中", "making terrain and flood depths")
    site = build_site(site_rng)
    buildings = make_buildings(site, building_rng)
    shelters = pick_shelters(buildings, shelter_rng)
    usage = buildings.usage.copy()
    usage[shelters] = SHELTER_USAGE
    buildings = dataclasses.replace(buildings, usage=usage)
    homes = pick_homes(buildings, people_rng)
    towns = town_of(buildings.centroid[:, 0], buildings.centroid[:, 1])
    addresses = np.char.add(towns, house_numbers(len(towns)))

    step(10, "PLATEAU CityGML を書き出し中", "writing PLATEAU CityGML")
    plateau = out_dir / "plateau"
    written += [(p, "codelist") for p in write_codelists(plateau, id_rng)]
    written += [(p, "plateau_bldg") for p in write_bldg_files(buildings, towns, plateau, id_rng)]
    step(60, "浸水想定区域を書き出し中", "writing flood hazard files")
    written.append((write_fld_file(site, plateau, id_rng), "plateau_fld"))
    written.append((write_flood_raster(site, out_dir / "hazard" / "flood_depth_L2.tif"), "flood_raster"))
    step(80, "水位・避難所・要支援者を書き出し中", "writing river levels, shelters and residents")
    written.append((write_gauges(out_dir / "river" / "gauges.csv"), "gauges"))
    written.append((write_levels(out_dir / "river" / "levels.csv", river_rng), "levels"))
    written.append((write_shelters(buildings, shelters, addresses, out_dir / "shelters" / "shelters.csv"), "shelters"))
    written.append(
        (write_residents(buildings, homes, towns, addresses, out_dir / "residents" / "residents.csv", people_rng), "residents")
    )
    written.append((write_scenario(out_dir / "scenario" / "drill.json"), "scenario"))
    written.append((write_readme(out_dir / "README.md", seed, _summary(site, buildings)), "readme"))
    feedback.set_progress(100)
    files = [DemoFile(p, kind, p.stat().st_size) for p, kind in written]
    return DemoManifest(out_dir, seed, BOUNDS, files)


def _summary(site: Site, buildings: Buildings) -> dict[str, str]:
    meshes, counts = np.unique(buildings.mesh, return_counts=True)
    ranks = np.unique(site.rank_l2[site.rank_l2 > 0])
    return {
        "buildings": f"{len(buildings.rings)} ("
        + ", ".join(f"{m}: {c}" for m, c in zip(meshes, counts, strict=True))
        + ")",
        "buildings with an L1 / L2 river-flood entry": f"{int((buildings.rank_l1 > 0).sum())} / "
        f"{int((buildings.rank_l2 > 0).sum())}",
        "fld WaterBodies (L2 ranks)": ", ".join(str(r) for r in ranks),
        "gauges": ", ".join(f"{g.station_id} {g.name} ({g.river})" for g in GAUGES),
        "shelters": "10",
        "residents": "50 (fictional)",
    }
