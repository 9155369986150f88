"""Benchmark: exporting and importing submission workbooks, against raw openpyxl in the same run.

    python benchmarks/bench_xlsx.py [--repeat N]

Prints, for one submission and for a set of 60, the time Focal takes to export (write_submission)
and to import (read_submission), and the ratio to openpyxl writing the same cell values (every
cell of every sheet Focal wrote, as plain values) into a write-only workbook without styles, and
reading Focal's workbooks read-only. Focal's export target is
at most 1.3 times the raw write. Times are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.catalogue import Catalogue, default_catalogue  # noqa: E402
from app.core.report import ReportData  # noqa: E402
from app.exchange.xlsx.reader import read_submission  # noqa: E402
from app.exchange.xlsx.writer import write_submission  # noqa: E402
from tests.helpers.factories import sample_report  # noqa: E402


def submissions(catalogue: Catalogue, count: int) -> list[ReportData]:
    """Realistic submissions: texts of 200-3000 characters, 10-35 rows each."""
    rng = random.Random(2025)
    implementers = [i.id for i in catalogue.implementers if catalogue.assigned_activities(i.id)]
    reports = []
    for index in range(count):
        implementer = implementers[index % len(implementers)]
        report = sample_report(catalogue, implementer, 2025, seed=index + 1)
        rows = report.rows
        if len(rows) < 10:  # pad small implementers with other activities, as grouped work does
            extra = [n for n in range(1, 101) if (n,) not in {r.activities for r in rows}]
            donor = sample_report(catalogue, "mex", 2025, seed=index + 100).rows
            rows = rows + tuple(
                replace(donor[k], activities=(extra[k],)) for k in range(10 - len(rows))
            )
        else:
            rows = rows[: rng.randint(10, min(35, len(rows)))]
        reports.append(report.with_rows(rows))
    return reports


def cell_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every cell value of a workbook Focal wrote, sheet by sheet: what the baseline writes."""
    workbook = load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    finally:
        workbook.close()


def raw_write(values: dict[str, list[tuple[object, ...]]], path: Path) -> None:
    """openpyxl writing the same cells, as plain values, into a write-only workbook."""
    workbook = Workbook(write_only=True)
    for name, rows in values.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def raw_read(path: Path) -> int:
    workbook = load_workbook(path, read_only=True)
    cells = 0
    for name in ("Report", "Narrative", "Identity"):
        for row in workbook[name].iter_rows(values_only=True):
            cells += sum(1 for value in row if value is not None)
    workbook.close()
    return cells


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(label: str, reports: Sequence[ReportData], catalogue: Catalogue, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        focal_paths = [base / f"focal-{i}.xlsx" for i in range(len(reports))]
        raw_paths = [base / f"raw-{i}.xlsx" for i in range(len(reports))]

        def export() -> None:
            for report, path in zip(reports, focal_paths, strict=True):
                write_submission(report, catalogue, path)

        export()
        values = [cell_values(path) for path in focal_paths]

        def raw_export() -> None:
            for cells, path in zip(values, raw_paths, strict=True):
                raw_write(cells, path)

        def import_() -> None:
            for path in focal_paths:
                result = read_submission(path, catalogue)
                assert result.ok, result.problems

        def raw_import() -> None:
            for path in focal_paths:
                raw_read(path)

        focal_write, raw_write_time = best(repeat, export), best(repeat, raw_export)
        focal_read, raw_read_time = best(repeat, import_), best(repeat, raw_import)
    rows = sum(len(r.rows) for r in reports)
    characters = sum(sum(len(t) for row in r.rows for t in row.texts()) for r in reports)
    print(f"{label}: {len(reports)} workbooks, {rows} rows, {characters:,} characters of text")
    for name, focal, raw, target in (
        ("export", focal_write, raw_write_time, "  (target <= 1.30x)"),
        ("import", focal_read, raw_read_time, ""),
    ):
        print(
            f"  {name}  focal {focal * 1000:8.1f} ms   raw openpyxl {raw * 1000:8.1f} ms"
            f"   ratio {focal / raw:.2f}x{target}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    catalogue = default_catalogue()
    many = submissions(catalogue, 60)
    one = [sample_report(catalogue, "mex", 2025, seed=1)]
    measure("one submission (Mexico, 33 rows)", one, catalogue, args.repeat)
    measure("60 submissions", many, catalogue, max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
