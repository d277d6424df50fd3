"""Jobs of the demo package: write the synthetic demo data set to a folder."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from demo.generate import DEFAULT_SEED, generate_demo
from jobs.base import Job, Param, Record
from jobs.feedback import Feedback


class DemoGenerateJob(Job):
    id = "demo-generate"
    title = ("デモデータを生成", "Generate the demo data")
    description = (
        "山口市湯田温泉付近の合成デモデータ (PLATEAU CityGML, 浸水深 GeoTIFF, 水位, 避難所, 架空の要支援者) をフォルダに書き出します。",
        "Write the synthetic demo data set near Yuda Onsen, Yamaguchi City (PLATEAU CityGML, flood-depth GeoTIFF, "
        "river levels, shelters, fictional residents) to a folder.",
    )
    params = (
        Param("out", ("出力先フォルダ", "output folder"), positional=True, kind="path"),
        Param("seed", ("乱数の種 (同じ種なら同じデータ)", "random seed (same seed, same data)"), kind="int", default=DEFAULT_SEED),
    )
    example = "python main.py demo-generate /tmp/nigezero-demo"

    def run(self, values: Mapping[str, Any], feedback: Feedback) -> Iterator[Record]:
        manifest = generate_demo(Path(values["out"]), seed=values["seed"], feedback=feedback)
        for item in manifest.files:
            yield {"file": str(item.path), "kind": item.kind, "bytes": item.size}
