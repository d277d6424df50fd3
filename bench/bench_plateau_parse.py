"""Benchmark of the PLATEAU importer: bare lxml pass vs ours vs plateaukit, in one run.

Spans (DESIGN.md): *parse* = file bytes → attributes, risk entries and footprints in lon/lat
(:func:`plateau_import.reader.parse_candidate`); *tables* = parse + codelists + GeoDataFrames;
cache writing, cache reading (second open) and reprojection to the plane-rectangular zone
are reported separately. The floor is a bare ``lxml.etree.iterparse`` pass (every end event,
``clear()``) over the same bytes.

Real files: every GML in ../shared/data/plateau. Big file: a generated ~200 MB LOD1 bldg file
(bench/plateau_generate.py, written to a temporary folder and deleted), measured in a child
process for its peak memory. plateaukit runs in the throw-away venv /tmp/plateaukit-venv.

``python bench/bench_plateau_parse.py [--repeats 5] [--big-mb 200] [--no-peer]`` prints JSON.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lxml import etree  # noqa: E402

from jobs.feedback import Feedback  # noqa: E402
from plateau_import.cache import ParseCache  # noqa: E402
from plateau_import.data import PlateauData, iter_file_frames, read_plateau  # noqa: E402
from plateau_import.reader import Candidate, find_citygml, parse_candidate  # noqa: E402

PLATEAU = REPO.parent / "shared" / "data" / "plateau"
PEER_PYTHON = Path("/tmp/plateaukit-venv/bin/python")


def median_seconds(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_pass(paths: list[Path]) -> None:
    for path in paths:
        for _, element in etree.iterparse(str(path), events=("end",)):
            element.clear()


def parse_only(candidates: list[Candidate]) -> None:
    for candidate in candidates:
        assert parse_candidate(candidate).raw is not None


def tables(paths: list[Path]) -> None:
    list(iter_file_frames(paths, Feedback(), use_cache=False, workers=1))


def figures(seconds: float, megabytes: float, floor: float) -> dict[str, float]:
    return {"median_s": round(seconds, 4), "ms_per_mb": round(1000 * seconds / megabytes, 2), "ratio_to_bare": round(seconds / floor, 2)}


def bench_real(repeats: int, peer: bool) -> dict[str, object]:
    paths = sorted(PLATEAU.rglob("*.gml"))
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    candidates = find_citygml(paths, Feedback())
    bare = median_seconds(lambda: bare_pass(paths), repeats)
    out: dict[str, object] = {"files": len(paths), "mb": round(megabytes, 2), "bare_iterparse": figures(bare, megabytes, bare)}
    out["ours_parse"] = figures(median_seconds(lambda: parse_only(candidates), repeats), megabytes, bare)
    out["ours_tables"] = figures(median_seconds(lambda: tables(paths), repeats), megabytes, bare)
    with tempfile.TemporaryDirectory() as tmp:
        raws = [parse_candidate(c).raw for c in candidates]

        def write() -> None:
            cache = ParseCache(Path(tmp) / f"w{time.perf_counter_ns()}")
            for i, raw in enumerate(raws):
                cache.store(str(i), raw)

        out["cache_write_s"] = round(median_seconds(write, repeats), 4)
        read_plateau(paths, cache_dir=Path(tmp) / "r", workers=1)
        out["second_open_from_cache_s"] = round(median_seconds(lambda: read_plateau(paths, cache_dir=Path(tmp) / "r"), repeats), 4)
        data = read_plateau(paths, cache_dir=Path(tmp) / "r")
    shunan = PlateauData(data.buildings[data.buildings["building_id"].str.startswith("35215")], data.risks,
                         data.hazard_areas, data.roads, data.surfaces3d)  # fmt: skip
    out["reproject_to_zone_s"] = round(median_seconds(lambda: shunan.buildings_in_zone(), repeats), 4)
    if peer:
        out["plateaukit"] = run_peer(paths, repeats, bare, megabytes)
    return out


def run_peer(paths: list[Path], repeats: int, bare: float, megabytes: float) -> dict[str, object]:
    """plateaukit's parser over ``paths`` (its own venv); the ratio is plateaukit / ours."""
    if not PEER_PYTHON.exists():
        return {"error": f"{PEER_PYTHON} not found: pip install plateaukit into /tmp/plateaukit-venv"}
    probe = REPO / "bench" / "plateau_plateaukit_probe.py"
    result = subprocess.run([str(PEER_PYTHON), str(probe), str(repeats), *map(str, paths)], capture_output=True, text=True, timeout=3600)
    if result.returncode:
        return {"error": result.stderr[-500:]}
    per_file = json.loads(result.stdout)
    seconds = sum(v["median_s"] for v in per_file.values())
    return {
        **figures(seconds, megabytes, bare),
        "objects": {Path(k).name: v["objects"] for k, v in per_file.items()},
        "errors": {Path(k).name: v["error"] for k, v in per_file.items() if v["error"]},
    }


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from jobs.feedback import Feedback
from plateau_import.data import iter_file_frames
start = time.perf_counter()
(tables,) = iter_file_frames([{path!r}], Feedback(), use_cache=False, workers=1)
seconds = time.perf_counter() - start
print(json.dumps({{"s": seconds, "buildings": len(tables.buildings), "risks": len(tables.risks),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def bench_big(megabytes_target: float, repeats: int, peer: bool) -> dict[str, object]:
    from bench.plateau_generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "51310000_bldg_6697_op.gml"
        buildings = generate(path, megabytes_target)
        megabytes = path.stat().st_size / 1e6
        bare = median_seconds(lambda: bare_pass([path]), max(1, repeats // 2))
        runs = []
        for _ in range(max(1, repeats // 2)):
            child = subprocess.run([sys.executable, "-c", _CHILD.format(repo=str(REPO), path=str(path))], capture_output=True, text=True, check=True)
            runs.append(json.loads(child.stdout))
        seconds = statistics.median(r["s"] for r in runs)
        out: dict[str, object] = {
            "mb": round(megabytes, 1),
            "buildings": buildings,
            "risk_entries": runs[0]["risks"],
            "bare_iterparse": figures(bare, megabytes, bare),
            "ours_tables": figures(seconds, megabytes, bare),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs), 1),
        }
        out["parallel"] = bench_parallel(path, Path(tmp))
        if peer:
            out["plateaukit"] = run_peer([path], 1, bare, megabytes)
    return out


def bench_parallel(big: Path, tmp: Path) -> dict[str, float]:
    """Two halves of the big file as two files: one worker vs two (no cache)."""
    lines = big.read_text(encoding="utf-8").splitlines(keepends=True)
    head, body, tail = lines[:6], lines[6:-1], lines[-1:]
    halves = [tmp / "a_bldg.gml", tmp / "b_bldg.gml"]
    for half, part in zip(halves, (body[: len(body) // 2], body[len(body) // 2 :])):
        half.write_text("".join(head + part + tail), encoding="utf-8")
    one = median_seconds(lambda: list(iter_file_frames(halves, Feedback(), use_cache=False, workers=1)), 1)
    two = median_seconds(lambda: list(iter_file_frames(halves, Feedback(), use_cache=False, workers=2)), 1)
    return {"one_worker_s": round(one, 3), "two_workers_s": round(two, 3), "speedup": round(one / two, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--big-mb", type=float, default=200.0, help="size of the generated file (0: skip)")
    parser.add_argument("--no-peer", action="store_true", help="skip plateaukit")
    args = parser.parse_args()
    result: dict[str, object] = {"real_files": bench_real(args.repeats, not args.no_peer)}
    if args.big_mb > 0:
        result["generated_bldg"] = bench_big(args.big_mb, args.repeats, not args.no_peer)
    result["bench_process_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
