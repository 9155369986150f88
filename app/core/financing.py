"""The financing vocabulary: where the money for an activity comes from.

Codes are stable (they travel in exported workbooks); labels are translated. The order is the
order of the drop-down lists. Amounts are written by :mod:`app.core.formatting` (``format_amount``
is imported here too, for older callers).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.formatting import format_amount
from app.core.i18n import N_, Translator, translator
from app.core.report import FinancingLine


@dataclass(frozen=True, slots=True)
class FinancingSource:
    code: str
    label: str  # English, marked for translation

    def label_in(self, tr: Translator) -> str:
        return tr.gettext(self.label)


FINANCING_SOURCES: tuple[FinancingSource, ...] = (
    FinancingSource("oas-regular-fund", N_("OAS Regular Fund")),
    FinancingSource("oas-development-cooperation-fund", N_("OAS Development Cooperation Fund")),
    FinancingSource("oas-specific-fund", N_("OAS specific fund or voluntary contribution")),
    FinancingSource("oas-trust-fund", N_("OAS trust fund")),
    FinancingSource("national-budget", N_("National budget")),
    FinancingSource("own-resources", N_("Own resources")),
    FinancingSource("donor-bilateral", N_("External donor: bilateral")),
    FinancingSource("donor-multilateral", N_("External donor: multilateral")),
    FinancingSource("donor-private", N_("External donor: private")),
    FinancingSource("in-kind", N_("In kind")),
    FinancingSource("not-financed", N_("Not yet financed")),
)

_BY_CODE = {source.code: source for source in FINANCING_SOURCES}

# ISO 4217 codes offered first; any three-letter code is accepted.
COMMON_CURRENCIES: tuple[str, ...] = (
    "USD", "EUR", "CAD", "MXN", "BRL", "ARS", "CLP", "COP", "PEN", "GTQ", "CRC", "DOP",
    "HNL", "NIO", "PAB", "PYG", "UYU", "BOB", "JMD", "TTD", "BBD", "BSD", "BZD", "GYD",
    "HTG", "SRD", "XCD", "VES",
)  # fmt: skip


def source_by_code(code: str) -> FinancingSource:
    return _BY_CODE[code]


def is_source_code(code: str) -> bool:
    return code in _BY_CODE


def source_from_label(label: str) -> FinancingSource | None:
    """Find a source by its code or its label in any supported language (for filled templates)."""
    text = label.strip()
    if text in _BY_CODE:
        return _BY_CODE[text]
    folded = text.casefold()
    for language in ("en", "es", "fr", "pt"):
        tr = translator(language)
        for source in FINANCING_SOURCES:
            if source.label_in(tr).casefold() == folded:
                return source
    return None


def is_currency_code(code: str) -> bool:
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def financing_line_text(line: FinancingLine, tr: Translator, *, keep_together: bool = False) -> str:
    """'OAS Regular Fund — USD 12,000.00 — Government of Canada', as both exports print it.

    ``keep_together`` joins currency and amount with a no-break space, for cells that wrap.
    """
    parts: list[str] = []
    if line.source and is_source_code(line.source):
        parts.append(source_by_code(line.source).label_in(tr))
    elif line.source:
        parts.append(line.source)
    if line.amount is not None:
        amount = format_amount(line.amount, tr.language)
        space = "\u00a0" if keep_together else " "
        parts.append(f"{line.currency}{space}{amount}" if line.currency else amount)
    elif line.currency:
        parts.append(line.currency)
    if line.donor.strip():
        parts.append(line.donor.strip())
    return " — ".join(parts)
