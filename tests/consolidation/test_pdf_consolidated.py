"""The annual report PDF end to end: submissions made the way people make them, consolidated,
and the PDF read back with pdftotext.

Twelve implementers fill the blank template in a spreadsheet (openpyxl, as a person would),
one of them twice; a damaged file, a file for the wrong year and one naming an unknown
implementer come with them. The second variant types the reports into Focal's database and
exports them. Every figure the test expects is computed here from what was filled in, not by
the consolidation code.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.catalogue import Catalogue, format_activity_numbers
from app.core.i18n import set_language
from app.exchange.xlsx.reader import read_submission
from app.services import reports as report_service
from app.services.consolidation import build_consolidated, save_texts, write_consolidated
from app.services.workspace import Workspace, open_workspace
from app.services.xlsx_exchange import export_xlsx, write_template
from tests.exchange.pdf_text import pdf_text

YEAR = 2025
GROUP_LETTER = {"oas": "A", "member-states": "B", "multilateral": "C", "other": "D"}
# Parts A-D, catalogue order within each part (not the order the files come in).
IMPLEMENTERS = ("mex", "iom", "cim", "iachr", "arg", "rcm", "iihr", "ilo", "col", "iin", "cso",
                "caricom")  # fmt: skip
BACKGROUND = "Secretariat background bgtoken1.\n\nSecond paragraph bgtoken2."
CONCLUSION = "Secretariat conclusion cctoken1."


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


@dataclass
class Filled:
    """What the test put in one implementer's submission, to check the PDF against."""

    implementer: str
    source: Path
    tokens: list[str] = field(default_factory=list)
    rows: dict[int, bool] = field(default_factory=dict)  # activity -> has text
    focal: str = ""


def token(implementer: str, number: int, field_name: str, tag: str = "") -> str:
    return f"{implementer}{tag}x{number}x{field_name}"


