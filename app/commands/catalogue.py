"""``focal catalogue``: the Program's activities, objectives and implementers."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands.base import CommandContext, add_json_flag, print_json
from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.catalogue_texts import LocalText, fallback_note
from app.core.i18n import LANGUAGES, _, current_language, translator


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "catalogue",
        help=_("show the Program catalogue (activities, objectives, implementers)"),
        description=_("Show the catalogue of AG/RES. 2141: activities, objectives, implementers."),
    )
    parser.add_argument(
        "--language",
        choices=sorted(LANGUAGES),
        help=_(
            "language of the resolution's texts (default: the interface language); texts "
            "without an official version in it are shown in English, marked [EN]"
        ),
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def _local(text: LocalText) -> dict[str, Any]:
    return {"text": text.text, "language": text.language, "official": not text.is_fallback}


def catalogue_json(catalogue: Catalogue, language: str = "en") -> dict[str, Any]:
    """The catalogue as JSON; texts in ``language`` where official, English otherwise.

    Each text has a ``..._in`` twin saying which language it is in and whether it is the
    official text of the resolution in ``language``.
    """
    return {
        "id": catalogue.id,
        "version": catalogue.version,
        "resolution": catalogue.resolution,
        "language": language,
        "complete": catalogue.is_complete_in(language),
        "title": catalogue.title_in(language).text,
        "title_in": _local(catalogue.title_in(language)),
        "activities": [
            {
                "number": a.number,
                "text": catalogue.activity_text(a.number, language).text,
                "text_in": _local(catalogue.activity_text(a.number, language)),
                "implementers": list(a.implementers),
                "objectives": list(a.objectives),
                "heading": a.heading,
            }
            for a in catalogue.activities
        ],
        "objectives": [
            {
                "number": o.number,
                "kind": o.kind,
                "text": catalogue.objective_text(o, language).text,
                "text_in": _local(catalogue.objective_text(o, language)),
            }
            for o in catalogue.objectives
        ],
        "implementers": [
            {
                "id": i.id,
                "name": i.name,
                "short_name": i.short_name,
                "group": i.group,
                "group_name": catalogue.group_name_in(i.group, language).text,
                "kind": i.kind,
                "named_in_resolution": i.named_in_resolution,
                "activities": list(catalogue.assigned_activities(i.id)),
            }
            for i in catalogue.implementers
        ],
        "groups": [
            {
                "id": g.id,
                "section": g.section,
                "name": catalogue.group_name_in(g.id, language).text,
                "name_in": _local(catalogue.group_name_in(g.id, language)),
            }
            for g in catalogue.groups
        ],
        "appendix_i": {
            "caveat": catalogue.appendix_caveat,
            "cross_references": len(catalogue.cross_references()),
        },
    }


def run(args: argparse.Namespace, context: CommandContext) -> int:
    catalogue = context.workspace.catalogue
    language = args.language or current_language()
    if args.json:
        print_json(catalogue_json(catalogue, language))
        return 0
    tr = translator(language)
    print(f"{catalogue.resolution} — {catalogue.title_in(language)}")
    print(
        tr("Catalogue {id}, version {version}").format(id=catalogue.id, version=catalogue.version)
    )
    if not catalogue.is_complete_in(language):
        print(fallback_note(language))
    for group in catalogue.groups:
        print(f"\n{group.section} {catalogue.group_name_in(group.id, language)}")
        for implementer in catalogue.implementers:
            if implementer.group == group.id:
                numbers = format_activity_numbers(catalogue.assigned_activities(implementer.id))
                print(f"  {implementer.id:<18} {implementer.short_name:<40} {numbers}")
    print("\n" + tr("Objectives"))
    for objective in catalogue.objectives:
        text = catalogue.objective_text(objective, language).marked
        print(f"  {objective.label:>3}. {text[:100]}")
    print("\n" + tr("Activities"))
    for activity in catalogue.activities:
        text = catalogue.activity_text(activity.number, language).marked
        print(f"  {activity.number:>3}. {text[:100]}")
    return 0
