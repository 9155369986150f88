"""The catalogue in the database: loaded once from the shipped file, implementers editable.

The shipped TOML stays the reference for the Program's text; the database copy adds what users
change over the years (implementers added or renamed), and reports refer to it by key.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.core.catalogue import (
    Activity,
    AppendixBlock,
    Catalogue,
    Group,
    Implementer,
    Objective,
)
from app.storage.models import (
    ActivityImplementerRecord,
    ActivityRecord,
    CatalogueRecord,
    CrossReferenceRecord,
    ImplementerGroupRecord,
    ImplementerRecord,
    ObjectiveRecord,
)


def install_catalogue(session: Session, catalogue: Catalogue) -> bool:
    """Copy a shipped catalogue into the database if it is not there yet.

    Implementers already present are kept as they are (a user may have renamed them); missing
    ones are added. Returns True when the catalogue's text was installed now.
    """
    for position, group in enumerate(catalogue.groups):
        if session.get(ImplementerGroupRecord, group.id) is None:
            session.add(
                ImplementerGroupRecord(
                    id=group.id, section=group.section, name=group.name, position=position
                )
            )
    existing = set(session.scalars(select(ImplementerRecord.id)))
    for position, implementer in enumerate(catalogue.implementers):
        if implementer.id not in existing:
            session.add(
                ImplementerRecord(
                    id=implementer.id,
                    group_id=implementer.group,
                    kind=implementer.kind,
                    name=implementer.name,
                    short_name=implementer.short_name,
                    named_in_resolution=implementer.named_in_resolution,
                    position=position,
                )
            )
    session.flush()
    if session.get(CatalogueRecord, catalogue.id) is not None:
        return False
    session.add(
        CatalogueRecord(
            id=catalogue.id,
            version=catalogue.version,
            resolution=catalogue.resolution,
            title=catalogue.title,
            short_title=catalogue.short_title,
            adopted=catalogue.adopted,
            appendix_caveat=catalogue.appendix_caveat,
        )
    )
    objective_ids: dict[int, ObjectiveRecord] = {}
    for objective in catalogue.objectives:
        record = ObjectiveRecord(
            catalogue_id=catalogue.id,
            kind=objective.kind,
            number=objective.number,
            text=objective.text,
        )
        session.add(record)
        if objective.kind == "specific":
            objective_ids[objective.number] = record
    session.flush()
    for activity in catalogue.activities:
        record_activity = ActivityRecord(
            catalogue_id=catalogue.id,
            number=activity.number,
            section=activity.section,
            heading=activity.heading,
            heading_note=activity.heading_note,
            text=activity.text,
            notes="\n".join(activity.notes),
            implementers=[
                ActivityImplementerRecord(implementer_id=implementer_id, position=position)
                for position, implementer_id in enumerate(activity.implementers)
            ],
            objectives=[
                CrossReferenceRecord(objective_id=objective_ids[number].id)
                for number in activity.objectives
            ],
        )
        session.add(record_activity)
    session.flush()
    return True


def load_catalogue_from_db(
    session: Session, catalogue_id: str, appendix_blocks: tuple[AppendixBlock, ...] = ()
) -> Catalogue:
    """The catalogue with the implementers as they stand in the database."""
    head = session.get(CatalogueRecord, catalogue_id)
    if head is None:
        raise KeyError(f"catalogue {catalogue_id} is not installed")
    groups = tuple(
        Group(id=g.id, section=g.section, name=g.name)
        for g in session.scalars(
            select(ImplementerGroupRecord).order_by(ImplementerGroupRecord.position)
        )
    )
    implementers = tuple(
        Implementer(
            id=i.id,
            group=i.group_id,
            kind=i.kind,
            name=i.name,
            short_name=i.short_name,
            named_in_resolution=i.named_in_resolution,
        )
        for i in session.scalars(
            select(ImplementerRecord).order_by(ImplementerRecord.position, ImplementerRecord.id)
        )
    )
    objective_records = list(
        session.scalars(
            select(ObjectiveRecord)
            .where(ObjectiveRecord.catalogue_id == catalogue_id)
            .order_by(ObjectiveRecord.kind, ObjectiveRecord.number)
        )
    )
    objective_number = {o.id: o.number for o in objective_records}
    objectives = tuple(
        Objective(
            kind="general" if o.kind == "general" else "specific", number=o.number, text=o.text
        )
        for o in sorted(objective_records, key=lambda o: (o.kind != "general", o.number))
    )
    activities = tuple(
        Activity(
            number=a.number,
            section=a.section,
            heading=a.heading,
            text=a.text,
            implementers=tuple(link.implementer_id for link in a.implementers),
            objectives=tuple(sorted(objective_number[x.objective_id] for x in a.objectives)),
            heading_note=a.heading_note,
            notes=tuple(line for line in a.notes.split("\n") if line),
        )
        for a in session.scalars(
            select(ActivityRecord)
            .where(ActivityRecord.catalogue_id == catalogue_id)
            .order_by(ActivityRecord.number)
            .options(
                selectinload(ActivityRecord.implementers), selectinload(ActivityRecord.objectives)
            )
        )
    )
    return Catalogue(
        id=head.id,
        version=head.version,
        resolution=head.resolution,
        title=head.title,
        short_title=head.short_title,
        adopted=head.adopted,
        groups=groups,
        implementers=implementers,
        objectives=objectives,
        activities=activities,
        appendix_caveat=head.appendix_caveat,
        appendix_blocks=appendix_blocks,
    )


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug[:48] or "implementer"


def add_implementer(
    session: Session, name: str, group_id: str, short_name: str = "", kind: str = ""
) -> ImplementerRecord:
    """A new implementer not named in the resolution, at the end of its group."""
    if session.get(ImplementerGroupRecord, group_id) is None:
        raise KeyError(group_id)
    base = slugify(short_name or name)
    candidate, suffix = base, 2
    while session.get(ImplementerRecord, candidate) is not None:
        candidate, suffix = f"{base}-{suffix}", suffix + 1
    last = session.scalar(select(func.max(ImplementerRecord.position))) or 0
    record = ImplementerRecord(
        id=candidate,
        group_id=group_id,
        kind=kind,
        name=name,
        short_name=short_name or name,
        named_in_resolution=False,
        position=last + 1,
    )
    session.add(record)
    session.flush()
    return record


def rename_implementer(
    session: Session, implementer_id: str, name: str, short_name: str | None = None
) -> ImplementerRecord:
    record = session.get(ImplementerRecord, implementer_id)
    if record is None:
        raise KeyError(implementer_id)
    record.name = name
    if short_name is not None:
        record.short_name = short_name
    return record
