"""Shared helpers: read a YAML file and turn pydantic errors into Chinese problems."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import GutangError, Problem

# pydantic error type -> what would have been accepted, in Chinese
_EXPECTED = {
    "missing": "必填项",
    "extra_forbidden": "已定义的字段名；“{field}”不是本格式的字段，请检查拼写或删除",
    "string_type": "文本",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "float_type": "数字",
    "float_parsing": "数字",
    "finite_number": "有限的数字（不能是 .inf、.nan 等无穷大或非数）",
    "bool_type": "true 或 false",
    "bool_parsing": "true 或 false",
    "date_type": "日期，格式 YYYY-MM-DD",
    "date_parsing": "日期，格式 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期，格式 YYYY-MM-DD",
    "list_type": "列表（每项以 - 开头）",
    "dict_type": "键值对（映射）",
    "model_type": "键值对（映射）",
    "greater_than": "大于 {gt} 的数",
    "greater_than_equal": "不小于 {ge} 的数",
    "less_than": "小于 {lt} 的数",
    "less_than_equal": "不大于 {le} 的数",
    "string_pattern_mismatch": "符合格式 {pattern} 的文本",
    "string_too_short": "非空文本",
    "too_short": "至少 {min_length} 项",
    "literal_error": "以下之一：{expected}",
    "enum": "以下之一：{expected}",
}


#: A YAML file (plan, policy, unit registry) larger than this is refused before reading.
MAX_YAML_BYTES = 20 * 1024 * 1024
#: Deepest nesting of lists and mappings accepted in a YAML file (a plan needs 5).
MAX_YAML_DEPTH = 50
#: Most nodes that aliases (``*name``) may add when expanded: "billion laughs" files
#: expand a few lines into billions of entries.
MAX_ALIAS_NODES = 100_000

# libyaml's parser (C) when PyYAML was built with it; the constructor is Python either way
_FastLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineMixin:
    """Records each mapping's line and every repeated key while the YAML is constructed.

    ``lines`` maps ``id(mapping)`` to its 1-based line (valid while the loaded data is
    alive); ``duplicates`` lists ``(line, key)`` of each key given twice in one mapping,
    which plain PyYAML silently resolves to the last value.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)  # type: ignore[call-arg]
        self.lines: dict[int, int] = {}
        self.duplicates: list[tuple[int, str]] = []

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data: dict = {}
        self.lines[id(data)] = node.start_mark.line + 1
        yield data
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
                key = (key_node.tag, key_node.value)
                if key in seen:
                    self.duplicates.append((key_node.start_mark.line + 1, key_node.value))
                seen.add(key)
        data.update(self.construct_mapping(node))  # type: ignore[attr-defined]


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _FastLineLoader(_LineMixin, _FastLoader):  # type: ignore[misc,valid-type]
    pass


class _PyLineLoader(_LineMixin, yaml.SafeLoader):
    pass


for _cls in (_FastLineLoader, _PyLineLoader):
    _cls.add_constructor("tag:yaml.org,2002:map", _LineMixin.construct_yaml_map)


def file_refusal(path: Path, max_bytes: int) -> tuple[str, str] | None:
    """Why ``path`` cannot be read as a user's input, as ``(value, expected)``, or ``None``.

    Refuses, before anything is read, what is not a regular file once symbolic links are
    resolved (a named pipe, a device such as ``/dev/zero``, a folder) and files larger
    than ``max_bytes``; a missing file is left to the caller.
    """
    try:
        st = path.resolve().stat()
    except FileNotFoundError:
        return None
    except (OSError, RuntimeError):  # permission denied, a symlink loop
        return "无法读取", "可以打开的文件（请检查路径和文件权限）"
    if stat.S_ISDIR(st.st_mode):
        return "文件夹", "一个文件（不是文件夹）"
    if not stat.S_ISREG(st.st_mode):
        return (
            "设备、管道或指向它们的链接，不是普通文件",
            "保存在磁盘上的普通文件",
        )
    if st.st_size > max_bytes:
        return (
            f"文件大小 {_mb(st.st_size)}",
            f"不超过 {_mb(max_bytes)} 的文件（超过上限，请检查是否选错了文件）",
        )
    return None


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n < 1024**3 else f"{n / 1024**3:.1f} GB"


