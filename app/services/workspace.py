"""The workspace: an open database together with the catalogue it holds.

It is what the window and the ``focal`` command both start from. Opening it migrates the
database when needed and installs the shipped catalogue on first use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.core.catalogue import Catalogue, default_catalogue
from app.core.i18n import _
from app.storage import catalogue_store
from app.storage.database import Database, open_database

log = logging.getLogger("focal.services")


@dataclass
class Workspace:
    db: Database
    catalogue: Catalogue
    installed_now: bool = False
    _listeners: list[object] = field(default_factory=list, repr=False)

    @property
    def path(self) -> Path:
        return self.db.path

    def refresh_catalogue(self) -> Catalogue:
        """Re-read implementers after they changed (added, renamed)."""
        shipped = default_catalogue()
        with self.db.reading() as session:
            self.catalogue = catalogue_store.load_catalogue_from_db(
                session, shipped.id, shipped.appendix_blocks
            )
        return self.catalogue

    def add_implementer(self, name: str, group_id: str, short_name: str = "") -> str:
        """Add an implementer that the resolution does not name; returns its new id."""
        name = name.strip()
        if not name:
            raise ValueError(_("An implementer needs a name."))
        if group_id not in {g.id for g in self.catalogue.groups}:
            raise ValueError(_("Unknown implementer group: {group}").format(group=group_id))
        with self.db.session() as session:
            record = catalogue_store.add_implementer(session, name, group_id, short_name.strip())
            new_id = record.id
        self.refresh_catalogue()
        return new_id

    def rename_implementer(self, implementer_id: str, name: str, short_name: str | None) -> None:
        if not name.strip():
            raise ValueError(_("An implementer needs a name."))
        with self.db.session() as session:
            catalogue_store.rename_implementer(session, implementer_id, name.strip(), short_name)
        self.refresh_catalogue()

    def close(self) -> None:
        self.db.close()


def open_workspace(path: Path | None = None) -> Workspace:
    """Open (create, migrate) the database and make sure the catalogue is installed."""
    db = open_database(path)
    shipped = default_catalogue()
    with db.session() as session:
        installed = catalogue_store.install_catalogue(session, shipped)
    if installed:
        log.info("installed catalogue %s %s into %s", shipped.id, shipped.version, db.path)
    workspace = Workspace(db=db, catalogue=shipped, installed_now=installed)
    workspace.refresh_catalogue()
    return workspace
