"""``export_pdf`` and ``focal export --pdf`` on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import main
from app.core.resources import resource_path
from app.exchange.pdf.fonts import FONT_FILES
from app.services.pdf_export import export_pdf
from app.services.reports import create_report, save_report_fields, save_row_texts
from app.services.workspace import Workspace
from tests.exchange.pdf_text import appears_in_order, pdf_text, words


@pytest.fixture
def filled(workspace: Workspace) -> Workspace:
    report = create_report(workspace, "cim", 2024, language="en")
    assert report.report_id is not None
    save_report_fields(
        workspace,
        report.report_id,
        {"focal_name": "Lucía Ferreira", "background": "Typed background.\n\n- with a list"},
    )
    first = report.rows[0]
    assert first.row_id is not None
    save_row_texts(workspace, first.row_id, {"executed": "Workshop in Quito, 12 May."})
    return workspace


def test_export_pdf_writes_the_stored_report(filled: Workspace, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "cim-2024.pdf"
    result = export_pdf(filled, "cim", 2024, target, paper="letter")
    assert result.path == target and result.pages == len(PdfReader(target).pages)
    document = words(pdf_text(target))
    for expected in (
        "Lucía Ferreira",
        "Typed background.",
        "with a list",
        "Workshop in Quito, 12 May.",
    ):
        assert appears_in_order(words(expected), document), expected
    assert appears_in_order(words("Activities programmed to be executed in 2025"), document)
    assert [f.name for f in out.iterdir()] == ["cim-2024.pdf"]  # no temporary file left


def test_export_pdf_without_a_report_says_so(workspace: Workspace, tmp_path: Path):
    with pytest.raises(ValueError, match="There is no 2024 report for"):
        export_pdf(workspace, "cim", 2024, tmp_path / "x.pdf")
    with pytest.raises(ValueError, match="Unknown implementer: nobody"):
        export_pdf(workspace, "nobody", 2024, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_focal_export_pdf_command(
    filled: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    target = tmp_path / "out.pdf"
    db = str(filled.path)
    filled.close()
    code = main(
        [
            "--db",
            db,
            "export",
            "--implementer",
            "cim",
            "--year",
            "2024",
            "--pdf",
            str(target),
            "--language",
            "es",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert str(target) in out and "pages" in out
    assert PdfReader(target).pages


def test_fonts_and_their_licence_are_shipped():
    folder = resource_path("fonts")
    for name in FONT_FILES.values():
        assert (folder / name).stat().st_size > 100_000
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "DejaVu" in licence


def test_focal_export_pdf_errors_are_one_sentence(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    db = str(workspace.path)
    workspace.close()
    args = ["--db", db, "export", "--implementer", "cim", "--year", "2024", "--pdf"]
    assert main([*args, str(tmp_path / "none.pdf")]) == 1
    assert "There is no 2024 report for" in capsys.readouterr().err
    create = ["--db", db, "new", "--implementer", "cim", "--year", "2024"]
    assert main(create) == 0
    assert main([*args, str(tmp_path / "missing-folder" / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("focal: Cannot write") and "Traceback" not in err
