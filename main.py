"""Nigezero entry point.

``python main.py`` starts the desktop app (on the demo data the first time);
``python main.py <command> ...`` runs a job headless (``python main.py --help`` lists them).
"""

from __future__ import annotations

import sys


def _is_command_line(argv: list[str]) -> bool:
    """True when argv names a command or asks for help: then no window is opened."""
    import catalog

    ids = {job.id for job in catalog.JOBS}
    return any(arg in ids or arg in ("-h", "--help") for arg in argv)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if _is_command_line(args):
        from cli.main import main as cli_main

        return cli_main(args)
    from app.main import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
