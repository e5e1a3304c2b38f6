"""Outcome figures from analysts: read an entry file without losing or inventing a number.

An outcomes file is the entry template (:mod:`gutang_analysis.template`) filled in, saved
as ``.xlsx``, ``.xls`` or ``.csv`` (UTF-8, UTF-8 with BOM, or GBK as Excel writes it on
Chinese Windows). :func:`load_outcomes` returns the tidy frame described in
``docs/architecture.md``; every mistake in the file is reported at once, in Chinese, naming
the file, the row as Excel shows it, the column, the value and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import itertools
import math
import re
import weakref
import zipfile
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._frames import gc_paused
from ._frames import records as frame_records
from ._validation import file_refusal
from ._xlsx import CONTROL_CHARS, FORMULA_PREFIXES
from .errors import MAX_SHOWN_PROBLEMS, OutcomesError, Problem, ProblemList, problem_count
from .kinds import get_kind
from .numbers import (
    MAGNITUDES,
    QuantityError,
    _clean,
    _unprefixed,
    format_number,
    is_not_reported,
    normalize_text,
    parse_quantity,
    to_unit,
)
from .plan import RATINGS, STAGES

if TYPE_CHECKING:
    from .plan import Plan
    from .units import UnitRegistry

__all__ = [
    "COLUMNS",
    "FILL_COLUMNS",
    "HEADERS",
    "ILLUSTRATIVE_MARK",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_RATIO",
    "OUTCOME_COLUMNS",
    "RATINGS",
    "READ_ONLY_COLUMNS",
    "STAGES",
    "STAGE_SYNONYMS",
    "check_outcomes",
    "load_baseline",
    "load_outcomes",
    "missing_targets",
    "read_sheet",
    "sheet_in_use",
    "validate_period",
]

#: Chinese header of every template column, keyed by its canonical (English) name.
HEADERS: dict[str, str] = {
    "target_id": "指标编号",
    "section_name": "所属板块",
    "title": "指标名称",
    "source_text": "计划原文",
    "target_value": "目标值",
    "unit": "计量单位",
    "period": "统计期",
    "actual": "完成值",
    "actual_unit": "完成值单位",
    "stage": "进展阶段",
    "rating": "定性评价",
    "peers": "参比单位数",
    "date": "完成日期",
    "evidence": "证明材料或数据来源",
    "office": "报送单位",
    "cause": "偏差原因",
    "remedy": "改进措施",
}
#: Template columns in order.
COLUMNS: tuple[str, ...] = tuple(HEADERS)
#: Columns copied from the plan (grey, locked in the .xlsx); ignored when reading.
READ_ONLY_COLUMNS: tuple[str, ...] = COLUMNS[:6]
#: Columns the analyst fills in.
FILL_COLUMNS: tuple[str, ...] = COLUMNS[6:]
#: Columns of the frame :func:`load_outcomes` returns.
OUTCOME_COLUMNS: tuple[str, ...] = (
    "target_id",
    "period",
    "actual",
    "actual_text",
    "actual_unit",
    "stage",
    "rating",
    "peers",
    "date",
    "evidence",
    "office",
    "cause",
    "remedy",
    "row",
)
#: Other spellings accepted for a stage (documented in docs/outcomes-format.md).
STAGE_SYNONYMS: dict[str, str] = {
    "未开始": "未启动",
    "进行中": "推进中",
    "在建": "推进中",
    "完成": "已完成",
    "已验收": "已通过验收",
    "通过验收": "已通过验收",
}
#: A file whose comment or title rows contain this text is illustrative (invented) data.
ILLUSTRATIVE_MARK = "示例数据"
#: A file whose comment rows above the header contain this text is a draft nobody has
#: checked yet (the baseline ``new`` drafts from a work report's review): it is read, and
#: every result built on it says so, until the reviewer deletes that line.
UNCHECKED_MARK = "尚未核对"

# ---------------------------------------------------------------------------------------
# limits: a file beyond any of them is refused before it is read, naming the limit.
# A real entry file is a few hundred rows and well under 1 MB; the limits leave room for
# plans a hundred times larger while keeping memory and time bounded for any input.

#: Largest entry file accepted (bytes on disk).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest total uncompressed size of the parts of an .xlsx file (a zip archive).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Largest compression ratio of one part (larger than 1 MB) of an .xlsx file: a "zip
#: bomb" packs gigabytes into kilobytes; real sheets compress 5–50 times.
MAX_ZIP_RATIO = 500
#: Most parts in an .xlsx archive.
MAX_ZIP_ENTRIES = 10_000
#: Most rows of a spreadsheet (.xlsx, .xls), declared (``<dimension>``) or present. CSV
#: files are bounded by :data:`MAX_FILE_BYTES` alone. The entry template of a plan of
#: 100,000 targets (with its title and header rows) fits.
MAX_ROWS = 101_000
#: Most columns of a spreadsheet (declared); the template has 17.
MAX_COLUMNS = 1_000
#: Most cells covered by merged ranges in one sheet (a filled-in template has none).
MAX_MERGED_CELLS = 1_000_000
#: Longest cell (characters); longer cells are a problem naming the row.
MAX_CELL_CHARS = 131_072
#: Dates (完成日期) must fall in these years (pandas cannot hold dates after 2262).
DATE_YEARS = (1900, 2262)
#: A completion date (完成日期) must fall within this many years of the row's period.
DATE_WINDOW = 1


def _row_year(period: Any, default: int) -> int:
    text = str(period or "")
    return int(text[:4]) if text[:4].isdigit() else int(default)


# Other header spellings accepted (besides the Chinese headers and the English names).
_HEADER_SYNONYMS: dict[str, str] = {
    "编号": "target_id",
    "目标编号": "target_id",
    "证明材料": "evidence",
    "数据来源": "evidence",
    "填报单位": "office",
    "责任单位": "office",
}
_REQUIRED = ("target_id", "actual")
_STR_COLUMNS = (
    "target_id",
    "period",
    "actual_text",
    "actual_unit",
    "stage",
    "rating",
    "evidence",
    "office",
    "cause",
    "remedy",
)
_HEADER_SCAN = 30
_TEXT_FIELDS = ("evidence", "office", "cause", "remedy")
#: The outcome columns a filled row may carry (what an office reports, not the keys).
_FILLED_KEYS = tuple(
    c for c in OUTCOME_COLUMNS if c not in ("target_id", "period", "actual_text", "row")
)


def _anything_filled(cell: dict[str, str]) -> bool:
    """Whether a row holds anything beyond its id and period (its figures or texts)."""
    return any(cell.get(key, "").strip() for key in _FILLED_KEYS)


_ZERO_NONE = (
    "清零类请填 0（已清零）或留空（未报送）：“无”既可能是“已无剩余”也可能是“没有数据”，无法判断"
)
# a bare figure above this multiple of the target value is refused as a likely unit slip
_IMPLAUSIBLE = 1000
#: The cells a row's mojibake check reads.
_MOJIBAKE_KEYS = ("actual", "evidence", "office", "cause", "remedy", "stage", "rating")
_MOJIBAKE = re.compile(r"\ufffd|[\u00c0-\u00ff]{2,}|[\ue000-\uf8ff]")


def _header_key(text: str) -> str:
    s = normalize_text(text)
    s = re.sub(r"[*＊:：]|[(（][^)）]*[)）]$", "", s)
    return s.lower() if s.isascii() else s


_HEADER_LOOKUP: dict[str, str] = {
    **{_header_key(v): k for k, v in HEADERS.items()},
    **{_header_key(k): k for k in HEADERS},
    **{_header_key(k): v for k, v in _HEADER_SYNONYMS.items()},
}


# ---------------------------------------------------------------------------------------
# reading cells


@dataclass
class _Sheet:
    """Rows of a file as text, with their row numbers as a spreadsheet shows them."""

    rows: list[tuple[int, list[str]]]
    problems: list[Problem] = field(default_factory=list)
    # (row, column index) of cells that are merged continuations or uncomputed formulas
    merged: dict[tuple[int, int], int] = field(default_factory=dict)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    numeric: set[tuple[int, int]] = field(default_factory=set)  # .xls numeric cells
    # the worksheet read (spreadsheets), and whether it was one choice among several
    sheet_name: str | None = None
    chosen: bool = False


def _cell_text(value: Any, number_format: str | None = None) -> str:
    """A spreadsheet cell as the text a person typed (``0.85`` in a 0% cell -> ``85%``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return ""
        if number_format and "%" in number_format:
            return format_number(float(f"{value * 100:.12g}")) + "%"
        return format_number(value)
    return str(value)


def _read_csv(path: Path, shown: str, data: bytes) -> _Sheet:
    problems: list[Problem] = []
    try:
        text = _decode_utf16(data)
        if text is None:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:200]:
            problems.append(
                Problem(
                    shown,
                    None,
                    "编码",
                    "损坏的 UTF-16（Unicode 文本）",
                    "完整的文本文件；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx 后重试",
                )
            )
            return _Sheet([], problems)
        damaged = data.decode("utf-8", errors="replace")
        n_bad = damaged.count("\ufffd")
        n_wide = sum(1 for ch in damaged if ord(ch) > 127)
        if n_bad <= 3 and n_wide > 10 * n_bad:
            line = data[: err.start].count(b"\n") + 1
            problems.append(
                Problem(
                    shown,
                    f"第 {line} 行",
                    "编码",
                    "损坏的 UTF-8 字节",
                    "完整的 UTF-8 或 GBK 编码文本（文件可能被截断或混入了其他编码的文字，"
                    "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”）",
                )
            )
            return _Sheet([], problems)
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            problems.append(
                Problem(
                    shown,
                    None,
                    "编码",
                    "无法识别",
                    "UTF-8（推荐，Excel 另存为“CSV UTF-8（逗号分隔）”）或 GBK 编码的 CSV 文件",
                )
            )
            return _Sheet([], problems)
    text = text.lstrip("\ufeff")
    first = next((ln for ln in io.StringIO(text) if ln.strip() and not ln.startswith("#")), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    records, _, problems = _csv_records(text, delimiter, shown)
    if problems:
        return _Sheet([], problems)
    # a ' before = + - @ was added by a writer (ours, per OWASP) so Excel shows the text
    # instead of running it as a formula: read the text as typed
    if "'" in text:
        records = [
            [c[1:] if c[:1] == "'" and c[1:2] in _FORMULA_STARTS else c for c in rec]
            if any(c[:1] == "'" for c in rec)
            else rec
            for rec in records
        ]
    return _Sheet(list(enumerate(records, 1)), problems)


_FORMULA_STARTS = frozenset(c for c in FORMULA_PREFIXES)


def _csv_records(
    text: str, delimiter: str, shown: str
) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Parse CSV text into records and the physical line each starts on.

    A quote that is never closed makes the parser swallow the following lines into one
    cell. The rule: a quoted cell may span lines (Excel writes Alt+Enter line breaks that
    way), but a continuation line holding at least ``max(2, (columns - 1) // 2)``
    delimiters (``columns``: the widest of the first rows), or starting with a target id
    and a delimiter, is a swallowed row, and a quote
    still open at the end of the file is an error too. Either is reported naming the line
    where the quote opened.
    """
    old_limit = csv.field_size_limit()
    # longer cells are read, then reported with their row (see MAX_CELL_CHARS)
    csv.field_size_limit(max(old_limit, len(text) + 1))
    records: list[list[str]] = []
    starts: list[int] = []
    spanning: list[int] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        line = 0
        for rec in reader:
            if reader.line_num - line > 1:
                spanning.append(len(records))
            starts.append(line + 1)
            line = reader.line_num
            records.append(rec)
    except csv.Error as err:  # NUL bytes and the like
        return [], [], [Problem(shown, f"第 {line + 1} 行", None, str(err), _CSV_EXPECTED)]
    finally:
        csv.field_size_limit(old_limit)
    width = max((len(r) for r in records[:_HEADER_SCAN]), default=1)
    threshold = max(2, (width - 1) // 2)
    # a line starting with a target id and a delimiter is a row, not a line of text (a
    # later quote early in a swallowed row leaves it with few delimiters)
    row_start = re.compile(r"\s*(?=[a-z0-9_-]*[a-z])[a-z0-9][a-z0-9_-]*\s*" + re.escape(delimiter))
    problems: list[Problem] = []
    for k in spanning:
        rec, start = records[k], starts[k]
        opened = start
        for cell in rec:
            if "\n" in cell or "\r" in cell:
                rest = cell.splitlines()[1:]
                bad = next(
                    (
                        i
                        for i, ln in enumerate(rest, 1)
                        if ln.count(delimiter) >= threshold or row_start.match(ln)
                    ),
                    0,
                )
                if bad:
                    problems.append(_unclosed_quote(shown, opened, opened + bad, cell))
                    break
            opened += cell.count("\n")
    if records and not problems:
        # a quote still open at the end of the file: the strict parser says so
        # the lines as the csv reader counts them (LF, CR, CRLF), without a list of them all
        tail = "".join(itertools.islice(io.StringIO(text, newline=""), starts[-1] - 1, None))
        try:
            list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
        except csv.Error as err:
            if "unexpected end of data" in str(err):
                rec = records[-1]
                last = next((c for c in rec if "\n" in c), rec[-1] if rec else "")
                problems.append(_unclosed_quote(shown, starts[-1], None, last))
    return records, starts, problems


_CSV_EXPECTED = "规范的 CSV 文本（请在 Excel 中打开后另存为“CSV UTF-8（逗号分隔）”或 .xlsx）"


def _unclosed_quote(shown: str, line: int, swallowed: int | None, cell: str) -> Problem:
    head = cell.splitlines()[0] if cell.splitlines() else cell
    if len(head) > 40:
        head = head[:40] + "…"
    after = f"第 {swallowed} 行等后续各行被并入了同一个单元格" if swallowed else "直到文件末尾"
    return Problem(
        shown,
        f"第 {line} 行",
        "英文双引号",
        f'"{head}',
        f"成对的英文双引号：从此处开始的引号没有闭合，{after}；"
        "请补上闭合的引号或删除多余的引号后重新导入",
    )


def _decode_utf16(data: bytes) -> str | None:
    """Text of a UTF-16 file (Excel's "Unicode 文本" save), ``None`` for other encodings.

    Raises
    ------
    UnicodeDecodeError
        If the file looks like UTF-16 but does not decode.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    head = data[:400]
    if b"\x00" in head:
        # no byte-order mark; UTF-8 and GBK text never holds a zero byte. ASCII characters
        # (digits, commas, tabs, line ends) have their zero byte second in little-endian
        little = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        return data.decode("utf-16-le" if little else "utf-16-be")
    return None


#: The data sheet of the entry template (:func:`gutang_analysis.template.write_template`).
TEMPLATE_SHEET = "填报表"
#: The template's sheet of instructions beside it: never a candidate, never worth naming.
HELP_SHEET = "填报说明"


def _pick_sheet(
    sheets: list[tuple[str, bool]], active: str | None, prefer: str = TEMPLATE_SHEET
) -> str | None:
    """The sheet to read among ``(name, visible)``: the ``prefer`` sheet (the template's
    data sheet), else the active sheet, else the first visible one; never a hidden sheet
    (``None``: none visible).
    """
    visible = [name for name, shown in sheets if shown]
    for name in visible:
        if name.strip() == prefer:
            return name
    if active in visible:
        return active
    return visible[0] if visible else None


def _is_data_sheet(rows: Any) -> bool:
    """Whether the first rows of a sheet hold the template's header (指标编号 and 完成值)."""
    for row in itertools.islice(rows, _HEADER_SCAN):
        keys = {_HEADER_LOOKUP.get(_header_key(_cell_text(v))) for v in row}
        if "target_id" in keys and "actual" in keys:
            return True
    return False


def _xlsx_sheet_choice(
    wb: Any, shown: str, prefer: str = TEMPLATE_SHEET
) -> tuple[str | None, list[Problem], bool]:
    """The sheet to read of an openpyxl workbook (read-only), problems, and whether the
    choice needs saying (more than one visible sheet).

    With several visible sheets, the one holding the template's header is read; two such
    sheets (a stale copy beside the new one) are an error naming both, and a workbook
    whose sheet to read has no such header is refused when read.
    """
    names = [(ws.title, ws.sheet_state == "visible") for ws in wb.worksheets]
    try:
        active = wb.active.title if wb.active is not None else None
    except (IndexError, AttributeError):
        active = None
    visible = [n for n, v in names if v]
    name = _pick_sheet(names, active, prefer)
    if len(visible) <= 1 or (
        prefer != TEMPLATE_SHEET and name is not None and name.strip() == prefer
    ):
        return name, [], len(names) > 1  # another kind of input names its own sheet
    data = [n for n in visible if _is_data_sheet(wb[n].iter_rows(values_only=True))]
    if len(data) > 1:
        return (
            None,
            [
                Problem(
                    shown,
                    None,
                    "工作表",
                    "、".join(f"“{n}”" for n in data),
                    "只有一个含“指标编号”“完成值”表头的可见工作表：这几个工作表都像填报表，"
                    "无法确定用哪一个（请删除或隐藏旧的工作表后重试）",
                )
            ],
            True,
        )
    others = [n for n in visible if n.strip() != HELP_SHEET]  # our template has two sheets
    return (data[0] if data else name), [], len(others) > 1


def sheet_in_use(path: str | Path) -> str | None:
    """The worksheet an ``.xlsx`` entry file is read from, when it has more than one
    visible sheet (so a message can name it); None otherwise.

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> sheet_in_use(paths.DEFAULT_OUTCOMES) is None  # a CSV file has one table
    True
    """
    p = Path(path)
    if p.suffix.lower() not in (".xlsx", ".xlsm") or file_refusal(p, MAX_FILE_BYTES):
        return None
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, data_only=True, read_only=True)
    except Exception:  # a damaged file: check reports it
        return None
    try:
        name, problems, said = _xlsx_sheet_choice(wb, str(p))
        return name if said and not problems else None
    finally:
        wb.close()


def _no_sheet(shown: str, kind: str) -> _Sheet:
    return _Sheet(
        [],
        [Problem(shown, None, "工作表", "全部隐藏", f"至少一个未隐藏的工作表（{kind}）")],
    )


def _damaged(shown: str, name: str, kind: str) -> _Sheet:
    return _Sheet(
        [],
        [
            Problem(
                shown,
                None,
                None,
                name,
                f"可以打开的 Excel 文件（{kind}，未加密；若文件已损坏请重新保存）",
            )
        ],
    )


def _zip_refusal(path: Path) -> tuple[str, str] | None:
    """Why an .xlsx archive is refused before openpyxl opens it (sizes from the zip index)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # openpyxl reports a damaged file
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"压缩包内 {len(infos)} 个部件", f"不超过 {MAX_ZIP_ENTRIES} 个部件的 Excel 文件"
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        return (
            f"解压后 {total / 1024 / 1024:.0f} MB",
            f"解压后不超过 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB 的 Excel 文件"
            "（文件异常大，请检查是否选错了文件）",
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1
        ):
            return (
                f"部件 {info.filename} 的压缩比超过 {MAX_ZIP_RATIO} 倍",
                "正常保存的 Excel 文件（该文件像是“压缩炸弹”，请重新保存或换用 .csv）",
            )
    return None


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ROW_RE = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER_RE = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d+)\"")
_PLAIN_ROW_NUMBER_RE = re.compile(rb'<row r="(\d+)"')
_ERROR_CELL_RE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\bt="e"')


def _scan_sheet_xml(
    zf: zipfile.ZipFile, member: str
) -> tuple[list[tuple[int, int, int, int]], bool, int, bool]:
    """Merged ranges ``(min_row, min_col, max_row, max_col)``, whether any cell holds a
    formula, the last row number and whether any cell holds an error value (``#N/A``),
    from the raw sheet XML read in chunks (memory stays flat): a "row bomb"
    (``<row r="1048576">``) is found before any row is built.
    """
    from openpyxl.utils import column_index_from_string

    merged: list[tuple[int, int, int, int]] = []
    has_formula = has_error = False
    n_rows = last_row = 0
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(1 << 20):
            buf = tail + chunk
            # (a formula's tag is <f>, <f …/> or <x:f …>: the pattern only where one may be)
            has_formula = has_formula or (
                (b"<f" in buf or b":f" in buf) and _FORMULA_RE.search(buf) is not None
            )
            # (the plain tests first: the patterns cost seconds on a sheet of 100 MB)
            has_error = has_error or (b't="e"' in buf and _ERROR_CELL_RE.search(buf) is not None)
            cut = buf.rfind(b"<")
            done, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
            tags = done.count(b"<row")
            numbers = []
            if tags and b":row" not in done:
                # every row as Excel and openpyxl write it (<row r="5" …>) when each tag is
                # found by the plain pattern
                numbers = _PLAIN_ROW_NUMBER_RE.findall(done)
            if numbers and len(numbers) == tags:
                n_rows += tags
            else:
                n_rows += len(_ROW_RE.findall(done))
                numbers = _ROW_NUMBER_RE.findall(done)
            last_row = max([last_row, *map(int, numbers)])
            for m in _MERGE_RE.finditer(done) if b"mergeCell" in done else ():
                c1, r1, c2, r2 = (g.decode() if g else None for g in m.groups())
                rows = (int(r1), int(r2 or r1))
                cols = (column_index_from_string(c1), column_index_from_string(c2 or c1))
                merged.append((rows[0], cols[0], rows[1], cols[1]))
    return merged, has_formula, max(n_rows, last_row), has_error


def _too_large(shown: str, sheet: str, rows: int | None, cols: int | None) -> _Sheet:
    if rows is not None and rows > MAX_ROWS:
        value, expected = f"工作表“{sheet}”有 {rows} 行", f"不超过 {MAX_ROWS} 行的工作表"
    else:
        value, expected = f"工作表“{sheet}”有 {cols} 列", f"不超过 {MAX_COLUMNS} 列的工作表"
    return _Sheet(
        [],
        [
            Problem(
                shown,
                None,
                "工作表大小",
                value,
                f"{expected}（含声明的范围；请删除表格下方或右侧多余的行列，或另存为 .csv）",
            )
        ],
    )


def _read_xlsx(path: Path, shown: str, prefer: str = TEMPLATE_SHEET) -> _Sheet:
    import openpyxl

    refused = _zip_refusal(path)
    if refused:
        return _Sheet([], [Problem(shown, None, "文件大小", *refused)])
    try:
        # read-only mode streams the sheet: memory does not grow with the rows
        wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    except Exception:  # openpyxl raises many kinds for damaged or encrypted files
        return _damaged(shown, path.name, ".xlsx")
    try:
        name, problems, said = _xlsx_sheet_choice(wb, shown, prefer)
        if problems:
            return _Sheet([], problems)
        if name is None:
            return _no_sheet(shown, ".xlsx")
        ws = wb[name]
        if (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLUMNS:
            return _too_large(shown, name, ws.max_row, ws.max_column)
        member = ws._worksheet_path  # openpyxl keeps the part name privately
        merged, has_formula, last_row, has_error = _scan_sheet_xml(wb._archive, member)
        if last_row > MAX_ROWS:
            return _too_large(shown, name, last_row, None)
        ws.reset_dimensions()  # a wrong <dimension> must not cut rows off
        sheet = _Sheet([], sheet_name=name, chosen=said)
        spread = sum(
            (r2 - r1 + 1) * (c2 - c1 + 1)
            for r1, c1, r2, c2 in merged
            if (r2 - r1 + 1) * (c2 - c1 + 1) <= 10 * MAX_COLUMNS
        )
        if spread > MAX_MERGED_CELLS:  # a small file of many large merges: minutes of work
            return _Sheet(
                [],
                [
                    Problem(
                        shown,
                        f"工作表“{name}”",
                        "合并单元格",
                        f"{len(merged)} 处合并，共 {spread:,} 个单元格",
                        f"合并的单元格合计不超过 {MAX_MERGED_CELLS:,} 个（请取消合并后另存，"
                        "或另存为 .csv）",
                    )
                ],
            )
        for r1, c1, r2, c2 in merged:
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 10 * MAX_COLUMNS:
                continue  # a merge over a whole block holds no per-row data to carry down
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        sheet.merged[(r, c - 1)] = r1
        if not (has_formula or has_error or _has_percent_format(wb)):
            # the values alone say what was typed: read them with calamine (Rust), ten
            # times faster than openpyxl's cells on a sheet of 100,000 rows
            values = _calamine_rows(path, name)
            if values is not None:
                width = max(map(len, values), default=0)
                if width > MAX_COLUMNS:
                    return _too_large(shown, name, None, width)
                # (a row of text cells only, as a template's mostly are, is kept as it is)
                sheet.rows.extend(
                    (r, row if set(map(type, row)) == _ONLY_STR else list(map(_cell_text_of, row)))
                    for r, row in enumerate(values, 1)
                )
                return sheet
        formulas_rows = None
        wb_f = None
        if has_formula:
            wb_f = openpyxl.load_workbook(path, data_only=False, read_only=True)
            ws_f = wb_f[name]
            ws_f.reset_dimensions()
            formulas_rows = ws_f.iter_rows()
        for r, row in enumerate(ws.iter_rows(), 1):
            if r > MAX_ROWS:
                return _too_large(shown, name, r, None)
            row_f = next(formulas_rows, ()) if formulas_rows is not None else ()
            if len(row) > MAX_COLUMNS:
                return _too_large(shown, name, None, len(row))
            cells = []
            for c, cell in enumerate(row):
                value = cell.value
                if value is None and c < len(row_f):
                    fv = row_f[c].value
                    if isinstance(fv, str) and fv.startswith("="):
                        sheet.formulas.add((r, c))
                cells.append(_cell_text(value, cell.number_format if value is not None else None))
            sheet.rows.append((r, cells))
        if wb_f is not None:
            wb_f.close()
        return sheet
    except Exception:  # a damaged part met while streaming
        return _damaged(shown, path.name, ".xlsx")
    finally:
        wb.close()


_ONLY_STR = {str}


def _cell_text_of(value: Any) -> str:
    """A calamine value as the text of its cell."""
    return value if type(value) is str else _cell_text(value)


def _has_percent_format(wb: Any) -> bool:
    """Whether any cell style of ``wb`` (openpyxl, read-only) shows numbers as percent:
    ``0.85`` in such a cell was typed ``85%``, which only openpyxl's cells tell."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    for style in wb._cell_styles:
        fid = style.numFmtId
        if fid < BUILTIN_FORMATS_MAX_SIZE:
            code = BUILTIN_FORMATS.get(fid, "General")
        else:
            code = wb._number_formats[fid - BUILTIN_FORMATS_MAX_SIZE]
        if "%" in code:
            return True
    return False


def _calamine_rows(path: Path, name: str) -> list[list[Any]] | None:
    """The cell values of sheet ``name`` from A1 (rows of equal length), or ``None``."""
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception:  # left to openpyxl, which says what is wrong
        return None


def _read_xls(path: Path, shown: str, prefer: str = TEMPLATE_SHEET) -> _Sheet:
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        meta = wb.sheets_metadata
        names = [(m.name, str(m.visible).lower().endswith("visible")) for m in meta]
        name = _pick_sheet(names, None, prefer)
        if name is None:
            return _no_sheet(shown, ".xls")
        sh = wb.get_sheet_by_name(name)
        if sh.total_height > MAX_ROWS or sh.total_width > MAX_COLUMNS:
            return _too_large(shown, name, sh.total_height, sh.total_width)
        values = sh.to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for damaged files
        return _damaged(shown, path.name, ".xls")
    sheet = _Sheet([], sheet_name=name, chosen=len(names) > 1)
    for r, row in enumerate(values, 1):
        for c, v in enumerate(row):
            if isinstance(v, int | float) and not isinstance(v, bool):
                sheet.numeric.add((r, c))
        sheet.rows.append((r, [_cell_text(v) for v in row]))
    return sheet


def read_sheet(
    path: str | Path, *, what: str = "填报文件", prefer: str = TEMPLATE_SHEET
) -> tuple[list[tuple[int, list[str]]], list[Problem], bytes | None]:
    """The one guarded reader of every spreadsheet a user gives (outcomes, the 分解表 …).

    Only a regular file is read (never a device, a pipe or a link to one), at most
    :data:`MAX_FILE_BYTES`; an .xlsx is checked for its unpacked size and compression
    ratio before it is opened, and for its rows and columns (:data:`MAX_ROWS`,
    :data:`MAX_COLUMNS`) before any row is built; .xls and .csv (UTF-8, GBK, UTF-16) are
    read with the same bounds. Cells come back as the text a person typed.

    Parameters
    ----------
    path : str or Path
    what : str
        What the file is, in Chinese, for the problems (``分解表``).
    prefer : str
        The sheet to read when a workbook has several (else the active sheet).

    Returns
    -------
    (rows, problems, data)
        ``rows``: (row number as a spreadsheet shows it, cell texts); ``problems``: why
        the file could not be read (then ``rows`` is empty); ``data``: the bytes read.

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> rows, problems, _ = read_sheet(paths.DEFAULT_OUTCOMES)
    >>> problems, len(rows) > 90
    ([], True)
    >>> read_sheet("/dev/null", what="分解表")[1][0].expected.endswith("普通文件")
    True
    """
    p = Path(path)
    sheet, data = _read(p, str(path), what=what, prefer=prefer)
    return sheet.rows, sheet.problems, data


def _missing_file(path: Path, shown: str, what: str) -> Problem:
    """A file that is not there, with the nearest name in its folder when one is close
    (``2O25.csv`` typed for ``2025.csv``)."""
    try:
        names = [p.name for p in path.parent.iterdir() if p.is_file()]
    except OSError:
        names = []
    near = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    hint = f"；是否为 {near[0]}？" if near else ""
    folder = f"“{path.parent}”" if str(path.parent) not in ("", ".") else "当前文件夹"
    return Problem(shown, None, None, path.name, f"{folder}中存在的{what}（没有这个文件{hint}）")


def _read(
    path: Path, shown: str, *, what: str = "填报文件", prefer: str = TEMPLATE_SHEET
) -> tuple[_Sheet, bytes | None]:
    if not path.exists():
        return _Sheet([], [_missing_file(path, shown, what)]), None
    if path.is_dir():
        return _Sheet([], [Problem(shown, None, None, None, f"一个{what}（不是文件夹）")]), None
    refused = file_refusal(path, MAX_FILE_BYTES)
    if refused:
        return _Sheet([], [Problem(shown, None, None, *refused)]), None
    try:
        data = path.read_bytes()
    except OSError:
        return _Sheet([], [Problem(shown, None, None, None, "可以读取的文件（检查权限）")]), None
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        # .txt: Excel's "Unicode 文本" (UTF-16, tab-separated) or "文本文件（制表符分隔）"
        return _read_csv(path, shown, data), data
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, shown, prefer), data
    if suffix == ".xls":
        return _read_xls(path, shown, prefer), data
    return (
        _Sheet(
            [],
            [
                Problem(
                    shown,
                    None,
                    "文件类型",
                    path.suffix or path.name,
                    ".xlsx、.xls 或 .csv 文件（Excel 另存的“Unicode 文本” .txt 也可以）",
                )
            ],
        ),
        data,
    )


# ---------------------------------------------------------------------------------------
# header


def _find_header(sheet: _Sheet) -> tuple[int, dict[str, int], dict[str, str], bool] | None:
    """Locate the header row: returns (index in sheet.rows, column map, shown names, illus.)."""
    illustrative = False
    for k, (_, cells) in enumerate(sheet.rows[:_HEADER_SCAN]):
        keys = [_HEADER_LOOKUP.get(_header_key(c)) for c in cells]
        if "target_id" in keys and sum(1 for x in keys if x) >= 2:
            cols: dict[str, int] = {}
            shown: dict[str, str] = {}
            for i, key in enumerate(keys):
                if key and key not in cols:
                    cols[key] = i
                    shown[key] = cells[i].strip()
            return k, cols, shown, illustrative
        if any(ILLUSTRATIVE_MARK in c for c in cells):
            illustrative = True
    return None


# ---------------------------------------------------------------------------------------
# fields


def _parse_period(text: str, max_year: int) -> str | None:
    """``2022``, ``2022年``, ``2022-06-30``, ``2022年6月30日``, ``2022年上半年`` -> key.

    ``2022-12-31`` (a year's last day) is the annual key ``2022``.
    """
    s = normalize_text(text)
    m = re.fullmatch(r"(\d{4})(?:年度?|年全年|全年)?", s)
    if m:
        year = int(m.group(1))
        return str(year) if 2000 <= year <= max_year else None
    m = re.fullmatch(r"(\d{4})年?(?:上半年|H1|h1)", s)
    if m:
        year = int(m.group(1))
        return f"{year}-06-30" if 2000 <= year <= max_year else None
    day = _parse_date(s)
    if day is not None and 2000 <= day.year <= max_year:
        # the last day of a year is that whole year: 2022-12-31 is the annual period 2022
        return str(day.year) if (day.month, day.day) == (12, 31) else day.isoformat()
    return None


def validate_period(text: object, plan: Plan, *, what: str = "统计期（--period）") -> str:
    """The period key for a period a user gave (``--period``), or a Chinese error.

    Accepted: the plan year (``2022``, ``2022年``), an earlier year for a baseline table
    (``2021``), or a date within the plan year (``2022-06-30``, ``2022年6月30日``,
    ``2022年上半年``); ``2022-12-31`` is the year ``2022``.

    Raises
    ------
    OutcomesError
        For anything else (``abc``, ``2022-13-01``, a later year, a date outside the plan
        year), saying what is expected.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> plan = load_plan()
    >>> validate_period("2022-06-30", plan), validate_period("2021", plan)
    ('2022-06-30', '2021')
    >>> try:
    ...     validate_period("abc", plan)
    ... except OutcomesError as err:
    ...     print(err.problems[0].expected)
    计划年度 2022（全年），或 2022 年内的截至日期，如 2022-06-30；基期表可填更早的年份，如 2021
    """
    raw = "" if text is None else str(text)
    key = _parse_period(raw, plan.year) if raw.strip() else None
    if key is None or (len(key) > 4 and key[:4] != str(plan.year)):
        raise OutcomesError(
            "统计期不对",
            [
                Problem(
                    None,
                    None,
                    what,
                    raw,
                    f"计划年度 {plan.year}（全年），或 {plan.year} 年内的截至日期，如 "
                    f"{plan.year}-06-30；基期表可填更早的年份，如 {plan.year - 1}",
                )
            ],
        )
    return key


def _parse_date(text: str) -> dt.date | None:
    s = normalize_text(text)
    m = re.fullmatch(r"(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?(?:00:00:00)?", s)
    if not m:
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _valid_unit_text(text: str, registry: UnitRegistry) -> bool:
    if registry.known(text) or text in MAGNITUDES:
        return True
    return any(text.startswith(w) and registry.known(text[len(w) :]) for w in MAGNITUDES)


def _units_hint(unit: str | None, registry: UnitRegistry) -> str:
    if unit is None:
        return "留空（本指标没有计量单位）"
    if unit == "名次":
        return "留空或“名次”"
    fam = registry.family(unit)
    return f"与“{unit}”同类的单位：" + "、".join(registry.units_in_family(fam)) + "，或留空"


#: Each plan's targets as records, by target id (:func:`_target_records`), by the
#: plan's identity (a plan holds tables: it has no hash).
_TARGET_RECORDS: dict[int, tuple[Any, dict[str, dict[str, Any]]]] = {}


#: The columns of a target the checks of a row read.
_RECORD_COLUMNS = ("target_id", "kind", "unit", "target_value")


def _target_records(plan: Plan) -> dict[str, dict[str, Any]]:
    """The plan's targets as records by id, made once per plan (a period of office
    files reads dozens of files against one plan); read only."""
    known = _TARGET_RECORDS.get(id(plan))
    if known is not None and known[0]() is plan:
        return known[1]
    # only what the checks read: a record of every column costs seconds at 100,000 targets
    columns = [c for c in _RECORD_COLUMNS if c in plan.targets.columns]
    records = {t["target_id"]: t for t in frame_records(plan.targets[columns])}
    with suppress(TypeError):  # a plan-like object that cannot be referenced
        key = id(plan)
        gone = weakref.ref(plan, lambda _: _TARGET_RECORDS.pop(key, None))
        _TARGET_RECORDS[key] = (gone, records)
    return records


class _Rows:
    """Check and convert the data rows of one file, collecting every problem."""

    def __init__(self, shown: str, plan: Plan, cols: dict[str, int], names: dict[str, str]):
        self.shown = shown
        self.plan = plan
        self.registry: UnitRegistry = plan.units
        self.cols = cols
        self.names = names
        self.targets: dict[str, dict[str, Any]] = _target_records(plan)
        # every problem is counted; only the first MAX_SHOWN_PROBLEMS are kept as objects
        self.problems: Any = ProblemList()
        self._memo: dict[tuple, tuple[Any, list[Problem]]] = {}
        self._same: dict[str, tuple] = {}  # target id -> the fields its checks read

    def memo(self, name: str, where: str, tid: str | None, *args: Any) -> Any:
        """``self.<name>(where, [target], *args)``, computed once per distinct input.

        Cells repeat (units, stages, the same slip copied down a column): the result and
        the problems found are remembered, the problems re-issued with each row's place.
        A target enters as the fields a check reads (:data:`_RECORD_COLUMNS`): targets of
        one kind, unit and value share their results (an empty cell of 100,000 targets
        is checked a few times, not 100,000).
        """
        if tid is None:
            key: tuple = (name, None, *args)
        else:
            same = self._same.get(tid)
            if same is None:
                target = self.targets[tid]
                same = self._same[tid] = tuple(
                    None if isinstance(v, float) and math.isnan(v) else v
                    for v in (target[c] for c in _RECORD_COLUMNS[1:])
                )
            key = (name, same, *args)
        hit = self._memo.get(key)
        if hit is None:
            saved, self.problems = self.problems, ProblemList(keep=1_000)
            fn = getattr(self, name)
            result = fn("", self.targets[tid], *args) if tid is not None else fn("", *args)
            hit = (result, list(self.problems))
            self.problems = saved
            if len(self._memo) < 100_000:
                self._memo[key] = hit
        result, found = hit
        if found:
            self.reissue(found, where)
        return result

    def reissue(self, found: list[Problem], where: str, marker: str | None = None) -> None:
        """Add remembered problems at ``where`` (or with ``marker`` in their place replaced
        by ``where``); once the list is full they are only counted (no object is built)."""
        log = self.problems
        if log.full:
            log.total += len(found)
            for p in found:
                log.by_field[p.field or "其他"] += 1
            return
        for p in found:
            at = where if marker is None else p.where and p.where.replace(marker, where)
            log.append(Problem(p.file, at, p.field, p.value, p.expected))

    def add(self, where: str, key: str, value: Any, expected: str) -> None:
        name = self.names.get(key, HEADERS.get(key, key))
        if self.problems.full:
            self.problems.tally(name)
        else:
            self.problems.append(Problem(self.shown, where, name, value, expected))

    def get(self, cells: list[str], key: str) -> str:
        i = self.cols.get(key)
        if i is None or i >= len(cells):
            return ""
        return cells[i]  # as typed: parsers normalise, messages show what the user wrote

    # -- one field at a time ------------------------------------------------------------

    def actual(
        self, where: str, target: dict[str, Any], raw: str, unit_col: str, numeric_cell: bool
    ) -> tuple[float, str | None]:
        kind = target["kind"]
        unit = target["unit"] if isinstance(target["unit"], str) else None
        if kind == "rank":
            unit = "名次"
        unit_norm = normalize_text(unit_col)
        if unit_norm and not _valid_unit_text(unit_norm, self.registry):
            self.add(where, "actual_unit", unit_col, _units_hint(unit, self.registry))
            return math.nan, None
        norm = normalize_text(raw)
        if is_not_reported(raw):
            if kind == "zero" and norm == "无":
                self.add(where, "actual", raw, _ZERO_NONE)
                return math.nan, None
            shown = self.shown_unit(unit_norm, unit) if unit_norm else unit
            return math.nan, shown
        reports = getattr(get_kind(kind), "reports", "value")
        if reports in ("stage", "rating"):
            key, words, label = (
                ("stage", STAGES, "节点类") if reports == "stage" else ("rating", RATINGS, "定性类")
            )
            self.add(
                where,
                "actual",
                raw,
                f"空白：{label}指标不填完成值，请在“{HEADERS[key]}”列填写（"
                + "、".join(words)
                + "）",
            )
            return math.nan, None
        try:
            q = parse_quantity(raw)
            value = to_unit(raw, unit, self.registry)
        except QuantityError as err:
            self.add(where, "actual", raw, err.expected)
            return math.nan, None
        assert q is not None
        written_unit = q.unit
        if unit_norm:
            try:
                if written_unit is None:
                    value = to_unit(f"{norm}{unit_norm}", unit, self.registry)
                else:
                    # 1.8亿 with 亿元 in the unit column, or 1.8亿 with 元 (= 1.8亿元)
                    number = format_number(q.value)
                    spellings = [f"{number}{unit_norm}"]
                    if written_unit in MAGNITUDES:
                        spellings.append(f"{number}{written_unit}{unit_norm}")
                    agree = False
                    for text in spellings:
                        try:
                            other = to_unit(text, unit, self.registry)
                        except QuantityError:
                            continue
                        agree = agree or math.isclose(other, value, rel_tol=1e-9)
                    if not agree:
                        self.add(
                            where,
                            "actual_unit",
                            unit_col,
                            f"与完成值“{raw}”中的单位一致，或留空",
                        )
                        return math.nan, None
            except QuantityError:
                self.add(where, "actual_unit", unit_col, _units_hint(unit, self.registry))
                return math.nan, None
        shown_unit = self.shown_unit(written_unit or unit_norm or None, unit)
        explicit = written_unit is not None or bool(unit_norm)
        family = self.registry.family(unit) if unit is not None else None
        target_value = target.get("target_value")
        spec = get_kind(kind)
        signed = spec is not None and spec.negative_allowed
        # plausibility: what a count, a share or a rank can be (a growth rate may be
        # negative or above 100%)
        if value < 0 and not signed:
            self.add(where, "actual", raw, "不小于 0 的数")
        elif family == "percent" and value > 100 and not signed:
            self.add(where, "actual", raw, "0 到 100 之间的百分数（比率不超过 100%）")
        elif family in ("count", "rank") and value % 1:
            what = "名次" if unit == "名次" else f"计数（{unit}）"
            self.add(where, "actual", raw, f"整数：{what}不能有小数")
        elif unit == "名次" and value < 1:
            self.add(where, "actual", raw, "名次，写成 3 或 第3名（正整数）")
        elif family == "percent" and 0 < value <= 1 and not explicit and not signed:
            note = (
                "（.xls 文件中百分比格式的单元格会存成小数，无法判断本意；请改为文本 95%）"
                if numeric_cell
                else ""
            )
            self.add(
                where,
                "actual",
                raw,
                f"百分数，如 95 或 95%（“{raw}”像是写成了小数，无法判断是 "
                f"{format_number(value)}% 还是 {format_number(value * 100)}%；"
                f"确为不到 1% 的比率请写 {format_number(value)}%）{note}",
            )
        elif (
            not explicit
            and family not in ("percent", "rank", None)
            and isinstance(target_value, int | float)
            and not math.isnan(target_value)
            and target_value > 0
            and value > _IMPLAUSIBLE * target_value
        ):
            self.add(where, "actual", raw, self.implausible(norm, value, unit, target_value))
        return value, shown_unit

    def implausible(self, norm: str, value: float, unit: str, target_value: float) -> str:
        """What to write instead of a bare number far above the target (likely 元 for 亿元)."""
        goal = f"{format_number(target_value)}{unit}"
        base = _unprefixed(unit, self.registry)
        if base != unit:
            converted = format_number(_clean(self.registry.convert(value, base, unit)))
            return (
                f"以“{unit}”计的数字：所填数值超过目标值（{goal}）的 {_IMPLAUSIBLE} 倍，"
                f"可能是按“{base}”填写的；请写明单位，如 {norm}{base} 或 {converted}{unit}"
            )
        return (
            f"以“{unit}”计的数字：所填数值超过目标值（{goal}）的 {_IMPLAUSIBLE} 倍，请核对；"
            f"数值无误的请写明单位，如 {norm}{unit}"
        )

    def shown_unit(self, written: str | None, unit: str | None) -> str | None:
        """The registered name of the unit a figure was written in (亿 -> 亿元)."""
        if written is None:
            return unit
        if unit == "名次" and written in ("名", "名次", "位"):
            return "名次"
        if self.registry.known(written):
            return self.registry.canonical(written)
        for word in MAGNITUDES:
            if written == word:
                if unit is None:
                    return written
                combo = word + _unprefixed(unit, self.registry)
            elif written.startswith(word) and self.registry.known(written[len(word) :]):
                combo = word + self.registry.canonical(written[len(word) :])
            else:
                continue
            return self.registry.canonical(combo) if self.registry.known(combo) else combo
        return written

    def stage(self, where: str, raw: str) -> str | None:
        s = normalize_text(raw)
        if is_not_reported(s):
            return None
        s = STAGE_SYNONYMS.get(s, s)
        if s not in STAGES:
            self.add(where, "stage", raw, "以下之一：" + "、".join(STAGES))
            return None
        return s

    def rating(self, where: str, raw: str) -> str | None:
        s = normalize_text(raw)
        if is_not_reported(s):
            return None
        if s not in RATINGS:
            self.add(where, "rating", raw, "以下之一：" + "、".join(RATINGS) + "（由好到差）")
            return None
        return s

    def peers(self, where: str, raw: str) -> int | None:
        if is_not_reported(raw):
            return None
        try:
            value = to_unit(raw, "个", self.registry)
        except QuantityError:
            value = math.nan
        if math.isnan(value) or value < 1 or value % 1:
            self.add(where, "peers", raw, "参与排名的单位个数（正整数），如 18")
            return None
        return int(value)


def _empty_frame() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in OUTCOME_COLUMNS})
    return _typed(frame)


