"""Parameters several jobs share, worded once so every command's --help says them alike."""

from __future__ import annotations

from jobs.base import Param

PROJECT = Param("store", ("プロジェクトファイル", "project file"), required=True, kind="path", metavar="FILE")
"""An existing project file (reports open it read-only)."""
NEW_PROJECT = Param("store", ("プロジェクトファイル (なければ作成)", "project file (created if absent)"), required=True, kind="path", metavar="STORE")
"""A project file an import writes to, created when absent."""
STAFF = Param("staff", ("操作した職員名 (監査記録用; OS ユーザーも記録)", "staff name for the audit trail (the OS user is recorded too)"), default="")
WITH_NAMES = Param("with_names", ("氏名・ふりがな・住所も出力する", "also print name, kana and address"), kind="bool")
