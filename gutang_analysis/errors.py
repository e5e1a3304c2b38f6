"""One exception family for everything a user can get wrong.

Every error carries a Chinese summary and the full list of problems found, so a user
fixes a file in one pass instead of one mistake per run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "MAX_SHOWN_PROBLEMS",
    "BuildError",
    "CancelledError",
    "DataWarning",
    "ExtractError",
    "GutangError",
    "OutcomesError",
    "OutputError",
    "PlanError",
    "PolicyError",
    "Problem",
    "ProblemList",
    "QuantityError",
    "UnitError",
    "format_problems",
    "problem_count",
]

#: At most this many problems are printed; the rest are counted (``……另有 N 处问题未列出``).
#: A file with a million bad rows is reported in a screenful, not a million lines.
MAX_SHOWN_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a user's file.

    Parameters
    ----------
    file : str or None
        The file, as the user named it.
    where : str or None
        The entry as the user sees it: ``指标 econ-01``, ``第 5 行``.
    field : str or None
        The field or column, in the user's terms (``unit``, ``完成值``).
    value : object
        The offending value; ``None`` when the value is missing.
    expected : str
        What would have been accepted, in Chinese.

    Examples
    --------
    >>> print(Problem("plan.yaml", "指标 econ-01", "unit", "斤", "已登记的计量单位"))
    plan.yaml，指标 econ-01，字段“unit”：值“斤”不符合要求，应为已登记的计量单位
    """

    file: str | None
    where: str | None
    field: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        parts = [_visible(p, lines=False) for p in (self.file, self.where) if p]
        if self.field:
            parts.append(f"字段“{self.field}”")
        head = "，".join(parts)
        if self.value is None or (isinstance(self.value, str) and not self.value.strip()):
            body = f"缺少取值，应为{self.expected}"
        else:
            body = f"值“{_shown_value(self.value)}”不符合要求，应为{self.expected}"
        return f"{head}：{body}" if head else body


#: A value longer than this is cut when shown (a 100,000-character cell in a message helps
#: nobody); the message says how long it was.
_MAX_SHOWN_VALUE = 200