def _missing(value: Any) -> bool:
    """Whether pandas counts a cell as missing (None, NaN, NaT, NA)."""
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for col in _STR_COLUMNS:
        # text columns: objects, a missing cell None (one pass in Python beats four
        # pandas operations per column on a file's few hundred rows)
        frame[col] = pd.Series(
            [v if type(v) is str else None if _missing(v) else v for v in frame[col].tolist()],
            index=frame.index,
            dtype=object,
        )
    frame["actual"] = frame["actual"].astype("float64")
    frame["peers"] = frame["peers"].astype("Int64")
    frame["row"] = frame["row"].astype("int64")
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    return frame


#: The machine-read line a template writes above its header: plan id and period.
FILE_MARK = "计划编号：{plan_id}；统计期：{period}"
_MARK = re.compile(r"计划编号[：:]\s*([a-z0-9][a-z0-9_-]*)(?:\s*[；;]\s*统计期[：:]\s*([0-9-]+))?")


def file_marks(rows: Any) -> dict[str, str]:
    """The plan id and period a template recorded in the rows above its header.

    Examples
    --------
    >>> file_marks([["# 计划编号：luoxing-2023；统计期：2023-06-30"]])
    {'plan_id': 'luoxing-2023', 'period': '2023-06-30'}
    >>> file_marks([["某某街道 · 完成情况填报表"]])
    {}
    """
    for cells in rows:
        for cell in cells:
            m = _MARK.search(str(cell))
            if m:
                found = {"plan_id": m.group(1)}
                if m.group(2):
                    found["period"] = m.group(2)
                return found
    return {}


