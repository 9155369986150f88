"""The resolution's texts per language: official where shipped, else English marked [EN]."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

from app.core import catalogue_texts
from app.core.catalogue import activity_display_text, check_official_texts
from app.core.catalogue_texts import (
    FALLBACK_NOTE,
    LocalText,
    OfficialTextsError,
    official_texts,
    parse_official_texts,
)
from app.core.i18n import LANGUAGES, set_language, translator

OTHER_LANGUAGES = [code for code in LANGUAGES if code != "en"]

# Test data only: these stand for official texts and are not taken from any document.
SAMPLE = """
[official]
source = "Test document"
title = "Título de prueba"
[groups]
oas = "Grupo de prueba"
[objectives]
G1 = "Objetivo general de prueba"
3 = "Objetivo específico de prueba"
[activities]
7 = "Actividad siete de prueba"
[notes]
12 = ["Nota de prueba"]
"""


@pytest.fixture
def texts_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Official texts read from ``tmp_path`` instead of resources/catalogue."""
    monkeypatch.setattr(
        catalogue_texts, "texts_path", lambda cid, lang: tmp_path / f"{cid}.{lang}.toml"
    )
    official_texts.cache_clear()
    yield tmp_path
    official_texts.cache_clear()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_shipped_files_are_sound_and_hold_no_invented_text(catalogue, language):
    """The seeds hold the English resolution only: no official text is shipped yet."""
    path = Path(catalogue_texts.texts_path(catalogue.id, language))
    texts = parse_official_texts(tomllib.loads(path.read_text(encoding="utf-8")), language)
    assert check_official_texts(catalogue, texts) == []
    assert texts.is_empty()
    assert "official" in path.read_text(encoding="utf-8")  # the header says what goes there


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_missing_official_texts_fall_back_to_english_visibly(catalogue, language):
    text = catalogue.activity_text(1, language)
    assert text.text == catalogue.activity(1).text
    assert text.language == "en" and text.requested == language and text.is_fallback
    assert text.marked == "[EN] " + catalogue.activity(1).text
    objective = catalogue.objective_text(catalogue.specific_objectives()[0], language)
    assert objective.is_fallback and objective.marked.startswith("[EN] ")
    assert catalogue.title_in(language).marked == "[EN] " + catalogue.title
    assert catalogue.group_name_in("oas", language).is_fallback
    assert not catalogue.is_complete_in(language)
    note = translator(language).gettext(FALLBACK_NOTE)
    assert note != FALLBACK_NOTE and "[EN]" in note


def test_english_is_never_marked(catalogue):
    text = catalogue.activity_text(5, "en")
    assert text == LocalText(catalogue.activity(5).text, "en", "en")
    assert not text.is_fallback and text.marked == text.text
    assert catalogue.is_complete_in("en")
    assert activity_display_text(catalogue, 5, "en") == (catalogue.activity(5).text, "")


def test_official_texts_are_used_where_given(catalogue, texts_folder):
    (texts_folder / f"{catalogue.id}.es.toml").write_text(SAMPLE, encoding="utf-8")
    assert catalogue.activity_text(7, "es") == LocalText("Actividad siete de prueba", "es", "es")
    assert catalogue.activity_text(7, "es").marked == "Actividad siete de prueba"
    assert catalogue.activity_text(8, "es").is_fallback
    assert catalogue.title_in("es_MX").text == "Título de prueba"
    assert catalogue.short_title_in("es").is_fallback  # not given: English
    assert catalogue.group_name_in("oas", "es").text == "Grupo de prueba"
    general = catalogue.general_objectives()[0]
    assert catalogue.objective_text(general, "es").text == "Objetivo general de prueba"
    assert catalogue.objective_text(catalogue.specific_objectives()[2], "es").text.endswith(
        "de prueba"
    )
    assert catalogue.activity_text(7, "fr").is_fallback  # another language: no file given
    assert check_official_texts(catalogue, catalogue.official_texts("es")) == []


def test_the_window_gets_the_text_and_a_note_in_the_interface_language(catalogue, texts_folder):
    (texts_folder / f"{catalogue.id}.es.toml").write_text(SAMPLE, encoding="utf-8")
    try:
        set_language("es")
        assert activity_display_text(catalogue, 7) == ("Actividad siete de prueba", "")
        text, note = activity_display_text(catalogue, 8)
        assert text == "[EN] " + catalogue.activity(8).text
        assert note == translator("es").gettext(FALLBACK_NOTE) and "[EN]" in note
        set_language("fr")
        assert activity_display_text(catalogue, 7)[0].startswith("[EN] ")
    finally:
        set_language("en")


def test_texts_naming_what_the_catalogue_lacks_are_reported(catalogue):
    texts = parse_official_texts(
        {
            "official": {"source": "Test document"},
            "groups": {"nobody": "x"},
            "objectives": {"G9": "x", "21": "x"},
            "activities": {"101": "x"},
        },
        "pt",
    )
    problems = check_official_texts(catalogue, texts)
    assert len(problems) == 4 and all(p.startswith(f"{catalogue.id}.pt: unknown") for p in problems)


@pytest.mark.parametrize(
    "data",
    [
        {"activities": {"1": "Texto"}},  # no source named
        {"official": {"source": "x"}, "chapters": {}},  # unknown table
        {"official": {"source": "x"}, "activities": {"one": "Texto"}},
        {"official": {"source": "x"}, "activities": {"1": ""}},
        {"official": {"source": "x"}, "notes": {"1": [1]}},
    ],
)
def test_malformed_files_are_refused(data):
    with pytest.raises(OfficialTextsError):
        parse_official_texts(data, "fr")


def test_a_damaged_file_is_ignored_and_english_shown(catalogue, texts_folder, caplog):
    (texts_folder / f"{catalogue.id}.fr.toml").write_text("[activities\n1 = ", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="focal.core"):
        assert catalogue.activity_text(1, "fr").is_fallback
    assert "ignoring the official texts" in caplog.text
