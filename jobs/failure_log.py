"""Unexpected failures logged without their messages.

A message may quote the data that failed (a name or a birth date from a roster row, an address),
and personal data never goes into logs. What a developer needs to find the fault is the
exception's type and where it was raised: the file, line and code of every frame.
"""

from __future__ import annotations

import logging
import traceback


def log_failure(log: logging.Logger, what: str, error: BaseException) -> None:
    """Log ``what`` failed with ``error``'s type and traceback frames, not its message."""
    frames = "".join(traceback.format_tb(error.__traceback__)).rstrip()
    log.error("%s: %s (message left out: it may quote personal data)\n%s", what, type(error).__name__, frames)