def saved_on(path: Path, moment: datetime) -> None:
    """Set when the workbook was last saved (docProps/core.xml), as if saved that day."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    core = parts["docProps/core.xml"].decode()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", core)
    parts["docProps/core.xml"] = core.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def fill_template(
    workspace: Workspace,
    implementer: str,
    folder: Path,
    *,
    year: int = YEAR,
    tag: str = "",
    name: str | None = None,
    extra: int | None = None,
) -> Filled:
    """A blank template filled in a spreadsheet: some rows written, one left empty, one
    deleted (the activity is then not reported), and optionally an activity added by hand."""
    template = write_template(workspace, implementer, year, folder / f"blank-{implementer}.xlsx")
    catalogue = workspace.catalogue
    assigned = catalogue.assigned_activities(implementer)
    workbook = load_workbook(template)
    sheet = workbook["Report"]
    filled = Filled(implementer, folder / (name or f"{implementer}-{year}{tag}.xlsx"))
    filled.focal = f"Focal{implementer}{tag}"
    sheet["D2"] = filled.focal
    sheet["D4"] = f"{implementer}@example.org"
    deleted = len(assigned) - 1 if len(assigned) > 2 else None
    for index, number in enumerate(assigned):
        row = 8 + index
        if index == deleted:
            continue
        if index % 4 == 1:  # left empty
            filled.rows[number] = False
            continue
        for column, field_name in zip("BCDE", ("prog", "exec", "next", "fin"), strict=True):
            word = token(implementer, number, field_name, tag)
            sheet[f"{column}{row}"] = f"Text {word} for the report."
            filled.tokens.append(word)
        filled.rows[number] = True
    if deleted is not None:
        sheet.delete_rows(8 + deleted)
    if extra is not None:
        last = 8 + len(assigned) - (1 if deleted is not None else 0)
        sheet[f"A{last}"] = extra
        word = token(implementer, extra, "exec", tag)
        sheet[f"C{last}"] = f"Also {word}."
        filled.tokens.append(word)
        filled.rows[extra] = True
    workbook.save(filled.source)
    template.unlink()
    return filled


@dataclass
class Inputs:
    sources: list[Path]
    included: dict[str, Filled]
    superseded: Filled
    rejected: dict[Path, str]  # file -> a piece of the problem it must be listed with


def template_inputs(workspace: Workspace, folder: Path) -> Inputs:
    # Templates are sent today and filled in over the following days.
    today = datetime.now(UTC).replace(microsecond=0)
    included: dict[str, Filled] = {}
    for hour, implementer in enumerate(IMPLEMENTERS, start=1):
        extra = 57 if implementer == "iachr" else None
        included[implementer] = fill_template(workspace, implementer, folder, extra=extra)
        saved_on(included[implementer].source, today + timedelta(days=3, hours=hour))
    # Mexico sent a first version, then a corrected one: the newer file wins.
    older = fill_template(workspace, "mex", folder, tag="old", name="mex-first-version.xlsx")
    saved_on(older.source, today + timedelta(days=1))
    wrong_year = fill_template(workspace, "per", folder, year=YEAR - 1)
    damaged = folder / "damaged.xlsx"
    damaged.write_bytes(included["arg"].source.read_bytes()[:3000])
    stranger = fill_template(workspace, "ury", folder, tag="ghost", name="unknown.xlsx")
    identity = load_workbook(stranger.source)
    sheet = identity["Identity"]
    for row in sheet.iter_rows():
        if row[0].value == "implementer_id":
            row[2].value = "martians"
    identity.save(stranger.source)
    catalogue = workspace.catalogue
    rejected = {
        damaged: read_submission(damaged, catalogue).errors[0].message,
        wrong_year.source: f"{YEAR - 1}, not for {YEAR}",
        stranger.source: read_submission(stranger.source, catalogue).errors[0].message,
    }
    sources = [f.source for f in included.values()] + [older.source, *rejected]
    return Inputs(sources, included, older, rejected)


def expected_sections(catalogue: Catalogue, implementers: list[str]) -> list[tuple[str, str]]:
    """(number, name) in report order: parts A-D, catalogue order, numbered from 1."""
    result = []
    for group, letter in GROUP_LETTER.items():
        members = [i for i in catalogue.implementers if i.group == group and i.id in implementers]
        result += [(f"{letter}.{n}", i.name) for n, i in enumerate(members, start=1)]
    return result


def pages(path: Path) -> list[str]:
    return pdf_text(path).split("\f")


def word_counts(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def flat(text: str) -> str:
    return " ".join(text.split())


def between(all_pages: list[str], start: str, end: str | None) -> str:
    """The text of the body from the page holding the heading ``start`` to the page before
    the one holding ``end`` (each starts a page; the title and contents pages, which name
    every heading too, are skipped)."""
    opening = next(i for i, page in enumerate(all_pages) if "\nI. Background\n" in page)
    body = all_pages[opening:]
    first = next(i for i, page in enumerate(body) if start in page)
    last = len(body) if end is None else next(i for i, page in enumerate(body) if end in page)
    return flat("\n".join(body[first:last]))


def section_headings(body: str, catalogue: Catalogue) -> list[tuple[str, str]]:
    """Every "A.1 Name" heading of part III (a heading is followed by its focal point line)."""
    names = "|".join(re.escape(i.name) for i in catalogue.implementers)
    return re.findall(rf"\b([A-D]\.\d+) ({names}) Focal point:", body)


def consolidated_pdf(workspace: Workspace, sources: list[Path], out: Path, **kwargs) -> Path:
    save_texts(workspace, YEAR, BACKGROUND, CONCLUSION)
    report = build_consolidated(workspace, YEAR, sources, **kwargs)
    write_consolidated(report, pdf=out)
    return out


@pytest.fixture(scope="module")
def from_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Inputs, Path]]:
    """Made once for the module's checks: the files and the PDF are only read by them."""
    folder = tmp_path_factory.mktemp("annual")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FOCAL_DATA_DIR", str(folder / "focal-data"))
        workspace = open_workspace(folder / "secretariat.sqlite3")
        try:
            inputs = template_inputs(workspace, folder)
            yield inputs, consolidated_pdf(workspace, inputs.sources, folder / "annual.pdf")
        finally:
            workspace.close()


