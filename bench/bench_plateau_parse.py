"""Benchmark of the PLATEAU importer: bare lxml pass vs ours (vs plateaukit), ratios from one run.

Spans (DESIGN.md): *parse* = file bytes → attributes, risk entries and footprints in lon/lat
(:func:`plateau_import.reader.parse_candidate`); *tables* = parse + codelists + GeoDataFrames
(:func:`plateau_import.data.iter_file_frames`, no cache). The floor is a bare
``lxml.etree.iterparse`` pass (every end event, ``clear()``) over the same bytes.

Data sets: every GML in ../shared/data/plateau, and a generated ~200 MB LOD1 bldg file
(bench/plateau_generate.py, written to a temporary folder and deleted). Bare, parse and tables
runs alternate within each repeat (the machine is shared; drift hits all three alike) and
medians are reported. Each run on the generated file is a child process, so its peak RSS
(``resource.getrusage``) is that run's alone. Parallel: two generated files of half the size,
tables with one worker vs two, wall and CPU seconds, the load average, and as a control
``machine_speedup``: two independent processes parsing the two files at once vs one after the
other (what the machine grants a second process at that moment; other sessions share the cores). ``--callgrind`` adds instruction counts per
MB (valgrind; noise-free, slow) for bare vs parse on the real files. plateaukit runs in the
throw-away venv /tmp/plateaukit-venv when it exists (never a project dependency).

``python bench/bench_plateau_parse.py [--repeats 5] [--big-mb 200] [--no-peer] [--callgrind]`` prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lxml import etree  # noqa: E402

from bench.plateau_generate import generate  # noqa: E402
from jobs.feedback import Feedback  # noqa: E402
from plateau_import.data import iter_file_frames  # noqa: E402
from plateau_import.reader import Candidate, find_citygml, parse_candidate  # noqa: E402

PLATEAU = REPO.parent / "shared" / "data" / "plateau"
PEER_PYTHON = Path("/tmp/plateaukit-venv/bin/python")
MODES = ("bare", "parse", "tables")


def bare_pass(paths: list[Path]) -> None:
    for path in paths:
        for _, element in etree.iterparse(str(path), events=("end",)):
            element.clear()


def parse_only(paths: list[Path]) -> None:
    for candidate in _candidates(tuple(paths)):
        assert parse_candidate(candidate).raw is not None


@lru_cache(maxsize=4)
def _candidates(paths: tuple[Path, ...]) -> list[Candidate]:
    """Found (sniffed) once: the parse span starts at the file's bytes."""
    return find_citygml(paths, Feedback())


def tables(paths: list[Path], workers: int = 1) -> None:
    list(iter_file_frames(paths, Feedback(), use_cache=False, workers=workers))


RUNNERS: dict[str, Callable[[list[Path]], None]] = {"bare": bare_pass, "parse": parse_only, "tables": tables}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summarize(times: dict[str, list[float]], megabytes: float) -> dict[str, object]:
    """Median ms/MB per mode and each mode's median over bare's median."""
    medians = {mode: statistics.median(ts) for mode, ts in times.items()}
    return {
        mode: {"median_s": round(s, 4), "ms_per_mb": round(1000 * s / megabytes, 2), "ratio_to_bare": round(s / medians["bare"], 2)}
        for mode, s in medians.items()
    }


