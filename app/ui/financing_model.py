"""The structured financing of a row as a table: source, donor, amount, currency.

Sources come from the vocabulary (a drop-down list of translated labels, stored as codes);
currencies are ISO codes offered in an editable list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.core.financing import (
    COMMON_CURRENCIES,
    FINANCING_SOURCES,
    is_currency_code,
    is_source_code,
    source_by_code,
)
from app.core.i18n import N_, _
from app.core.report import FinancingLine
from app.ui.table_model import Index, TableModel
from app.ui.text_field import number_locale

COLUMN_SOURCE, COLUMN_DONOR, COLUMN_AMOUNT, COLUMN_CURRENCY = range(4)
HEADINGS = (N_("Source"), N_("Donor"), N_("Amount"), N_("Currency"))
MAX_AMOUNT = Decimal("9999999999999999.99")  # what Numeric(18, 2) holds


def parse_amount(text: str) -> Decimal | None:
    """Read an amount typed as '12,500.50', '12.500,50', '12 500' or '12500'; None if empty.

    Raises ValueError when the text is not an amount.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text.strip())
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
    elif cleaned.count(",") == 1 and len(cleaned.split(",")[1]) in (1, 2):
        decimal_mark = ","
    elif cleaned.count(".") == 1 and len(cleaned.split(".")[1]) != 3:
        decimal_mark = "."
    else:
        decimal_mark = ""
    thousands = {",", "."} - {decimal_mark}
    for mark in thousands:
        cleaned = cleaned.replace(mark, "")
    if decimal_mark:
        cleaned = cleaned.replace(decimal_mark, ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("{text} is not an amount.").format(text=text)) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValueError(_("{text} is not an amount.").format(text=text))
    return amount.quantize(Decimal("0.01"))


def format_amount(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return number_locale().toString(float(amount), "f", 2)


class FinancingModel(TableModel):
    """Financing lines of one row; ``lines_changed`` carries the new lines after every edit."""

    lines_changed = Signal(object)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADINGS, parent)
        self._lines: list[FinancingLine] = []

    def set_lines(self, lines: tuple[FinancingLine, ...] | list[FinancingLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def lines(self) -> tuple[FinancingLine, ...]:
        return tuple(self._lines)

    def add_line(self) -> int:
        position = len(self._lines)
        self.beginInsertRows(QModelIndex(), position, position)
        self._lines.append(FinancingLine())
        self.endInsertRows()
        self.lines_changed.emit(self.lines())
        return position

    def remove_line(self, position: int) -> None:
        if not 0 <= position < len(self._lines):
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._lines[position]
        self.endRemoveRows()
        self.lines_changed.emit(self.lines())

    # --- the table -------------------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_SOURCE:
                return _(source_by_code(line.source).label) if line.source else ""
            if column == COLUMN_DONOR:
                return line.donor
            if column == COLUMN_AMOUNT:
                return format_amount(line.amount)
            return line.currency
        if role == Qt.ItemDataRole.EditRole:
            return (
                line.source or "",
                line.donor,
                format_amount(line.amount),
                line.currency,
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COLUMN_AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        line = self._lines[index.row()]
        text = "" if value is None else str(value)
        column = index.column()
        if column == COLUMN_SOURCE:
            if text and not is_source_code(text):
                return False
            line = replace(line, source=text or None)
        elif column == COLUMN_DONOR:
            line = replace(line, donor=text)
        elif column == COLUMN_AMOUNT:
            try:
                line = replace(line, amount=parse_amount(text))
            except ValueError:
                return False
        else:
            code = text.strip().upper()
            if code and not is_currency_code(code):
                return False
            line = replace(line, currency=code)
        if line == self._lines[index.row()]:
            return True
        self._lines[index.row()] = line
        self.dataChanged.emit(index, index)
        self.lines_changed.emit(self.lines())
        return True


class FinancingDelegate(QStyledItemDelegate):
    """Drop-down lists for the source and the currency, a checked field for the amount."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = index.column()
        if column == COLUMN_SOURCE:
            combo = QComboBox(parent)
            combo.setAccessibleName(_("Source of financing"))
            combo.setAccessibleDescription(
                _("Where the money comes from. The arrow keys or the first letters choose.")
            )
            combo.addItem("", "")
            for source in FINANCING_SOURCES:
                combo.addItem(_(source.label), source.code)
            return combo
        if column == COLUMN_CURRENCY:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setAccessibleName(_("Currency"))
            combo.setAccessibleDescription(
                _("The three-letter code of the currency, such as USD or EUR.")
            )
            combo.addItems(["", *COMMON_CURRENCIES])
            combo.setValidator(
                QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,3}"), combo)
            )
            return combo
        editor = QLineEdit(parent)
        if column == COLUMN_AMOUNT:
            editor.setAccessibleName(_("Amount"))
            editor.setAccessibleDescription(
                _("The amount in figures, such as 12,500.50; it may stay empty.")
            )
            editor.setValidator(
                QRegularExpressionValidator(
                    QRegularExpression("[0-9 .,'\u00a0\u202f]{0,24}"), editor
                )
            )
        else:
            editor.setAccessibleName(_("Donor"))
            editor.setAccessibleDescription(
                _("Who gives the money or the help, such as a government or a foundation.")
            )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            if index.column() == COLUMN_SOURCE:
                editor.setCurrentIndex(max(0, editor.findData(value)))
            else:
                editor.setCurrentText(value)
                line = editor.lineEdit()
                if line is not None:
                    line.selectAll()  # what is typed replaces the code, as in the other cells
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            value = (
                editor.currentData() if index.column() == COLUMN_SOURCE else editor.currentText()
            )
            model.setData(index, value or "")
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
