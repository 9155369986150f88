"""No text a user can see is left out of translation.

The code of the window (app/ui), the command line (app/cli.py, app/commands) and the exports
(app/exchange) is read with ``ast``; every string literal with words in it that reaches a place
a person reads (a Qt text setter or widget, a message box, argparse's help, print, an export's
heading, label, cell or document property) must come through ``_()``, ``N_()``, ``tr()`` or
``gettext()``. ``tr()``/``_()`` inside an f-string are refused too: Babel cannot extract them.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [
    ROOT / "app" / "cli.py",
    *sorted((ROOT / "app" / "commands").rglob("*.py")),
    *sorted((ROOT / "app" / "exchange").rglob("*.py")),
    *sorted((ROOT / "app" / "ui").rglob("*.py")),
]
TRANSLATING = {"_", "N_", "tr", "gettext", "ngettext", "translate"}

# Qt: methods that put their arguments on the screen (or read them to a screen reader).
QT_METHODS = {
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setPlaceholderText",
    "setAccessibleName", "setAccessibleDescription", "setWhatsThis", "addMenu", "addAction",
    "showMessage", "setHeaderLabels", "setHorizontalHeaderLabels", "setVerticalHeaderLabels",
    "setTabText", "addTab", "insertTab", "setTitle", "setLabelText", "setWindowIconText",
    "setItemText", "addItem", "addItems", "insertItem", "insertItems", "setInformativeText",
    "setDetailedText", "setButtonText", "setSpecialValueText", "setPrefix", "setSuffix",
    "setTabToolTip", "setItemToolTip", "setHtml", "setPlainText", "setToolTipText",
    "addButton", "setSubTitle", "setCancelButtonText", "setOkButtonText", "setDefaultSuffix",
    "setNameFilter", "setNameFilters", "setCheckBoxText", "setLabel",
}  # fmt: skip
QT_WIDGETS = {
    "QLabel", "QPushButton", "QAction", "QCheckBox", "QRadioButton", "QGroupBox", "QToolButton",
    "QMenu", "QCommandLinkButton", "QListWidgetItem", "QTreeWidgetItem", "QTableWidgetItem",
    "QStandardItem", "QShortcut", "QWidgetAction", "QDockWidget",
}  # fmt: skip
# QMessageBox.information(parent, title, text, ...), QFileDialog.getSaveFileName(parent, caption,
# directory, filter), QInputDialog.getText(parent, title, label): the texts after the parent.
QT_STATIC = {
    "information": (1, 2), "warning": (1, 2), "critical": (1, 2), "question": (1, 2),
    "about": (1, 2), "getSaveFileName": (1,), "getOpenFileName": (1,),
    "getOpenFileNames": (1,), "getExistingDirectory": (1,), "getText": (1, 2),
    "getItem": (1, 2), "getInt": (1, 2),
}  # fmt: skip
ARGPARSE = {"add_parser", "add_argument", "add_argument_group", "ArgumentParser", "add_subparsers"}
ARGPARSE_KEYWORDS = {"help", "description", "epilog", "title"}
# The exports: document blocks (PDF), cells, headings and properties (workbooks), and messages
# to the person at the keyboard (progress, file problems, command-line errors): the call's name,
# then the positions and keywords of the arguments that carry text.
TEXT_ARGUMENTS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "Text": ((0,), ("where",)),
    "Heading": ((0,), ("where",)),
    "Paragraphs": ((0,), ()),
    "KeyValues": ((0,), ()),
    "Signature": ((0,), ("name", "where")),
    "ContentsEntry": ((1,), ()),  # label ("I."), title, anchor
    "Bar": ((0,), ()),
    "ChartCaptions": ((0, 1, 2), ("serving", "reported", "axis")),
    "DocumentSetup": ((), (
        "title", "author", "subject", "keywords", "header_left", "header_right",
        "footer_center", "footer_right", "page_label", "continued",
    )),
    "Footer": ((0, 1, 2), ()),
    "FlatColumn": ((1,), ()),  # a workbook column: key, heading, width
    "TitleField": ((1,), ()),  # a label above the submission's table: key, label
    "text_cell": ((0,), ()),
    "lead_cell": ((0, 1), ()),
    "header_cells": ((1,), ()),
    "set_properties": ((), ("title", "subject", "description", "keywords")),
    "DataValidation": ((), ("errorTitle", "error", "promptTitle", "prompt")),
    "_prose": ((0,), ()),
    "_heading": ((0,), ()),
    "_subheading": ((0,), ()),
    "_merged": ((0,), ()),
    "spanning": ((0,), ()),
    "start": ((0, 1), ()),  # an annex's title and note; a Progress's message
    "_plain": ((0,), ()),
    "_note": ((0,), ()),
    "_narrative": ((1, 2), ()),
    "_label_row": ((0, 2), ()),
    "step": ((0,), ("message",)),
    "CommandError": ((0,), ()),
    "FileProblem": ((), ("message",)),
    "error": ((0,), ()),
    "warning": ((0,), ()),
    "warn": ((0,), ()),
    "refuse": ((0,), ()),
}  # fmt: skip
# (The PDF's Column(heading, width) and the workbook layout's Column(key, index, width, heading).)
COLUMN_HEADING = {"pdf": 0, "xlsx": 3}
EXPORT_ATTRIBUTES = {"title", "creator", "description", "subject"}  # x.title = "..."
NOT_PEOPLE = {"log", "logger", "logging", "warnings", "parser"}  # messages for the log file

# Literals that are not text to translate, with the reason.
ALLOWED: dict[str, str] = {
    "Focal ": "the product's name, before its version (workbook properties)",
    "focal: ": "the program's name before an error message, as command-line tools write it",
    "selfcheck: ": "the command's name before what failed, as command-line tools write it",
    "selfcheck: OK": "the fixed last line that CI and scripts look for",
}

_ROMAN = re.compile(r"\b[IVX]+\b")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[^\W\d_]{2,}")


def is_text(value: str) -> bool:
    """Whether a literal holds words (not only numbers, marks, Roman numerals, placeholders)."""
    if value in ALLOWED:
        return False
    stripped = _ROMAN.sub("", _PLACEHOLDER.sub("", value))
    return bool(_WORD.search(stripped))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _receiver(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        return _name(func.value)
    return None


def literal_texts(node: ast.expr | None) -> Iterator[tuple[int, str]]:
    """Untranslated literals with words in an expression, as (line, text)."""
    if node is None:
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and is_text(node.value):
            yield node.lineno, node.value
    elif isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                if is_text(part.value):
                    yield part.lineno, part.value
            elif isinstance(part, ast.FormattedValue):
                yield from literal_texts(part.value)
    elif isinstance(node, ast.BinOp):
        yield from literal_texts(node.left)
        yield from literal_texts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from literal_texts(node.body)
        yield from literal_texts(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from literal_texts(value)
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from literal_texts(element)
    elif isinstance(node, ast.Starred):
        yield from literal_texts(node.value)
    elif isinstance(node, ast.Call):
        name = _name(node.func)
        if name in TRANSLATING:
            return
        if isinstance(node.func, ast.Attribute) and name in {
            "format", "upper", "lower", "strip", "rstrip", "lstrip", "title", "capitalize",
            "join", "replace",
        }:  # fmt: skip
            yield from literal_texts(node.func.value)
            if name == "join":
                for argument in node.args:
                    yield from literal_texts(argument)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    sink: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.sink}: {self.text!r}"


def _arguments(
    node: ast.Call, positions: tuple[int, ...] | None = None, keywords: tuple[str, ...] = ()
) -> list[ast.expr]:
    if positions is None:
        return [*node.args, *(k.value for k in node.keywords)]
    chosen = [node.args[i] for i in positions if i < len(node.args)]
    return chosen + [k.value for k in node.keywords if k.arg in keywords]


def _sinks(node: ast.Call, path: Path) -> Iterator[tuple[str, list[ast.expr]]]:
    name = _name(node.func)
    part = path.relative_to(ROOT).parts
    if name is None:
        return
    if (name in QT_METHODS and part[1] == "ui") or name in QT_WIDGETS:
        yield name, _arguments(node)
    elif name in QT_STATIC and _receiver(node) in {"QMessageBox", "QFileDialog", "QInputDialog"}:
        yield name, _arguments(node, QT_STATIC[name])
    if name in ARGPARSE:
        yield name, [k.value for k in node.keywords if k.arg in ARGPARSE_KEYWORDS]
    if name == "print" and part[1] in {"commands", "cli.py"}:
        yield name, list(node.args)
    if part[1] == "ui":
        return
    if name in TEXT_ARGUMENTS and _receiver(node) not in NOT_PEOPLE:
        yield name, _arguments(node, *TEXT_ARGUMENTS[name])
    if name == "Column" and part[1] == "exchange":
        yield name, _arguments(node, (COLUMN_HEADING[part[2]],))


def _in_fstring_calls(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _name(inner.func) in TRANSLATING:
                    yield inner.lineno, "translation call inside an f-string (Babel misses it)"


def findings(path: Path) -> Iterator[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    where = path.relative_to(ROOT).as_posix()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for sink, arguments in _sinks(node, path):
                for argument in arguments:
                    for line, text in literal_texts(argument):
                        yield Finding(where, line, sink, text)
        elif (
            isinstance(node, ast.Assign)
            and where.startswith("app/exchange/")
            and any(
                isinstance(t, ast.Attribute) and t.attr in EXPORT_ATTRIBUTES for t in node.targets
            )
        ):
            for line, text in literal_texts(node.value):
                yield Finding(where, line, "attribute", text)
    for line, text in _in_fstring_calls(tree):
        yield Finding(where, line, "f-string", text)


def all_findings(prefix: str) -> list[str]:
    return sorted(
        {
            str(finding)
            for path in SCANNED
            if path.relative_to(ROOT).as_posix().startswith(prefix)
            for finding in findings(path)
        }
    )


@pytest.mark.parametrize("prefix", ["app/cli.py", "app/commands/", "app/exchange/", "app/ui/"])
def test_no_visible_string_escapes_translation(prefix):
    found = all_findings(prefix)
    assert found == [], "untranslated text a user sees:\n" + "\n".join(found)


def test_the_scan_finds_what_it_must():
    source = """
label = QLabel("Hello there")
button.setText(f"Saved {count} files")
QMessageBox.warning(self, "Title here", _("Translated"), buttons)
parser.add_argument("--x", help="some help")
print("Done.")
cell = text_cell("Heading words", style)
fine = QLabel(_("Hello")), QLabel(tr("Hi {name}").format(name="Ann")), QLabel("—")
heading = Heading("II. " + tr("Objectives"))
bad = Heading(f"I. {tr('Background')}")
log.warning("for the log file")
"""
    path = ROOT / "app" / "exchange" / "example.py"
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for sink, arguments in _sinks(node, path):
                found += [(sink, text) for a in arguments for _line, text in literal_texts(a)]
    assert ("QLabel", "Hello there") in found
    assert ("QMessageBox", "Title here") not in found and ("warning", "Title here") in found
    assert ("add_argument", "some help") in found
    assert ("text_cell", "Heading words") in found
    assert all(text not in {"Hello", "Hi {name}", "Translated", "—", "II. "} for _s, text in found)
    assert not any(text == "for the log file" for _s, text in found)
    assert [text for _line, text in _in_fstring_calls(tree)]
    assert is_text("Saved ") and not is_text("II. ") and not is_text("{a}: {b}")
