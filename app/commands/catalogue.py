"""``focal catalogue``: the Program's activities, objectives and implementers."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands.base import CommandContext, add_json_flag, print_json
from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "catalogue",
        help=_("show the Program catalogue (activities, objectives, implementers)"),
        description=_("Show the catalogue of AG/RES. 2141: activities, objectives, implementers."),
    )
    add_json_flag(parser)
    parser.set_defaults(handler=run)


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    groups = {g.id: g for g in catalogue.groups}
    return {
        "id": catalogue.id,
        "version": catalogue.version,
        "resolution": catalogue.resolution,
        "title": catalogue.title,
        "activities": [
            {
                "number": a.number,
                "text": a.text,
                "implementers": list(a.implementers),
                "objectives": list(a.objectives),
                "heading": a.heading,
            }
            for a in catalogue.activities
        ],
        "objectives": [
            {"number": o.number, "kind": o.kind, "text": o.text} for o in catalogue.objectives
        ],
        "implementers": [
            {
                "id": i.id,
                "name": i.name,
                "short_name": i.short_name,
                "group": i.group,
                "group_name": groups[i.group].name,
                "kind": i.kind,
                "named_in_resolution": i.named_in_resolution,
                "activities": list(catalogue.assigned_activities(i.id)),
            }
            for i in catalogue.implementers
        ],
        "groups": [{"id": g.id, "section": g.section, "name": g.name} for g in catalogue.groups],
        "appendix_i": {
            "caveat": catalogue.appendix_caveat,
            "cross_references": len(catalogue.cross_references()),
        },
    }


def run(args: argparse.Namespace, context: CommandContext) -> int:
    catalogue = context.workspace.catalogue
    if args.json:
        print_json(catalogue_json(catalogue))
        return 0
    print(f"{catalogue.resolution} — {catalogue.title}")
    print(_("Catalogue {id}, version {version}").format(id=catalogue.id, version=catalogue.version))
    for group in catalogue.groups:
        print(f"\n{group.section} {group.name}")
        for implementer in catalogue.implementers:
            if implementer.group == group.id:
                numbers = format_activity_numbers(catalogue.assigned_activities(implementer.id))
                print(f"  {implementer.id:<18} {implementer.short_name:<40} {numbers}")
    print("\n" + _("Objectives"))
    for objective in catalogue.objectives:
        print(f"  {objective.label:>3}. {objective.text[:100]}")
    print("\n" + _("Activities"))
    for activity in catalogue.activities:
        print(f"  {activity.number:>3}. {activity.text[:100]}")
    return 0
