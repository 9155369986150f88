"""The catalogue in the database: loaded once from the shipped file, implementers editable.

The shipped TOML stays the reference for the Program's text; the database copy adds what users
change over the years (implementers added or renamed), and reports refer to it by key.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.catalogue import Catalogue, Implementer, with_implementers
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


def load_implementers(session: Session) -> tuple[Implementer, ...]:
    """The implementers as they stand in the database, in the catalogue's order."""
    return tuple(
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


def load_catalogue_from_db(session: Session, shipped: Catalogue) -> Catalogue:
    """The shipped catalogue with the implementers as they stand in the database."""
    if session.get(CatalogueRecord, shipped.id) is None:
        raise KeyError(f"catalogue {shipped.id} is not installed")
    return with_implementers(shipped, load_implementers(session))


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
