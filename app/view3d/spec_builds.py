"""Layer and drill specs for the 3D view built off the GUI thread.

A city's 150,000 buildings take about a second to turn into deck.gl arrays
(:func:`layers.deck.layer_spec`), a drill's flood areas drawn from a hazard grid a while to
triangulate; built on the GUI thread that froze the window. Each batch runs on a plain
``threading.Thread`` (not ``QThreadPool``: see docs/ARCHITECTURE.md) and comes back through a
signal queued to the GUI thread. Each result carries the version it was asked for, so the view
drops a result a newer change has made stale.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from layers.base import Layer
from layers.deck import WORST, FloodTimes, LayerSpec, Scenario, Trips, floods_spec, layer_colors, layer_spec, trips_spec
from layers.vector import VectorLayer


@dataclass(frozen=True)
class Built:
    """One layer's spec (or why it could not be built) for its ``version``, coloured by ``scenario``."""

    layer: Layer
    version: int
    scenario: Scenario
    spec: LayerSpec | None
    error: Exception | None = None


def build_spec(layer: Layer, layer_id: str, scenario: Scenario) -> LayerSpec:
    """The layer's spec as the view draws it: buildings coloured by ``scenario``."""
    spec = layer_spec(layer, layer_id)
    if isinstance(layer, VectorLayer) and layer.kind == "buildings" and scenario != WORST:
        spec = spec.with_colors(layer_colors(layer, scenario))
    return spec


class SpecBuilds(QObject):
    """Starts batches and reports each batch's :class:`Built` list on ``done`` (GUI thread).

    It has no Qt parent: a worker thread holds it, so a report after the view has gone still has
    somewhere to go (its connection to the view is gone with the view).
    """

    done = Signal(list)
    drill_done = Signal(int, object)
    """A drill's version and its (trips, floods) specs, or the exception that stopped them."""

    def start(self, jobs: list[tuple[Layer, str, int]], scenario: Scenario) -> None:
        """Build ``(layer, layer_id, version)`` specs on a new thread."""
        threading.Thread(target=self._run, args=(jobs, scenario), name="3D specs", daemon=True).start()

    def _run(self, jobs: list[tuple[Layer, str, int]], scenario: Scenario) -> None:
        results = []
        for layer, layer_id, version in jobs:
            try:
                results.append(Built(layer, version, scenario, build_spec(layer, layer_id, scenario)))
            except Exception as exc:  # any layer that cannot be drawn is reported, never a crash
                results.append(Built(layer, version, scenario, None, exc))
        self.done.emit(results)

    def start_drill(self, version: int, trips: Trips, floods: FloodTimes) -> None:
        """Build a drill's specs on a new thread; reported on ``drill_done``."""
        threading.Thread(target=self._run_drill, args=(version, trips, floods), name="3D drill", daemon=True).start()

    def _run_drill(self, version: int, trips: Trips, floods: FloodTimes) -> None:
        try:
            result: object = (trips_spec(trips, "drill-trips"), floods_spec(floods, "drill-floods"))
        except Exception as exc:  # reported, never a crash
            result = exc
        self.drill_done.emit(version, result)
