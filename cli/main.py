"""``python main.py <command> ...``: every job in the catalog as a headless command.

Conventions (docs/CLI.md): results as JSON Lines on stdout (``--format table|csv`` for
people), diagnostics on stderr (JSON objects with ``--format json``), exit 0 when every
input was read, 1 when some input could not be, 2 on a usage error; never a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import catalog
import i18n
from cli.console import ConsoleFeedback
from cli.output import FORMATS, write_records
from i18n import t
from jobs.base import Job, Param
from jobs.errors import Canceled, UsageError
from jobs.feedback import Problem

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a message in the user's language, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(t("{prog}: 使い方の誤り: {m}", "{prog}: usage error: {m}", prog=self.prog, m=message), file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _pick(pair: tuple[str, str]) -> str:
    return t(pair[0], pair[1])


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=t("表示言語 (ja/en)", "message language (ja/en)"))
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help=t("出力形式: json (JSON Lines, 既定) / table / csv", "output format: json (JSON Lines, default) / table / csv"),
    )


def _add_param(parser: argparse.ArgumentParser, p: Param) -> None:
    kwargs: dict[str, Any] = {"help": _pick(p.help)}
    if p.metavar:
        kwargs["metavar"] = p.metavar
    if p.choices:
        kwargs["choices"] = p.choices
    if p.kind == "int":
        kwargs["type"] = int
    elif p.kind == "float":
        kwargs["type"] = float
    if p.kind == "bool":
        parser.add_argument("--" + p.name.replace("_", "-"), dest=p.name, action="store_true", help=kwargs["help"])
        return
    if p.positional:
        kwargs["nargs"] = "+" if p.many else None
        parser.add_argument(p.name, **kwargs)
        return
    if p.many:
        kwargs["nargs"] = "+"
    kwargs.update(dest=p.name, default=p.default, required=p.required)
    parser.add_argument("--" + p.name.replace("_", "-"), **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The parser with one sub-command per job in the catalog."""
    parser = _Parser(
        prog="python main.py",
        description=t(
            "逃げ遅れゼロ (Nigezero)。コマンドなしで起動するとデスクトップアプリが開きます。",
            "Nigezero (逃げ遅れゼロ). Without a command, the desktop app starts.",
        ),
        epilog=t(
            "アプリの起動: python main.py [--lang ja|en] [--project DIR] [--demo-dir DIR]",
            "Start the app: python main.py [--lang ja|en] [--project DIR] [--demo-dir DIR]",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(parser)
    sub = parser.add_subparsers(dest="command", metavar="<command>", title=t("コマンド", "commands"), parser_class=_Parser)
    for job_cls in catalog.JOBS:
        description = _pick(job_cls.description) or _pick(job_cls.title)
        epilog = t("例: ", "Example: ") + job_cls.example if job_cls.example else None
        p = sub.add_parser(
            job_cls.id,
            help=_pick(job_cls.title),
            description=description,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        _add_common(p)
        for param in job_cls.params:
            _add_param(p, param)
    return parser


def _language_from(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from(args_list)
    if lang in i18n.LANGUAGES:
        i18n.set_language(lang)
    parser = build_parser()
    if not args_list:
        parser.print_help()
        return EXIT_USAGE
    ns = parser.parse_args(args_list)
    if ns.command is None:
        parser.print_help()
        return EXIT_USAGE
    job: Job = catalog.job_by_id(ns.command)()
    values = {p.name: getattr(ns, p.name) for p in job.params}
    feedback = ConsoleFeedback(as_json=ns.format == "json")
    try:
        write_records(job.run(values, feedback), ns.format)
    except UsageError as exc:
        print(t("使い方の誤り: {e}", "usage error: {e}", e=exc), file=sys.stderr)
        return EXIT_USAGE
    except Canceled:
        feedback.error(Problem(None, None, t("中断されました", "canceled")))
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        feedback.close()
    return EXIT_INPUT if feedback.had_errors else EXIT_OK
