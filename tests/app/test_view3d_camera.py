"""2D viewport ↔ deck.gl view state (plain maths, no widgets)."""

from __future__ import annotations

import math

import pytest

from app.map2d.viewport import Viewport
from app.view3d.camera import EQUATOR_M, view_state_for, viewport_for

ZONE_III = "EPSG:6671"


def test_one_metre_per_pixel_in_yamaguchi_is_zoom_about_16() -> None:
    state = view_state_for(Viewport(cx=-64_227.0, cy=-202_784.5, scale=1.0, width=800, height=600), ZONE_III)
    assert state["longitude"] == pytest.approx(131.47) and state["latitude"] == pytest.approx(34.17)
    expected = math.log2(EQUATOR_M * math.cos(math.radians(state["latitude"])) / 512)
    assert state["zoom"] == pytest.approx(expected) and 15.9 < state["zoom"] < 16.1
    assert state["pitch"] == 45.0 and state["bearing"] == 0.0


def test_round_trip_keeps_centre_and_scale_and_the_3d_tilt_stays_in_3d() -> None:
    view = Viewport(cx=-63_234.5, cy=-201_890.1, scale=3.7, width=1000, height=700)
    state = view_state_for(view, ZONE_III, pitch=30.0, bearing=15.0)
    back = viewport_for(state, ZONE_III, Viewport(width=640, height=480))
    assert (back.cx, back.cy, back.scale) == pytest.approx((view.cx, view.cy, view.scale), abs=1e-6)
    assert (back.width, back.height) == (640, 480)
    assert (state["pitch"], state["bearing"]) == (30.0, 15.0)
