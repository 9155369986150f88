"""The ``focal`` command: with no subcommand it starts the window, otherwise it works headless.

Errors a user can fix print one sentence on stderr and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from app.commands import COMMAND_MODULES
from app.commands.base import CommandContext, CommandError
from app.core.catalogue import CatalogueError, default_catalogue
from app.core.i18n import _, set_language, system_language
from app.core.progress import CancelledError
from app.storage.database import DB_ENVIRONMENT_VARIABLE
from app.storage.errors import StorageError


def version_text() -> str:
    try:
        catalogue = default_catalogue()
        return f"focal {__version__} (catalogue {catalogue.id} {catalogue.version})"
    except CatalogueError:
        return f"focal {__version__}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="focal",
        description=_(
            "Focal: annual reports on the Inter-American Program for the Promotion and "
            "Protection of the Human Rights of Migrants (AG/RES. 2141). "
            "Without a command, the window opens."
        ),
    )
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help=_("database file (default: ${var} or the user's data folder)").format(
            var=DB_ENVIRONMENT_VARIABLE
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    set_language(system_language())
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        from app.__main__ import run_gui

        return run_gui(args.db)
    from app.logs import setup_logging

    setup_logging()
    context = CommandContext(db_path=args.db)
    try:
        result: int = args.handler(args, context)
        return result
    except (CommandError, StorageError, CatalogueError) as error:
        print(f"focal: {error}", file=sys.stderr)
        return 1
    except CancelledError:
        print("focal: " + _("cancelled"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        context.close()


if __name__ == "__main__":
    sys.exit(main())
