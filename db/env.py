"""Alembic environment: migrations run in one transaction each, in batch mode for SQLite.

Focal runs migrations itself at start-up (app.storage.database.open_database), handing over
its connection; the alembic command line works too, with -x db=PATH.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app.storage.database import make_engine
from app.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        transaction_per_migration=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    from pathlib import Path

    db = context.get_x_argument(as_dictionary=True).get("db")
    url = config.get_main_option("sqlalchemy.url")
    if db is None and url is None:
        raise SystemExit("give the database: alembic -x db=PATH ...")
    engine = make_engine(Path(db)) if db else make_engine(Path(url.removeprefix("sqlite:///")))
    with engine.begin() as connection:
        run_with(connection)


if context.is_offline_mode():
    raise SystemExit("Focal's migrations run online only")
run_migrations_online()
