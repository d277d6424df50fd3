"""Parse a JSON input read as bytes, with one message for every reader that gets broken JSON.

Readers raise their own error class (a feed's ``FeedFormatError``, weather's ``MalformedInputError``)
so their callers keep telling the kinds apart; the words, and where in the file, are the same.
"""

from __future__ import annotations

import json
from typing import Any

from i18n import t


def parse_json_bytes(data: bytes, error: type[Exception]) -> Any:
    """The document in ``data`` (UTF-8, a BOM allowed); ``error`` with the line and column when broken."""
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise error(t("JSON が UTF-8 ではありません: {e}", "JSON is not UTF-8: {e}", e=exc)) from None
    except json.JSONDecodeError as exc:
        raise error(
            t(
                "JSON が壊れているか途中で切れています ({line} 行 {col} 列): {m}",
                "broken or truncated JSON (line {line}, column {col}): {m}",
                line=exc.lineno,
                col=exc.colno,
                m=exc.msg,
            )
        ) from None
