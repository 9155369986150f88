"""Translation of user-visible text, without Qt.

Every string a user can see goes through ``_()`` (the current interface language) or through a
:class:`Translator` for a chosen language (exports are written in the report's language, which
need not be the interface language). ``N_()`` marks a string for extraction where it must be
translated later, e.g. in a constant table.

The catalogues are gettext's: ``resources/translations/<lang>/LC_MESSAGES/focal.po``, kept in
step with the code by ``scripts/i18n.py`` (Babel), compiled to ``focal.mo`` beside them. At run
time only the ``.mo`` is read, by the standard library's :class:`gettext.GNUTranslations`:
no parsing at start-up and no Babel in the program.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import locale
import logging
import os
import struct
from collections.abc import Iterator, Mapping
from pathlib import Path

from app.core.resources import resource_path

LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "pt": "Português",
}
DEFAULT_LANGUAGE = "en"
DOMAIN = "focal"


class Translator:
    """Looks up translations for one language; unknown strings fall back to English.

    ``entries`` is a compiled catalogue (:class:`gettext.NullTranslations`) or, for tests and
    English, a plain mapping msgid -> msgstr.
    """

    def __init__(
        self, language: str, entries: Mapping[str, str] | _gettext.NullTranslations
    ) -> None:
        self.language = language
        if isinstance(entries, _gettext.NullTranslations):
            self._catalogue: _gettext.NullTranslations | None = entries
            self._entries: Mapping[str, str] = {}
        else:
            self._catalogue = None
            self._entries = entries

    def gettext(self, message: str) -> str:
        if self._catalogue is not None:
            return self._catalogue.gettext(message)
        return self._entries.get(message, message)

    __call__ = gettext

    def __contains__(self, message: str) -> bool:
        if self._catalogue is not None:
            # gettext hands back the very object it was given when it has no translation.
            return bool(message) and self._catalogue.gettext(message) is not message
        return message in self._entries


def translations_dir() -> Path:
    return resource_path("translations")


def catalogue_path(language: str, kind: str = "mo") -> Path:
    """``resources/translations/<language>/LC_MESSAGES/focal.<kind>`` (kind "po" or "mo")."""
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.{kind}"


@functools.cache
def translator(language: str) -> Translator:
    """The translator for ``language`` (one of :data:`LANGUAGES`), loaded once."""
    language = normalise_language(language)
    if language == DEFAULT_LANGUAGE:
        return Translator(language, {})
    path = catalogue_path(language)
    try:
        with path.open("rb") as handle:
            catalogue = _gettext.GNUTranslations(handle)
    except (OSError, ValueError, IndexError, struct.error) as error:
        # A damaged installation must not stop the program: English is always there.
        logging.getLogger("focal.core").warning("no translations at %s: %s", path, error)
        return Translator(language, {})
    return Translator(language, catalogue)


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
