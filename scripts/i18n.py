"""Keep the translation catalogues in step with the code, with Babel (gettext's tools in Python).

    python scripts/i18n.py update    # extract the strings, merge them into every .po, compile
    python scripts/i18n.py check     # list strings missing, empty or fuzzy in a .po; stale .mo
    python scripts/i18n.py compile   # write the .mo files the program reads, from the .po files

Strings are found by Babel's Python extractor: the first argument of ``_``, ``N_``,
``gettext`` (``translator(lang).gettext``) and ``tr`` (a :class:`Translator` in the exports).
The catalogues follow gettext's layout, ``resources/translations/<lang>/LC_MESSAGES/focal.po``,
so Poedit, Weblate or ``pybabel`` work on them as they are. ``update`` keeps every translation
already made: strings no longer in the code stay at the end of the file as obsolete entries
(``#~``), and a new string close to an old one gets its translation marked fuzzy, to review.
At run time the program reads only the compiled ``focal.mo`` with the standard library's
``gettext``; Babel is a development tool (the ``test`` extra).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.i18n import DOMAIN, LANGUAGES, catalogue_path  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "gettext": None, "tr": None}
SOURCES = [("app/**.py", "python")]
TRANSLATED = [code for code in LANGUAGES if code != "en"]
HEADER = (
    "# Focal interface and export texts: {language}.\n"
    "# Kept in step with the code by scripts/i18n.py (Babel): translate the msgstr lines;\n"
    "# remove the fuzzy flag of an entry once its translation is checked."
)


def template() -> Catalog:
    """Every string marked for translation in ``app/``, with where it is used."""
    catalog = Catalog(project="Focal", domain=DOMAIN, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, SOURCES, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        if message:
            catalog.add(
                message,
                None,
                [(Path(filename).as_posix(), lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def extract() -> dict[str, list[str]]:
    """msgid -> locations, in first-seen order."""
    return {
        str(message.id): [f"{path}:{line}" for path, line in message.locations]
        for message in template()
        if message.id
    }


def read(language: str) -> Catalog:
    path = catalogue_path(language, "po")
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="Focal", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, include_lineno=False)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def translations(catalog: Catalog) -> dict[str, str]:
    """msgid -> msgstr of the entries the program uses: translated and not fuzzy."""
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


def compiled(language: str) -> dict[str, str] | None:
    """What the shipped .mo holds (None without one), read back with Babel."""
    path = catalogue_path(language, "mo")
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return translations(read_mo(handle))


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def _describe(catalog: Catalog, language: str) -> None:
    catalog.header_comment = HEADER.format(language=LANGUAGES[language])
    catalog.project = "Focal"
    catalog.version = ""
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "Focal translators"
    catalog.language_team = LANGUAGES[language]


def merge(catalog: Catalog, messages: Catalog, language: str) -> None:
    """Bring ``catalog`` in step with the strings of the code, keeping every translation.

    No fuzzy matching: a new string starts untranslated rather than with a guess that reads
    as done; one no longer in the code stays as an obsolete entry with its translation.
    """
    catalog.update(messages, no_fuzzy_matching=True, update_creation_date=False)
    _describe(catalog, language)


def update() -> int:
    messages = template()
    for language in TRANSLATED:
        catalog = read(language)
        before = po_bytes(catalog)
        merge(catalog, messages, language)
        after = po_bytes(catalog)
        # The file's dates change only when its entries do.
        if after != before:
            catalog.revision_date = messages.creation_date
            after = po_bytes(catalog)
        path = catalogue_path(language, "po")
        if _write_if_changed(path, after):
            print(f"updated {path.relative_to(ROOT)}")
    print(f"{len(messages)} strings")
    return compile_all()


def compile_all() -> int:
    for language in TRANSLATED:
        path = catalogue_path(language, "mo")
        if _write_if_changed(path, mo_bytes(read(language))):
            print(f"compiled {path.relative_to(ROOT)}")
    return 0


def problems(language: str, messages: Catalog) -> Iterator[str]:
    catalog = read(language)
    for message in messages:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        if entry is None:
            yield f"{language}: not in the .po file: {message.id!r}"
        elif not entry.string:
            yield f"{language}: not translated: {message.id!r}"
        elif entry.fuzzy:
            yield f"{language}: fuzzy (to review): {message.id!r}"
    if compiled(language) != translations(catalog):
        yield f"{language}: {catalogue_path(language, 'mo').name} is stale; run compile"


def check() -> int:
    messages = template()
    found = [problem for language in TRANSLATED for problem in problems(language, messages)]
    for problem in found:
        print(problem)
    print(f"{len(found)} problems; {len(messages)} strings")
    return 1 if found else 0


if __name__ == "__main__":
    commands = {"update": update, "check": check, "compile": compile_all}
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command not in commands:
        sys.exit(f"usage: {Path(__file__).name} {'|'.join(commands)}")
    sys.exit(commands[command]())
