"""Consolidation speed and memory: Focal against the straightforward library path, same run.

    python benchmarks/bench_consolidate.py                   # N = 10, 60, 300; baseline 10, 60
    python benchmarks/bench_consolidate.py --sizes 10 60     # other set sizes
    python benchmarks/bench_consolidate.py --skip-baseline   # Focal only

For each N, N submission workbooks are generated with Focal's own writer (not timed): 10-35
rows each, texts of 200-3,000 characters (financing up to 400), spread over the implementers
the resolution assigns activities to and, beyond those 58, agencies of member states that the
secretariat added as implementers, so that N submissions make about N sections. Every set also
holds a few older exports of the same reports (superseded), reports for the wrong year and a
damaged file, so the real paths run. Then, each in a fresh process:

- Focal: ``build_consolidated`` (workbooks read in worker processes) and ``write_consolidated``
  (the PDF, and the workbook when ``app.exchange.xlsx.consolidated`` is there);
- baseline: openpyxl in normal mode reading every cell of the same files, the newest file per
  implementer kept, openpyxl (normal mode) writing the cells of Focal's annual workbook, and
  reportlab ``Table(..., repeatRows=1, splitInRow=1)`` of Paragraphs for the same sections.

Printed: seconds, seconds per submission, peak memory of the main process and of the worker
processes (``ru_maxrss``), and the ratio. Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.catalogue import (  # noqa: E402
    Catalogue,
    Implementer,
    default_catalogue,
    with_implementers,
)
from app.core.report import FinancingLine, FocalPoint, ReportData, ReportStatus, RowData  # noqa: E402
from benchmarks.baselines import build, cell_styles, grid_table, para, start  # noqa: E402
from tests.helpers.factories import long_text  # noqa: E402

YEAR = 2025


def has_xlsx_writer() -> bool:
    return (ROOT / "app" / "exchange" / "xlsx" / "consolidated.py").exists()


# --- the submissions ---------------------------------------------------------------------


def make_report(catalogue: Catalogue, implementer_id: str, year: int, seed: int) -> ReportData:
    """A realistic submission: the assigned activities first, then others, 10-35 rows."""
    rng = random.Random(seed)
    implementer = catalogue.implementer(implementer_id)
    assigned = list(catalogue.assigned_activities(implementer_id))
    count = rng.randint(10, 35)
    others = [a.number for a in catalogue.activities if a.number not in assigned]
    numbers = sorted(assigned[:count] + rng.sample(others, max(0, count - len(assigned))))
    rows = []
    for index, number in enumerate(numbers):

        def text(k: int, limit: int = 3000, index: int = index) -> str:
            return long_text(rng.randint(200, limit), seed=seed * 1000 + index * 4 + k)

        financing = ()
        if index % 3 == 0:
            amount = Decimal(rng.randint(1000, 90000))
            financing = (FinancingLine("oas-regular-fund", "", amount, "USD"),)
        rows.append(
            RowData(
                activities=(number,),
                programmed=text(0),
                executed=text(1),
                planned_next=text(2),
                financing_text=text(3, 400),
                financing=financing,
            )
        )
    return ReportData(
        uuid=str(uuid.UUID(int=rng.getrandbits(128))),
        implementer_id=implementer_id,
        implementer_name=implementer.name,
        year=year,
        catalogue_id=catalogue.id,
        catalogue_version=catalogue.version,
        status=ReportStatus.FINAL,
        focal_point=FocalPoint(
            name=f"Focal point {seed}",
            title="Coordinator",
            institution=implementer.short_name,
            email=f"focal{seed}@example.org",
        ),
        background=long_text(rng.randint(300, 1500), seed=seed),
        conclusions=long_text(rng.randint(200, 800), seed=seed + 1),
        rows=tuple(rows),
    )


# Agencies of member states that report in their own right once the secretariat adds them
# (the catalogue lets it add implementers): they make sets larger than the 58 implementers
# with assigned activities consolidate into as many sections, as a large year would.
AGENCIES = (
    "Ministry of Foreign Affairs",
    "National Migration Institute",
    "Ministry of Labour",
    "National Human Rights Institution",
    "Ministry of Education",
    "Ministry of Health",
    "Office of the Ombudsperson",
    "Ministry of Social Development",
)


def extra_implementers(catalogue: Catalogue, count: int) -> list[Implementer]:
    states = [i for i in catalogue.implementers if i.kind == "state"]
    extras = []
    for index in range(count):
        state = states[index % len(states)]
        agency = AGENCIES[(index // len(states)) % len(AGENCIES)]
        slug = "-".join(agency.lower().split())
        extras.append(
            Implementer(
                id=f"{state.id}-{slug}",
                group="member-states",
                kind="state-agency",
                name=f"{agency} of {state.name}",
                short_name=f"{state.short_name}: {agency}",
                named_in_resolution=False,
            )
        )
    return extras


def generate(catalogue: Catalogue, count: int, folder: Path) -> dict[str, int]:
    """``count`` workbooks: one damaged, some for the wrong year, a few older duplicates, and
    otherwise one per implementer (agencies of member states added beyond the catalogue's)."""
    from app.exchange.xlsx.writer import write_submission

    implementers = [i.id for i in catalogue.implementers if catalogue.assigned_activities(i.id)]
    wrong_year = max(1, count // 30)
    duplicates = max(1, count // 20)
    distinct = count - wrong_year - 1 - duplicates
    extras = extra_implementers(catalogue, max(0, distinct - len(implementers)))
    (folder / "implementers.json").write_text(
        json.dumps([dataclasses.asdict(i) for i in extras]), encoding="utf-8"
    )
    catalogue = with_implementers(catalogue, (*catalogue.implementers, *extras))
    implementers += [i.id for i in extras]
    # Older versions are written first: a workbook's export time is when it is written.
    for index in range(duplicates):
        implementer = implementers[index % distinct]
        report = make_report(catalogue, implementer, YEAR, seed=10_000 + index)
        write_submission(report, catalogue, folder / f"{implementer}-{index}-old.xlsx")
    for index in range(distinct):
        implementer = implementers[index]
        report = make_report(catalogue, implementer, YEAR, seed=index + 1)
        write_submission(report, catalogue, folder / f"{implementer}.xlsx")
    for index in range(wrong_year):
        implementer = implementers[-1 - index]
        report = make_report(catalogue, implementer, YEAR - 1, seed=20_000 + index)
        write_submission(report, catalogue, folder / f"{implementer}-{YEAR - 1}.xlsx")
    sample = next(folder.glob("*.xlsx")).read_bytes()
    (folder / "damaged.xlsx").write_bytes(sample[: len(sample) // 3])
    return {"distinct": distinct, "duplicates": duplicates, "wrong_year": wrong_year}


def install_extras(workspace: Any, folder: Path) -> None:
    """The secretariat's own additions to the implementers, as the window would add them."""
    from app.storage.models import ImplementerRecord

    extras = json.loads((folder / "implementers.json").read_text(encoding="utf-8"))
    with workspace.db.session() as session:
        for position, extra in enumerate(extras, start=1000):
            session.add(
                ImplementerRecord(
                    id=extra["id"],
                    group_id=extra["group"],
                    kind=extra["kind"],
                    name=extra["name"],
                    short_name=extra["short_name"],
                    named_in_resolution=False,
                    position=position,
                )
            )
    workspace.refresh_catalogue()


def characters(report: Any) -> int:
    return sum(sum(len(t) for row in s.report.rows for t in row.texts()) for s in report.sections())


# --- Focal -------------------------------------------------------------------------------


def run_focal(folder: Path, out: Path) -> dict[str, Any]:
    # What the window has done before the secretariat clicks: modules loaded, fonts ready.
    import app.exchange.pdf.consolidated
    import app.exchange.xlsx.reader  # noqa: F401
    from app.exchange.pdf.fonts import register_fonts
    from app.services.consolidation import build_consolidated, write_consolidated
    from app.services.workspace import open_workspace

    register_fonts()
    workspace = open_workspace(out / "secretariat.sqlite3")
    install_extras(workspace, folder)
    xlsx = out / "annual.xlsx" if has_xlsx_writer() else None
    try:
        started = time.perf_counter()
        report = build_consolidated(workspace, YEAR, [folder])
        read = time.perf_counter() - started
        result = write_consolidated(report, pdf=out / "annual.pdf")
        typeset = time.perf_counter() - started - read
        if xlsx is not None:
            write_consolidated(report, xlsx=xlsx)
        seconds = time.perf_counter() - started
    finally:
        workspace.close()
    return {
        "seconds": seconds,
        "read": read,
        "pdf": typeset,
        "xlsx": seconds - read - typeset,
        "pages": result.pdf_pages,
        "sections": len(report.sections()),
        "checks": len(report.checks),
        "characters": characters(report),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


# --- the straightforward way -------------------------------------------------------------


def baseline_read(folder: Path) -> dict[str, tuple[str, list[tuple[Any, ...]]]]:
    """Every workbook loaded by openpyxl (normal mode), every cell read; newest per
    implementer for the year kept: implementer -> (exported, Report sheet rows)."""
    from openpyxl import load_workbook

    chosen: dict[str, tuple[str, list[tuple[Any, ...]]]] = {}
    for path in sorted(folder.glob("*.xlsx")):
        try:
            workbook = load_workbook(path)
        except Exception:  # noqa: BLE001 - a damaged file is skipped, as Focal reports it
            continue
        identity: dict[str, Any] = {}
        for row in workbook["Identity"].iter_rows():
            values = [cell.value for cell in row]
            if values and values[0]:
                identity[str(values[0])] = values[2] if len(values) > 2 else None
        rows = [tuple(cell.value for cell in row) for row in workbook["Report"].iter_rows()]
        for row in workbook["Narrative"].iter_rows():
            _ = [cell.value for cell in row]
        if str(identity.get("year")) != str(YEAR):
            continue
        implementer = str(identity["implementer_id"])
        exported = str(identity.get("exported_at") or "")
        if implementer not in chosen or exported > chosen[implementer][0]:
            chosen[implementer] = (exported, rows)
    return chosen


def baseline_write_xlsx(values: dict[str, list[tuple[Any, ...]]], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in values.items():
        sheet = workbook.create_sheet(name[:31])
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def baseline_pdf(chosen: dict[str, tuple[str, list[tuple[Any, ...]]]], path: Path) -> int:
    from reportlab.lib.styles import ParagraphStyle

    from app.exchange.pdf.activities import COLUMN_WIDTHS
    from app.exchange.pdf.fonts import BOLD

    geometry = start()
    catalogue = default_catalogue()
    body, head = cell_styles()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=10, leading=12.4, spaceBefore=9)
    widths = [geometry.frame_width * w for w in COLUMN_WIDTHS]

    story = []
    order = {i.id: n for n, i in enumerate(catalogue.implementers)}
    names = {i.id: i.name for i in catalogue.implementers}
    ordered = sorted(
        chosen, key=lambda implementer: (order.get(implementer, len(order)), implementer)
    )
    for number, implementer in enumerate(ordered, start=1):
        rows = chosen[implementer][1]
        story.append(para(f"{number} {names.get(implementer, implementer)}", title))
        data = [[para(cell, head) for cell in rows[6][:5]]]  # the template's heading row
        data += [[para(cell, body) for cell in row[:5]] for row in rows[7:] if any(row[:5])]
        story.append(grid_table(data, widths))
    return build(story, str(path), geometry, catalogue.short_title)


def run_baseline(folder: Path, out: Path, workbook: Path | None) -> dict[str, Any]:
    import reportlab.platypus  # noqa: F401
    from openpyxl import load_workbook

    cells: dict[str, list[tuple[Any, ...]]] = {}
    if workbook is not None and workbook.exists():  # Focal's workbook: the cells to write
        book = load_workbook(workbook, read_only=True)
        cells = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}
        book.close()
    started = time.perf_counter()
    chosen = baseline_read(folder)
    read = time.perf_counter() - started
    if cells:
        baseline_write_xlsx(cells, out / "baseline.xlsx")
    written = time.perf_counter() - started - read
    pages = baseline_pdf(chosen, out / "baseline.pdf")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "read": read,
        "xlsx": written,
        "pdf": seconds - read - written,
        "pages": pages,
        "sections": len(chosen),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


# --- running -----------------------------------------------------------------------------


def in_subprocess(*arguments: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 60, 300])
    parser.add_argument("--baseline-up-to", type=int, default=60, metavar="N")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--case", choices=("focal", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case == "focal":
        print(json.dumps(run_focal(args.folder, args.out)))
        return
    if args.case == "baseline":
        workbook = args.out / "annual.xlsx"
        print(json.dumps(run_baseline(args.folder, args.out, workbook)))
        return
    catalogue = default_catalogue()
    print(
        f"Consolidation, {'PDF and workbook' if has_xlsx_writer() else 'PDF'}; "
        f"2 worker processes read the files\n"
    )
    print(
        f"{'N':>4} {'sections':>8} {'pages':>6} {'seconds':>8} {'s/sub':>7} "
        f"{'read':>6} {'pdf':>6} {'xlsx':>6} {'peak MiB':>9} {'workers':>8}   "
        f"{'baseline s':>10} {'ratio':>6}"
    )
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            folder, out = Path(scratch) / "in", Path(scratch) / "out"
            folder.mkdir()
            out.mkdir()
            generate(catalogue, count, folder)
            focal = in_subprocess("--case", "focal", "--folder", str(folder), "--out", str(out))
            line = (
                f"{count:>4} {focal['sections']:>8} {focal['pages']:>6} "
                f"{focal['seconds']:>8.2f} {focal['seconds'] / count:>7.3f} "
                f"{focal['read']:>6.2f} {focal['pdf']:>6.2f} {focal['xlsx']:>6.2f} "
                f"{focal['peak_mib']:>9.0f} {focal['workers_peak_mib']:>8.0f}"
            )
            if not args.skip_baseline and count <= args.baseline_up_to:
                base = in_subprocess(
                    "--case", "baseline", "--folder", str(folder), "--out", str(out)
                )
                ratio = base["seconds"] / focal["seconds"]
                line += f"   {base['seconds']:>10.2f} {ratio:>5.1f}x"
                line += (
                    f"   (baseline: read {base['read']:.1f} s, xlsx {base['xlsx']:.1f} s, "
                    f"pdf {base['pdf']:.1f} s, {base['pages']} pages, "
                    f"peak {base['peak_mib']:.0f} MiB)"
                )
            print(line, flush=True)
    print(
        "\nTargets: >= 8x the baseline at N = 60; seconds per submission flat or falling as N "
        "grows; main process peak under 250 MiB at N = 300."
    )


if __name__ == "__main__":
    main()
