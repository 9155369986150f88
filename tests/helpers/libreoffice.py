"""Workbooks converted by LibreOffice, to see them as a user without Excel would."""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Sequence
from pathlib import Path

# One CSV per sheet (the last option, -1), cells as shown, UTF-8 (76), comma and quote.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def convert(soffice: str, files: Sequence[Path], target: str, out: Path, profile: Path) -> None:
    """Convert ``files`` in one call (LibreOffice takes seconds to start) into ``out``, with a
    private profile so that parallel runs do not clash."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )


def sheet_rows(folder: Path, stem: str, sheet: str) -> list[list[str]]:
    """The rows of one sheet converted with :data:`CSV_FILTER` (file ``stem-sheet.csv``)."""
    with (folder / f"{stem}-{sheet}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))
