"""The ``focal`` command, in-process and as a real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app import __version__
from app.cli import main


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_catalogue_json(capsys, db_path):
    code, out, _ = run_cli(capsys, "--db", str(db_path), "catalogue", "--json")
    assert code == 0
    data = json.loads(out)
    assert [a["number"] for a in data["activities"]] == list(range(1, 101))
    assert {o["kind"] for o in data["objectives"]} == {"general", "specific"}
    assert len(data["objectives"]) == 23
    assert sum(len(a["objectives"]) for a in data["activities"]) == 207
    assert {i["group"] for i in data["implementers"]} == {
        "oas",
        "member-states",
        "multilateral",
        "other",
    }
    first = data["activities"][0]
    assert set(first) >= {"number", "text", "implementers", "objectives"}
    assert first["implementers"] == ["iachr"]


def test_new_then_reports(capsys, db_path):
    code, out, _ = run_cli(
        capsys,
        "--db", str(db_path),
        "new", "--implementer", "cim", "--year", "2024", "--focal-point-name", "Lucía",
    )  # fmt: skip
    assert code == 0 and "2024" in out
    code, out, _ = run_cli(capsys, "--db", str(db_path), "reports", "--json")
    (report,) = json.loads(out)
    assert report["implementer"] == "cim"
    assert report["year"] == 2024
    assert report["status"] == "draft"
    assert report["rows_filled"] == 0
    assert report["rows_total"] == 8
    assert report["updated"]


def test_commands_that_change_reports_wait_for_the_window_to_let_go(capsys, db_path):
    from app.storage.lock import DatabaseLock

    args = ("--db", str(db_path), "new", "--implementer", "cim", "--year", "2024")
    with DatabaseLock(db_path):  # as a Focal window editing this database holds it
        code, _out, err = run_cli(capsys, *args)
        assert code == 1 and "open in another Focal" in err
        code, out, _err = run_cli(capsys, "--db", str(db_path), "reports", "--json")
        assert code == 0 and json.loads(out) == []  # reading is fine
    code, _out, _err = run_cli(capsys, *args)
    assert code == 0


def test_errors_are_one_sentence_with_exit_code_1(capsys, db_path):
    code, _out, err = run_cli(
        capsys, "--db", str(db_path), "new", "--implementer", "nobody", "--year", "2024"
    )
    assert code == 1
    assert err.startswith("focal: Unknown implementer: nobody")
    assert len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2(capsys, db_path):
    with pytest.raises(SystemExit) as raised:
        main(["--db", str(db_path), "new", "--year", "2024"])
    assert raised.value.code == 2


def test_damaged_database_is_a_clear_error(capsys, tmp_path):
    bad = tmp_path / "report.xlsx.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    code, _, err = run_cli(capsys, "--db", str(bad), "reports")
    assert code == 1
    assert "not a Focal database" in err and str(bad) in err


def test_database_from_environment(capsys, db_path, monkeypatch):
    monkeypatch.setenv("FOCAL_DB", str(db_path))
    run_cli(capsys, "new", "--implementer", "iom", "--year", "2023")
    assert db_path.exists()


def test_installed_program(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    version = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, env=env
    )
    assert version.returncode == 0
    assert __version__ in version.stdout
    check = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "x.sqlite3"), "selfcheck"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
    assert "selfcheck: OK" in check.stdout