def _collect(
    path: str | Path,
    plan: Plan,
    period: str | None,
    *,
    partial: bool = False,
    named: str | None = None,
) -> tuple[pd.DataFrame, list[Problem], dict[str, Any]]:
    """Read and check a file; returns the frame, problems and attrs.

    The problems are a :class:`~gutang_analysis.errors.ProblemList`: the first
    :data:`~gutang_analysis.errors.MAX_SHOWN_PROBLEMS` in full, every one counted. The
    frame holds every row when there is no problem; with problems it is empty unless
    ``partial`` (then it holds the rows that could be read). ``named`` is the period the
    file's name gives (``2024.xlsx``): a title row or a row naming another period is a
    problem (:func:`period_conflicts`).
    """
    with gc_paused():
        frame, problems, attrs = _collect_rows(path, plan, period, partial or bool(named))
    if named:
        conflicts = period_conflicts(frame, str(path), named, attrs)
        if conflicts:
            problems = ProblemList(problems) if not isinstance(problems, ProblemList) else problems
            problems.extend(conflicts)
        if problems and not partial:
            frame = _empty_frame()
    return frame, problems, attrs


def _as_period(text: str) -> str:
    return text[:4] if text.endswith("-12-31") else text


def period_conflicts(
    frame: pd.DataFrame, shown: str, named: str, attrs: dict[str, Any] | None = None
) -> list[Problem]:
    """Where a file names another period than its file name: the title row, then rows.

    A year-end file of 2025 saved as ``2024.xlsx`` would otherwise become the baseline of
    a 2025 plan; the file is not used until its name or its contents are put right.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"period": ["2025", "2024"], "row": [4, 5]})
    >>> print(period_conflicts(rows, "2024.xlsx", "2024")[0])  # doctest: +ELLIPSIS
    2024.xlsx，第 4 行，字段“统计期”：值“2025”不符合要求，应为文件名所示的统计期 2024...
    """
    expected = (
        f"文件名所示的统计期 {named}（文件名与内容所写的统计期不一致，这个文件不会被使用："
        "请核对是否放错了文件，改正文件名或内容后重试）"
    )
    found: list[Problem] = []
    mark = (attrs or {}).get("file_period") or frame.attrs.get("file_period")
    if mark and _as_period(str(mark)) != named:
        found.append(Problem(shown, "标题行", HEADERS["period"], mark, expected))
    if len(frame) and "period" in frame:
        periods = frame["period"].map(lambda v: _as_period(v) if isinstance(v, str) else None)
        other = frame[periods.notna() & (periods != named)]  # unreadable ones: named elsewhere
        for rec in other.head(MAX_SHOWN_PROBLEMS).to_dict("records"):
            where = f"第 {rec['row']} 行" if "row" in rec else None
            found.append(Problem(shown, where, HEADERS["period"], rec["period"], expected))
        if len(other) > MAX_SHOWN_PROBLEMS:
            found.append(
                f"{shown}：另有 {len(other) - MAX_SHOWN_PROBLEMS} 行的统计期也不是 {named}"
            )
    return found


