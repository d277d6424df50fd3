"""Start the desktop app: ``python main.py [--lang ja|en] [--project DIR] [--demo-dir DIR]``.

The window is shown first; the data (the demo, generated on first start, or ``--project``)
is read off the GUI thread and the layers appear as they are ready.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

import i18n
from app.main_window import MainWindow
from app.view3d import register_scheme
from i18n import t
from workspace import default_demo_dir

BASE_POINT_SIZE = 11
"""Never smaller than 11 pt: many users are older staff and community leaders."""
JAPANESE_FONTS = ("IPAexGothic", "IPAexゴシック", "Noto Sans CJK JP", "Yu Gothic UI", "Meiryo", "Hiragino Sans")
"""Preferred UI families, first installed wins (IPAexGothic ships with the Debian set-up)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python main.py", description=t("逃げ遅れゼロ デスクトップアプリ", "Nigezero desktop app"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="ja", help=t("表示言語 (既定: ja)", "UI language (default: ja)"))
    parser.add_argument(
        "--project",
        type=Path,
        help=t(
            "開くデータフォルダ (デモと同じ構成: plateau/ hazard/ river/ shelters/ residents/)",
            "data folder to open (laid out like the demo: plateau/ hazard/ river/ shelters/ residents/)",
        ),
    )
    parser.add_argument(
        "--demo-dir",
        type=Path,
        help=t("デモデータの場所 (無ければそこに生成)", "where the demo data lives (generated there if absent)"),
    )
    parser.add_argument(
        "--exit-when-loaded",
        action="store_true",
        help=t(
            "レイヤーを描画したら終了 (起動時間の計測・動作確認用。失敗時は終了コード 1)",
            "quit once the layers are drawn (for start-up benchmarks and smoke checks; exit code 1 on failure)",
        ),
    )
    return parser


def apply_font(app: QApplication) -> QFont:
    """Use a Japanese-capable family at ≥ :data:`BASE_POINT_SIZE` pt for the whole UI."""
    installed = set(QFontDatabase.families())
    font = QFont(app.font())
    family = next((f for f in JAPANESE_FONTS if f in installed), None)
    if family is not None:
        font.setFamily(family)
    font.setPointSizeF(max(BASE_POINT_SIZE, font.pointSizeF()))
    app.setFont(font)
    return font


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app until its window closes; return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=i18n.LANGUAGES, default="ja")
    i18n.set_language(language.parse_known_args(args_list)[0].lang)  # so --help speaks it too
    args = build_parser().parse_args(args_list)
    register_scheme()  # app:// for the 3D view: only possible before the QApplication exists
    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_font(app)
    if args.project is not None and not args.project.is_dir():
        QMessageBox.warning(
            None,
            t("フォルダが見つかりません", "Folder not found"),
            t("{p}\nデータフォルダ (plateau/ などを含むフォルダ) を指定してください。",
              "{p}\nGive a data folder (one holding plateau/ and the like).", p=args.project),
        )  # fmt: skip
        return 2
    window = MainWindow()
    window.showMaximized()
    if args.exit_when_loaded:
        window.loading_done.connect(lambda count: _exit_when_drawn(app, window, count))
    folder = args.project or args.demo_dir or default_demo_dir()
    QTimer.singleShot(0, lambda: window.open_folder(folder))
    return app.exec()


def _exit_when_drawn(app: QApplication, window: MainWindow, count: int) -> None:
    """Draw the loaded layers now, say so on stdout (benchmarks wait for it), and quit."""
    window.canvas.render_now()
    window.canvas.repaint()
    print(f"drawn {count} layers", flush=True)
    app.exit(0 if count else 1)
