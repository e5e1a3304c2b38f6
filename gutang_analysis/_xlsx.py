"""Writing user text into spreadsheets without it ever becoming a live formula.

Text an analyst typed (证明材料、偏差原因、改进措施 …) may begin with ``=``, ``+``, ``-`` or
``@``: ``=HYPERLINK("http://…")`` in a cell must reach a reviewer's Excel as text, never as
a formula Excel evaluates (OWASP "CSV injection"). Every writer of the package that puts
user text into an ``.xlsx`` or ``.csv`` goes through this module:

- :func:`write_text_cell` / :func:`safe_cell_value` for openpyxl worksheets: strings are
  written with ``data_type = "s"`` (text, never a formula); numbers, dates and booleans
  are written as they are, so a negative *number* stays a number.
- :func:`csv_safe` for CSV files: a text cell starting with ``= + - @``, a tab or a
  carriage return gets a leading ``'`` (the OWASP recommendation), which Excel shows and
  does not evaluate.
- :func:`save_workbook`: every workbook the package writes is saved through it. It turns
  back into text any formula cell that is not one of the form's own ``=SUM(…)`` totals
  (:func:`text_only`), whichever way the text reached the cell (``ws.append``, a plan
  title, an office name), and writes the file whole, never through a link
  (:func:`gutang_analysis._files.write_atomic`).
- :func:`plain_rows_xml` and :func:`insert_rows_xml`: the rows of a large sheet (the
  template of 100,000 targets) written straight into the saved sheet as openpyxl writes
  them (in UTF-8), ten times faster; strings always as text, never a formula.
- :func:`clean_control_chars`: C0 control characters other than tab, newline and
  carriage return (BEL from a pager, vertical tab from Word …) are illegal in an xlsx
  file (openpyxl raises ``IllegalCharacterError``); they are removed, a vertical tab or
  form feed becoming a line break as Word meant it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from ._files import write_atomic

__all__ = [
    "CONTROL_CHARS",
    "FORMULA_PREFIXES",
    "clean_control_chars",
    "csv_safe",
    "has_control_chars",
    "plain_rows_xml",
    "safe_cell_value",
    "save_workbook",
    "text_only",
    "write_text_cell",
]

#: First characters with which a spreadsheet program may start a formula.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: A signed number, possibly a percentage: what a spreadsheet reads as a number, never a formula.
_PLAIN_NUMBER = re.compile(r"[+-]\d+(?:\.\d+)?%?")
#: C0 control characters that are not allowed in a cell (tab, LF and CR are).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"[\x0b\x0c]")
# the maximum length of an Excel cell
_EXCEL_CELL_MAX = 32767


def has_control_chars(text: str) -> bool:
    """Whether ``text`` holds a control character an xlsx cell cannot hold.

    Examples
    --------
    >>> has_control_chars("第一段\\x0b第二段"), has_control_chars("a\\tb\\nc")
    (True, False)
    """
    return CONTROL_CHARS.search(text) is not None


def clean_control_chars(text: str) -> str:
    """``text`` without control characters: vertical tab and form feed become ``\\n``.

    Examples
    --------
    >>> clean_control_chars("响铃\\x07文字\\x0b下一行")
    '响铃文字\\n下一行'
    """
    if not CONTROL_CHARS.search(text):
        return text
    return CONTROL_CHARS.sub("", _LINE_BREAKS.sub("\n", text))


def safe_cell_value(value: Any) -> Any:
    """A value ready to assign to a cell: strings cleaned, everything else unchanged.

    Strings lose their control characters and are cut to Excel's cell limit (32,767
    characters); they must still be written as text, which :func:`write_text_cell` does.
    ``None``, numbers (negative ones too), dates and booleans are returned unchanged.

    Examples
    --------
    >>> safe_cell_value("=1+2\\x07"), safe_cell_value(-3.5)
    ('=1+2', -3.5)
    """
    if isinstance(value, str):
        text = clean_control_chars(value)
        return text if len(text) <= _EXCEL_CELL_MAX else text[: _EXCEL_CELL_MAX - 1] + "…"
    return value


def write_text_cell(ws: Any, row: int, col: int, value: Any) -> Any:
    """Put ``value`` into ``ws`` at (row, col), a string always as text, never a formula.

    openpyxl treats any string starting with ``=`` as a formula; this sets the cell's data
    type to ``"s"`` after assignment so Excel shows ``=HYPERLINK(…)`` literally. Numbers,
    dates and booleans keep their type. Returns the cell, so styles can be set on it.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> cell = write_text_cell(ws, 1, 1, '=HYPERLINK("http://example.com")')
    >>> cell.data_type, cell.value
    ('s', '=HYPERLINK("http://example.com")')
    >>> write_text_cell(ws, 1, 2, -1).data_type
    'n'
    """
    cell = ws.cell(row=row, column=col)
    value = safe_cell_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def plain_rows_xml(
    rows: Any, first_row: int, style_ids: list[int], epoch: dt.datetime
) -> bytes | None:
    """The ``<row>`` elements of ``rows`` as openpyxl writes them (in UTF-8), or ``None``.

    For a sheet of 100,000 rows, where openpyxl's cell objects cost a minute: each row
    is a sequence of values, one per column, the cell of column ``c`` with the style
    ``style_ids[c]`` (``cell.style_id`` of a styled cell of the same workbook). Strings
    are cleaned (:func:`safe_cell_value`) and always written as text; ``None`` is an
    empty styled cell; numbers and dates as openpyxl writes them. ``None`` is returned
    when a value is of another kind (then append the rows through openpyxl). The result
    goes into the sheet's ``<sheetData>`` with :func:`insert_rows_xml`.

    Examples
    --------
    >>> import datetime as dt
    >>> xml = plain_rows_xml([["=1+2", None, 3]], 5, [1, 2, 3], dt.datetime(1899, 12, 30))
    >>> print(xml.decode().replace("><", ">\\n<"))
    <row r="5">
    <c r="A5" s="1" t="inlineStr">
    <is>
    <t>=1+2</t>
    </is>
    </c>
    <c r="B5" s="2" t="n">
    </c>
    <c r="C5" s="3" t="n">
    <v>3</v>
    </c>
    </row>
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    # each cell is its column's opening, the row number and the rest: the parts that do
    # not change are made once per column, the XML of a text once per distinct text
    opening = [f'<c r="{get_column_letter(c)}' for c in range(1, len(style_ids) + 1)]
    as_number = [f'" s="{sid}" t="n">' for sid in style_ids]
    as_text = [f'" s="{sid}" t="inlineStr">' for sid in style_ids]
    texts: dict[str, str] = {}  # a string -> the XML inside its cell
    out: list[str] = []
    for r, row in enumerate(rows, first_row):
        n = str(r)
        cells = [f'<row r="{n}">']
        for o, num, txt, value in zip(opening, as_number, as_text, row, strict=False):
            if type(value) is str:
                inner = texts.get(value)
                if inner is None:
                    inner = texts[value] = _inline_text(value)
                cells.append(f"{o}{n}{txt}{inner}</c>")
            elif value is None:
                cells.append(f"{o}{n}{num}</c>")
            elif isinstance(value, str):  # a subclass of str
                cells.append(f"{o}{n}{txt}{_inline_text(value)}</c>")
            elif isinstance(value, bool):
                return None
            elif isinstance(value, int | float) and math.isfinite(value):
                cells.append(f"{o}{n}{num}<v>{value:.16g}</v></c>")
            elif isinstance(value, dt.date) and not (
                isinstance(value, dt.datetime) and value.tzinfo is not None
            ):
                cells.append(f"{o}{n}{num}<v>{to_excel(value, epoch):.16g}</v></c>")
            else:
                return None
        cells.append("</row>")
        out.append("".join(cells))
    # UTF-8, the encoding of the part (lxml writes &#20013; for 中: the same text, in
    # 2.7 times the bytes, which every reader of a 100,000-row sheet then pays for)
    return "".join(out).encode("utf-8", "xmlcharrefreplace")


