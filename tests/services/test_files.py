"""The one rule for which files are submission workbooks (CLI, consolidation, import window)."""

from __future__ import annotations

from pathlib import Path

from app.services.files import find_submission_files, is_submission_file


def test_a_folder_gives_its_workbooks_sorted_without_lock_hidden_or_nested_files(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "older" / "inner.xlsx").parent.mkdir(parents=True)
    (inbox / "older" / "inner.xlsx").write_bytes(b"nested")
    (inbox / "folder.xlsx").mkdir()  # a folder named like a workbook is not one
    for name in ("b.XLSX", "a.xlsx", "~$a.xlsx", ".hidden.xlsx", "notes.txt", "old.xls"):
        (inbox / name).write_bytes(b"x")

    assert find_submission_files([inbox]) == [inbox / "a.xlsx", inbox / "b.XLSX"]


def test_named_files_are_kept_as_given_unless_only_workbooks_are_wanted(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.xlsx").write_bytes(b"x")
    notes, lock = tmp_path / "notes.txt", tmp_path / "~$report.xlsx"
    given = [notes, inbox, lock]

    assert find_submission_files(given) == [notes, inbox / "a.xlsx", lock]
    assert find_submission_files(given, only_workbooks=True) == [inbox / "a.xlsx"]


def test_workbook_names():
    assert is_submission_file(Path("Report 2025.xlsx"))
    assert is_submission_file(Path("REPORT.XLSX"))
    assert not is_submission_file(Path("~$Report.xlsx"))
    assert not is_submission_file(Path(".Report.xlsx"))
    assert not is_submission_file(Path("Report.xls"))
    assert not is_submission_file(Path("Report.xlsx.txt"))
