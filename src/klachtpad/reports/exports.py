"""A report as a file: CSV, XLSX or PDF, from the same sections as the page."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from klachtpad.domain.reporting import Period
from klachtpad.letters.rendering import pdf_from_html
from klachtpad.reports.report import Explained
from klachtpad.reports.sections import Section, Value


def period_words(period: Period) -> str:
    return f"{date_format(period.start, 'j F Y')} – {date_format(period.end, 'j F Y')}"


def _header(period: Period, previous: Period) -> list[str]:
    return [_("Section"), _("Item"), period_words(period), period_words(previous)]


def _cell(value: Value) -> Value | str:
    return "" if value is None else value


# A cell that starts with one of these is run as a formula by spreadsheet programs; a
# decline motivation or a category name typed that way must stay text (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _as_text(sheet: Worksheet) -> None:
    """Every cell openpyxl took for a formula is written as the text it is."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _explanation_rows(title: str, items: Sequence[Explained]) -> list[list[Value | str]]:
    return [[title, item.reference, item.text, ""] for item in items]


def _rows(
    found: Sequence[Section],
    late: Sequence[Explained],
    declined: Sequence[Explained],
) -> list[list[Value | str]]:
    rows: list[list[Value | str]] = []
    for section in found:
        for row in section.rows:
            rows.append([section.title, row.label, _cell(row.current), _cell(row.previous)])
    rows += _explanation_rows(_("Why decided after the term"), late)
    rows += _explanation_rows(_("Why declined"), declined)
    return rows


def table_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_csv_text(cell) for cell in header])
    writer.writerows(["" if cell is None else _csv_text(cell) for cell in row] for row in rows)
    # A byte order mark, so spreadsheet programs read the accents right.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(header: Sequence[str], rows: Sequence[Sequence[object]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = title[:31].replace("/", "-")
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "B2"
    return _saved(book)


def _saved(book: Workbook) -> bytes:
    for sheet in book.worksheets:
        _as_text(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_csv(
    found: Sequence[Section],
    late: Sequence[Explained],
    declined: Sequence[Explained],
    period: Period,
) -> bytes:
    return table_csv(_header(period, period.previous()), _rows(found, late, declined))


def report_xlsx(
    found: Sequence[Section],
    late: Sequence[Explained],
    declined: Sequence[Explained],
    period: Period,
    title: str,
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = _("Figures")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(_header(period, period.previous())[1:])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for section in found:
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for row in section.rows:
            sheet.append([row.label, _cell(row.current), _cell(row.previous)])
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 28
    for name, items in ((_("After the term"), late), (_("Declined"), declined)):
        texts = book.create_sheet(name[:31])
        texts.append([_("Reference"), _("Explanation as recorded, without personal data")])
        for item in items:
            texts.append([item.reference, item.text])
        texts.column_dimensions["B"].width = 100
    return _saved(book)


def report_pdf(context: dict[str, object]) -> bytes:
    return pdf_from_html(render_to_string("reports/report_document.html", context))
