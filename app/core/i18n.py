"""Translation of user-visible text, without Qt.

Every string a user can see goes through ``_()`` (the current interface language) or through a
:class:`Translator` for a chosen language (exports are written in the report's language, which
need not be the interface language). Catalogues are gettext ``.po`` files in
``resources/translations``; they are small enough to parse at start-up, which keeps a compiled
``.mo`` step (and its tooling) out of the build. ``N_()`` marks a string for extraction where it
must be translated later, e.g. in a constant table.
"""

from __future__ import annotations

import ast
import functools
import locale
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from app.core.resources import resource_path

LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
}
DEFAULT_LANGUAGE = "en"


def parse_po(text: str) -> dict[str, str]:
    """Return msgid -> msgstr for the translated, non-fuzzy entries of a .po file."""
    entries: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    target: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fuzzy
        key, value = "".join(msgid), "".join(msgstr)
        if key and value and not fuzzy:
            entries[key] = value
        msgid.clear()
        msgstr.clear()
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if target is msgstr:
                flush()
                target = None
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith("msgid "):
            if target is msgstr:
                keep_fuzzy = fuzzy
                flush()
                fuzzy = keep_fuzzy
            target = msgid
            line = line[len("msgid ") :]
        elif line.startswith("msgstr "):
            target = msgstr
            line = line[len("msgstr ") :]
        if target is not None and line.startswith('"'):
            target.append(ast.literal_eval(line))
    flush()
    return entries


class Translator:
    """Looks up translations for one language; unknown strings fall back to English."""

    def __init__(self, language: str, entries: dict[str, str]) -> None:
        self.language = language
        self._entries = entries

    def gettext(self, message: str) -> str:
        return self._entries.get(message, message)

    __call__ = gettext

    def __contains__(self, message: str) -> bool:
        return message in self._entries


def translations_dir() -> Path:
    return resource_path("translations")


@functools.cache
def translator(language: str) -> Translator:
    """The translator for ``language`` (one of :data:`LANGUAGES`), loaded once."""
    language = normalise_language(language)
    if language == DEFAULT_LANGUAGE:
        return Translator(language, {})
    path = translations_dir() / f"{language}.po"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        # A damaged installation must not stop the program: English is always there.
        logging.getLogger("focal.core").warning("no translations at %s", path)
        return Translator(language, {})
    return Translator(language, parse_po(text))


def normalise_language(language: str | None) -> str:
    """Map 'es_MX.UTF-8', 'pt-BR', 'FR' ... to a supported language code, else English."""
    if not language:
        return DEFAULT_LANGUAGE
    code = language.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def system_language() -> str:
    """The user's language from the environment, as the first-start default."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalise_language(value)
    try:
        return normalise_language(locale.getlocale()[0])
    except ValueError:
        return DEFAULT_LANGUAGE


_current: Translator = Translator(DEFAULT_LANGUAGE, {})


def set_language(language: str) -> None:
    """Switch the interface language used by ``_()``."""
    global _current
    _current = translator(language)


def current_language() -> str:
    return _current.language


def _(message: str) -> str:
    """Translate ``message`` into the interface language."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now."""
    return message


def iter_languages() -> Iterator[tuple[str, str]]:
    yield from LANGUAGES.items()
