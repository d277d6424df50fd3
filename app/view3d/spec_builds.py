"""Layer and drill specs for the 3D view, built off the GUI thread (:class:`app.background.Background`).

A city's 150,000 buildings take about a second to turn into deck.gl arrays
(:func:`layers.deck.layer_spec`), a drill's flood areas drawn from a hazard grid a while to
triangulate; built on the GUI thread that froze the window. Each result carries the version it
was asked for, so the view drops a result a newer change has made stale.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def build_specs(jobs: list[tuple[Layer, str, int]], scenario: Scenario) -> list[Built]:
    """The specs of ``(layer, layer_id, version)`` jobs; a layer that cannot be drawn gets its
    error in its :class:`Built` (so this never raises and every job is answered)."""
    results = []
    for layer, layer_id, version in jobs:
        try:
            results.append(Built(layer, version, scenario, build_spec(layer, layer_id, scenario)))
        except Exception as exc:  # any layer that cannot be drawn is reported, never a crash
            results.append(Built(layer, version, scenario, None, exc))
    return results


def build_drill(trips: Trips, floods: FloodTimes) -> tuple[LayerSpec, LayerSpec]:
    """A drill's trails-and-positions and flood-areas specs."""
    return trips_spec(trips, "drill-trips"), floods_spec(floods, "drill-floods")
