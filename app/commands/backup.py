"""``focal backup`` and ``focal restore``: copies of the database and going back to one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.commands.base import CommandContext, CommandError
from app.core.i18n import _
from app.services.backup import backup_database, backup_dir, list_backups, restore_backup
from app.storage.database import default_database_path


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup",
        help=_("copy the database to a file or folder (default: the backups folder)"),
        description=_("Make a consistent copy of the database, even while Focal is open."),
    )
    backup.add_argument("target", nargs="?", type=Path, metavar="FILE_OR_FOLDER")
    backup.add_argument("--list", action="store_true", help=_("list the automatic backups"))
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help=_("replace the database by a backup (the current one is kept aside)"),
        description=_(
            "Replace the database by a backup. Close Focal first. The current database is "
            "kept next to it as *.before-restore.sqlite3."
        ),
    )
    restore.add_argument("backup", type=Path, metavar="BACKUP")
    restore.set_defaults(handler=run_restore)


def _database(context: CommandContext) -> Path:
    return (context.db_path or default_database_path()).expanduser().resolve()


def run_backup(args: argparse.Namespace, context: CommandContext) -> int:
    database = _database(context)
    if args.list:
        for path in list_backups(database):
            print(path)
        return 0
    if not database.exists():
        raise CommandError(_("There is no database at {path} yet.").format(path=database))
    target = args.target or backup_dir()
    if target == backup_dir():
        target.mkdir(parents=True, exist_ok=True)
    written = backup_database(database, target)
    print(_("Backed up {database} to {target}").format(database=database, target=written))
    return 0


def run_restore(args: argparse.Namespace, context: CommandContext) -> int:
    database = _database(context)
    kept = restore_backup(args.backup, database)
    print(
        _("Restored {database} from {backup}; the previous database is kept as {kept}").format(
            database=database, backup=args.backup, kept=kept
        )
    )
    return 0
