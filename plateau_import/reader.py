"""Find the CityGML among the inputs, parse each file (cached, in parallel), report per file.

This module is the one place that decides what an input *is*: files are classified from
their first bytes (:func:`plateau_import.xmlsafe.sniff`). A file named on the command line
must be CityGML; inside a given folder or zip, other files (codelists, schemas, notes) are
skipped and listed once per folder on the info channel.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from i18n import t
from jobs.feedback import Feedback, Problem
from jobs.inputs import InputFile, SkippedFiles, cannot_read, iter_inputs
from plateau_import.cache import ParseCache, content_key, default_cache_dir
from plateau_import.errors import PlateauError
from plateau_import.parser import parse_stream
from plateau_import.records import RawFile
from plateau_import.xmlsafe import HEAD_BYTES, Kind, Sniffed, sniff

#: Below this many bytes in total, worker processes cost more than they save.
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Candidate:
    """A CityGML input: the file, what its head says and its size in bytes."""

    source: InputFile
    sniffed: Sniffed
    size: int


@dataclass(frozen=True)
class Parsed:
    """A file's parse, or the error that stopped it (then ``raw`` is None)."""

    source: InputFile
    raw: RawFile | None
    error: str | None = None


def find_citygml(paths: Sequence[str | os.PathLike[str]], feedback: Feedback) -> list[Candidate]:
    """Every CityGML file among ``paths`` (files, folders, zips), in input order.

    Reports an error for each named file that is not readable CityGML 2.0 (empty, not XML,
    other XML, CityGML 3.0, a DTD) and for unreadable or unsafe files found in folders; lists
    the skipped non-CityGML files of each folder once with ``feedback.info``.
    """
    found: list[Candidate] = []
    skipped = SkippedFiles(("CityGML", "CityGML"))
    for source, named in iter_inputs(paths, feedback, progress=False):
        try:
            head = source.head(HEAD_BYTES)
            sniffed = sniff(head)
            size = source.size()
        except PlateauError as exc:
            feedback.error(Problem(source.label, None, str(exc)))
            continue
        except OSError as exc:
            feedback.error(cannot_read(source, exc))
            continue
        if sniffed.kind is Kind.CITYGML or named or _must_report(sniffed, source):
            found.append(Candidate(source, sniffed, size))
        else:
            skipped.add(source)
    skipped.report(feedback)
    return found


def _must_report(sniffed: Sniffed, source: InputFile) -> bool:
    """Inside a folder: CityGML 3.0 and empty ``.gml`` files are inputs that failed, not strangers."""
    return sniffed.kind is Kind.CITYGML3 or (sniffed.kind is Kind.EMPTY and source.name.lower().endswith(".gml"))


class _CountingReader(io.RawIOBase):
    """A read-only stream that reports how many bytes have been read."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self._stream = stream
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(n)
        self.count += len(data)
        return data

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def parse_candidate(candidate: Candidate, on_bytes: Callable[[int], None] | None = None) -> Parsed:
    """Parse one file; errors become ``Parsed.error`` (a bilingual message), never exceptions.

    ``on_bytes`` is called with the bytes read so far every few hundred city objects; it may
    raise (cancel) to stop the parse.
    """
    try:
        with candidate.source.open() as stream:
            counting = _CountingReader(stream)
            tick = (lambda _n: on_bytes(counting.count)) if on_bytes is not None else None
            raw = parse_stream(counting, candidate.source.label, candidate.sniffed, tick)
    except PlateauError as exc:
        return Parsed(candidate.source, None, str(exc))
    except OSError as exc:
        return Parsed(candidate.source, None, t("読み込めません: {e}", "cannot read: {e}", e=exc))
    return Parsed(candidate.source, raw)


def parse_all(
    candidates: Sequence[Candidate],
    feedback: Feedback,
    cache_dir: Path | None = None,
    workers: int | None = None,
    use_cache: bool = True,
) -> Iterator[Parsed]:
    """Parse every candidate, in input order, from the cache where possible.

    Parameters
    ----------
    candidates
        From :func:`find_citygml`.
    feedback
        Progress (by bytes), text and cancel.
    cache_dir
        Cache folder; None for :func:`plateau_import.cache.default_cache_dir`.
    workers
        Worker processes for files not in the cache; None for one per core. Small sets
        (< :data:`PARALLEL_MIN_BYTES`) and single files are parsed in this process.
    use_cache
        False to neither read nor write the cache.

    Yields
    ------
    Parsed
    """
    cache = ParseCache(cache_dir if cache_dir is not None else default_cache_dir()) if use_cache else None
    total = sum(c.size for c in candidates) or 1
    done = 0
    keys: dict[int, str] = {}
    pending: list[tuple[int, Candidate]] = []
    results: dict[int, Parsed] = {}
    for i, candidate in enumerate(candidates):
        feedback.check()
        if cache is not None:
            try:
                keys[i] = content_key(candidate.source)
            except OSError:
                keys[i] = ""
            raw = cache.load(keys[i], candidate.source.label) if keys[i] else None
            if raw is not None:
                results[i] = Parsed(candidate.source, raw)
                done += candidate.size
                feedback.set_progress(100.0 * done / total)
                continue
        pending.append((i, candidate))
    n_workers = min(workers or os.cpu_count() or 1, len(pending))
    pending_bytes = sum(c.size for _, c in pending)
    fresh = _parse_parallel(pending, n_workers, feedback) if n_workers > 1 and pending_bytes >= PARALLEL_MIN_BYTES else None
    for i in range(len(candidates)):
        if i not in results:
            if fresh is not None:
                parsed = next(fresh)
            else:
                base = done
                candidate = candidates[i]
                feedback.set_text(candidate.source.label)

                def on_bytes(n: int, base: int = base) -> None:
                    feedback.check()
                    feedback.set_progress(100.0 * (base + n) / total)

                parsed = parse_candidate(candidate, on_bytes)
            done += candidates[i].size
            feedback.set_progress(100.0 * done / total)
            if cache is not None and parsed.raw is not None and keys.get(i):
                try:
                    cache.store(keys[i], parsed.raw)
                except OSError:
                    pass  # a read-only or full cache folder only costs speed
            results[i] = parsed
        yield results.pop(i)


def _parse_parallel(pending: list[tuple[int, Candidate]], n_workers: int, feedback: Feedback) -> Iterator[Parsed]:
    """Parse in worker processes, yielding in order; cancel terminates the workers.

    ``fork`` is used when this process runs a single thread (command line, scripts without a
    ``__main__`` guard); with other threads alive (the GUI runs jobs in a thread) forking is
    unsafe, so ``forkserver`` (or ``spawn`` where that is all there is) starts clean workers.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    pool = multiprocessing.get_context(method).Pool(n_workers)
    try:
        for parsed in pool.imap(parse_candidate, [c for _, c in pending], chunksize=1):
            feedback.check()
            feedback.set_text(parsed.source.label)
            yield parsed
    finally:
        pool.terminate()
        pool.join()
