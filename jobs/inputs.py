"""Input files given as files, folders or zips, named the way every command reports them.

``file`` labels follow the headless conventions: the path as given; for a file found in a
given folder, that folder joined with the relative path; inside a zip, ``archive.zip!inner``.
Zip members are read in memory, never extracted, so a member named ``../x`` cannot escape
(zip-slip); such members are reported as errors and skipped.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from i18n import t
from jobs.feedback import Feedback, Problem


@dataclass(frozen=True)
class InputFile:
    """One input, on disk or inside a zip archive.

    ``label`` is how messages and results name it; ``name`` is its base name.
    """

    label: str
    path: Path | None = None
    archive: Path | None = None
    member: str | None = None

    @property
    def name(self) -> str:
        return PurePosixPath(self.member).name if self.member else (self.path.name if self.path else "")

    def open(self) -> IO[bytes]:
        """Open for binary reading (a zip member is read through ``zipfile``, not extracted)."""
        if self.archive is not None and self.member is not None:
            zf = zipfile.ZipFile(self.archive)
            stream = zf.open(self.member)
            return _ClosingMember(stream, zf)
        assert self.path is not None
        return open(self.path, "rb")

    def size(self) -> int:
        if self.archive is not None and self.member is not None:
            with zipfile.ZipFile(self.archive) as zf:
                return zf.getinfo(self.member).file_size
        assert self.path is not None
        return self.path.stat().st_size

    def head(self, n: int = 4096) -> bytes:
        """The first ``n`` bytes, for detecting the format from content."""
        with self.open() as f:
            return f.read(n)

    def sibling(self, relative: str) -> InputFile | None:
        """Another file addressed relative to this one's folder (e.g. a codelist), or None.

        Inside a zip, a relative path that climbs out of the archive gives None.
        """
        if self.archive is not None and self.member is not None:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.member), relative))
            if joined.startswith("../") or joined == "..":
                return None
            with zipfile.ZipFile(self.archive) as zf:
                if joined not in zf.NameToInfo:
                    return None
            return InputFile(label=f"{self.archive}!{joined}", archive=self.archive, member=joined)
        assert self.path is not None
        target = (self.path.parent / relative).resolve()
        return InputFile(label=str(target), path=target) if target.is_file() else None

    def folder_key(self) -> str:
        """A key naming this file's folder (for caches shared by files of one folder)."""
        if self.archive is not None and self.member is not None:
            return f"{self.archive.resolve()}!{posixpath.dirname(self.member)}"
        assert self.path is not None
        return str(self.path.resolve().parent)


class _ClosingMember(io.BufferedIOBase):
    """A zip member stream that also closes its archive."""

    def __init__(self, stream: IO[bytes], archive: zipfile.ZipFile) -> None:
        super().__init__()
        self._stream = stream
        self._archive = archive

    def read(self, n: int | None = -1) -> bytes:
        return self._stream.read(-1 if n is None else n)

    def read1(self, n: int = -1) -> bytes:
        return self._stream.read(n)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            self._archive.close()
            super().close()


def is_zip(path: Path) -> bool:
    """True when ``path`` is a zip archive (by content, not by name)."""
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def expand_inputs(paths: Sequence[str | os.PathLike[str]], feedback: Feedback) -> Iterator[InputFile]:
    """Every file named by ``paths``: files as given, folders walked (sorted), zips opened.

    A path that does not exist is reported as an error and skipped. Zip members whose names
    are absolute or climb out with ``..`` are reported and skipped.
    """
    for given in paths:
        label = os.fspath(given)
        path = Path(given)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = found.relative_to(path).as_posix()
                yield from _file_or_zip(os.path.join(label, rel), found, feedback)
        elif path.is_file():
            yield from _file_or_zip(label, path, feedback)
        else:
            feedback.error(Problem(label, None, t("ファイルまたはフォルダが見つかりません", "no such file or folder")))


def _file_or_zip(label: str, path: Path, feedback: Feedback) -> Iterator[InputFile]:
    if not is_zip(path):
        yield InputFile(label=label, path=path)
        return
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        feedback.error(Problem(label, None, t("ZIP を読めません: {e}", "cannot read zip: {e}", e=exc)))
        return
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename
        norm = posixpath.normpath(name)
        if name.startswith("/") or norm.startswith("../") or norm == ".." or ":" in PurePosixPath(name).parts[0]:
            feedback.error(
                Problem(
                    f"{label}!{name}",
                    None,
                    t(
                        "ZIP 内のパスがアーカイブの外を指しているため読み込みません",
                        "zip member path points outside the archive; not read",
                    ),
                )
            )
            continue
        yield InputFile(label=f"{label}!{name}", archive=path, member=name)


def iter_inputs(
    paths: Sequence[str | os.PathLike[str]], feedback: Feedback, *, progress: bool = True
) -> Iterator[tuple[InputFile, bool]]:
    """Every input file with ``named``: True when the user named this very file.

    A named file that is not an input of the command is an error; one found in a folder or a
    zip is merely skipped (:class:`SkippedFiles`). With ``progress``, progress advances per
    given path (commands that only list their inputs first report progress themselves).
    """
    for number, given in enumerate(paths):
        path = Path(given)
        named = path.is_file() and not is_zip(path)
        for source in expand_inputs([given], feedback):
            feedback.check()
            feedback.set_text(source.label)
            yield source, named
        if progress:
            feedback.set_progress(100.0 * (number + 1) / len(paths))


class SkippedFiles:
    """Files found in folders or zips that are not inputs of a command, listed once per folder.

    ``what`` names what they are not, as ``(japanese, english)``, e.g. ``("CityGML", "CityGML")``.
    """

    SHOWN = 5

    def __init__(self, what: tuple[str, str]) -> None:
        self._what = what
        self._by_folder: dict[str, list[str]] = {}

    def add(self, source: InputFile) -> None:
        folder = posixpath.dirname(source.label.replace(os.sep, "/"))
        self._by_folder.setdefault(folder, []).append(source.name)

    def report(self, feedback: Feedback) -> None:
        """One ``info`` line per folder: how many were skipped and the first few names."""
        for folder, names in self._by_folder.items():
            more = len(names) - self.SHOWN
            shown = ", ".join(names[: self.SHOWN]) + (t(" ほか {n} 件", " and {n} more", n=more) if more > 0 else "")
            feedback.info(
                t(
                    "{f}: {w}ではない {n} 件のファイルを読み飛ばしました ({s})",
                    "{f}: skipped {n} files that are not {w} ({s})",
                    f=folder or ".",
                    w=t(*self._what),
                    n=len(names),
                    s=shown,
                )
            )


def cannot_read(source: InputFile, exc: OSError) -> Problem:
    """The error for an input the operating system could not read."""
    return Problem(source.label, None, t("読み込めません: {e}", "cannot read: {e}", e=exc))
