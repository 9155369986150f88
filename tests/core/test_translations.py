"""Every string a user can see exists in Spanish, French and Portuguese, fits its slots, and the
compiled catalogues the program reads hold exactly what the .po files say."""

from __future__ import annotations

import importlib.util
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from app.core import i18n
from app.core.i18n import LANGUAGES, Translator, catalogue_path, translator

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def _script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT = _script()
TEMPLATE: Catalog = SCRIPT.template()
MESSAGES = [str(message.id) for message in TEMPLATE if message.id]


def po(language: str) -> Catalog:
    with catalogue_path(language, "po").open("rb") as handle:
        return read_po(handle, locale=language)


def test_strings_are_found_by_babel():
    assert len(MESSAGES) > 500
    assert "Activities developed/executed" in MESSAGES  # N_() in a table
    assert "Annual report {year}" in MESSAGES  # tr() in an export
    assert "Activities in {year}" in MESSAGES  # tr() once inside an f-string, now outside


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(language):
    catalog = po(language)
    missing = [m for m in MESSAGES if m not in catalog or not catalog[m].string]
    fuzzy = [m for m in MESSAGES if m in catalog and catalog[m].fuzzy]
    assert missing == [], f"{len(missing)} strings without {language} translation"
    assert fuzzy == [], f"{len(fuzzy)} {language} translations marked fuzzy, to review"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_mnemonics(language):
    for message in po(language):
        if not message.id or not message.string:
            continue
        source, translation = str(message.id), str(message.string)
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(translation)), (
            source
        )
        assert source.replace("&&", "").count("&") == translation.replace("&&", "").count("&"), (
            source
        )


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_is_current(language):
    """The shipped .mo holds what compiling the .po gives (run scripts/i18n.py compile)."""
    catalog = po(language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    expected = SCRIPT.translations(read_mo(buffer))
    assert expected == SCRIPT.translations(catalog)
    with catalogue_path(language, "mo").open("rb") as handle:
        shipped = SCRIPT.translations(read_mo(handle))
    stale = sorted(set(expected.items()) ^ set(shipped.items()))
    assert stale == [], f"{language}: focal.mo differs from focal.po in {len(stale)} entries"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_program_reads_the_compiled_catalogue(language):
    tr = translator(language)
    entries = SCRIPT.translations(po(language))
    wrong = [m for m, text in entries.items() if tr.gettext(m) != text or m not in tr]
    assert wrong == []
    assert "A string that is in no catalogue" not in tr
    assert tr.gettext("A string that is in no catalogue") == "A string that is in no catalogue"


def test_update_keeps_every_translation():
    """A string gone from the code keeps its translation (obsolete); a new one starts empty."""
    catalog = po("es")
    kept = SCRIPT.translations(catalog)
    gone = "Activities developed/executed"
    template = Catalog(project="Focal", fuzzy=False)
    for message in TEMPLATE:
        if message.id and message.id != gone:
            template.add(message.id, None, list(message.locations))
    template.add("Activities developed or executed in a brand new way", None, [("app/x.py", 1)])
    SCRIPT.merge(catalog, template, "es")
    assert gone not in catalog and catalog.obsolete[gone].string == kept[gone]
    new = catalog["Activities developed or executed in a brand new way"]
    assert not new.string and not new.fuzzy
    still = {**{m: o.string for m, o in catalog.obsolete.items()}, **SCRIPT.translations(catalog)}
    assert all(still.get(message) == text for message, text in kept.items())


def test_a_damaged_catalogue_falls_back_to_english(tmp_path, monkeypatch):
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    good = catalogue_path("es").read_bytes()
    (folder / "focal.mo").write_bytes(good[:200])
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    damaged = translator.__wrapped__("es")
    assert damaged.language == "es"
    assert damaged.gettext("Activities developed/executed") == "Activities developed/executed"
    (folder / "focal.mo").unlink()
    assert translator.__wrapped__("es").gettext("Background") == "Background"


def test_a_mapping_translator_still_works():
    tr = Translator("es", {"Background": "Antecedentes"})
    assert tr("Background") == "Antecedentes" and "Background" in tr
    assert tr("Conclusion") == "Conclusion" and "Conclusion" not in tr


def test_the_program_does_not_import_babel():
    """Babel is a development tool; the program's start-up reads .mo files with gettext."""
    code = (
        "import sys; from app.core import i18n; i18n.set_language('fr');"
        "assert i18n._('Background') != 'Background';"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