def _inline_text(value: str) -> str:
    """The XML inside the cell of a string written as text (nothing for an empty one)."""
    text = safe_cell_value(value)
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return f"<is><t{space}>{text}</t></is>"


def insert_rows_xml(data: bytes, member: str, rows: bytes, dimension: str) -> bytes:
    """The saved workbook ``data`` with ``rows`` (from :func:`plain_rows_xml`) added at
    the end of the ``<sheetData>`` of sheet part ``member`` (``xl/worksheets/sheet1.xml``),
    and the sheet's used range (``<dimension>``) set to ``dimension`` (``A1:Q100004``).
    """
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        xml = zin.read(member)
        end = xml.rindex(b"</sheetData>")
        xml = xml[:end] + rows + xml[end:]
        used = f'<dimension ref="{dimension}"/>'.encode()
        xml = re.sub(rb'<dimension ref="[^"]*"/>', used, xml, count=1)
        # a sheet of tens of megabytes (100,000 targets) is compressed at the fastest
        # level: a second, not four, for a file a fifth larger; smaller ones as before
        level = 1 if len(xml) > FAST_ZIP_BYTES else None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                if item.filename == member:
                    zout.writestr(item, xml, compresslevel=level)
                else:
                    zout.writestr(item, zin.read(item))
    return out.getvalue()


