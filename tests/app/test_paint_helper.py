"""A big layer's view painted on two cores: the helper process paints the lower part, and the
image is the one a single thread paints, whatever happens to the helper."""

from __future__ import annotations

import gc
import pickle
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtGui import QImage

from app.map2d import paint_helper
from app.map2d.paint_helper import LayerCopy, PaintHelper, PaintJob, PartDone, SharedPixels, SplitBalance
from app.map2d.vector_item import SPLIT_FEATURES, VectorItem
from app.map2d.viewport import Viewport
from layers import VectorLayer
from layers.styles import VectorStyle, flood_rank_style

SIDE = 64
"""A 64 × 64 grid of buildings: more than SPLIT_FEATURES in one view."""
VIEW = Viewport(width=640, height=480).fitted((0.0, 0.0, SIDE * 10.0, SIDE * 10.0), margin=0.02)


def town() -> VectorLayer:
    """Square buildings 7 m wide on a 10 m grid (none overlap, so no drawing order is in
    question), every fifth with a courtyard; flood ranks 0–6 by position."""
    cols, rows = np.meshgrid(np.arange(SIDE), np.arange(SIDE))
    x, y = cols.ravel() * 10.0, rows.ravel() * 10.0
    shapes = shapely.box(x, y, x + 7, y + 7)
    yards = np.arange(len(shapes)) % 5 == 0
    shapes[yards] = shapely.difference(shapes[yards], shapely.box(x[yards] + 2, y[yards] + 2, x[yards] + 5, y[yards] + 5))
    frame = gpd.GeoDataFrame({"rank": (cols + 2 * rows).ravel() % 7}, geometry=shapes, crs=6671)
    return VectorLayer(frame, name="建物", kind="buildings", style=flood_rank_style("rank"))


@pytest.fixture
def helper(monkeypatch: pytest.MonkeyPatch) -> Iterator[PaintHelper]:
    started = PaintHelper()
    monkeypatch.setattr(paint_helper, "shared", lambda: started)
    assert started.wait_ready(60), "the paint helper did not start"
    yield started
    started.close()


def one_core(layer: VectorLayer, ratio: float = 1.0) -> QImage:
    item = VectorItem(layer, "EPSG:6671")
    item._in_view = 0  # never split
    return item.image(VIEW, ratio).copy()


def split_draws(helper: PaintHelper, item: VectorItem, draws: int, ratio: float = 1.0) -> tuple[QImage, list[PartDone | None]]:
    """The last of ``draws`` whole-view draws by ``item``, and what the helper reported for each
    part it was asked for (None: it failed)."""
    replies: list[PartDone | None] = []
    receive = helper.receive

    def recorded() -> PartDone | None:
        replies.append(receive())
        return replies[-1]

    helper.receive = recorded  # type: ignore[method-assign]
    try:
        for _ in range(draws):
            item.invalidate()
            image = item.image(VIEW, ratio).copy()
    finally:
        del helper.receive
    return image, replies


def painted_by_two(layer: VectorLayer, helper: PaintHelper, ratio: float = 1.0) -> tuple[QImage, list[PartDone | None]]:
    """The view drawn twice by a new drawer: the first draw counts the features, the second splits."""
    return split_draws(helper, VectorItem(layer, "EPSG:6671"), 2, ratio)


def test_the_helper_paints_the_lower_part_and_the_image_is_the_one_core_image(helper: PaintHelper) -> None:
    layer = town()
    item = VectorItem(layer, "EPSG:6671")
    image, replies = split_draws(helper, item, 2)
    assert len(replies) == 1 and replies[0] is not None, "the second whole-view draw was not split"
    assert SPLIT_FEATURES <= SIDE * SIDE and 0 < replies[0].features < SIDE * SIDE
    assert image == one_core(layer)
    painted = [shared for shared in item._shared_images._pair if not shared.pixels._named]
    assert len(painted) == 1 and not Path(painted[0].pixels.path).exists(), "the shared file kept its name"


def test_the_helper_lets_go_of_the_images_of_a_window_size_no_longer_shown(helper: PaintHelper) -> None:
    """Each window size gets its own pair of shared images; the helper unmaps those dropped."""
    item = VectorItem(town(), "EPSG:6671")
    for width in (640, 600, 560, 520, 640):
        view = Viewport(VIEW.cx, VIEW.cy, VIEW.scale, width, 480)
        for _ in range(3):
            item.invalidate()
            item.image(view)
        gc.collect()
    item.invalidate()
    item.image(view)
    maps = Path(f"/proc/{helper._process.pid}/maps").read_text()
    files = {line.split()[-2] if line.endswith("(deleted)") else line.split()[-1] for line in maps.splitlines() if "nigezero-map-" in line}
    assert 1 <= len(files) <= 4, files  # this size's pair, the last size's until the next part


