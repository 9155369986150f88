"""Every string a user can see exists in Spanish, French and Portuguese, and fits its slots."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from app.core.i18n import LANGUAGES, parse_po, translations_dir

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def extracted() -> dict[str, list[str]]:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.extract()


MESSAGES = extracted()
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def test_strings_are_found():
    assert len(MESSAGES) > 500
    assert "Activities developed/executed" in MESSAGES


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(language):
    entries = parse_po((translations_dir() / f"{language}.po").read_text(encoding="utf-8"))
    missing = [message for message in MESSAGES if message not in entries]
    assert missing == [], f"{len(missing)} strings without {language} translation"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_mnemonics(language):
    entries = parse_po((translations_dir() / f"{language}.po").read_text(encoding="utf-8"))
    for message, translation in entries.items():
        assert sorted(PLACEHOLDER.findall(message)) == sorted(PLACEHOLDER.findall(translation)), (
            message
        )
        assert message.replace("&&", "").count("&") == translation.replace("&&", "").count("&"), (
            message
        )
