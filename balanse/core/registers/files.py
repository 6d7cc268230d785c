"""Reading a register file: CSV (UTF-8 with or without BOM, comma or semicolon, detected) or XLSX."""

import csv
import io

import tablib
from django.utils.translation import gettext as _

from balanse.core.registers.base import Register

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 20_000


class FileError(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def _cell(value):
    """A cell as the import sees it: text trimmed, and the apostrophe our exports put before a formula
    character removed again (so export → import is identical)."""
    if isinstance(value, str):
        value = value.strip()
        if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
            value = value[1:]
    return value


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(
            _(
                "The file is not UTF-8 text. Save it from Excel as “CSV UTF-8” or as an Excel workbook (.xlsx)."
            )
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    if "\t" in first_line and first_line.count("\t") > max(first_line.count(";"), first_line.count(",")):
        delimiter = "\t"
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise FileError(_("The Excel file cannot be opened. Check that it is an .xlsx workbook.")) from exc
    sheet = workbook.worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def read_table(content: bytes, filename: str, register: Register) -> tablib.Dataset:
    """The file's rows as a dataset whose headers are the register's column names.

    Column names are matched without regard to case, and the register's Norwegian aliases are accepted.
    Empty rows are skipped. A missing required column, an unknown column or an unreadable file raises
    FileError with a message for the person importing.
    """
    if not content:
        raise FileError(_("The file is empty."))
    is_xlsx = filename.lower().endswith(".xlsx") or content[:2] == b"PK"
    rows = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        raise FileError(_("The file has no rows."))
    if len(rows) - 1 > MAX_ROWS:
        raise FileError(
            _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": MAX_ROWS}
        )
    columns = register.columns
    known = {name.lower(): name for name in columns}
    known |= {alias.lower(): name for alias, name in register.aliases.items()}
    headers, unknown = [], []
    for raw in rows[0]:
        name = known.get(str(raw).strip().lower())
        if name is None:
            unknown.append(str(raw).strip())
        headers.append(name or f"?{raw}")
    if unknown:
        raise FileError(
            _("Unknown columns: %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(columns)}
        )
    if len(set(headers)) != len(headers):
        raise FileError(_("A column appears twice in the first row."))
    missing = [name for name in register.required if name not in headers]
    if missing:
        raise FileError(_("The file lacks the columns: %(missing)s.") % {"missing": ", ".join(missing)})
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    for row in rows[1:]:
        cells = [_cell(value) for value in list(row)[:width]]
        dataset.append(cells + [""] * (width - len(cells)))
    return dataset