#: A sheet part larger than this (uncompressed) is written at the fastest compression.
FAST_ZIP_BYTES = 16 * 1024 * 1024


def csv_safe(value: Any) -> Any:
    """A value for a CSV cell: text that Excel would read as a formula gets a ``'``.

    Only strings starting with ``= + - @``, a tab or a carriage return are changed, and
    not a plain signed number (``-1.5``, ``-1.5%``: a spreadsheet reads it as the number it
    is); numbers and other text are returned as they are (strings cleaned of control
    characters).

    Examples
    --------
    >>> csv_safe("=cmd|' /C calc'!A0"), csv_safe("-1+2"), csv_safe(-1), csv_safe("好")
    ("'=cmd|' /C calc'!A0", "'-1+2", -1, '好')
    >>> csv_safe("-1.5%"), csv_safe("-5家")
    ('-1.5%', "'-5家")
    """
    if isinstance(value, str):
        text = clean_control_chars(value)
        if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
            return "'" + text
        return text
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def fit_a4(
    ws: Any,
    *,
    landscape: bool = True,
    title_rows: str | None = None,
    notice: str | None = None,
) -> None:
    """Print a sheet on A4, one page wide and as many pages tall as it needs, with
    ``title_rows`` (``"3:3"``) repeated on every page, 第 N 页 共 M 页 at the foot and,
    when given, ``notice`` (the 示例数据 warning) in red at the top of every printed page.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> fit_a4(ws, title_rows="2:2", notice="示例数据（虚构），不是官方统计")
    >>> ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.print_title_rows
    ('landscape', 1, '$2:$2')
    >>> ws.oddHeader.center.text, ws.oddFooter.center.text
    ('⚠ 示例数据（虚构），不是官方统计', '第 &P 页 共 &N 页')
    """
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 10
    if notice:
        ws.oddHeader.center.text = f"⚠ {notice}"
        ws.oddHeader.center.size = 10
        ws.oddHeader.center.color = "C00000"


#: The only formulas the package writes itself: sums of cell ranges (the 自评表's totals).
OWN_FORMULA = re.compile(
    r"=SUM\((?:\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)"
    r"(?:,\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)*\)"
)


def text_only(wb: Any, allowed: re.Pattern[str] = OWN_FORMULA) -> int:
    """Make every formula cell of ``wb`` that ``allowed`` does not match a text cell.

    Returns how many cells were changed.

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> wb = Workbook()
    >>> wb.active.append(['=HYPERLINK("http://x","y")', "=SUM(A1:A3)", "+1"])
    >>> text_only(wb), [c.data_type for c in wb.active[1]]
    (1, ['s', 'f', 's'])
    """
    changed = 0
    for ws in wb.worksheets:
        for cell in getattr(ws, "_cells", {}).values():
            if cell.data_type == "f" and not (
                isinstance(cell.value, str) and allowed.fullmatch(cell.value)
            ):
                cell.data_type = "s"
                changed += 1
    return changed


def save_workbook(wb: Any, path: Any, *, what: str = "工作簿", transform: Any = None) -> Any:
    """Save ``wb`` to ``path``: formulas other than the form's own sums become text, and
    the file is written whole, never through a symbolic link. ``transform(bytes) ->
    bytes`` may rewrite the saved file before it is written (cached values of formulas).

    Returns the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook, load_workbook
    >>> wb = Workbook()
    >>> wb.active["A1"] = "=1+2"
    >>> out = save_workbook(wb, pathlib.Path(tempfile.mkdtemp()) / "a.xlsx")
    >>> load_workbook(out).active["A1"].data_type
    's'
    """
    import io

    text_only(wb)
    if transform is None:
        return write_atomic(path, wb.save, what=what)

    def save(fh: Any) -> None:  # inside write_atomic: a failure is named with the path
        buf = io.BytesIO()
        wb.save(buf)
        fh.write(transform(buf.getvalue()))

    return write_atomic(path, save, what=what)