def read_yaml(path: Path, error: type[GutangError], what: str) -> Any:
    """Read a YAML file, raising ``error`` with a Chinese message when it cannot be read.

    A key repeated within one mapping is an error naming the line and the key.
    """
    return read_yaml_lines(path, error, what)[0]


def read_yaml_lines(path: Path, error: type[GutangError], what: str) -> tuple[Any, dict[int, int]]:
    """:func:`read_yaml`, also returning ``{id(mapping): line}`` of every mapping read.

    The file is parsed once with libyaml (PyYAML's C parser) when available; only a file
    with a syntax error is parsed again with the pure-Python parser, whose messages the
    Chinese hints are written for.
    """
    if not path.exists():
        raise error(f"找不到{what}", [f"文件 {path} 不存在，请检查路径和文件名"])
    if path.is_dir():
        raise error(f"{what}无法读取", [f"{path} 是文件夹，请给出其中的 .yaml 文件"])
    refused = file_refusal(path, MAX_YAML_BYTES)
    if refused:
        raise error(f"{what}无法读取", [Problem(str(path), None, None, *refused)])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise error(
            f"{what}无法读取",
            [Problem(str(path), None, "编码", "非 UTF-8", "UTF-8 编码的文本文件")],
        ) from None
    except OSError:
        raise error(f"{what}无法读取", [f"文件 {path} 无法打开，请检查文件权限"]) from None
    # (the plain tests first: the patterns cost seconds on a file of 20 MB)
    if "&" in text and "*" in text and _ANCHOR.search(text) and _ALIAS.search(text):
        _check_aliases(path, text, error, what)
    try:
        return _load_plain(text)
    except _Unusual:
        pass  # aliases, tags, repeated keys, deep nesting …: the full loader below
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc):
            _raise_too_deep(path, error, what, getattr(exc, "problem_mark", None))
        _raise_syntax(path, text, error, what)
    loader = _FastLineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        loader.dispose()
        if "maximum nesting depth" in str(exc):
            _raise_too_deep(path, error, what, getattr(exc, "problem_mark", None))
        _raise_syntax(path, text, error, what)
    except RecursionError:
        _raise_too_deep(path, error, what, None)
    finally:
        loader.dispose()
    _check_depth(path, data, loader.lines, error, what)
    if loader.duplicates:
        lines = text.splitlines()
        raise error(
            f"{what} {path} 有重复的键",
            [
                Problem(
                    str(path),
                    f"第 {line} 行",
                    key,
                    lines[line - 1].strip() if line <= len(lines) else key,
                    f"同一层级中只出现一次的“{key}”（重复时只有最后一个生效，请删除或合并）",
                )
                for line, key in loader.duplicates
            ],
        )
    return data, loader.lines


class _Unusual(Exception):
    """Raised by :func:`_load_plain` for YAML it leaves to the full loader."""


_STR_TAG = "tag:yaml.org,2002:str"


