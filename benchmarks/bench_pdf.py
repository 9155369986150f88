"""PDF export speed: Focal's engine against reportlab's straightforward table, same run.

    python benchmarks/bench_pdf.py            # one submission and a 60-submission set
    python benchmarks/bench_pdf.py --quick    # one submission and a 10-submission set
    python benchmarks/bench_pdf.py --submissions 300 --skip-baseline   # memory of a big set

The data is generated deterministically: each submission has 10-35 rows, each text field
200-3,000 characters (financing up to 400), about 6 million characters for 60 submissions.
Both renderers get the same cells, the same embedded font (DejaVu Sans Condensed 9 pt), page
size (landscape A4), column widths, repeated header row and running header/footer with
"Page x of y". The baseline is ``Table([[Paragraph, ...], ...], repeatRows=1, splitInRow=1)``
in a SimpleDocTemplate. Each case runs in its own process, so the peak memory printed
(``ru_maxrss``) is that case's alone. Results are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.catalogue import Catalogue, default_catalogue  # noqa: E402
from app.core.i18n import translator  # noqa: E402
from app.core.report import FinancingLine, FocalPoint, ReportData, ReportStatus, RowData  # noqa: E402
from benchmarks.baselines import build, cell_styles, grid_table, para, start  # noqa: E402
from tests.helpers.factories import long_text  # noqa: E402


def make_submissions(catalogue: Catalogue, count: int, seed: int = 2141) -> list[ReportData]:
    rng = random.Random(seed)
    implementers = [i for i in catalogue.implementers if catalogue.assigned_activities(i.id)]
    numbers = [a.number for a in catalogue.activities]
    reports = []
    for index in range(count):
        implementer = implementers[index % len(implementers)]
        row_count = rng.randint(10, 35)
        rows = []
        for row_index, number in enumerate(sorted(rng.sample(numbers, row_count))):
            base = seed + index * 1000 + row_index * 10

            def text(k: int, limit: int = 3000, base: int = base) -> str:
                return long_text(rng.randint(200, limit), seed=base + k)

            rows.append(
                RowData(
                    activities=(number,),
                    programmed=text(0),
                    executed=text(1),
                    planned_next=text(2),
                    financing_text=text(3, 400),
                    financing=(FinancingLine("oas-regular-fund", "", None, ""),)
                    if row_index % 3 == 0
                    else (),
                )
            )
        reports.append(
            ReportData(
                uuid=f"bench-{index}",
                implementer_id=implementer.id,
                implementer_name=implementer.name,
                year=2025,
                catalogue_version=catalogue.version,
                status=ReportStatus.FINAL,
                focal_point=FocalPoint(name=f"Focal point {index}", email="fp@example.org"),
                background=long_text(rng.randint(500, 2500), seed=base_seed(index, 1)),
                conclusions=long_text(rng.randint(300, 1500), seed=base_seed(index, 2)),
                rows=tuple(rows),
            )
        )
    return reports


def base_seed(index: int, k: int) -> int:
    return 900_000 + index * 10 + k


def characters(reports: list[ReportData]) -> int:
    return sum(
        len(r.background) + len(r.conclusions) + sum(sum(map(len, row.texts())) for row in r.rows)
        for r in reports
    )


# --- Focal ---------------------------------------------------------------------------------


def render_focal(reports: list[ReportData], catalogue: Catalogue) -> int:
    from datetime import date

    from app.exchange.pdf.blocks import Block, PageBreak
    from app.exchange.pdf.document import build_pdf
    from app.exchange.pdf.submission import submission_blocks, submission_setup

    tr = translator("en")
    today = date(2026, 1, 15)
    blocks: list[Block] = []
    for index, report in enumerate(reports):
        if index:
            blocks.append(PageBreak())
        blocks.extend(submission_blocks(report, catalogue, tr, today=today))
    setup = submission_setup(reports[0], catalogue, tr, paper="a4", today=today)
    with tempfile.TemporaryFile() as target:  # a file, as in real use, not memory
        result = build_pdf(setup, blocks, target)
    return result.pages


# --- reportlab's straightforward table -------------------------------------------------------


def render_baseline(reports: list[ReportData], catalogue: Catalogue) -> int:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak

    from app.exchange.pdf.fonts import BOLD, REGULAR
    from app.exchange.pdf.submission import COLUMN_WIDTHS, activity_columns

    geometry = start()
    tr = translator("en")
    body, head = cell_styles()
    text = ParagraphStyle("text", fontName=REGULAR, fontSize=10, leading=12.4, spaceAfter=6)
    title = ParagraphStyle("title", fontName=BOLD, fontSize=12.5, leading=15.5, spaceAfter=7)
    widths = [geometry.frame_width * w for w in COLUMN_WIDTHS]

    story = []
    for index, report in enumerate(reports):
        if index:
            story.append(PageBreak())
        story += [para(catalogue.title, title), para(report.background, text)]
        data = [[para(c.heading, head) for c in activity_columns(report, catalogue, tr)]]
        for row in report.rows:
            first = "\n\n".join(f"{n}. {catalogue.activity(n).text}" for n in row.activities)
            data.append([para(first, body), *(para(t, body) for t in row.texts())])
        story += [grid_table(data, widths), para(report.conclusions, text)]

    with tempfile.TemporaryFile() as target:
        return build(story, target, geometry, catalogue.short_title, "IACHR — Annual report")


# --- running -----------------------------------------------------------------------------


def run_case(engine: str, count: int) -> dict[str, float]:
    catalogue = default_catalogue()
    reports = make_submissions(catalogue, count)
    # Imports and font loading happen once per process (the window has done them already):
    # both renderers are timed from here, with the modules loaded and the fonts registered.
    import reportlab.platypus  # noqa: F401

    import app.exchange.pdf.document  # noqa: F401
    from app.exchange.pdf.fonts import register_fonts

    register_fonts()
    started = time.perf_counter()
    render = render_focal if engine == "focal" else render_baseline
    pages = render(reports, catalogue)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "pages": pages,
        "seconds": seconds,
        "characters": characters(reports),
        "peak_mib": peak,
    }


def in_subprocess(engine: str, count: int) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--case", engine, "--submissions", str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def report_line(name: str, result: dict[str, float]) -> str:
    rate = result["pages"] / result["seconds"]
    return (
        f"  {name:<34} {int(result['pages']):>6} pages {result['seconds']:>8.2f} s "
        f"{rate:>8.1f} pages/s  peak {result['peak_mib']:>6.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 10-submission set")
    parser.add_argument("--submissions", type=int, help="size of the set (default 60)")
    parser.add_argument("--skip-baseline", action="store_true", help="time Focal only")
    parser.add_argument("--case", choices=("focal", "baseline"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.submissions or 1)))
        return
    big = args.submissions or (10 if args.quick else 60)
    for count in (1, big):
        focal = in_subprocess("focal", count)
        label = f"{count} submission{'s' if count > 1 else ''}"
        print(f"{label}: {int(focal['characters']):,} characters")
        print(report_line("Focal engine", focal))
        if not args.skip_baseline:
            baseline = in_subprocess("baseline", count)
            print(report_line("reportlab Table(splitInRow=1)", baseline))
            speedup = (focal["pages"] / focal["seconds"]) / (
                baseline["pages"] / baseline["seconds"]
            )
            print(f"  speed-up (pages/s): {speedup:.1f}x")


if __name__ == "__main__":
    main()
