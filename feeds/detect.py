"""Any supported feed, detected from its content (never its name), to :class:`LevelSeries`.

=====================================  ==============================================
content                                reader
=====================================  ==============================================
JSON with ``min10Values``              :mod:`feeds.kawabou` (川の防災情報 10-minute)
JSON with ``items``/``obss`` of gauges :mod:`feeds.crisis` (危機管理型水位計 snapshot)
JSON record(s) with ``data_time``,     :mod:`feeds.kotogawa` (厚東川 monitor)
``river``
CSV with ``station_id,time,level_m``   :mod:`feeds.levels` (simple CSV)
text with 観測所記号 / 日付,時刻 /      :mod:`feeds.hydro_dat` (水文水質DB ``.dat``)
dated rows
=====================================  ==============================================

Text that starts like JSON but does not parse (a truncated download) is a broken feed
(:class:`~feeds.errors.FeedFormatError`); anything else that matches no row (a README, an HTML
page, a lookup table such as ``pref.json``) is not a feed (:class:`~feeds.errors.NotAFeedError`).
Every series passes :func:`feeds.quality.check_quality` before it is returned.
"""

from __future__ import annotations

from typing import Any

from feeds.crisis import is_crisis_snapshot, read_crisis_snapshot
from feeds.csvfile import decode_text
from feeds.errors import FeedFormatError, NotAFeedError
from feeds.hydro_dat import looks_like_dat, read_hydro_dat
from feeds.kawabou import is_kawabou, read_kawabou
from feeds.kotogawa import is_kotogawa, read_kotogawa
from feeds.levels import LEVEL_COLUMNS, levels_from_bytes, simple_series
from feeds.quality import check_quality
from feeds.series import LevelSeries
from i18n import t
from jobs.feedback import Feedback
from jobs.inputs import InputFile
from jobs.json_input import parse_json_bytes


def read_feed(source: InputFile, feedback: Feedback) -> list[LevelSeries]:
    """Read one input file (on disk or in a zip) as a feed; see :func:`read_feed_bytes`."""
    with source.open() as f:
        data = f.read()
    return read_feed_bytes(data, source.label, feedback)


def read_feed_bytes(data: bytes, label: str, feedback: Feedback) -> list[LevelSeries]:
    """Detect the format of ``data`` and read it.

    Parameters
    ----------
    data : bytes
        A whole file or HTTP response body.
    label : str
        How problems name it (path, ``archive.zip!inner``, URL).
    feedback : jobs.feedback.Feedback
        Receives row-level warnings (bad rows, flags, duplicates, spikes).

    Returns
    -------
    list of LevelSeries
        One per gauge, quality-checked.

    Raises
    ------
    NotAFeedError
        If the content is no supported feed.
    FeedFormatError
        If it is one but cannot be read (broken JSON, no data rows, bad encoding).
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        series = _read_json(parse_json_bytes(data, FeedFormatError), label, feedback)
    elif head == b"<":
        raise NotAFeedError(t("HTML/XML で、水位データではありません", "HTML/XML, not a water-level feed"))
    else:
        series = _read_text(data, label, feedback)
    return [check_quality(s, feedback, label) for s in series]


def _read_json(document: Any, label: str, feedback: Feedback) -> list[LevelSeries]:
    if is_kawabou(document):
        return read_kawabou(document, label, feedback)
    if is_crisis_snapshot(document):
        return read_crisis_snapshot(document, label, feedback)
    if is_kotogawa(document):
        return read_kotogawa(document)
    raise NotAFeedError(t("水位データではない JSON です", "JSON that is not a water-level feed"))


def _read_text(data: bytes, label: str, feedback: Feedback) -> list[LevelSeries]:
    not_text = NotAFeedError(t("テキストではありません", "not a text file"))
    if b"\x00" in data[:4096]:
        raise not_text
    try:
        text, _ = decode_text(data, NotAFeedError)
    except NotAFeedError:
        raise not_text from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    if set(LEVEL_COLUMNS) <= {cell.strip() for cell in first.split(",")}:
        return simple_series(levels_from_bytes(data, label, feedback))
    if looks_like_dat(text):
        return read_hydro_dat(data, label, feedback)
    raise NotAFeedError(t("水位データの形式ではありません", "not a water-level feed format"))