def bench_real(repeats: int, peer: bool, callgrind: bool) -> dict[str, object]:
    paths = sorted(PLATEAU.rglob("*.gml"))
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    for mode in MODES:  # warm-up: imports, codelist and CRS caches, page cache
        RUNNERS[mode](paths)
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    for _ in range(repeats):
        for mode in MODES:
            times[mode].append(timed(lambda: RUNNERS[mode](paths)))
    out: dict[str, object] = {"files": len(paths), "mb": round(megabytes, 2), **summarize(times, megabytes)}
    out["peak_rss_mb"] = child_run("tables", paths)["peak_rss_mb"]
    if callgrind:
        out["callgrind"] = instructions(paths, megabytes)
    if peer:
        out["plateaukit"] = run_peer(paths, repeats, statistics.median(times["bare"]), megabytes)
    return out


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from bench.bench_plateau_parse import RUNNERS
paths = [Path(p) for p in {paths!r}]
start = time.perf_counter()
RUNNERS[{mode!r}](paths)
print(json.dumps({{"s": time.perf_counter() - start, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def child_run(mode: str, paths: list[Path]) -> dict[str, float]:
    """One ``mode`` run in a fresh process: its seconds and its peak RSS (MB)."""
    code = _CHILD.format(repo=str(REPO), paths=[str(p) for p in paths], mode=mode)
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(child.stdout)
    return result


def instructions(paths: list[Path], megabytes: float) -> dict[str, object]:
    """Instructions per MB (callgrind) of bare and parse: a noise-free second ratio.

    Each mode runs once in a child under valgrind; a child that only imports (mode ``none``)
    is subtracted.
    """
    code = "import sys; sys.path.insert(0, {repo!r}); from pathlib import Path; from bench.bench_plateau_parse import RUNNERS\n" \
           "m = {mode!r}\nif m != 'none': RUNNERS[m]([Path(p) for p in {paths!r}])"  # fmt: skip
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("none", "bare", "parse"):
            run = subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", sys.executable, "-c",
                 code.format(repo=str(REPO), mode=mode, paths=[str(p) for p in paths])],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            refs = [line for line in run.stderr.splitlines() if "refs:" in line][-1]
            counts[mode] = int(refs.split()[-1].replace(",", ""))
    bare, ours = counts["bare"] - counts["none"], counts["parse"] - counts["none"]
    return {"bare_minstr_per_mb": round(bare / 1e6 / megabytes), "parse_minstr_per_mb": round(ours / 1e6 / megabytes),
            "ratio": round(ours / bare, 2)}  # fmt: skip


def run_peer(paths: list[Path], repeats: int, bare: float, megabytes: float) -> dict[str, object]:
    """plateaukit's parser over ``paths`` (its own venv); ratios are to our bare pass."""
    if not PEER_PYTHON.exists():
        return {"error": f"{PEER_PYTHON} not found: pip install plateaukit into /tmp/plateaukit-venv"}
    probe = REPO / "bench" / "plateau_plateaukit_probe.py"
    result = subprocess.run([str(PEER_PYTHON), str(probe), str(repeats), *map(str, paths)], capture_output=True, text=True, timeout=3600)
    if result.returncode:
        return {"error": result.stderr[-500:]}
    per_file = json.loads(result.stdout)
    seconds = sum(v["median_s"] for v in per_file.values())
    return {
        "median_s": round(seconds, 4),
        "ms_per_mb": round(1000 * seconds / megabytes, 2),
        "ratio_to_bare": round(seconds / bare, 2),
        "objects": {Path(k).name: v["objects"] for k, v in per_file.items()},
        "errors": {Path(k).name: v["error"] for k, v in per_file.items() if v["error"]},
    }


def bench_big(megabytes_target: float, repeats: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "51310000_bldg_6697_op.gml"
        buildings = generate(path, megabytes_target)
        megabytes = path.stat().st_size / 1e6
        runs: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
        for _ in range(repeats):
            for mode in MODES:
                runs[mode].append(child_run(mode, [path]))
        out: dict[str, object] = {
            "mb": round(megabytes, 1),
            "buildings": buildings,
            "bytes_per_building": round(megabytes * 1e6 / buildings),
            **summarize({mode: [r["s"] for r in rs] for mode, rs in runs.items()}, megabytes),
            "peak_rss_mb": {mode: round(max(r["peak_rss_mb"] for r in rs), 1) for mode, rs in runs.items()},
        }
        path.unlink()
        out["parallel"] = bench_parallel(Path(tmp), megabytes_target / 2, repeats)
    return out


def bench_parallel(tmp: Path, megabytes: float, repeats: int) -> dict[str, object]:
    """Two generated files: tables with one worker vs two (no cache), alternating, medians."""
    paths = [tmp / f"5131000{i}_bldg_6697_op.gml" for i in (1, 2)]
    for seed, path in enumerate(paths, start=2):
        generate(path, megabytes, seed=seed)
    walls: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    loads = []
    for _ in range(max(2, repeats // 2)):
        for workers in (1, 2):
            before = _cpu_seconds()
            walls[workers].append(timed(lambda: tables(paths, workers)))
            cpus[workers].append(_cpu_seconds() - before)
            loads.append(os.getloadavg()[0])
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    sequential = timed(lambda: [child_run("parse", [path]) for path in paths])
    concurrent = timed(lambda: _concurrent_children("parse", paths))
    return {
        "files": len(paths),
        "mb": round(sum(p.stat().st_size for p in paths) / 1e6, 1),
        "one_worker_s": round(one, 3),
        "two_workers_s": round(two, 3),
        "speedup": round(one / two, 2),
        "cpu_s": {"one_worker": round(statistics.median(cpus[1]), 2), "two_workers": round(statistics.median(cpus[2]), 2)},
        "load_average_1min": round(statistics.median(loads), 2),
        "machine_speedup": round(sequential / concurrent, 2),
        "cores": os.cpu_count(),
    }


def _concurrent_children(mode: str, paths: list[Path]) -> None:
    """One independent child process per path, all at once (what the machine allows in parallel)."""
    children = [
        subprocess.Popen([sys.executable, "-c", _CHILD.format(repo=str(REPO), paths=[str(p)], mode=mode)], stdout=subprocess.DEVNULL)
        for p in paths
    ]
    for child in children:
        if child.wait():
            raise RuntimeError(f"{mode} child failed")


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--big-mb", type=float, default=200.0, help="size of the generated file (0: skip)")
    parser.add_argument("--no-peer", action="store_true", help="skip plateaukit")
    parser.add_argument("--callgrind", action="store_true", help="add valgrind instruction counts (slow)")
    args = parser.parse_args()
    result: dict[str, object] = {"real_files": bench_real(args.repeats, not args.no_peer, args.callgrind)}
    if args.big_mb > 0:
        result["generated_bldg"] = bench_big(args.big_mb, max(3, args.repeats // 2 + 1))
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
