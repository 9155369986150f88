"""The resolution's official texts in Spanish, French and Portuguese, beside the English catalogue.

The OAS publishes AG/RES. 2141 in its four official languages, and a report in Spanish should
quote the Spanish text. Those texts are reference data like the catalogue itself: they live in
``resources/catalogue/<catalogue>.<lang>.toml`` (read-only, not in the database) and are filled
in only from the official documents, never by translating the English. Whatever a file does not
hold is shown in English, and says so: a :class:`LocalText` knows the language its text is in,
and ``marked`` puts "[EN]" before a text that stands in for the official one.

File format (every table optional; keys as in the English catalogue)::

    [official]
    source = "AG/RES. 2141 (XXXV-O/05), versión en español, 7 de junio de 2005"
    title = "..."
    short_title = "..."
    [groups]
    oas = "..."
    [objectives]
    G1 = "..."      # general objective 1
    1 = "..."       # specific objective 1
    [activities]
    1 = "..."
    [notes]
    12 = ["..."]    # the footnotes of an activity
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.i18n import N_, translator
from app.core.resources import resource_path

ENGLISH = "en"
FALLBACK_MARK = "[{code}]"

# Written once near the top of an export (and under a text in the window) in the language of
# the export: each translation names its own language.
FALLBACK_NOTE = N_(
    "The official text of the resolution in this language is not yet available in Focal; "
    "its texts are shown in English and marked [EN]."
)

log = logging.getLogger("focal.core")


class OfficialTextsError(ValueError):
    """A file of official texts is unreadable or names what the catalogue does not have."""


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text of the resolution, the language it is in, and the language it was asked for."""

    text: str
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        """True when the official text in ``requested`` is missing and English stands in."""
        return self.language != self.requested

    @property
    def marked(self) -> str:
        """The text, with "[EN]" before it when it stands in for the official text."""
        if not self.is_fallback or not self.text:
            return self.text
        return f"{FALLBACK_MARK.format(code=self.language.upper())} {self.text}"

    def __str__(self) -> str:
        return self.marked


def fallback_note(language: str) -> str:
    """:data:`FALLBACK_NOTE` in ``language``: what a page says once when it shows [EN] texts."""
    return translator(language).gettext(FALLBACK_NOTE)


@dataclass(frozen=True)
class OfficialTexts:
    """The official texts of one catalogue in one language; empty mappings where none yet."""

    language: str
    source: str = ""
    title: str = ""
    short_title: str = ""
    groups: Mapping[str, str] = field(default_factory=dict)
    objectives: Mapping[str, str] = field(default_factory=dict)
    activities: Mapping[int, str] = field(default_factory=dict)
    notes: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (
            self.title or self.short_title or self.groups or self.objectives or self.activities
        )


def texts_path(catalogue_id: str, language: str) -> Path:
    return resource_path("catalogue", f"{catalogue_id}.{language}.toml")


def _strings(table: Any, where: str) -> dict[str, str]:
    if not isinstance(table, Mapping):
        raise OfficialTextsError(f"[{where}] must be a table")
    result: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise OfficialTextsError(f"[{where}] {key}: expected a text")
        result[str(key)] = value.strip()
    return result


def _numbered(table: dict[str, str], where: str) -> dict[int, str]:
    try:
        return {int(key): value for key, value in table.items()}
    except ValueError:
        raise OfficialTextsError(f"[{where}]: keys are activity numbers") from None


def parse_official_texts(data: Mapping[str, Any], language: str) -> OfficialTexts:
    """Build :class:`OfficialTexts` from a loaded TOML file."""
    known = {"official", "groups", "objectives", "activities", "notes"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise OfficialTextsError(f"unknown tables: {', '.join(unknown)}")
    head = _strings(data.get("official", {}), "official")
    raw_notes = data.get("notes", {})
    if not isinstance(raw_notes, Mapping):
        raise OfficialTextsError("[notes] must be a table")
    notes: dict[int, tuple[str, ...]] = {}
    for key, value in raw_notes.items():
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise OfficialTextsError(f"[notes] {key}: expected a list of texts")
        if not str(key).isdigit():
            raise OfficialTextsError("[notes]: keys are activity numbers")
        notes[int(key)] = tuple(items)
    texts = OfficialTexts(
        language=language,
        source=head.get("source", ""),
        title=head.get("title", ""),
        short_title=head.get("short_title", ""),
        groups=_strings(data.get("groups", {}), "groups"),
        objectives=_strings(data.get("objectives", {}), "objectives"),
        activities=_numbered(_strings(data.get("activities", {}), "activities"), "activities"),
        notes=notes,
    )
    if not texts.is_empty() and not texts.source:
        raise OfficialTextsError("[official] source: name the official document the texts are from")
    return texts


def _has_entries(text: str) -> bool:
    """Whether a TOML text holds anything but comments and blank lines."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


@functools.cache
def official_texts(catalogue_id: str, language: str) -> OfficialTexts:
    """The official texts in ``language`` shipped for ``catalogue_id`` (empty when none).

    A damaged file is logged and ignored: the English text, marked, is still right to show.
    """
    empty = OfficialTexts(language=language)
    if language == ENGLISH:
        return empty
    path = texts_path(catalogue_id, language)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return empty
    except (OSError, UnicodeDecodeError) as error:
        log.warning("cannot read the official texts %s: %s", path, error)
        return empty
    if not _has_entries(text):  # no texts yet: no TOML parser at start-up
        return empty
    import tomllib

    try:
        return parse_official_texts(tomllib.loads(text), language)
    except (tomllib.TOMLDecodeError, OfficialTextsError) as error:
        log.warning("ignoring the official texts %s: %s", path, error)
        return empty
