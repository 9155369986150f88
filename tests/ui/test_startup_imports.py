"""What the start-up imports before its window shows: nothing of the heavy libraries.

SQLAlchemy, Alembic, openpyxl and reportlab each take longer to import than the window takes
to appear; they are imported on the worker thread or when a command first needs them. This runs
the start-up's own steps in a fresh interpreter, up to the shown window.
"""

from __future__ import annotations

from app.services import reports
from app.services.workspace import open_workspace
from tests.helpers.processes import focal_env, run_python

HEAVY = ("sqlalchemy", "alembic", "mako", "pygments", "openpyxl", "reportlab")

SCRIPT = """
import builtins, sys
from pathlib import Path
from app.__main__ import load_qt
load_qt()
print("hook", builtins.__import__.__name__)
from app.ui.application import make_application, quick_start
from app.ui.settings import Settings
application = make_application()
started = quick_start(Path(sys.argv[1]), Settings())
started.window.show()
application.processEvents()
print("report", started.window.session.report_id)
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(",")))
print("heavy", heavy, "svg", "PySide6.QtSvg" in sys.modules)
"""


def test_nothing_heavy_is_imported_before_the_window_shows(tmp_path, db_path):
    workspace = open_workspace(db_path)
    report = reports.create_report(workspace, "iom", 2025)
    workspace.close()
    env = focal_env(tmp_path / "data")
    done = run_python("-c", SCRIPT, str(db_path), ",".join(HEAVY), env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "hook __import__"  # PySide6's __feature__ hook taken back
    assert lines[1] == f"report {report.report_id}"
    assert lines[2] == "heavy [] svg False", (
        "a module imported at start-up pulls in a heavy library; import it inside the "
        "function that needs it (see app/ui/application.py)"
    )