def _load_plain(text: str) -> tuple[Any, dict[int, int]]:
    """Load the YAML a person writes (scalars, lists and mappings) straight from libyaml's
    events, as ``(data, {id(mapping): line})``.

    The result equals what the full loader (:class:`_FastLineLoader`) builds, in a fifth
    of the time: building PyYAML's node tree costs more than parsing. Anything else (an
    alias, an explicit tag, a merge key ``<<``, a key that is a list or mapping, a key
    given twice, nesting deeper than :data:`MAX_YAML_DEPTH`, several documents) raises
    :class:`_Unusual` and is left to the full loader, whose checks and messages apply.
    A syntax error raises ``yaml.YAMLError``.
    """
    loader = _FastLoader(text)
    resolve, constructors = loader.resolve, loader.yaml_constructors
    # a plain scalar whose first character starts no implicit type (a Chinese title, a
    # quoted text) is a string without asking the resolver
    plain_str = not loader.yaml_path_resolvers and None not in loader.yaml_implicit_resolvers
    typed_starts = frozenset(loader.yaml_implicit_resolvers)
    scalar_node = yaml.ScalarNode
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start = yaml.DocumentStartEvent
    # immutable values, built once: {text: (tag, value)} of plain and of quoted scalars
    plain: dict[str, tuple[str, Any]] = {}
    quoted: dict[str, tuple[str, Any]] = {}
    lines: dict[int, int] = {}
    # open collections: [container, is mapping, pending key, has pending key, keys seen];
    # ``top`` is the innermost (None at the top level)
    stack: list[list[Any]] = []
    top: list[Any] | None = None
    root: Any = None
    documents = 0
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is scalar_event:
                if event.tag is not None:
                    raise _Unusual
                source = event.value
                is_plain = event.implicit[0]
                hit = (plain if is_plain else quoted).get(source)
                if hit is None:
                    if plain_str and (not is_plain or (source and source[0] not in typed_starts)):
                        hit = (_STR_TAG, source)
                    else:
                        tag = resolve(scalar_node, source, event.implicit)
                        if tag == _MERGE_TAG:
                            raise _Unusual
                        value = source
                        if tag != _STR_TAG:
                            try:
                                value = constructors[tag](loader, scalar_node(tag, value))
                            except Exception:  # a date such as 2022-13-45: as the full loader
                                raise _Unusual from None
                        hit = (tag, value)
                    (plain if is_plain else quoted)[source] = hit
                tag, value = hit
                if top is not None and top[1] and not top[3]:  # a mapping's key
                    # a str and a (tag, text) pair never compare equal
                    seen_key = source if tag == _STR_TAG else (tag, source)
                    if seen_key in top[4]:
                        raise _Unusual  # reported, with its line, by the full loader
                    top[4].add(seen_key)
                    top[2], top[3] = value, True
                    continue
            elif kind is mapping_start or kind is sequence_start:
                if event.tag is not None or len(stack) >= MAX_YAML_DEPTH:
                    raise _Unusual
                if top is not None and top[1] and not top[3]:
                    raise _Unusual  # a list or mapping as a key
                if kind is mapping_start:
                    value = {}
                    lines[id(value)] = event.start_mark.line + 1
                    frame = [value, True, None, False, set()]
                else:
                    value = []
                    frame = [value, False, None, False, None]
            elif kind is mapping_end or kind is sequence_end:
                stack.pop()
                top = stack[-1] if stack else None
                continue
            elif kind is document_start:
                documents += 1
                if documents > 1:
                    raise _Unusual
                continue
            elif kind is alias_event:
                raise _Unusual
            else:  # the start and end of the stream, the end of the document
                continue
            if top is None:
                root = value
            elif top[1]:
                top[0][top[2]] = value
                top[3] = False
            else:
                top[0].append(value)
            if kind is not scalar_event:
                stack.append(frame)
                top = frame
    finally:
        loader.dispose()
    return root, lines


# an anchor (&name) and an alias (*name) as YAML writes them: after a space, a bracket, a
# comma, a colon or a dash, or at the start of a line (text in quotes may match: the
# event scan then finds none)
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]")
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s\[\]{},]")


def _raise_too_deep(path: Path, error: type[GutangError], what: str, mark: Any) -> None:
    where = f"第 {mark.line + 1} 行" if mark is not None else None
    raise error(
        f"{what}的嵌套层数过深，无法读取",
        [
            Problem(
                str(path),
                where,
                "YAML 结构",
                "列表或映射层层嵌套",
                f"不超过 {MAX_YAML_DEPTH} 层的嵌套（本软件的文件只需几层；"
                "请检查是否多了括号或缩进，或选错了文件）",
            )
        ],
    ) from None


def _check_depth(
    path: Path, data: Any, lines: dict[int, int], error: type[GutangError], what: str
) -> None:
    """Refuse data nested deeper than :data:`MAX_YAML_DEPTH` (walked without recursion,
    each shared alias target once)."""
    stack = [(data, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_YAML_DEPTH:
            line = lines.get(id(node))

            class _Mark:
                pass

            mark = None
            if line is not None:
                mark = _Mark()
                mark.line = line - 1  # type: ignore[attr-defined]
            _raise_too_deep(path, error, what, mark)
        children = node.values() if isinstance(node, dict) else node
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))