def _collect_rows(
    path: str | Path, plan: Plan, period: str | None, partial: bool
) -> tuple[pd.DataFrame, list[Problem], dict[str, Any]]:
    p = Path(path)
    shown = str(path)
    sheet, data = _read(p, shown)
    attrs = {
        "source_file": str(p.resolve()) if p.exists() else shown,
        "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
        "illustrative": False,
        "unchecked": False,
        "sheet": sheet.sheet_name,
    }
    if sheet.problems:
        return _empty_frame(), list(sheet.problems), attrs
    if sheet.chosen and sheet.sheet_name is not None:
        # a workbook of several sheets: every message says which one was read
        shown = f"{shown}（已读取工作表“{sheet.sheet_name}”）"
    found = _find_header(sheet)
    if found is None:
        expected = (
            f"含“{HEADERS['target_id']}”“{HEADERS['actual']}”等列名的表头行"
            f"（在前 {_HEADER_SCAN} 行内）；若列名显示为乱码，请在 Excel 中另存为"
            "“CSV UTF-8（逗号分隔）”或 .xlsx 后重试"
        )
        first = next(
            (
                ",".join(c for c in cells if c.strip())
                for _, cells in sheet.rows
                if any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#")
            ),
            None,
        )
        if first and len(first) > 40:
            first = first[:40] + "…"
        return _empty_frame(), [Problem(shown, None, "表头", first, expected)], attrs
    k, cols, names, illustrative = found
    header_row = sheet.rows[k][0]
    attrs["illustrative"] = illustrative
    attrs["unchecked"] = any(UNCHECKED_MARK in c for _, cells in sheet.rows[:k] for c in cells)
    marks = file_marks(cells for _, cells in sheet.rows[:k])
    attrs.update({f"file_{key}": value for key, value in marks.items()})
    other = marks.get("plan_id")
    if other and other != plan.id:
        # a file of another plan: say so, instead of listing its ids as unknown
        return (
            _empty_frame(),
            [
                Problem(
                    shown,
                    None,
                    "计划编号",
                    other,
                    f"本计划“{plan.title}”（计划编号 {plan.id}）的填报文件；"
                    f"这个文件属于计划 {other}，请换用本计划的模板",
                )
            ],
            attrs,
        )
    rows = _Rows(shown, plan, cols, names)
    head_where = f"第 {header_row} 行（表头）"
    for key in _REQUIRED:
        if key not in cols:
            rows.problems.append(
                Problem(shown, head_where, HEADERS[key], None, f"表头中的“{HEADERS[key]}”列")
            )
    if "period" not in cols and period is None:
        rows.problems.append(
            Problem(
                shown,
                head_where,
                HEADERS["period"],
                None,
                f"表头中的“{HEADERS['period']}”列（如 {plan.year} 或 {plan.year}-06-30）",
            )
        )
    if rows.problems:
        return _empty_frame(), rows.problems, attrs

    known_ids = plan.targets["target_id"].tolist()
    max_year = plan.year
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    last_by_col: dict[int, str] = {}
    merged_by_row: dict[int, list[tuple[int, int]]] = {}
    for (mr, mc), top in sheet.merged.items():
        merged_by_row.setdefault(mr, []).append((mc, top))
    # values are carried down only to merged cells: rows below the last have none
    last_merged_row = max(merged_by_row, default=0)
    key_of_col = {i: c for c, i in reversed(cols.items())}
    hints: dict[str, str] = {}
    periods: dict[str, str | None] = {}  # 统计期 as written -> its key (cells repeat)

    def check_row(r: object, cells: list[str]) -> dict[str, Any] | str | None:
        """One data row: its record (without ``row``), ILLUSTRATIVE_MARK for a comment
        row saying so, or None for a row to skip; problems go to ``rows``. ``cells`` is
        the row's own list (changed here)."""
        # merged cells keep their value in the top-left cell: carry text fields down
        for mc, top in merged_by_row.get(r, ()):
            if mc < len(cells) and not cells[mc].strip():
                key = key_of_col.get(mc)
                if key in (*_TEXT_FIELDS, "period", "date"):
                    cells[mc] = last_by_col.get(mc, "")
                elif key in ("actual", "stage", "rating", "peers"):
                    rows.add(
                        f"第 {r} 行",
                        key,
                        f"合并单元格（与第 {top} 行合并）",
                        "每行单独填写，不要合并单元格",
                    )
        if merged_by_row and r <= last_merged_row:  # type: ignore[operator]
            for i, c in enumerate(cells):
                if c.strip():
                    last_by_col[i] = c
        # the row as one text: blank, a comment, or holding no long cell, control
        # character or mojibake when the whole row holds none (one test, not one a cell)
        joined = "".join(cells)
        lead = joined.lstrip()
        if not lead:
            return None
        if lead.startswith("#"):  # the first cell with text starts with #
            first = next(c for c in cells if c.strip()).strip()
            return ILLUSTRATIVE_MARK if ILLUSTRATIVE_MARK in first else None
        n_cells = len(cells)
        cell = {key: cells[i] for key, i in cols.items() if i < n_cells}
        raw_id = cell.get("target_id", "")
        # ids are lower case in every plan: FIRMS and ｆｉｒｍｓ are firms
        tid = normalize_text(raw_id).lower()
        if not tid:
            if _anything_filled(cell):
                rows.add(f"第 {r} 行", "target_id", None, "计划中的指标编号（见模板灰色列）")
            return None
        if (":" in tid or "：" in tid) and not _anything_filled(cell):
            return None  # a note row such as 填表人：张三  审核：李四
        where = f"第 {r} 行（{_short(raw_id.strip())}）"
        if sheet.formulas:
            for key, i in cols.items():
                if (r, i) in sheet.formulas and key not in READ_ONLY_COLUMNS[1:]:
                    rows.add(where, key, "未计算的公式", _formula_hint(key))
        if len(joined) > MAX_CELL_CHARS and max(map(len, cells)) > MAX_CELL_CHARS:
            for key, i in cols.items():
                if i < len(cells) and len(cells[i]) > MAX_CELL_CHARS:
                    rows.add(
                        where,
                        key,
                        f"{cells[i][:20]}…（共 {len(cells[i])} 个字符）",
                        f"不超过 {MAX_CELL_CHARS} 个字符的内容（请精简，或把材料另附文件）",
                    )
                    cells[i] = ""  # checked no further
            joined = "".join(cells)
        if CONTROL_CHARS.search(joined):
            for key, i in cols.items():
                if i < len(cells) and CONTROL_CHARS.search(cells[i]):
                    rows.add(
                        where,
                        key,
                        _show_controls(cells[i]),
                        "不含控制字符的文字（如从 Word 复制带入的换行符 \\v、响铃符 \\a；"
                        "请删除后重新输入）",
                    )
        for key in _MOJIBAKE_KEYS if _MOJIBAKE.search(joined) else ():
            text = cell.get(key, "")
            if text and _MOJIBAKE.search(text):
                rows.add(where, key, text, "可以正常阅读的中文（此处显示为乱码，请检查文件编码）")
        if tid not in rows.targets:
            hint = hints.get(tid)
            if hint is None:
                # the closest id: computed once per distinct id, and only for the first
                # few hundred (a file of a million bad rows must still check quickly)
                close = (
                    difflib.get_close_matches(tid, known_ids, n=1, cutoff=0.6)
                    if len(hints) < 500
                    else []
                )
                hint = hints[tid] = f"（是否为“{close[0]}”？）" if close else ""
            rows.add(
                where,
                "target_id",
                raw_id,
                f"计划 {plan.id} 中的指标编号{hint}，见填报模板灰色列",
            )
            return None
        target = rows.targets[tid]

        raw_period = cell.get("period", "")
        if not raw_period or is_not_reported(raw_period):  # (an empty cell: no call)
            key_period = period
            if key_period is None:
                rows.add(
                    where,
                    "period",
                    None,
                    f"统计期，如 {plan.year}（全年）或 {plan.year}-06-30（截至该日）",
                )
        else:
            key_period = periods.get(raw_period, "")
            if key_period == "":
                key_period = periods[raw_period] = _parse_period(raw_period, max_year)
            if key_period is None:
                rows.add(
                    where,
                    "period",
                    raw_period,
                    f"统计期：年份（如 {max_year}）或截至日期（如 {max_year}-06-30），"
                    f"不晚于 {max_year} 年",
                )

        raw_actual = cell.get("actual", "")
        numeric = (r, cols["actual"]) in sheet.numeric
        actual, actual_unit = rows.memo(
            "actual", where, tid, raw_actual, cell.get("actual_unit", ""), numeric
        )
        peers = rows.memo("peers", where, None, cell.get("peers", ""))
        if (
            target["kind"] == "rank"
            and peers is not None
            and not math.isnan(actual)
            and actual > peers
        ):
            rows.add(
                where,
                "actual",
                raw_actual,
                f"不大于参比单位数 {peers} 的名次",
            )
        raw_date = cell.get("date", "")
        date = None
        if raw_date and not is_not_reported(raw_date):
            date = _parse_date(raw_date)
            if date is None:
                rows.add(
                    where, "date", raw_date, f"日期，如 {plan.year}-11-30 或 {plan.year}年11月30日"
                )
            elif not DATE_YEARS[0] <= date.year < DATE_YEARS[1]:
                rows.add(
                    where,
                    "date",
                    raw_date,
                    f"{DATE_YEARS[0]} 年至 {DATE_YEARS[1] - 1} 年之间的日期，如 {plan.year}-11-30",
                )
                date = None
            else:
                # a completion date far from the year reported on is a typo (2030, 1999
                # on a 2022 plan), never a figure to score
                year = _row_year(key_period, plan.year)
                if not year - DATE_WINDOW <= date.year <= year + DATE_WINDOW:
                    rows.add(
                        where,
                        "date",
                        raw_date,
                        f"{year - DATE_WINDOW} 年至 {year + DATE_WINDOW} 年之间的日期"
                        f"（统计期 {year} 年前后；请核对年份是否写错），如 {year}-11-30",
                    )
                    date = None
        record = {
            "target_id": tid,
            "raw_id": raw_id,
            "period": key_period,
            "actual": actual,
            "actual_text": raw_actual.strip() or None,
            "actual_unit": actual_unit,
            "stage": rows.memo("stage", where, None, cell.get("stage", "")),
            "rating": rows.memo("rating", where, None, cell.get("rating", "")),
            "peers": peers,
            "date": pd.Timestamp(date) if date else pd.NaT,
        }
        for key in _TEXT_FIELDS:
            text = cell.get(key, "")
            record[key] = None if not text or is_not_reported(text) else text.strip()
        return record

    # rows repeat (a slip copied down, a generated file): a row identical to an earlier
    # one is checked once, its problems re-issued with its own row number
    marker = "\x00"
    id_name = names.get("target_id", HEADERS["target_id"])
    cacheable = not sheet.merged and not sheet.formulas and not sheet.numeric
    row_memo: dict[tuple[str, ...], tuple[Any, list[Problem]]] = {}
    for r, cells in sheet.rows[k + 1 :]:
        if cacheable:
            memo_key = tuple(cells)
            hit = row_memo.get(memo_key)
            if hit is None:
                saved, rows.problems = rows.problems, ProblemList(keep=1_000)
                hit = (check_row(marker, list(cells)), list(rows.problems))
                rows.problems = saved
                if len(row_memo) < 100_000:
                    row_memo[memo_key] = hit
            outcome, found = hit
            if found:
                rows.reissue(found, str(r), marker)
        else:
            outcome = check_row(r, list(cells))
        if outcome is None:
            continue
        if isinstance(outcome, str):
            attrs["illustrative"] = True
            continue
        tid, key_period, raw_id = outcome["target_id"], outcome["period"], outcome["raw_id"]
        if key_period is not None:
            dup = seen.get((tid, key_period))
            if dup is not None and rows.problems.full:
                rows.problems.tally(id_name)  # counted only: no message built
            elif dup is not None:
                rows.add(
                    f"第 {r} 行（{_short(raw_id.strip())}）",
                    "target_id",
                    raw_id,
                    f"每个指标每个统计期只填一行（与第 {dup} 行重复，统计期 {key_period}）",
                )
            else:
                seen[(tid, key_period)] = r
        if partial or not rows.problems:
            # a file with problems is refused: its rows are only kept for a partial frame
            record = {**outcome, "row": r}
            del record["raw_id"]
            records.append(record)
    if not records and not rows.problems:
        rows.problems.append(
            Problem(
                shown,
                f"第 {header_row} 行（表头）之后",
                None,
                "文件中没有数据行",
                "表头下至少一行填有指标编号的数据（每项指标一行，可用 gutang-review template "
                "生成模板）",
            )
        )
    frame = (
        _typed(pd.DataFrame(records, columns=list(OUTCOME_COLUMNS)))
        if records and (partial or not rows.problems)
        else _empty_frame()
    )
    return frame, rows.problems, attrs


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _show_controls(text: str) -> str:
    """A cell with its control characters made visible (``\\x07``), cut to 60 characters."""
    shown = CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return _short(shown)


