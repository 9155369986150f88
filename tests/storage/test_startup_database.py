"""Opening the database at start-up: the head revision is known without Alembic."""

from __future__ import annotations

from app.storage.database import HEAD_REVISION, current_revision, head_revision, open_database
from tests.helpers.processes import run_python


def test_the_head_revision_constant_is_alembics_head():
    # A new migration must update HEAD_REVISION, or databases would be migrated at every start
    # and quick start-ups refused.
    assert head_revision() == HEAD_REVISION


def test_an_up_to_date_database_opens_without_importing_alembic(db_path):
    open_database(db_path).close()  # creates it at the head revision (this does use Alembic)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.storage.database import open_database, current_revision\n"
        f"db = open_database(Path({str(db_path)!r}))\n"
        "print(current_revision(db.engine), db.migrated_from)\n"
        "db.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = run_python("-c", code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"{HEAD_REVISION} None", "[]"]


def test_current_revision_is_none_for_a_new_file(tmp_path):
    from app.storage.database import make_engine

    engine = make_engine(tmp_path / "new.sqlite3")
    try:
        assert current_revision(engine) is None
    finally:
        engine.dispose()
