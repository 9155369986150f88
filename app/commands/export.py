"""``focal export``: a report as a submission workbook and/or a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.commands.base import CommandContext, CommandError
from app.core.i18n import LANGUAGES, _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help=_("export a report as Excel (--xlsx) and/or PDF (--pdf)"),
        description=_("Export one report as a submission workbook and/or a PDF."),
    )
    parser.add_argument("--implementer", required=True, metavar="ID", help=_("implementer id"))
    parser.add_argument("--year", required=True, type=int, metavar="YYYY", help=_("reporting year"))
    parser.add_argument(
        "--xlsx", type=Path, metavar="FILE", help=_("write the Excel workbook here")
    )
    parser.add_argument("--pdf", type=Path, metavar="FILE", help=_("write the PDF here"))
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4", help=_("PDF paper size"))
    parser.add_argument(
        "--language",
        choices=sorted(LANGUAGES),
        help=_("language of headings and labels (default: the report's language)"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    if args.xlsx is None and args.pdf is None:
        raise CommandError(_("Say where to write: --xlsx FILE and/or --pdf FILE."))
    workspace = context.workspace
    if args.xlsx is not None:
        from app.services.xlsx_exchange import ExchangeError, FileProblemError, export_xlsx

        try:
            path = export_xlsx(
                workspace, args.implementer, args.year, args.xlsx, language=args.language
            )
        except (ExchangeError, FileProblemError) as error:
            raise CommandError(str(error)) from error
        print(_("Wrote {path}").format(path=path))
    if args.pdf is not None:
        from app.services.pdf_export import export_pdf

        try:
            result = export_pdf(
                workspace,
                args.implementer,
                args.year,
                args.pdf,
                paper=args.paper,
                language=args.language,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                _("Cannot write {path}: {reason}").format(
                    path=args.pdf, reason=error.strerror or error
                )
            ) from error
        print(_("Wrote {path} ({pages} pages)").format(path=result.path, pages=result.pages))
        for warning in result.warnings:
            print(_("Warning: {warning}").format(warning=warning))
    return 0
