"""The same models and migrations on PostgreSQL (the server the secretariat may move to).

Runs when FOCAL_TEST_POSTGRES_URL names an empty database, e.g.
postgresql+psycopg://focal:focal@localhost/focal_test (CI starts one).
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from app.core.report import FinancingLine
from app.storage import catalogue_store, report_store
from app.storage.database import alembic_config
from app.storage.models import Base
from tests.conftest import REQUIRE_TOOLS
from tests.helpers.factories import HOSTILE_TEXTS, sample_report

URL = os.environ.get("FOCAL_TEST_POSTGRES_URL")

if URL is None and REQUIRE_TOOLS:
    pytest.fail("FOCAL_TEST_POSTGRES_URL is required in CI", pytrace=False)
pytestmark = pytest.mark.skipif(URL is None, reason="FOCAL_TEST_POSTGRES_URL is not set")


@pytest.fixture
def engine():
    engine = create_engine(URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    yield engine
    engine.dispose()


def test_migrations_give_the_models_schema(engine):
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_report_round_trip(engine, catalogue):
    data = sample_report(catalogue, "iachr", 2025, hostile=True)
    data = data.with_rows(
        (
            *data.rows[:-1],
            type(data.rows[-1])(
                activities=data.rows[-1].activities,
                executed="\n".join(HOSTILE_TEXTS),
                financing=(FinancingLine("in-kind", "UNHCR", Decimal("1234.56"), "EUR"),),
            ),
        )
    )
    with Session(engine) as session, session.begin():
        catalogue_store.install_catalogue(session, catalogue)
        record = report_store.create_report(session, data)
        report_id = record.id
    with Session(engine) as session:
        loaded = report_store.report_to_data(report_store.get_report(session, report_id))
        assert loaded.rows == data.rows
        assert loaded.background == data.background
        assert loaded.rows[-1].financing[0].amount == Decimal("1234.56")
        (summary,) = report_store.list_summaries(session)
        assert summary.rows_total == len(data.rows)


def test_autosave_writes_on_postgresql(engine, catalogue):
    """The per-keystroke saves (Core statements with RETURNING) behave the same there."""
    data = sample_report(catalogue, "iom", 2025)
    with Session(engine) as session, session.begin():
        catalogue_store.install_catalogue(session, catalogue)
        record = report_store.create_report(session, data)
        report_id, row_id = record.id, record.rows[0].id
    lines = (
        FinancingLine("national-budget", "", Decimal("10.50"), "USD"),
        FinancingLine("donor-bilateral", "Canadá", Decimal("99999.99"), "CAD"),
    )
    with Session(engine) as session, session.begin():
        report_store.update_row_texts(session, row_id, {"executed": HOSTILE_TEXTS[0]})
        report_store.set_row_financing(session, row_id, lines)
        stamped = report_store.update_report_fields(session, report_id, {"conclusions": "Fin"})
    with Session(engine) as session:
        loaded = report_store.report_to_data(report_store.get_report(session, report_id))
    assert loaded.rows[0].executed == HOSTILE_TEXTS[0]
    assert loaded.rows[0].financing == lines
    assert loaded.conclusions == "Fin" and loaded.updated == stamped
