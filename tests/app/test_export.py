"""Exports of the demo map: the screen PNG and print images (A4/A3) with legend and 出典."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.export.dialog import ExportDialog, export_print
from app.export.print_image import PrintSpec
from app.main_window import MainWindow
from hazards.ranks import DEPTH_RANKS

SCREENS = Path("/tmp/nigezero-screens")


@pytest.fixture
def window(demo_window) -> MainWindow:
    return demo_window(1280, 820)


def colours(image: QImage, step: int) -> set[tuple[int, int, int]]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return {image.pixelColor(x, y).getRgb()[:3] for x in range(0, image.width(), step) for y in range(0, image.height(), step)}  # type: ignore[misc]


def test_the_screen_png_has_the_canvas_size_and_the_map(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "view.png"
    assert window.export_png(path)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (window.canvas.width(), window.canvas.height())
    assert len(colours(image, 3)) > 30


@pytest.mark.parametrize(("page", "dpi", "size"), [("A4", 300, (3508, 2480)), ("A3", 150, (2480, 1754))])
def test_the_print_image_has_the_page_size_legend_and_flood_colours(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, page: str, dpi: int, size: tuple[int, int]
) -> None:
    path = tmp_path / f"nigezero-print-{page}-{dpi}dpi.png"
    runner = export_print(window, window, path, PrintSpec(page, dpi, "洪水浸水想定 (デモ)", "2026-06-03"))
    with qtbot.waitSignal(runner.finished, timeout=60_000):
        pass
    image = QImage(str(path))
    assert (image.width(), image.height()) == size
    seen = colours(image, 4)
    assert {band.colour for band in DEPTH_RANKS[:3]} <= seen  # map and legend swatches
    assert len(seen) > 40
    right_column = image.copy(round(size[0] * 0.78), 0, round(size[0] * 0.2), size[1])
    assert len(colours(right_column, 4)) > 10  # the legend is drawn, not blank
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENS / path.name)


def test_a_print_into_a_missing_folder_reports_the_file(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "map.png"
    errors: list[tuple[str, str]] = []
    window.show_error = lambda title, text: errors.append((title, text))  # type: ignore[method-assign]
    runner = export_print(window, window, path, PrintSpec("A4", 72))
    with qtbot.waitSignal(runner.failed, timeout=60_000):
        pass
    assert errors and str(path) in errors[0][1] and "Traceback" not in errors[0][1]


def test_the_dialog_offers_screen_and_print_choices(qtbot: QtBot) -> None:
    dialog = ExportDialog("山口市")
    qtbot.addWidget(dialog)
    assert dialog.spec() is None
    dialog.kind.setCurrentIndex(2)
    spec = dialog.spec()
    assert spec is not None and (spec.page, spec.dpi, spec.title) == ("A3", 300, "山口市")
    assert spec.pixel_size() == (4961, 3508)