def _formula_hint(key: str) -> str:
    """What to do about a formula cell whose value Excel did not save."""
    saved = "该单元格是公式，文件中没有保存它的计算结果：请在 Excel 中打开并保存后再导入"
    if key in ("actual", "peers"):
        return f"数值（{saved}，或直接填写数值）"
    if key in _TEXT_FIELDS:
        return f"文字（{saved}，或把公式改为文字）"
    return f"“{HEADERS[key]}”的内容（{saved}，或直接填写）"


def _summary(shown: str, problems: list[Problem]) -> str:
    return f"填报文件 {shown} 有 {problem_count(problems)} 处问题，请逐一修改后重新导入"


def load_outcomes(
    path: str | Path, plan: Plan, *, period: str | None = None, named: str | None = None
) -> pd.DataFrame:
    """Read a filled-in entry file into the tidy outcomes frame.

    Parameters
    ----------
    path : str or Path
        ``.xlsx``, ``.xls`` or ``.csv`` (UTF-8, UTF-8 with BOM or GBK). Title or comment
        rows (starting with ``#``) may precede the header; headers may be Chinese
        (``完成值``) or English (``actual``).
    plan : Plan
        The plan the figures report on; target ids, units and kinds come from it.
    period : str, optional
        Period for rows whose 统计期 is empty (``"2022"``, ``"2022-06-30"``). Without
        it, an empty 统计期 is a problem.
    named : str, optional
        The period the file's name gives in a plan folder (``2024.xlsx``): a title row
        or a row naming another period is then a problem, and the file is not used.

    Returns
    -------
    pandas.DataFrame
        One row per (target_id, period), columns :data:`OUTCOME_COLUMNS`; ``actual`` in
        the target's unit, NaN when not reported (never zero). ``attrs``: ``source_file``,
        ``sha256``, ``illustrative``.

    Raises
    ------
    OutcomesError
        Listing every problem in the file at once.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis import paths
    >>> plan = load_plan()
    >>> df = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    >>> df.attrs["illustrative"], df["period"].unique().tolist()
    (True, ['2022'])
    >>> len(df) == len(plan.targets)
    True
    """
    frame, problems, attrs = _collect(path, plan, period, named=named)
    if problems:
        raise OutcomesError(_summary(str(path), problems), problems)
    frame.attrs.update(attrs)
    return frame


