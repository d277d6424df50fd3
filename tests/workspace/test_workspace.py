"""Files → layers → project on the generated demo, without Qt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import workspace.demo as demo_ws
from feeds.gauges import read_gauge_table
from feeds.levels import read_simple_levels
from feeds.status import gauge_status
from jobs.errors import Canceled
from jobs.feedback import Feedback
from layers import Layer, RasterLayer, VectorLayer
from workspace import default_demo_dir, demo_layers, open_demo, prepared
from workspace.demo import DEMO_ATTRIBUTION, ensure_demo
from workspace.loaders import load_gauges

DEMO_KINDS = ["hazard_raster", "hazard_area", "buildings", "gauges", "shelters", "residents"]


def test_open_demo_builds_every_layer_through_the_real_importers(demo_dir: Path) -> None:
    feedback = Feedback()
    project = open_demo(demo_dir, feedback)
    assert not feedback.had_errors, feedback.problems
    assert [layer.kind for layer in project.layers] == DEMO_KINDS
    assert project.crs == "EPSG:6671"
    buildings = next(layer for layer in project.layers if layer.kind == "buildings")
    assert isinstance(buildings, VectorLayer)
    assert len(buildings.data) == 2000
    assert buildings.style.column == "max_flood_rank"
    assert buildings.data["max_flood_rank"].dropna().between(1, 6).all()
    assert isinstance(project.layers[0], RasterLayer) and not project.layers[0].visible
    assert project.attributions(visible_only=False) == [DEMO_ATTRIBUTION]
    lon0, lat0, lon1, lat1 = project.extent()
    assert lon0 < 131.46 < lon1 and lat0 < 34.16 < lat1


def test_gauges_show_the_alert_level_of_their_latest_reading(demo_dir: Path) -> None:
    river = demo_dir / "river"
    layer = load_gauges(river / "gauges.csv", Feedback(), levels_path=river / "levels.csv")
    levels = read_simple_levels(river / "levels.csv").dropna(subset=["level_m"])
    for gauge in read_gauge_table(river / "gauges.csv"):
        latest = levels[levels.station_id == gauge.station_id].sort_values("time").iloc[-1]
        row = layer.data.set_index("station_id").loc[gauge.station_id]
        assert row["level_m"] == latest["level_m"]
        assert row["status"] == gauge_status(latest["level_m"], gauge).status


def test_an_unreadable_file_is_reported_and_the_rest_still_load(demo_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "shelters").mkdir()
    shutil.copy(demo_dir / "shelters" / "shelters.csv", tmp_path / "shelters")
    (tmp_path / "residents").mkdir()
    (tmp_path / "residents" / "residents.csv").write_text("not,a,roster\n", encoding="utf-8")
    feedback = Feedback()
    layers = list(demo_layers(tmp_path, feedback))
    assert [layer.kind for layer in layers] == ["shelters"]
    failed = {Path(p.file).name for p in feedback.problems if p.severity == "error"}
    assert {"residents.csv", "gauges.csv", "flood_depth_L2.tif"} <= failed


def test_cancel_stops_the_demo_load(demo_dir: Path) -> None:
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Canceled):
        list(demo_layers(demo_dir, feedback))


def test_default_demo_dir_is_per_user_and_names_the_generator_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NIGEZERO_DATA_DIR", str(tmp_path))
    folder = default_demo_dir()
    assert folder.parent == tmp_path
    assert folder.name == f"demo-{demo_ws.generator_version()}"


def test_demo_is_generated_once_and_never_left_half_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[Path] = []

    def fake_generate(out: Path, seed: int, feedback: Feedback) -> None:
        calls.append(out)
        out.mkdir(parents=True)
        (out / "README.md").write_text("demo", encoding="utf-8")
        if len(calls) == 2:
            raise Canceled("canceled")

    monkeypatch.setattr(demo_ws, "generate_demo", fake_generate)
    target = tmp_path / "demo-x"
    ensure_demo(target, Feedback())
    ensure_demo(target, Feedback())
    assert (target / "README.md").exists() and len(calls) == 1
    other = tmp_path / "demo-y"
    with pytest.raises(Canceled):
        ensure_demo(other, Feedback())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-x"]


class _Recorder(Layer):
    def __init__(self, name: str, extent: tuple[float, float, float, float] | None) -> None:
        super().__init__(name)
        self._extent = extent
        self.prepared_for: list[str] = []

    @property
    def extent(self) -> tuple[float, float, float, float] | None:
        return self._extent

    def prepare(self, crs: str) -> None:
        self.prepared_for.append(crs)


def test_prepared_picks_the_zone_of_the_first_layer_with_an_extent() -> None:
    empty, yamaguchi, fukuoka = _Recorder("empty", None), _Recorder("y", (131.4, 34.1, 131.5, 34.2)), _Recorder("f", (130.3, 33.5, 130.5, 33.7))
    assert list(prepared([empty, yamaguchi, fukuoka], None)) == [empty, yamaguchi, fukuoka]
    assert (empty.prepared_for, yamaguchi.prepared_for, fukuoka.prepared_for) == ([], ["EPSG:6671"], ["EPSG:6671"])
    list(prepared([empty], "EPSG:6670"))
    assert empty.prepared_for == ["EPSG:6670"]
