"""The one place the site writes spreadsheets: CSV (plain, or for Norwegian Excel) and XLSX.

Every cell goes through `escape_cell`: text that a spreadsheet would run as a formula (it starts with `=`,
`+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so `=HYPERLINK(…)` typed into a scenario
or a name is shown as text, never run (OWASP "CSV injection"). Numbers stay numbers. In XLSX every text cell
is stored as text, never as a formula.

    rows = [[scenario.text, answers, median], …]
    return exports.csv_response(rows, header=[…], filename="resultater.csv")
    return exports.csv_response(rows, header=[…], filename="resultater.csv", dialect=exports.NORWEGIAN_EXCEL)
    return exports.xlsx_response(rows, header=[…], filename="resultater.xlsx", title="Resultater")
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written. `bom`: a UTF-8 byte order mark, which Excel needs to read UTF-8."""

    delimiter: str = ","
    decimal: str = "."
    bom: bool = False


# RFC 4180: commas, decimal points, UTF-8 without a byte order mark (for programs and other systems).
PLAIN = Dialect()
# What Excel with Norwegian settings opens by double-click: semicolons, decimal commas, UTF-8 with BOM.
NORWEGIAN_EXCEL = Dialect(delimiter=";", decimal=",", bom=True)

Row = Sequence[object]


def escape_cell(value):
    """A cell that is safe to open in a spreadsheet. Text starting with a formula character gets a leading
    apostrophe; numbers, dates and booleans are returned as they are; None becomes empty text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, int | float | Decimal | date | datetime | bool):
        return value
    return escape_cell(str(value))


def _csv_cell(value, dialect: Dialect):
    value = escape_cell(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", dialect.decimal)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def csv_text(rows: Iterable[Row], *, header: Row | None = None, dialect: Dialect = PLAIN) -> str:
    """The rows (after the header, if any) as CSV text, every cell escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow([_csv_cell(cell, dialect) for cell in header])
    for row in rows:
        writer.writerow([_csv_cell(cell, dialect) for cell in row])
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Row], *, header: Row | None = None, dialect: Dialect = PLAIN) -> bytes:
    text = csv_text(rows, header=header, dialect=dialect)
    return text.encode("utf-8-sig" if dialect.bom else "utf-8")


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    rows: Iterable[Row], *, filename: str, header: Row | None = None, dialect: Dialect = PLAIN
) -> HttpResponse:
    """A CSV download."""
    return _attachment(
        csv_bytes(rows, header=header, dialect=dialect),
        content_type="text/csv; charset=utf-8",
        filename=filename,
    )


def xlsx_bytes(rows: Iterable[Row], *, header: Row | None = None, title: str = "") -> bytes:
    """An Excel workbook with one sheet; text cells are always stored as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.title = title[:31]  # Excel's limit for sheet names
    if header is not None:
        sheet.append([_xlsx_cell(value) for value in header])
        for cell in sheet[1]:
            _as_text(cell)
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
        for cell in sheet[sheet.max_row]:
            _as_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value):
    if value is None:
        return None
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: local time
    if isinstance(value, str | int | float | Decimal | date | datetime | bool):
        return value
    return str(value)


def _as_text(cell) -> None:
    # openpyxl reads a string starting with "=" as a formula; keep every string a plain string.
    if isinstance(cell.value, str):
        cell.data_type = "s"


def xlsx_response(
    rows: Iterable[Row], *, filename: str, header: Row | None = None, title: str = ""
) -> HttpResponse:
    """An XLSX download."""
    return _attachment(
        xlsx_bytes(rows, header=header, title=title), content_type=XLSX_CONTENT_TYPE, filename=filename
    )