def load_baseline(path: str | Path, plan: Plan, *, year: int | None = None) -> pd.DataFrame:
    """Read the baseline-year rows (default: the year before the plan) of an entry file.

    The file is validated exactly like :func:`load_outcomes`; it may be a separate
    baseline file or an outcomes file with some rows whose 统计期 is the baseline year.
    Rows of other periods are dropped; empty 统计期 cells count as the baseline year.

    Raises
    ------
    OutcomesError
        If the file has problems, or has no row for the baseline year.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis import paths
    >>> base = load_baseline(paths.DEFAULT_BASELINE, load_plan())
    >>> base["period"].unique().tolist()
    ['2021']
    """
    year = plan.year - 1 if year is None else int(year)
    key = str(year)
    frame, problems, attrs = _collect(path, plan, key)
    if not problems and not (frame["period"] == key).any():
        problems.append(
            Problem(
                str(path),
                None,
                HEADERS["period"],
                "、".join(sorted(set(frame["period"].dropna()))) or None,
                f"至少一行统计期为 {key}（基期年份）的数据",
            )
        )
    if problems:
        raise OutcomesError(_summary(str(path), problems), problems)
    out = frame[frame["period"] == key].reset_index(drop=True)
    out.attrs.update(attrs)
    out.attrs["baseline_year"] = year
    return out