def test_every_text_once_and_the_older_version_not_at_all(from_templates):
    inputs, pdf = from_templates
    counts = word_counts(pdf_text(pdf))
    for filled in inputs.included.values():
        for word in filled.tokens:
            assert counts[word] == 1, word
    for word in inputs.superseded.tokens:
        assert counts[word] == 0, word
    assert counts["Focalmexold"] == 0
    for piece in ("bgtoken1", "bgtoken2", "cctoken1"):
        assert counts[piece] == 1


def test_sections_numbered_once_in_order_and_listed_alike_in_annex_1(from_templates, catalogue):
    inputs, pdf = from_templates
    expected = expected_sections(catalogue, list(inputs.included))
    all_pages = pages(pdf)
    body = between(all_pages, "III. Annual activities report", "IV. Conclusion")
    found = section_headings(body, catalogue)
    assert found == expected  # each once, in order
    for letter in "ABCD":
        numbers = [int(n.split(".")[1]) for n, _name in found if n.startswith(letter)]
        assert numbers == list(range(1, len(numbers) + 1))
    annex = between(all_pages, "Annex 1. Submissions received", "Annex 2.")
    listed = re.findall(r"\b([A-D]\.\d+) ", annex.split("Files not included")[0])
    assert listed == [number for number, _name in expected]
    for number, name in expected:
        assert f"{number} {name}" in annex


def test_duplicates_and_rejected_files_are_listed(from_templates):
    inputs, pdf = from_templates
    annex = between(pages(pdf), "Annex 1. Submissions received", "Annex 2.")
    left_out = annex.split("Files not included")[1]
    newer = inputs.included["mex"].source.name
    assert f"mex-first-version.xlsx Mexico {YEAR}" in left_out
    assert f"Superseded by {newer}, a newer export." in left_out
    for path, problem in inputs.rejected.items():
        row = left_out.split(path.name, 1)[1][: len(problem) + 120]
        assert flat(problem) in row, path.name
    title = flat(pages(pdf)[0])
    assert f"Implementers in this report {len(IMPLEMENTERS)}" in title
    assert "Files not included 4" in title


def test_annex_figures(from_templates, catalogue):
    inputs, pdf = from_templates
    all_pages = pages(pdf)
    by_name = {name: n for n, name in expected_sections(catalogue, list(inputs.included))}
    number_of = {i: by_name[catalogue.implementer(i).name] for i in inputs.included}
    # Annex 1: rows filled / rows in the file.
    received = between(all_pages, "Annex 1. Submissions received", "Annex 2.")
    for filled in inputs.included.values():
        written = sum(filled.rows.values())
        assert f"{written} / {len(filled.rows)} {filled.source.name}" in received
    # Annex 2: everyone with assigned activities and no submission included.
    missing = [
        i
        for i in catalogue.implementers
        if catalogue.assigned_activities(i.id) and i.id not in inputs.included
    ]
    not_reporting = between(all_pages, "Annex 2. Implementers", "Annex 3.")
    assert f"was included: {len(missing)}." in not_reporting
    for implementer in missing:
        assert implementer.name in not_reporting
    assert "Peru" in not_reporting and "Mexico" not in not_reporting
    # Annex 3: assigned, reported, empty, not reported, other activities, per cent.
    completeness = between(all_pages, "Annex 3. Completeness", "Annex 4.")
    for implementer, filled in inputs.included.items():
        assigned = catalogue.assigned_activities(implementer)
        reported = [n for n in assigned if filled.rows.get(n) is True]
        empty = [n for n in assigned if filled.rows.get(n) is False]
        absent = [n for n in assigned if n not in filled.rows]
        extra = [n for n in filled.rows if n not in assigned]
        cells = [number_of[implementer], catalogue.implementer(implementer).name]
        for numbers in (list(assigned), reported, empty, absent, extra):
            cells.append(str(len(numbers)))
            if numbers:
                cells.append(format_activity_numbers(numbers))
        cells.append(f"{round(100 * len(reported) / len(assigned))}%")
        assert " ".join(cells) in completeness, implementer
    # Annex 4: per specific objective, reported among the activities serving it.
    reported_anywhere = {n for f in inputs.included.values() for n, text in f.rows.items() if text}
    expected = []
    for objective in catalogue.specific_objectives():
        serving = [a.number for a in catalogue.activities if objective.number in a.objectives]
        expected.append(f"{len(reported_anywhere & set(serving))} of {len(serving)}")
    coverage = between(all_pages, "Annex 4. Coverage", None)
    coverage = re.sub(r"Page \d+ of \d+", "", coverage)
    assert re.findall(r"\b\d+ of \d+\b", coverage) == expected


