"""``focal consolidate``: the annual report from a year's submissions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.commands.base import CommandContext, CommandError
from app.core.consolidation import Decision
from app.core.i18n import LANGUAGES, _
from app.core.problems import FileProblemError
from app.core.progress import Progress
from app.services.consolidation import build_consolidated, write_consolidated


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "consolidate",
        help=_("make the consolidated annual report from submissions"),
        description=_(
            "Consolidate a year's submissions (workbooks, folders of workbooks and/or the "
            "reports in the database) into the annual report."
        ),
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE_OR_FOLDER")
    parser.add_argument("--year", required=True, type=int, metavar="YYYY")
    parser.add_argument(
        "--from-db", action="store_true", help=_("include the reports in the database")
    )
    parser.add_argument("--xlsx", type=Path, metavar="OUT", help=_("write the workbook here"))
    parser.add_argument("--pdf", type=Path, metavar="OUT", help=_("write the PDF here"))
    parser.add_argument("--language", choices=sorted(LANGUAGES), default="en")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    parser.set_defaults(handler=run)


def _print_progress(done: int, total: int, message: str) -> None:
    if sys.stderr.isatty() and total:
        sys.stderr.write(f"\r{done}/{total} {message[:60]:<60}")
        sys.stderr.flush()


def run(args: argparse.Namespace, context: CommandContext) -> int:
    if not args.files and not args.from_db:
        raise CommandError(_("Give submission files or folders, or --from-db."))
    if args.xlsx is None and args.pdf is None:
        raise CommandError(_("Say where to write: --xlsx OUT and/or --pdf OUT."))
    missing = [path for path in args.files if not path.exists()]
    if missing:
        raise CommandError(_("{path} does not exist.").format(path=missing[0]))
    progress = Progress(on_change=_print_progress)
    report = build_consolidated(
        context.workspace,
        args.year,
        args.files,
        from_db=args.from_db,
        language=args.language,
        progress=progress,
    )
    try:
        result = write_consolidated(
            report,
            xlsx=args.xlsx,
            pdf=args.pdf,
            language=args.language,
            paper=args.paper,
            progress=progress,
        )
    except FileProblemError as error:  # a text the workbook cannot hold, named with its place
        raise CommandError(str(error)) from error
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    labels = {
        Decision.INCLUDED: _("included"),
        Decision.SUPERSEDED: _("superseded"),
        Decision.REJECTED: _("rejected"),
    }
    for check in report.checks:
        line = f"{labels[check.decision]:<11} {check.source}"
        if check.superseded_by:
            line += "  " + _("(newer: {source})").format(source=check.superseded_by)
        print(line)
        for problem in check.problems:
            print(f"            {problem}")
    print(
        _("{sections} implementers in the report; {missing} did not report.").format(
            sections=len(report.sections()), missing=len(report.not_reporting)
        )
    )
    for path in result.written:
        print(_("Wrote {path}").format(path=path))
    for warning in result.warnings:
        print(_("Warning: {warning}").format(warning=warning))
    return 0