def check_outcomes(
    path: str | Path, plan: Plan, *, period: str | None = None, named: str | None = None
) -> list[Problem]:
    """Every problem in an entry file (empty list when the file is clean).

    A missing or unreadable file is reported as a problem too, never raised.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis import paths
    >>> check_outcomes(paths.DEFAULT_OUTCOMES, load_plan())
    []
    >>> print(check_outcomes("没有这个文件.csv", load_plan())[0])
    没有这个文件.csv：值“没有这个文件.csv”不符合要求，应为当前文件夹中存在的填报文件（没有这个文件）
    """
    return _collect(path, plan, period, named=named)[1]


def _reporting_period(periods: list[str], year: int) -> str | None:
    """The latest period of the plan year among ``periods`` (``2022`` is after any date)."""
    keys = [p for p in periods if p[:4] == str(year)]
    if not keys:
        return None
    return max(keys, key=lambda p: f"{p}-12-31" if len(p) == 4 else p)


def missing_targets(
    outcomes: pd.DataFrame | str | Path, plan: Plan, *, period: str | None = None
) -> list[str]:
    """Targets of the plan with no row at all for a period (rows deleted from the file).

    Such targets are scored as not reported (未报送); this lists them so that nobody is
    surprised. A file with problems is read as far as it goes.

    Parameters
    ----------
    outcomes : pandas.DataFrame or str or Path
        A frame from :func:`load_outcomes`, or the path of an entry file.
    plan : Plan
        The plan whose targets should all have a row.
    period : str, optional
        The period to look at (``"2022"``, ``"2022-06-30"``). When given with a path, it
        is also the period of rows whose 统计期 is empty (as in :func:`load_outcomes`).
        Default: the latest period of the plan year found in the file; a file with no
        row of the plan year (a baseline file) has nothing missing.

    Returns
    -------
    list of str
        Target ids in plan order.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis import paths
    >>> plan = load_plan()
    >>> missing_targets(paths.DEFAULT_OUTCOMES, plan)
    []
    >>> df = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    >>> missing_targets(df.iloc[1:], plan) == [df["target_id"].iloc[0]]
    True
    """
    is_frame = isinstance(outcomes, pd.DataFrame)
    frame = outcomes if is_frame else _collect(outcomes, plan, period, partial=True)[0]
    periods = sorted({str(p) for p in frame["period"].dropna()})
    key = period if period is not None else _reporting_period(periods, plan.year)
    if key is None:
        return []
    key = _parse_period(key, plan.year) or key
    present = set(frame.loc[frame["period"] == key, "target_id"].tolist())
    return [t for t in plan.targets["target_id"].tolist() if t not in present]


def _text_value(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())