def _check_aliases(path: Path, text: str, error: type[GutangError], what: str) -> None:
    """Refuse a file whose aliases expand into more than :data:`MAX_ALIAS_NODES` nodes,
    counted from the parser's events before anything is built ("billion laughs")."""
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [size, anchor] of each open collection
    expanded = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                stack.append([1, event.anchor])
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                size, anchor = stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                size, anchor = 1, event.anchor
            elif isinstance(event, yaml.AliasEvent):
                size, anchor = sizes.get(event.anchor, 1), None
                expanded += size
                if expanded > MAX_ALIAS_NODES:
                    mark = event.start_mark
                    raise error(
                        f"{what}中的别名（*{event.anchor}）展开后过大，无法读取",
                        [
                            Problem(
                                str(path),
                                f"第 {mark.line + 1} 行",
                                "YAML 别名",
                                f"*{event.anchor}",
                                f"展开后合计不超过 {MAX_ALIAS_NODES:,} 项的别名（层层引用的别名"
                                "会展开成数十亿项；请直接写出内容，或选对文件）",
                            )
                        ],
                    )
            else:
                continue
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][0] += size
    except yaml.YAMLError:
        return  # the syntax error is reported when the file is loaded


def _raise_syntax(path: Path, text: str, error: type[GutangError], what: str) -> None:
    """Raise ``error`` for a YAML syntax error, located by the pure-Python parser."""
    try:
        yaml.load(text, Loader=_PyLineLoader)
    except RecursionError:
        _raise_too_deep(path, error, what, None)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else None
        lines = text.splitlines()
        line = lines[mark.line].strip() if mark and mark.line < len(lines) else None
        raise error(
            f"{what}不是有效的 YAML",
            [Problem(str(path), where, "YAML 语法", line, _yaml_hint(exc))],
        ) from None
    # libyaml refused what PyYAML accepts (rare): report without a location
    hint = _yaml_hint(yaml.YAMLError())
    raise error(f"{what}不是有效的 YAML", [Problem(str(path), None, "YAML 语法", None, hint)])


_YAML_HINTS = (
    ("found character '\\t'", "用空格缩进（YAML 不允许 Tab）"),
    ("mapping values are not allowed", "“键: 值”的写法：冒号后加一个空格；值里含冒号时请加引号"),
    ("could not find expected ':'", "“键: 值”的写法：该行或上一行缺少冒号"),
    ("quoted scalar", "成对的引号：该处引号没有闭合"),
    ("expected <block end>", "与同级条目对齐的缩进（检查该行及上一行的缩进）"),
    ("did not find expected '-'", "列表条目以“- ”开头，并与同级条目对齐"),
    ("did not find expected key", "与同级字段对齐的缩进（检查该行及上一行的缩进）"),
)


def _yaml_hint(exc: yaml.YAMLError) -> str:
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''}"
    for needle, hint in _YAML_HINTS:
        if needle in text:
            return hint
    return "正确的 YAML：检查该行及上一行的缩进、冒号后的空格、引号是否成对"


def describe(value: Any) -> str:
    """A YAML value as a user would name it: used where the value has the wrong shape."""
    if value is None:
        return "空（没有内容）"
    if isinstance(value, dict):
        return "键值对（映射）"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _choices(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as “a、b、c”."""
    return "、".join(p.strip().strip("'\"") for p in re.split(r",| or ", expected) if p.strip())


def expected_text(err: dict) -> str:
    """What pydantic would have accepted, in Chinese."""
    kind = err.get("type", "")
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    if "expected" in ctx:
        ctx["expected"] = _choices(ctx["expected"])
    if err.get("loc"):
        ctx.setdefault("field", str(err["loc"][-1]))
    template = _EXPECTED.get(kind)
    if template is None:
        # custom ValueError raised by our own validators carries a Chinese message
        msg = str(ctx.get("error", "")) or err.get("msg", "")
        return msg.removeprefix("Value error, ")
    try:
        return template.format(**ctx)
    except KeyError:
        return template


def pydantic_problems(exc: ValidationError, file: str, locate: Any, data: Any) -> list[Problem]:
    """Translate a pydantic ``ValidationError`` into ``Problem`` entries.

    ``locate(loc, data)`` maps a pydantic location tuple to ``(where, field)`` in the
    user's terms.
    """
    problems = []
    for err in exc.errors(include_url=False):
        where, field = locate(tuple(err["loc"]), data)
        value = None if err["type"] == "missing" else err.get("input")
        if isinstance(value, dict | list):
            value = describe(value)
        problems.append(Problem(file, where, field, value, expected_text(err)))
    return problems


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"
