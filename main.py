"""Nigezero entry point.

``python main.py`` starts the desktop app (on the demo data the first time);
``python main.py <command> ...`` runs a job headless (``python main.py --help`` lists them).
"""

from __future__ import annotations

import sys

# Options of the desktop app that take a value; anything else that is not an option is a command.
GUI_OPTIONS_WITH_VALUE = ("--lang", "--project", "--demo-dir")


def _is_command_line(argv: list[str]) -> bool:
    """True when argv names a command (known or not) or asks for help: then no window opens."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("-h", "--help"):
            return True
        elif arg in GUI_OPTIONS_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if _is_command_line(args):
        from cli.main import main as cli_main

        return cli_main(args)
    from app.main import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
