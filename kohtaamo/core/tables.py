"""Tables of numbers and lists that people take away: small-cell suppression, CSV and XLSX.

Statistics pages (referral funnels, culture card use) and search exports all hand their
rows to one ``Table`` so that a number shown on a page, in a CSV file and in a spreadsheet
is the same number, suppressed the same way.
"""

import csv
import io
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Cells that count fewer people than this are shown as "<5": a count of one or two
# visitors in a small municipality can point at a person.
SMALL_CELL = 5
SMALL_CELL_LABEL = "<5"

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def suppress(count, threshold=SMALL_CELL):
    """The count as shown to readers: "<5" for 1-4, the number otherwise (0 stays 0,
    because "nobody" reveals no one)."""
    if count is None:
        return ""
    if 0 < count < threshold:
        return SMALL_CELL_LABEL
    return count


@dataclass
class Table:
    """Column headings and rows of plain values (str, int, float, date, None)."""

    headers: list
    rows: list = field(default_factory=list)
    title: str = ""

    def as_lists(self):
        return [[str(h) for h in self.headers], *[[_plain(v) for v in row] for row in self.rows]]


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _filename(name, extension):
    return f"{slugify(str(name)) or 'kohtaamo'}.{extension}"


def _formula_safe(value):
    # A cell that starts with = + - @ is run as a formula by spreadsheet programs: a
    # provider's text must never become one (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(table, name):
    buffer = io.StringIO()
    # The BOM makes Excel read the file as UTF-8, so ä and ö survive a double-click.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in table.as_lists():
        writer.writerow([_formula_safe(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


def xlsx_bytes(table, sheet_title=None):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (str(sheet_title or table.title or _("Data")) or "Data")[:31]
    for index, row in enumerate(table.as_lists()):
        sheet.append([_formula_safe(v) if isinstance(v, str) else v for v in row])
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(cell.value or "")) for cell in column), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(table, name):
    response = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "xlsx")}"'
    return response
