"""Polling a feed over HTTP or from a file, keeping the last good data when a poll fails.

Each source holds a :class:`FeedState`: the last good series, when they were fetched, the last
error, and ``stale_since`` — set when a poll fails, to the time of the last good fetch (or of the
first failure when there never was one), cleared by the next good poll. The UI shows "stale since
…" from it; the age of each reading comes from :func:`feeds.trend.is_stale`.

HTTP (:class:`HttpFeed`, httpx): a timeout per request; transport errors, timeouts and 5xx
answers are retried after :func:`backoff_delays` (exponential); conditional requests with
``ETag`` / ``Last-Modified`` (a 304 keeps the data, counts as a good poll); a body that is no
readable feed (an HTML error page, truncated JSON) fails the poll without retry. Files
(:class:`FileFeed`) are re-read when their modification time or size changes; folders
(:class:`FolderFeed`) are watched for new or changed files (no Qt watcher: the caller polls, e.g.
from a timer). Clocks and sleeping are injectable so tests never wait.

Every source reads its bytes with ``parse`` (:data:`Parser`; river-level feeds by default). Other
feeds reuse the same machinery with their own parser (the weather feeds of the live view do):
a parser raises :class:`~feeds.errors.FeedError` for content it cannot read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import pandas as pd

from feeds.detect import read_feed_bytes
from feeds.errors import FeedError
from feeds.series import LevelSeries
from feeds.times import JST
from i18n import t
from jobs.feedback import Feedback

Clock = Callable[[], pd.Timestamp]
Parser = Callable[[bytes, str, Feedback], Sequence[Any]]
"""``parse(data, label, feedback)``: the items of one file or response (raises FeedError)."""
RETRY_STATUS = range(500, 600)


def now_jst() -> pd.Timestamp:
    """The current time in JST (the default clock)."""
    return pd.Timestamp.now(tz=JST)


def backoff_delays(retries: int, base_s: float = 0.5, factor: float = 2.0, max_s: float = 30.0) -> list[float]:
    """Seconds to wait before each retry: ``base_s * factor**i``, capped at ``max_s``.

    Parameters
    ----------
    retries : int
        Number of retries after the first attempt (0 or more).
    base_s, factor, max_s : float
        First delay, growth factor, largest delay.

    Raises
    ------
    ValueError
        If ``retries`` is negative or a delay parameter is not positive.

    Examples
    --------
    >>> backoff_delays(4, base_s=0.5, max_s=3.0)
    [0.5, 1.0, 2.0, 3.0]
    """
    if retries < 0 or base_s <= 0 or factor < 1 or max_s <= 0:
        raise ValueError(
            f"retries should be >= 0, base_s and max_s > 0 and factor >= 1, "
            f"got retries={retries}, base_s={base_s}, factor={factor}, max_s={max_s} instead"
        )
    return [min(base_s * factor**i, max_s) for i in range(retries)]


@dataclass(frozen=True)
class FeedState:
    """The visible state of one polled source (immutable; each poll returns a new one).

    ``series`` holds what the source's parser gave: level series for river feeds (the default).
    """

    series: tuple[LevelSeries, ...] = ()
    last_success: pd.Timestamp | None = None
    last_attempt: pd.Timestamp | None = None
    error: str | None = None
    stale_since: pd.Timestamp | None = None
    changed: bool = False

    @property
    def ok(self) -> bool:
        """True when the last poll succeeded."""
        return self.error is None and self.last_success is not None

    def succeeded(self, at: pd.Timestamp, series: tuple[LevelSeries, ...] | None) -> FeedState:
        """After a good poll (``series`` None: unchanged, e.g. HTTP 304 or same file)."""
        return FeedState(self.series if series is None else series, at, at, None, None, series is not None)

    def failed(self, at: pd.Timestamp, error: str) -> FeedState:
        """After a failed poll: keep the data, remember since when it is stale."""
        since = self.stale_since or self.last_success or at
        return replace(self, last_attempt=at, error=error, stale_since=since, changed=False)


@dataclass
class HttpFeed:
    """A feed polled from ``url``; :meth:`poll` returns the new :class:`FeedState`.

    Parameters
    ----------
    url : str
        Where the feed is served.
    timeout_s : float
        Timeout of each request (connect and read).
    retries : int
        Retries after a failed attempt (transport error, timeout, 5xx).
    backoff_base_s : float
        First back-off delay (doubling, see :func:`backoff_delays`).
    client : httpx.Client, optional
        A client to reuse (tests, proxies); one is created otherwise.
    sleep, clock : callable
        Injectable ``time.sleep`` and "now" (for tests).
    parse : callable
        Reads a response body (:data:`Parser`; river-level feeds by default).
    """

    url: str
    timeout_s: float = 10.0
    retries: int = 2
    backoff_base_s: float = 0.5
    client: httpx.Client | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Clock = now_jst
    parse: Parser = read_feed_bytes
    state: FeedState = field(default_factory=FeedState)
    _validators: dict[str, str] = field(default_factory=dict)

    def poll(self, feedback: Feedback | None = None) -> FeedState:
        """Fetch once (with retries) and update :attr:`state`; never raises for a bad answer."""
        feedback = feedback or Feedback()
        at = self.clock()
        try:
            response = self._get()
            series = None if response.status_code == 304 else self._parse(response, feedback)
        except (httpx.HTTPError, FeedError) as exc:
            self.state = self.state.failed(at, _describe(exc))
            return self.state
        self._validators = {
            k: v
            for k, v in (("If-None-Match", response.headers.get("ETag")), ("If-Modified-Since", response.headers.get("Last-Modified")))
            if v
        }
        self.state = self.state.succeeded(at, series)
        return self.state

    def _get(self) -> httpx.Response:
        client = self.client or httpx.Client(follow_redirects=True)
        error: httpx.HTTPError | None = None
        try:
            for delay in [*backoff_delays(self.retries, self.backoff_base_s), None]:
                try:
                    response = client.get(self.url, headers=self._validators, timeout=self.timeout_s)
                except httpx.TransportError as exc:
                    error = exc
                else:
                    if response.status_code not in RETRY_STATUS:
                        return response if response.status_code == 304 else response.raise_for_status()
                    error = httpx.HTTPStatusError(f"HTTP {response.status_code}", request=response.request, response=response)
                if delay is not None:
                    self.sleep(delay)
            assert error is not None
            raise error
        finally:
            if self.client is None:
                client.close()

    def _parse(self, response: httpx.Response, feedback: Feedback) -> tuple[LevelSeries, ...]:
        return tuple(self.parse(response.content, self.url, feedback))


@dataclass
class FileFeed:
    """A feed file re-read when it changes (modification time or size); no Qt watcher needed.

    A file being rewritten may be caught half-written: the read fails, the last good data stay,
    and the next poll reads it again (its stamp is only remembered after a good read).
    """

    path: Path
    clock: Clock = now_jst
    parse: Parser = read_feed_bytes
    state: FeedState = field(default_factory=FeedState)
    _stamp: tuple[int, int] | None = None

    def poll(self, feedback: Feedback | None = None) -> FeedState:
        """Check the file and re-read it when changed; update and return :attr:`state`."""
        feedback = feedback or Feedback()
        at = self.clock()
        try:
            info = os.stat(self.path)
            stamp = (info.st_mtime_ns, info.st_size)
            if stamp == self._stamp:
                self.state = self.state.succeeded(at, None)
                return self.state
            series = tuple(self.parse(Path(self.path).read_bytes(), os.fspath(self.path), feedback))
        except (OSError, FeedError) as exc:
            self.state = self.state.failed(at, _describe(exc))
            return self.state
        self._stamp = stamp
        self.state = self.state.succeeded(at, series)
        return self.state


@dataclass
class FolderFeed:
    """A folder where new files arrive (e.g. one JMA telegram per file), read as they appear.

    Each poll reads the files that are new or changed since the last poll, in name order, and
    :attr:`state` keeps the items of every file read so far, in that order. A file that cannot
    be read fails the poll (the others of that poll are still read, their items kept) and is
    tried again at the next poll. Hidden files and sub-folders are ignored.
    """

    path: Path
    clock: Clock = now_jst
    parse: Parser = read_feed_bytes
    state: FeedState = field(default_factory=FeedState)
    _stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    _items: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def poll(self, feedback: Feedback | None = None) -> FeedState:
        """Read the new or changed files; update and return :attr:`state`."""
        feedback = feedback or Feedback()
        at = self.clock()
        try:
            entries = [e for e in os.scandir(self.path) if e.is_file() and not e.name.startswith(".")]
        except OSError as exc:
            self.state = self.state.failed(at, _describe(exc))
            return self.state
        errors: list[str] = []
        changed = False
        for entry in sorted(entries, key=lambda e: e.name):
            info = entry.stat()
            stamp = (info.st_mtime_ns, info.st_size)
            if self._stamps.get(entry.name) == stamp:
                continue
            try:
                self._items[entry.name] = tuple(self.parse(Path(entry.path).read_bytes(), entry.path, feedback))
            except (OSError, FeedError) as exc:
                errors.append(f"{entry.name}: {_describe(exc)}")
                continue
            self._stamps[entry.name] = stamp
            changed = True
        items = tuple(item for name in sorted(self._items) for item in self._items[name])
        if errors:
            self.state = replace(self.state.failed(at, "; ".join(errors)), series=items, changed=changed)
        else:
            self.state = self.state.succeeded(at, items if changed else None)
        return self.state


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return t("応答がありません (タイムアウト)", "no answer (timeout)")
    if isinstance(exc, httpx.HTTPStatusError):
        return t("サーバーの応答が異常です: {e}", "the server answered with an error: {e}", e=exc.response.status_code)
    if isinstance(exc, httpx.HTTPError):
        return t("接続できません: {e}", "cannot connect: {e}", e=exc)
    if isinstance(exc, FileNotFoundError):
        return t("ファイルがありません: {e}", "no such file: {e}", e=exc.filename)
    return str(exc)
