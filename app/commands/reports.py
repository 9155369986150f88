"""``focal reports`` and ``focal new``: the reports in the database."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands.base import CommandContext, CommandError, add_json_flag, print_json
from app.core.i18n import LANGUAGES, _
from app.core.report import FocalPoint
from app.services import reports


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser(
        "reports", help=_("list the reports in the database"), description=_("List the reports.")
    )
    add_json_flag(listing)
    listing.set_defaults(handler=run_list)

    new = subparsers.add_parser(
        "new",
        help=_("create a report with the implementer's assigned activities as rows"),
        description=_("Create a report with one row per activity assigned to the implementer."),
    )
    new.add_argument("--implementer", required=True, metavar="ID", help=_("implementer id"))
    new.add_argument("--year", required=True, type=int, metavar="YYYY", help=_("reporting year"))
    new.add_argument("--focal-point-name", default="", metavar="NAME")
    new.add_argument("--focal-point-title", default="", metavar="TITLE")
    new.add_argument("--focal-point-institution", default="", metavar="INSTITUTION")
    new.add_argument("--focal-point-email", default="", metavar="EMAIL")
    new.add_argument("--focal-point-phone", default="", metavar="PHONE")
    new.add_argument("--language", choices=sorted(LANGUAGES), default="en")
    new.set_defaults(handler=run_new)


def run_list(args: argparse.Namespace, context: CommandContext) -> int:
    summaries = reports.list_reports(context.workspace)
    if args.json:
        print_json(
            [
                {
                    "implementer": s.implementer_id,
                    "implementer_name": s.implementer_name,
                    "year": s.year,
                    "status": s.status,
                    "uuid": s.uuid,
                    "rows_filled": s.rows_filled,
                    "rows_complete": s.rows_complete,
                    "rows_total": s.rows_total,
                    "updated": s.updated.isoformat(timespec="seconds"),
                }
                for s in summaries
            ]
        )
        return 0
    if not summaries:
        print(_("No reports yet. Create one with: focal new --implementer ID --year YYYY"))
        return 0
    for s in summaries:
        print(
            f"{s.year}  {s.implementer_id:<18} {s.status:<6} "
            f"{s.rows_filled:>3}/{s.rows_total:<3} {s.updated:%Y-%m-%d %H:%M}  {s.implementer_name}"
        )
    return 0


def run_new(args: argparse.Namespace, context: CommandContext) -> int:
    focal = FocalPoint(
        name=args.focal_point_name,
        title=args.focal_point_title,
        institution=args.focal_point_institution,
        email=args.focal_point_email,
        phone=args.focal_point_phone,
    )
    try:
        report = reports.create_report(
            context.writing_workspace, args.implementer, args.year, focal, args.language
        )
    except ValueError as error:
        raise CommandError(str(error)) from error
    print(
        _("Created the {year} report of {implementer} with {rows} rows.").format(
            year=report.year, implementer=report.implementer_name, rows=len(report.rows)
        )
    )
    return 0