def test_column_headings_carry_both_years(from_templates):
    _inputs, pdf = from_templates
    text = flat(pdf_text(pdf))
    years = re.findall(r"Activities programmed to be executed in (\d{4})", text)
    assert set(years) == {str(YEAR), str(YEAR + 1)}
    assert years.count(str(YEAR)) == years.count(str(YEAR + 1)) >= len(IMPLEMENTERS)
    pairs = re.findall(
        r"executed in (\d{4}) Activities developed/executed "
        r"Activities programmed to be executed in (\d{4})",
        text,
    )
    assert pairs and all(pair == (str(YEAR), str(YEAR + 1)) for pair in pairs)


def test_reports_typed_in_focal_and_exported(workspace, tmp_path, catalogue):
    """The second way in: reports typed in Focal's database, exported, consolidated; and the
    same reports taken straight from the database give the same sections."""
    chosen = ["arg", "iom", "iachr", "cso"]
    typed: dict[str, list[str]] = {}
    for implementer in chosen:
        report = report_service.create_report(workspace, implementer, YEAR)
        typed[implementer] = []
        for row in report.rows[:3]:
            word = token(implementer, row.activities[0], "db")
            report_service.save_row_texts(workspace, row.row_id, {"executed": f"Done {word}."})
            typed[implementer].append(word)
        export_xlsx(workspace, implementer, YEAR, tmp_path / f"{implementer}.xlsx")
    # A correction typed after the first export of Argentina, then exported again.
    first = tmp_path / "arg.xlsx"
    first.rename(tmp_path / "arg-first.xlsx")
    report_id = report_service.find_report_id(workspace, "arg", YEAR)
    row = report_service.load_report(workspace, report_id).rows[0]
    correction = token("arg", row.activities[0], "corrected")
    report_service.save_row_texts(workspace, row.row_id, {"executed": f"Done {correction}."})
    export_xlsx(workspace, "arg", YEAR, tmp_path / "arg.xlsx")
    typed["arg"][0] = correction

    files = sorted(tmp_path.glob("*.xlsx"))
    from_files = consolidated_pdf(workspace, files, tmp_path / "files.pdf")
    text = pdf_text(from_files)
    counts = word_counts(text)
    for words in typed.values():
        for word in words:
            assert counts[word] == 1, word
    assert counts[token("arg", row.activities[0], "db")] == 0
    assert "Superseded by arg.xlsx, a newer export." in flat(text)

    from_db = consolidated_pdf(workspace, [], tmp_path / "db.pdf", from_db=True)
    db_text = pdf_text(from_db)
    counts = word_counts(db_text)
    for words in typed.values():
        for word in words:
            assert counts[word] == 1, word
    assert "Taken from the database" in flat(db_text)
    body = between(pages(from_db), "III. Annual activities report", "IV. Conclusion")
    assert section_headings(body, catalogue) == expected_sections(catalogue, chosen)
