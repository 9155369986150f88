"""Reports for tests: realistic, hostile and reproducible texts.

Shared by the storage, exchange, UI and consolidation tests so all of them exercise the same
awkward text (accents, right-to-left, emoji, markup, formulas, long cells).
"""

from __future__ import annotations

import random
import uuid
from decimal import Decimal

from app.core.catalogue import Catalogue
from app.core.report import FinancingLine, FocalPoint, ReportData, ReportStatus, RowData

HOSTILE_TEXTS: tuple[str, ...] = (
    "Capacitación en São Paulo, Québec y Bogotá: niñas, niños y adolescentes — «éxito» ✓",
    "=SUM(A1:A9) must stay text",
    "+34 600 000 000",
    "-5 is not a formula",
    "@mention stays text",
    "\tleading tab and trailing spaces   ",
    "Line one\nLine two\n\nParagraph two\r\nWindows line",
    "<b>not bold</b> & <img src='http://example.invalid/x.png'/> &amp; </para>",
    "مهاجرون وحقوق الإنسان — עברית",
    "Emoji 🌎👩🏽‍⚖️ and Greek Ωμέγα, Cyrillic Привет",
    "- first item\n- second item\n  1. nested numbered",
)


def long_text(length: int, seed: int = 0) -> str:
    """Prose-like text of exactly ``length`` characters with paragraphs and accents."""
    words = [
        "migrantes",
        "derechos",
        "humanos",
        "capacitación",
        "funcionarios",
        "consular",
        "protección",
        "trafficking",
        "smuggling",
        "workshop",
        "seminar",
        "report",
        "Mexico",
        "Perú",
        "São",
        "Tomé",
        "déjà",
        "vu",
        "families",
        "children",
        "women",
        "indigenous",
        "budget",
        "cooperation",
        "IOM",
        "UNHCR",
    ]
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < length:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 18))).capitalize()
        sentence += "." + ("\n\n" if rng.random() < 0.15 else " ")
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)[:length]


def sample_report(
    catalogue: Catalogue,
    implementer_id: str = "iachr",
    year: int = 2025,
    *,
    seed: int = 1,
    min_length: int = 200,
    max_length: int = 3000,
    hostile: bool = False,
) -> ReportData:
    """A filled report for ``implementer_id`` with one row per assigned activity."""
    rng = random.Random(seed)
    implementer = catalogue.implementer(implementer_id)
    numbers = catalogue.assigned_activities(implementer_id) or (1,)
    rows = []
    for index, number in enumerate(numbers):

        def text(k: int, index: int = index) -> str:
            if hostile:
                return HOSTILE_TEXTS[(index * 4 + k) % len(HOSTILE_TEXTS)]
            return long_text(rng.randint(min_length, max_length), seed=seed * 1000 + index * 4 + k)

        rows.append(
            RowData(
                activities=(number,),
                programmed=text(0),
                executed=text(1),
                planned_next=text(2),
                financing_text=text(3)[:400],
                financing=(
                    FinancingLine(
                        source="oas-regular-fund",
                        donor="",
                        amount=Decimal(rng.randint(1000, 90000)),
                        currency="USD",
                    ),
                ),
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
        language="en",
        focal_point=FocalPoint(
            name="María José Gonçalves",
            title="Coordinadora de Migración",
            institution=implementer.short_name,
            email="mjgoncalves@example.org",
            phone="+1 202 555 0101",
        ),
        background=long_text(900, seed) if not hostile else HOSTILE_TEXTS[0],
        conclusions=long_text(600, seed + 1) if not hostile else HOSTILE_TEXTS[7],
        rows=tuple(rows),
    )
