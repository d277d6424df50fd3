"""表示 → 背景地図 (XYZ タイル)…: add an optional tile base map, remembered between sessions.

No URL is built in: a municipality chooses its tile source (地理院タイル, its own server) and
its licence. The last template is kept in ``QSettings`` so the next session offers it again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from i18n import t
from layers.errors import LayerValueError
from layers.project import Project
from layers.tiles import TileLayer
from workspace.loaders import load_tiles

SETTINGS_KEY = "map2d/tile_url_template"
EXAMPLE = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"


def ask_tile_layer(parent: QWidget, project: Project, show_error: Callable[[str, str], object]) -> TileLayer | None:
    """Ask for a URL template and add the tile layer under everything; None when cancelled or
    when the template is not an http(s) URL with ``{z}``, ``{x}`` and ``{y}`` (then
    ``show_error(title, text)`` says what was given and shows an example)."""
    settings = QSettings("nigezero", "nigezero")
    previous = str(settings.value(SETTINGS_KEY, "") or "")
    text, ok = QInputDialog.getText(
        parent,
        t("背景地図 (XYZ タイル)", "Base map (XYZ tiles)"),
        t("タイルURLのテンプレート (例 {e})\nオフラインでもほかの機能は使えます。取得したタイルはキャッシュされます。",
          "Tile URL template (e.g. {e})\nEverything else works offline; fetched tiles are cached.", e=EXAMPLE),
        QLineEdit.EchoMode.Normal,
        previous,
    )  # fmt: skip
    if not ok or not text.strip():
        return None
    try:
        layer = load_tiles(text.strip())
    except LayerValueError as exc:
        show_error(t("背景地図を追加できませんでした", "Could not add the base map"), str(exc))
        return None
    settings.setValue(SETTINGS_KEY, layer.url_template)
    project.add(layer)
    return layer

