"""Polling against a real HTTP server on 127.0.0.1 (good, slow, broken, malformed answers) and a file."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pandas as pd
import pytest

import i18n
from feeds.polling import FileFeed, HttpFeed, backoff_delays

GOOD = json.dumps(
    {"obsFcd": "0101", "min10Values": [{"obsTime": "2026/06/03 05:00", "stg": 1.2, "stgCcd": 0}, {"obsTime": "2026/06/03 05:10", "stg": 1.3, "stgCcd": 0}]}
).encode()
SLOW_S = 1.0
TIMEOUT_S = 0.2


class Handler(BaseHTTPRequestHandler):
    """Answers by path; ``/flaky`` fails twice then serves GOOD; ``/etag`` supports If-None-Match."""

    hits: dict[str, int] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        if self.path == "/good":
            self._send(200, GOOD, "application/json")
        elif self.path == "/slow":
            time.sleep(SLOW_S)  # bounded: longer than the client's timeout, shorter than the test's patience
            self._send(200, GOOD, "application/json")
        elif self.path == "/html":
            self._send(200, b"<!DOCTYPE html><html><body>Service temporarily unavailable</body></html>", "text/html")
        elif self.path == "/truncated":
            self._send(200, GOOD[: len(GOOD) // 2], "application/json")
        elif self.path == "/error":
            self._send(500, b"internal error", "text/plain")
        elif self.path == "/flaky":
            self._send(503, b"busy", "text/plain") if Handler.hits[self.path] <= 2 else self._send(200, GOOD, "application/json")
        elif self.path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, b"", "application/json")
            else:
                self._send(200, GOOD, "application/json", {"ETag": '"v1"'})
        else:
            self._send(404, b"not found", "text/plain")

    def _send(self, code: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout): expected for /slow

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_current", "en")
    Handler.hits.clear()


class Clock:
    def __init__(self) -> None:
        self.now = pd.Timestamp("2026-06-03T05:15:00+09:00")

    def __call__(self) -> pd.Timestamp:
        return self.now

    def tick(self, minutes: int = 10) -> None:
        self.now += pd.Timedelta(minutes=minutes)


def _feed(server: str, path: str, clock: Clock, sleeps: list[float], retries: int = 2) -> HttpFeed:
    return HttpFeed(f"{server}{path}", timeout_s=TIMEOUT_S, retries=retries, backoff_base_s=0.5, sleep=sleeps.append, clock=clock)


def test_backoff_delays() -> None:
    assert backoff_delays(0) == []
    assert backoff_delays(5, base_s=1.0, max_s=10.0) == [1.0, 2.0, 4.0, 8.0, 10.0]
    with pytest.raises(ValueError, match="got retries=-1"):
        backoff_delays(-1)


def test_good_answer(server: str) -> None:
    clock, sleeps = Clock(), []
    state = _feed(server, "/good", clock, sleeps).poll()
    assert state.ok and state.changed and state.stale_since is None and sleeps == []
    [series] = state.series
    assert (series.gauge.station_id, series.levels.tolist()) == ("0101", [1.2, 1.3])


@pytest.mark.parametrize(
    ("path", "message", "attempts"),
    [
        ("/slow", "no answer (timeout)", 3),
        ("/error", "the server answered with an error: 500", 3),
        ("/html", "HTML/XML, not a water-level feed", 1),
        ("/truncated", "broken or truncated JSON", 1),
        ("/missing", "the server answered with an error: 404", 1),
    ],
)
def test_bad_answers_keep_the_last_good_data_and_say_since_when(server: str, path: str, message: str, attempts: int) -> None:
    clock, sleeps = Clock(), []
    feed = _feed(server, "/good", clock, sleeps)
    good = feed.poll()
    good_at = clock.now
    feed.url = f"{server}{path}"
    clock.tick()
    started = time.monotonic()
    state = feed.poll()
    assert time.monotonic() - started < 3 * TIMEOUT_S + 1.0  # retries do not really sleep
    assert not state.ok and message in state.error
    assert state.series == good.series and state.last_success == good_at
    assert state.stale_since == good_at and state.last_attempt == clock.now
    assert Handler.hits[path] == attempts and sleeps == [0.5, 1.0][: attempts - 1]
    clock.tick()
    assert feed.poll().stale_since == good_at  # still stale since the last good data
    feed.url = f"{server}/good"
    recovered = feed.poll()
    assert recovered.ok and recovered.stale_since is None and recovered.error is None


def test_first_poll_failing_is_stale_since_that_poll(server: str) -> None:
    clock = Clock()
    state = _feed(server, "/error", clock, [], retries=0).poll()
    assert state.series == () and state.stale_since == clock.now and state.last_success is None


def test_retries_with_backoff_until_the_server_recovers(server: str) -> None:
    sleeps: list[float] = []
    state = _feed(server, "/flaky", Clock(), sleeps).poll()
    assert state.ok and Handler.hits["/flaky"] == 3 and sleeps == [0.5, 1.0]


def test_conditional_request_keeps_data_on_304(server: str) -> None:
    clock = Clock()
    with httpx.Client() as client:
        feed = HttpFeed(f"{server}/etag", timeout_s=TIMEOUT_S, client=client, clock=clock)
        first = feed.poll()
        clock.tick()
        second = feed.poll()
    assert first.changed and second.ok and not second.changed
    assert second.series == first.series and second.last_success == clock.now
    assert Handler.hits["/etag"] == 2


def test_file_feed_rereads_on_change_and_survives_a_half_written_file(tmp_path: Path) -> None:
    path = tmp_path / "stg.json"
    path.write_bytes(GOOD)
    clock = Clock()
    feed = FileFeed(path, clock=clock)
    first = feed.poll()
    assert first.ok and first.changed
    assert not feed.poll().changed  # same mtime and size: not re-read
    path.write_bytes(GOOD[:20])  # caught while being rewritten
    clock.tick()
    broken = feed.poll()
    assert not broken.ok and "broken or truncated JSON" in broken.error
    assert broken.series == first.series and broken.stale_since == first.last_success
    path.write_bytes(GOOD.replace(b"1.3", b"1.4"))
    clock.tick()
    fixed = feed.poll()
    assert fixed.ok and fixed.changed and fixed.series[0].levels.tolist() == [1.2, 1.4]
    path.unlink()
    assert "no such file" in feed.poll().error