def test_on_a_high_dpi_screen_the_parts_meet_on_a_device_pixel(helper: PaintHelper) -> None:
    layer = town()
    image, replies = painted_by_two(layer, helper, ratio=1.5)
    assert replies[0] is not None
    assert image == one_core(layer, ratio=1.5)


def test_after_a_style_change_the_helper_paints_the_new_colours(helper: PaintHelper) -> None:
    layer = town()
    item = VectorItem(layer, "EPSG:6671")
    item.image(VIEW)
    item.invalidate()
    item.image(VIEW)  # the helper now holds the layer with its flood-rank colours
    layer.style = VectorStyle(color=(30, 140, 60, 255))
    item.invalidate()
    assert item.image(VIEW) == one_core(layer)


def test_a_part_the_helper_cannot_paint_is_painted_here_and_the_layer_sent_again(helper: PaintHelper) -> None:
    layer = town()
    item = VectorItem(layer, "EPSG:6671")
    split_draws(helper, item, 2)  # the helper now holds the layer
    helper._conn.send(("forget", item._copy_key))  # and loses it behind the client's back
    image, replies = split_draws(helper, item, 1)
    assert replies == [None]
    assert image == one_core(layer)
    image, replies = split_draws(helper, item, 1)
    assert replies[0] is not None, "the layer was not sent again"
    assert image == one_core(layer)


def test_when_the_helper_dies_the_caller_paints_everything_and_stops_asking_it(helper: PaintHelper) -> None:
    layer = town()
    painted_by_two(layer, helper)
    helper._process.kill()
    helper._process.wait()
    image, replies = painted_by_two(layer, helper)
    assert replies in ([], [None]), "a dead helper's part was used"
    assert image == one_core(layer)
    assert not helper.wait_ready(0)
    _, later = painted_by_two(layer, helper)
    assert later == [], "a failed helper was asked again"


def test_a_layer_copy_travels_with_its_index() -> None:
    arrays = town().arrays("EPSG:6671")
    copy = LayerCopy("EPSG:6671", "polygon", VectorStyle(), np.zeros(len(arrays), dtype=np.int16), arrays)
    received = pickle.loads(pickle.dumps(copy))
    box = (95.0, 195.0, 305.0, 262.0)
    assert np.array_equal(np.sort(received.arrays("EPSG:6671").in_box(*box)), np.sort(arrays.in_box(*box)))


def test_the_split_moves_towards_the_side_that_was_faster() -> None:
    balance = SplitBalance()
    balance.update(mine_ms=8.0, theirs_ms=4.0)  # this thread took twice as long for the same share
    assert balance.share == pytest.approx((0.5 + 1 / 3) / 2)
    for _ in range(20):
        share = balance.share
        balance.update(mine_ms=12.0 * share, theirs_ms=6.0 * (1 - share))  # uneven work per row
    assert balance.share == pytest.approx(1 / 3, abs=1e-3)
    assert balance.row(Viewport(width=100, height=100), 1.5) * 1.5 == pytest.approx(50.0)


def test_the_helper_is_timed_from_the_request_to_its_part_done_on_the_shared_clock() -> None:
    """Its start-up and hand-over count against it (they delay the frame as its painting does),
    unless the two processes' clocks disagree; then its own painting time is all there is."""
    job = PaintJob(PaintHelper.__new__(PaintHelper), VIEW, SharedPixels(4), 240.0)
    assert job.helper_ms(PartDone(ms=3.0, features=10, done_at=job.asked_at + 0.0045)) == pytest.approx(4.5)
    assert job.helper_ms(PartDone(ms=3.0, features=10, done_at=job.asked_at + 0.001)) == 3.0, "done before it could have been"
    assert job.helper_ms(PartDone(ms=3.0, features=10, done_at=job.asked_at + 3600)) == 3.0, "an hour later: another clock"



def test_pans_between_split_frames_move_the_shared_image_they_were_painted_into(helper: PaintHelper) -> None:
    """The two shared images take turns: a pan draws the last one moved into the other, a full
    draw after it splits again; each frame is what one core draws of its view."""
    layer = town()
    item = VectorItem(layer, "EPSG:6671")
    split_draws(helper, item, 2)
    view = VIEW
    for dx, dy, whole in ((37, -20, False), (-12, 9, False), (0, 0, True), (25, 31, False)):
        view = view.panned(dx, dy)
        if whole:
            item.invalidate()
        image = item.image(view).copy()
        fresh = VectorItem(layer, "EPSG:6671")
        fresh._in_view = 0
        expected = fresh.image(view)
        differ = sum(image.pixel(x, y) != expected.pixel(x, y) for x in range(0, 640, 2) for y in range(0, 480, 2))
        assert differ < 0.002 * 320 * 240, f"{differ} pixels differ after a pan by {dx}, {dy}"