# control characters never reach a terminal: an escape sequence in a file name or a cell
# could recolour, hide or rewrite the message; bidirectional controls reorder it
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(text: str, *, lines: bool = True) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``), so a message
    shows what is there instead of obeying it; line breaks kept when ``lines``.

    Examples
    --------
    >>> _visible(chr(27) + "[31m"), _visible("a" + chr(10) + "b", lines=False)
    ('\\\\x1b[31m', 'a\\\\nb')
    """
    pattern = _CONTROL if lines else _CONTROL_OR_LINE
    return pattern.sub(lambda m: repr(m.group(0))[1:-1], str(text))


def _shown_value(value: object) -> str:
    text = _visible(str(value))
    if len(text) <= _MAX_SHOWN_VALUE:
        return text
    return f"{text[:_MAX_SHOWN_VALUE]}…（共 {len(text)} 个字符）"


class ProblemList(list):
    """The problems found in one file: the first ``keep`` in full, the rest only counted.

    A file of a million bad rows has a million problems; building a million
    :class:`Problem` objects takes most of a minute and a gigabyte, and nobody reads past
    the first screenful. The list holds the first ``keep`` problems; :attr:`total` counts
    every problem and :attr:`by_field` counts them per field (column), so the message can
    still say how many there are and of which kind.

    Examples
    --------
    >>> found = ProblemList(keep=2)
    >>> for i in range(5):
    ...     found.append(Problem("a.csv", f"第 {i + 2} 行", "完成值", "x", "数字"))
    >>> len(found), found.total, found.full, dict(found.by_field)
    (2, 5, True, {'完成值': 5})
    >>> found.tally("指标编号")  # counted without building a Problem
    >>> found.total, found.by_field["指标编号"]
    (6, 1)
    >>> import pickle
    >>> again = pickle.loads(pickle.dumps(found))
    >>> len(again), again.total, again.by_field == found.by_field
    (2, 6, True)
    """

    def __init__(self, problems: Iterable[Problem | str] = (), keep: int = MAX_SHOWN_PROBLEMS):
        super().__init__()
        self.keep = keep
        self.total = 0
        self.by_field: Counter[str] = Counter()
        #: True once ``keep`` problems are held: later ones are only counted.
        self.full = keep <= 0
        self.extend(problems)

    def append(self, problem: Problem | str) -> None:  # type: ignore[override]
        self.total += 1
        self.by_field[_field_of(problem)] += 1
        if not self.full:
            super().append(problem)
            self.full = len(self) >= self.keep

    def extend(self, problems: Iterable[Problem | str]) -> None:  # type: ignore[override]
        for problem in problems:
            self.append(problem)

    def tally(self, field: str | None, n: int = 1) -> None:
        """Count ``n`` more problems of ``field`` without keeping them."""
        self.total += n
        self.by_field[field or "其他"] += n

    def __iadd__(self, problems: Iterable[Problem | str]) -> ProblemList:  # type: ignore[override]
        self.extend(problems)
        return self

    def __reduce__(self) -> tuple:
        # pickle and copy rebuild the list through __init__, counts included
        return (_restore, (list(self), self.keep, self.total, dict(self.by_field)))


def _restore(
    items: list[Problem | str], keep: int, total: int, by_field: dict[str, int]
) -> ProblemList:
    restored = ProblemList(items, keep=keep)
    restored.total = total
    restored.by_field = Counter(by_field)
    return restored


def _field_of(problem: Problem | str) -> str:
    return (problem.field if isinstance(problem, Problem) else None) or "其他"


def problem_count(problems: Sequence[Problem | str]) -> int:
    """How many problems a list stands for (a :class:`ProblemList` counts those not kept).

    Examples
    --------
    >>> problem_count([Problem(None, None, None, "x", "y")])
    1
    """
    return int(getattr(problems, "total", len(problems)))


def format_problems(
    problems: Sequence[Problem | str], limit: int | None = MAX_SHOWN_PROBLEMS
) -> str:
    """The numbered list of problems, at most ``limit`` of them, then a count of the rest.

    This is how every problem list reaches a user (``str(err)`` and ``gutang-review
    check``); only the shown problems are turned into text. A :class:`ProblemList` keeps
    only the first problems and counts the rest: the count of the rest is still exact,
    and says which fields they are in.

    Examples
    --------
    >>> probs = [Problem("a.csv", f"第 {i} 行", "完成值", "x", "数字") for i in range(2, 6)]
    >>> print(format_problems(probs, limit=2))
      1. a.csv，第 2 行，字段“完成值”：值“x”不符合要求，应为数字
      2. a.csv，第 3 行，字段“完成值”：值“x”不符合要求，应为数字
      ……另有 2 处问题未列出（共 4 处；请先修改以上问题，再重新检查）
    >>> print(format_problems(ProblemList(probs, keep=1), limit=2).splitlines()[-1])
      ……另有 3 处问题未列出（共 4 处，其中“完成值”4 处；请先修改以上问题，再重新检查）
    """
    n = problem_count(problems)
    held = len(problems)
    shown = held if limit is None else min(held, limit)
    lines = [f"  {i}. {problems[i - 1]}" for i in range(1, shown + 1)]
    if shown < n:
        by_field = getattr(problems, "by_field", None)
        kinds = ""
        if by_field:
            top = by_field.most_common(6)
            kinds = "，其中" + "、".join(f"“{name}”{count} 处" for name, count in top)
            if len(by_field) > len(top):
                kinds += "等"
        lines.append(
            f"  ……另有 {n - shown} 处问题未列出（共 {n} 处{kinds}；请先修改以上问题，再重新检查）"
        )
    return "\n".join(lines)


class GutangError(Exception):
    """Base class: raised when a user's input or request cannot be honoured.

    The message is Chinese and lists every problem found, numbered.

    Examples
    --------
    >>> err = PlanError("计划文件有问题", [Problem("p.yaml", "指标 a", "kind", "x", "已知类型")])
    >>> print(err)
    计划文件有问题：
      1. p.yaml，指标 a，字段“kind”：值“x”不符合要求，应为已知类型
    """

    def __init__(self, summary: str, problems: Iterable[Problem | str] = ()) -> None:
        self.summary = summary
        self.problems: Sequence[Problem | str] = (
            problems if isinstance(problems, ProblemList) else tuple(problems)
        )
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.problems:
            return self.summary
        return f"{self.summary}：\n{format_problems(self.problems)}"


class PlanError(GutangError):
    """Raised when a plan file is missing, malformed or inconsistent."""


class UnitError(GutangError):
    """Raised when a unit is unknown or units of different families are mixed."""


class OutcomesError(GutangError):
    """Raised when an outcomes or baseline file cannot be read or has mistakes."""


class PolicyError(GutangError):
    """Raised when a scoring policy file is missing, malformed or inconsistent."""


class BuildError(GutangError):
    """Raised when one or more report notebooks fail to build."""


class CancelledError(BuildError):
    """Raised when a build is stopped by Ctrl+C (SIGINT) or SIGTERM.

    The message says truthfully whether the new set was published (a signal that arrives
    during the final swap takes effect after it) or not. The command line exits with
    code 130.
    """


class QuantityError(GutangError, ValueError):
    """Raised when a cell cannot be read as a number in the expected unit.

    Attributes
    ----------
    text : str
        The cell as written.
    expected : str
        What would have been accepted, in Chinese (suitable for ``Problem.expected``).
    """

    def __init__(self, text: object, expected: str) -> None:
        self.text = text
        self.expected = expected
        super().__init__("无法识别的数值", [Problem(None, None, None, text, expected)])


class ExtractError(GutangError):
    """Raised when a plan text cannot be read or drafted into a catalog."""


class FolderError(GutangError):
    """Raised when a plan folder, or an input a run needs from it, cannot be found."""


class OutputError(GutangError):
    """Raised when an output cannot be written where it should go: a link, a read-only
    folder, a full disk, a folder where a file is expected, a name too long."""


class UsageError(GutangError):
    """Raised when a library function is called with arguments it cannot take."""


class DataWarning(UserWarning):
    """Data left out of a result without an error: a Python warning with a Chinese message.

    Raised through :func:`warnings.warn` by the analyst API whenever figures silently
    drop out: targets without a baseline, a period asked for that has no file, an as-of
    date outside the plan year, only interim figures at the year end. Reports show the
    same sentences in their header instead; ``warnings.simplefilter("ignore",
    DataWarning)`` silences them.
    """
