"""``focal backup`` and ``focal restore``: checked copies of the database and going back to one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.commands.base import CommandContext, CommandError, add_json_flag, print_json
from app.core.i18n import _
from app.services.backup import (
    backup_database,
    backup_dir,
    latest_good_backup,
    list_backups,
    restore_backup,
)
from app.storage.database import default_database_path


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help=_("make a checked copy of the database (default: into the backups folder)"),
        description=_(
            "Make a consistent, checked copy of the database, even while Focal is open. "
            "Without --to, the copy goes into Focal's backups folder."
        ),
    )
    backup.add_argument(
        "target", nargs="?", type=Path, metavar="FILE_OR_FOLDER", help=argparse.SUPPRESS
    )
    backup.add_argument(
        "--to",
        dest="to",
        type=Path,
        metavar="FILE_OR_FOLDER",
        help=_("write the copy to this file, or into this folder"),
    )
    backup.add_argument(
        "--list", action="store_true", help=_("list the backups of the database, newest first")
    )
    add_json_flag(backup)
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help=_("replace the database by a backup (the current one is kept first)"),
        description=_(
            "Replace the database by a backup, after checking it. Close Focal first. The "
            "current database is backed up first, or, when it is damaged, copied unchanged "
            "beside it."
        ),
    )
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", nargs="?", type=Path, metavar="FILE")
    which.add_argument(
        "--latest",
        action="store_true",
        help=_("restore the newest backup that passes its check"),
    )
    restore.set_defaults(handler=run_restore)


def _database(context: CommandContext) -> Path:
    return (context.db_path or default_database_path()).expanduser().resolve()


def run_backup(args: argparse.Namespace, context: CommandContext) -> int:
    database = _database(context)
    if args.list:
        return _print_list(database, as_json=args.json)
    if args.target is not None and args.to is not None:
        raise CommandError(_("Give the target either with --to or alone, not both."))
    if not database.is_file():
        raise CommandError(_("There is no database at {path} yet.").format(path=database))
    written = backup_database(database, args.to or args.target)
    if args.json:
        print_json({"database": str(database), "backup": str(written)})
    else:
        print(_("Backed up {database} to {target}").format(database=database, target=written))
    return 0


def _print_list(database: Path, *, as_json: bool) -> int:
    backups = list_backups(database)
    if as_json:
        print_json(
            [
                {
                    "created": info.created.isoformat(timespec="seconds"),
                    "kind": info.kind,
                    "size": info.size,
                    "path": str(info.path),
                }
                for info in backups
            ]
        )
        return 0
    if not backups:
        print(
            _("There is no backup of {database} in {folder} yet.").format(
                database=database, folder=backup_dir()
            )
        )
        return 0
    rows = [
        (
            f"{info.created.astimezone():%Y-%m-%d %H:%M}",
            info.kind,
            _size(info.size),
            str(info.path),
        )
        for info in backups
    ]
    headings = (_("Made"), _("Kind"), _("Size"), _("File"))
    widths = [max(len(row[i]) for row in (headings, *rows)) for i in range(3)]
    for made, kind, size, path in (headings, *rows):
        print(f"{made:<{widths[0]}}  {kind:<{widths[1]}}  {size:>{widths[2]}}  {path}")
    return 0


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def run_restore(args: argparse.Namespace, context: CommandContext) -> int:
    database = _database(context)
    if args.latest:
        latest = latest_good_backup(database)
        if latest is None:
            raise CommandError(
                _("There is no good backup of {database} in {folder}.").format(
                    database=database, folder=backup_dir()
                )
            )
        chosen = latest.path
    else:
        chosen = args.backup
    kept = restore_backup(chosen, database)
    if kept is None:
        print(_("Restored {database} from {backup}.").format(database=database, backup=chosen))
    else:
        print(
            _("Restored {database} from {backup}; the previous database is kept as {kept}").format(
                database=database, backup=chosen, kept=kept
            )
        )
    return 0
