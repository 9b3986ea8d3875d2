"""The register as CSV (one table) and XLSX (a sheet per view), from the rows of `tables`.

CSV: RFC 4180 (comma, double quotes, CRLF), UTF-8. Written to a file it starts with a byte-order mark,
because Excel, where most registers are kept, reads UTF-8 without one as the local code page and
garbles every non-ASCII character; to standard output (a pipe) it has none. A cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet never runs it as a
formula (CSV injection); in the XLSX every text cell is typed as a string, which is never evaluated.

XLSX (openpyxl, imported only here): each sheet has bold frozen headers, an autofilter and fixed
column widths; links are real hyperlinks. openpyxl stamps the current time into the package, so the
document's dates are set to the catalog's date and the zip is rewritten with fixed timestamps: the
same inputs give the same bytes.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from typing import Any

from ..catalog.model import Catalog
from .model import Assessment
from .tables import Cell, Link, Percent, all_tables, register

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Link):
        text = cell.url or ""
    elif isinstance(cell, Percent):
        text = str(cell)
    else:
        text = str(cell)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(catalog: Catalog, assessment: Assessment) -> str:
    """The risk register as CSV text (no byte-order mark: `csv_bytes` adds it for files)."""
    table = register(catalog, assessment)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_text(c) for c in row])
    return out.getvalue()


def csv_bytes(catalog: Catalog, assessment: Assessment) -> bytes:
    return "\ufeff".encode() + csv_text(catalog, assessment).encode("utf-8")


def xlsx_bytes(catalog: Catalog, assessment: Assessment) -> bytes:
    """The workbook: Register, Threats, Controls, Risks and Answers sheets."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the default sheet
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F3A5F")
    link_font = Font(color="0563C1", underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for table in all_tables(catalog, assessment):
        ws = wb.create_sheet(table.name)
        ws.append(list(table.columns))
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r, row in enumerate(table.rows, start=2):
            for c, value in enumerate(row, start=1):
                _put(ws.cell(row=r, column=c), value, link_font, wrap if table.widths[c - 1] >= 30 else top)
        for c, width in enumerate(table.widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = "A2"
        last = get_column_letter(len(table.columns))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    props = wb.properties
    stamp = datetime.datetime.fromisoformat(catalog.meta.date)
    props.created = props.modified = stamp
    props.creator = props.lastModifiedBy = "navigator"
    props.title = f"AI security assessment ({catalog.meta.name} {catalog.meta.version})"[:255]
    buffer = io.BytesIO()
    wb.save(buffer)  # stamps `modified` with the current time, so core.xml is written again below
    from openpyxl.xml.functions import tostring

    props.modified = stamp
    return _deterministic_zip(buffer.getvalue(), {"docProps/core.xml": tostring(props.to_tree())})


def _put(cell: Any, value: Cell, link_font: Any, alignment: Any) -> None:
    """One cell (an openpyxl Cell, typed loosely so this module needs no openpyxl at import)."""
    if isinstance(value, Link):
        cell.value = value.text
        cell.data_type = "s"
        if value.url:
            cell.hyperlink = value.url
            cell.font = link_font
    elif isinstance(value, Percent):
        if value.value is None:
            cell.value = "n/a"
        else:
            cell.value = float(value.value)
            cell.number_format = "0%"
    elif isinstance(value, int):
        cell.value = value
    elif value:
        cell.value = value
        cell.data_type = "s"  # text, never a formula
    cell.alignment = alignment


def _deterministic_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same package, every entry stamped 1980-01-01, so identical workbooks give identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, replace.get(info.filename) or source.read(info.filename))
    return out.getvalue()
