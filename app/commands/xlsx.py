"""``focal template``, ``focal import`` and ``focal validate``: submission workbooks.

``focal export --xlsx`` (app/commands/export.py) writes a report's workbook; these commands
make the blank template for implementers without Focal and read workbooks back.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.commands.base import CommandContext, CommandError
from app.core.i18n import LANGUAGES, _
from app.core.problems import FileProblemError, Problem
from app.services.files import find_submission_files
from app.services.xlsx_exchange import (
    ExchangeError,
    ImportAction,
    ImportPlan,
    apply_import,
    plan_import,
    validate_files,
    write_template,
)

SHOWN_DIFFERENCES = 25


def register(subparsers: Any) -> None:
    template = subparsers.add_parser(
        "template",
        help=_("write a blank submission workbook for an implementer without Focal"),
        description=_(
            "Write the submission workbook with the implementer's assigned activities and empty "
            "cells, to be filled in Excel or LibreOffice and imported with `focal import`."
        ),
    )
    template.add_argument("--implementer", required=True, metavar="ID", help=_("implementer id"))
    template.add_argument(
        "--year", required=True, type=int, metavar="YYYY", help=_("reporting year")
    )
    template.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help=_("the .xlsx to write")
    )
    template.add_argument(
        "--language",
        choices=sorted(LANGUAGES),
        help=_("language of headings, labels and instructions (default: English)"),
    )
    template.set_defaults(handler=run_template)

    importing = subparsers.add_parser(
        "import",
        help=_("import submission workbooks (Focal exports and filled templates)"),
        description=_(
            "Read submission workbooks into the database. What would change is shown first; "
            "each file is imported whole or not at all."
        ),
    )
    importing.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("workbooks"))
    importing.add_argument("--dry-run", action="store_true", help=_("only show what would be done"))
    importing.add_argument(
        "--replace",
        action="store_true",
        help=_("replace reports that already exist in the database"),
    )
    importing.set_defaults(handler=run_import)

    validate = subparsers.add_parser(
        "validate",
        help=_("check submission workbooks without importing them"),
        description=_("Run the checks of `focal import` on workbooks, changing nothing."),
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("workbooks"))
    validate.set_defaults(handler=run_validate)


def run_template(args: argparse.Namespace, context: CommandContext) -> int:
    try:
        path = write_template(
            context.workspace, args.implementer, args.year, args.output, language=args.language
        )
    except (ExchangeError, FileProblemError) as error:
        raise CommandError(str(error)) from error
    print(_("Wrote {path}").format(path=path))
    return 0


def expand(paths: Sequence[Path]) -> list[Path]:
    """Folders stand for the workbooks in them; a command with none to read is an error."""
    found = find_submission_files(paths)
    if not found:
        raise CommandError(_("No workbook to read."))
    return found


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        where = ", ".join(part for part in (problem.sheet, problem.cell) if part)
        prefix = _("error") if problem.severity == "error" else _("warning")
        print(f"    {prefix}: {where + ': ' if where else ''}{problem.message}")


def _print_plan(plan: ImportPlan) -> None:
    print(f"{plan.path}: {plan.summary()}")
    _print_problems(plan.problems)
    for difference in plan.differences[:SHOWN_DIFFERENCES]:
        print(f"    - {difference.describe()}")
    hidden = len(plan.differences) - SHOWN_DIFFERENCES
    if hidden > 0:
        print("    " + _("… and {count} more differences.").format(count=hidden))
    if plan.action is ImportAction.CONFLICT:
        print("    " + _("Add --replace to replace the report in the database."))


def run_import(args: argparse.Namespace, context: CommandContext) -> int:
    workspace = context.workspace if args.dry_run else context.writing_workspace
    plans = plan_import(workspace, expand(args.files), replace=args.replace)
    for plan in plans:
        _print_plan(plan)
    blocked = [p for p in plans if p.action in (ImportAction.REFUSED, ImportAction.CONFLICT)]
    if args.dry_run:
        print(_("Dry run: nothing was changed."))
        if blocked:
            raise CommandError(
                _("{count} of {total} files could not be imported as they are.").format(
                    count=len(blocked), total=len(plans)
                )
            )
        return 0
    outcomes = apply_import(workspace, plans)
    for outcome in outcomes:
        if outcome.action not in (ImportAction.REFUSED, ImportAction.CONFLICT):
            print(f"{outcome.path}: {outcome.message}")
    failed = [o for o in outcomes if not o.ok]
    if failed:
        raise CommandError(
            _("{count} of {total} files were not imported.").format(
                count=len(failed), total=len(outcomes)
            )
        )
    return 0


def run_validate(args: argparse.Namespace, context: CommandContext) -> int:
    plans = validate_files(context.workspace, expand(args.files))
    for plan in plans:
        if plan.action is ImportAction.REFUSED:
            print(f"{plan.path}: " + _("not valid."))
        else:
            print(f"{plan.path}: " + _("valid. {summary}").format(summary=plan.summary()))
        _print_problems(plan.problems)
    invalid = [p for p in plans if p.action is ImportAction.REFUSED]
    if invalid:
        raise CommandError(
            _("{count} of {total} files are not valid.").format(
                count=len(invalid), total=len(plans)
            )
        )
    return 0
