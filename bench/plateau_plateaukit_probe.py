"""Run plateaukit's CityGML parser over files and print JSON timings (used by bench_plateau_parse).

Runs inside the throw-away venv /tmp/plateaukit-venv (plateaukit is never a project dependency):
``/tmp/plateaukit-venv/bin/python bench/plateau_plateaukit_probe.py REPEATS FILE...``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def main() -> None:
    from plateaukit.readers.citygml.parsers import PLATEAUCityGMLParser

    repeats, files = int(sys.argv[1]), sys.argv[2:]
    out: dict[str, dict] = {}
    for path in files:
        times, count, error = [], 0, None
        for _ in range(repeats):
            start = time.perf_counter()
            try:
                parser = PLATEAUCityGMLParser(target_epsg=4326, codelist_file_map={})
                with open(path, "rb") as f:
                    count = sum(1 for _ in parser.iterparse(f))
            except Exception as exc:  # a peer failing on a file is a result, not a crash
                error = f"{type(exc).__name__}: {exc}"[:200]
            times.append(time.perf_counter() - start)
        out[path] = {"median_s": statistics.median(times), "objects": count, "error": error}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
