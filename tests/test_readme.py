"""The README's two commands stay true: CI runs exactly the documented test command."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_starts_with_install_and_test_commands():
    start, test = readme_commands()[:2]
    assert start.endswith(".venv/bin/focal")
    assert "pytest" in test
    assert (ROOT / "README.md").read_text(encoding="utf-8").index("```sh") < 20


def test_ci_calls_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert readme_commands()[1] in ci
