"""The ``gutang-review`` command: templates, checks, reports and draft catalogs.

Every message is Chinese. Mistakes in a user's own files end with a list of problems and
exit code 1, never with a Python traceback (set ``GUTANG_DEBUG=1`` to see one anyway).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._process import sigterm_as_interrupt
from ._version import __version__
from .errors import (
    BuildError,
    CancelledError,
    DataWarning,
    GutangError,
    Problem,
    UsageError,
    format_problems,
    problem_count,
)

# Each command imports what it runs inside its function: those modules load pandas,
# pydantic, openpyxl, matplotlib or papermill, and ``gutang-review --help`` (or a typo)
# should answer at once. Light modules are imported here.
from .labels import UNSURE_NUMBER
from .workspace import OUTCOMES_DIR, REVIEW_FILE, finalize_plan, find_folder, new_plan_folder

__all__ = ["main"]

# argparse's own words, in Chinese (argparse looks them up through gettext at run time).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "expected one argument": "后面需要一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选项 %(value)r（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "取值 %(value)r 无效",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _translate(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


argparse._ = _translate  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are Chinese, point to ``--help`` and exit with 1
    like every other mistake of the user's (argparse's own is 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = re.sub(r"invalid (\w+) value: ('[^']*')", r"取值 \2 无效", message)
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}：错误：{message}\n（运行 {self.prog} --help 查看说明）\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期 {text!r} 应写成 YYYY-MM-DD，如 2024-06-30"
        ) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} 应为正整数")
    return int(text)


#: How each option's value is named in ``--help`` (argparse would show PLAN, OUT …).
_METAVARS = {
    "plan": "计划文件",
    "dir": "计划文件夹",
    "out": "路径",
    "period": "统计期",
    "outcomes": "填报文件",
    "baseline": "基期文件",
    "policy": "规则文件",
    "midyear": "填报文件",
    "as_of": "日期",
    "jobs": "N",
    "id": "编号",
    "year": "年度",
    "file": "填报文件",
    "text": "计划原文",
    "folder": "报告文件夹",
    "office": "科室",
    "read": "分解表",
}

_DIR_HELP = (
    "计划文件夹（含 plan.yaml）；不写时用当前目录所在的计划文件夹，"
    "当前目录不在计划文件夹中时必须指定（或用 --example）"
)
_EXAMPLE_HELP = "使用软件自带的示例计划（示例数据，不写入示例文件夹）"
_PLAN_HELP = "计划文件，代替计划文件夹中的 plan.yaml"


def _name_values(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _name_values(sub)
        elif action.nargs != 0 and action.metavar is None and action.dest in _METAVARS:
            action.metavar = _METAVARS[action.dest]


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gutang-review",
        description="街道、乡镇年度工作目标评估工具：从计划原文起草目标清单、生成填报模板、"
        "检查填报文件、生成评估报告与年终自评。每份计划一个计划文件夹。",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    p = sub.add_parser(
        "new",
        help="从计划原文新建计划文件夹（起草目标清单，需人工复核）",
        description="新建计划文件夹：复制原文、起草 plan.yaml、写出复核清单。",
    )
    p.add_argument("text", help="计划原文文本文件（UTF-8 或 GBK）")
    p.add_argument("--dir", help="要新建的计划文件夹（默认：当前目录下以计划编号命名的文件夹）")
    p.add_argument("--id", help="计划编号（英文小写、数字、连字符，默认取自文件名）")
    p.add_argument("--year", type=_positive, help="计划年度（原文中没有写明年度时使用）")

    p = sub.add_parser(
        "finalize",
        help="复核完毕后定稿：检查全部条目并去掉草稿标记",
        description="定稿：检查计划文件中的全部条目，全部通过后去掉 draft 标记。",
    )
    p.add_argument("--dir", help=_DIR_HELP)

    p = sub.add_parser(
        "plan", help="检查计划文件并列出其中的目标", description="检查计划文件并汇总目标。"
    )
    p.add_argument("plan", nargs="?", help="计划文件（默认：计划文件夹中的 plan.yaml）")
    p.add_argument("--dir", help=_DIR_HELP)

    p = sub.add_parser(
        "template", help="生成完成情况填报模板（.xlsx 或 .csv）", description="按计划生成填报模板。"
    )
    p.add_argument("--dir", help=_DIR_HELP)
    p.add_argument("--plan", help=_PLAN_HELP)
    p.add_argument(
        "--out",
        help="模板保存路径，扩展名 .xlsx（默认格式）或 .csv"
        "（默认：计划文件夹 outcomes 中以统计期命名的文件）",
    )
    p.add_argument(
        "--period",
        help="统计期：计划年度（如 2024）或年内截至日期（如 2024-06-30），预填到模板中"
        "（默认：计划年度）",
    )
    p.add_argument(
        "--office",
        help="只为这个责任科室生成它负责的目标（按分解表 owners.yaml），"
        "默认保存到 outcomes/统计期/科室名.xlsx",
    )

    p = sub.add_parser(
        "check",
        help="检查填报文件，列出全部问题",
        description="检查填报文件；无问题退出码 0，有问题 1。",
    )
    p.add_argument(
        "file",
        nargs="?",
        help="填报文件（.xlsx、.xls 或 .csv；默认：计划文件夹 outcomes 中的全部文件）",
    )
    p.add_argument("--dir", help=_DIR_HELP)
    p.add_argument("--plan", help=_PLAN_HELP)
    p.add_argument("--period", help="“统计期”列留空时采用的统计期，如 2024 或 2024-06-30")

    p = sub.add_parser(
        "build", help="执行报告笔记本，生成 HTML 报告、自评表和汇总", description="生成评估报告。"
    )
    p.add_argument("--dir", help=_DIR_HELP)
    p.add_argument("--plan", help=_PLAN_HELP)
    p.add_argument(
        "--outcomes", help="年度完成情况填报文件（默认：计划文件夹 outcomes 中计划年度的文件）"
    )
    p.add_argument(
        "--baseline",
        help="上年基数文件（默认：计划文件夹 outcomes 中上一年度的文件）",
    )
    p.add_argument(
        "--policy", help="评分规则文件（默认：计划文件夹中的 policy.yaml，没有时用软件包默认规则）"
    )
    p.add_argument(
        "--midyear",
        help="年中填报文件，用于“时间过半任务过半”报告"
        "（默认：计划文件夹 outcomes 中计划年度内最近日期的文件）",
    )
    p.add_argument(
        "--as-of", type=_date, help="年中检查的截至日期，YYYY-MM-DD（默认：年中文件的日期）"
    )
    p.add_argument(
        "--out",
        default=None,
        help="报告输出目录，每份计划一个子文件夹（默认：计划文件夹中的 reports/）",
    )
    p.add_argument("--jobs", type=_positive, default=1, help="并行执行的笔记本数（默认 1）")

    p = sub.add_parser(
        "extract",
        help="从计划文本起草目标清单（需人工复核）",
        description="从计划文本起草目标清单（只写出计划文件；新建整套计划文件夹请用 new）。",
    )
    p.add_argument("text", help="计划原文文本文件（UTF-8）")
    p.add_argument("--out", required=True, help="草稿计划文件保存路径（.yaml）")
    p.add_argument("--id", help="计划编号（英文小写、数字、连字符，默认取自文件名）")
    p.add_argument("--year", type=_positive, help="计划年度（默认从原文中识别）")

    p = sub.add_parser(
        "verify",
        help="核对一次构建的报告文件与输入文件是否被改动",
        description="重新计算报告文件夹中各文件及其输入文件的校验值，列出与构建时不同之处。",
    )
    p.add_argument("folder", help="报告文件夹（如 reports/计划编号）")
    p.add_argument(
        "--expect",
        metavar="核对码",
        help="构建时显示的核对码（另行记下的）：同时核对 manifest.json 本身是否被改动",
    )

    p = sub.add_parser(
        "owners",
        help="生成或读回目标任务分解表（牵头领导、责任科室、节点）",
        description="--out 生成分解表 .xlsx（已有 owners.yaml 时预填）；"
        "--read 检查填好的分解表，无误后写入计划文件夹的 owners.yaml。",
    )
    p.add_argument("--dir", help=_DIR_HELP)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--out", help="分解表保存路径（.xlsx）")
    g.add_argument("--read", metavar="分解表", help="填好的分解表（.xlsx）")

    p = sub.add_parser(
        "collect",
        help="合并检查某一统计期各科室的填报文件",
        description="检查 outcomes/统计期/ 文件夹中各科室的填报文件：同一指标报送不一致、"
        "未报送的科室、重复报送，一次列出。",
    )
    p.add_argument("period", metavar="统计期", help="如 2024-03-31（文件夹 outcomes/2024-03-31/）")
    p.add_argument("--dir", help=_DIR_HELP)
    p.add_argument("--out", help="把合并后的完成情况另存为一个文件（.xlsx 或 .csv），可选")

    p = sub.add_parser(
        "lights",
        help="三色预警：按分解表节点给各期亮灯，列出红灯、黄灯",
        description="读取计划文件夹中年内各期的完成情况，按评分规则 warning_lights 亮灯。",
    )
    p.add_argument("--dir", help=_DIR_HELP)
    p.add_argument("--period", help="统计期（默认：最近一期）")
    p.add_argument("--office", help="只看这个责任科室")
    p.add_argument("--out", help="督查台账保存路径（.xlsx），可选")

    p = sub.add_parser(
        "district",
        help="辖区考核汇总：多个街道乡镇的总分排名、共性短板、共同指标",
        description="读取多个计划文件夹（或存放它们的一个文件夹），按 build 的规则各读取、"
        "评分一次，生成一份辖区考核汇总报告（HTML）和汇总表（Excel）。某个文件夹有问题时"
        "单独列出，不影响其他街道乡镇。",
    )
    p.add_argument(
        "folders",
        nargs="+",
        metavar="计划文件夹",
        help="各街道乡镇的计划文件夹，或存放它们的一个文件夹",
    )
    p.add_argument("--out", required=True, help="报告输出文件夹")
    p.add_argument(
        "--rank-across-years",
        action="store_true",
        help="不同年度的计划也放在一起排名（默认按年度分别排名）",
    )
    p.add_argument(
        "--jobs", type=_positive, default=1, help="同时读取、评分的计划文件夹数（默认 1）"
    )

    p = sub.add_parser(
        "compare",
        help="同一街道乡镇两个年度的对比：连续承诺、去年未完成今年再承诺、不再列入、新增",
        description="对比同一发布机构去年和今年的计划文件夹：目标按指标、类型和单位对应"
        "（不按目标编号），生成年度对比报告（HTML）和对比表（Excel）。今年的文件夹可以还没有"
        "完成情况数据。",
    )
    p.add_argument("last", metavar="去年计划文件夹", help="去年的计划文件夹")
    p.add_argument("this", metavar="今年计划文件夹", help="今年的计划文件夹")
    p.add_argument("--out", required=True, help="报告输出文件夹")
    for name, command in sub.choices.items():
        dests = {a.dest for a in command._actions}
        if "dir" in dests and name not in ("new", "finalize"):
            command.add_argument("--example", action="store_true", help=_EXAMPLE_HELP)
    _name_values(parser)
    return parser


def _folder_note(where: object) -> None:
    """Say plainly when the bundled example is used (``--example``, or run inside it)."""
    if getattr(where, "example", False):
        print("提示：使用软件自带的古塘街道 2022 示例计划（示例数据，不是官方统计）")


def _settle_folder(args: argparse.Namespace) -> None:
    """Settle the plan folder a command works on (``args.dir``): the one given, the
    bundled example with ``--example``, else the folder the current directory (or the
    file checked) is in. Never silently the example: outside a plan folder a command
    stops and says how to name one."""
    from . import paths
    from .workspace import find_folder

    if getattr(args, "example", False):
        if args.dir is not None:
            raise UsageError(
                "--dir 与 --example 只能用一个",
                ["--dir 指定自己的计划文件夹；--example 使用软件自带的示例计划"],
            )
        args.dir = str(paths.EXAMPLE_FOLDER)
        _folder_note(find_folder(args.dir))
        return
    if args.dir is not None or getattr(args, "plan", None) is not None:
        return
    file = getattr(args, "file", None)
    where = None
    if file:  # the folder the checked file is in, else the current one
        where = find_folder(None, start=Path(file).expanduser().resolve().parent, fallback=False)
    if where is None:
        where = find_folder(None, fallback=False)
    if where is None:
        example = (
            "；要试用软件自带的古塘示例，请加 --example（示例数据）"
            if hasattr(args, "example")
            else ""
        )
        raise UsageError(
            "当前目录不在计划文件夹中，没有可用的计划",
            [
                f"{Path.cwd()} 及其上级文件夹中都没有 plan.yaml。请在计划文件夹中运行，"
                f"或用 --dir 计划文件夹 指定{example}；新建计划请用 gutang-review new 计划原文.txt"
            ],
        )
    args.dir = str(where.root)
    _folder_note(where)


def _load_plan(args: argparse.Namespace) -> object:
    from .plan import load_plan
    from .run import resolve_folder

    found = resolve_folder(args.dir, plan=getattr(args, "plan", None))
    return load_plan(found.plan)


def _cmd_new(args: argparse.Namespace) -> int:
    folder, draft = new_plan_folder(args.text, args.dir, plan_id=args.id, year=args.year)
    print(draft.report())  # type: ignore[attr-defined]
    print(f"已新建计划文件夹：{folder.root}")
    print(
        f"  plan.yaml：目标清单草稿（每项标有 draft: true）；{REVIEW_FILE}：需要重点核对的条目"
        "和未作为目标的数字"
    )
    if draft.metadata["year"] is None:  # type: ignore[attr-defined]
        print(
            "请指定计划年度：原文中没有写明年度，草稿的年度暂为空。请删除此文件夹后加 --year "
            f"重新起草，如 gutang-review new {args.text} --year 2024；或在 plan.yaml 中填写 "
            "year（如 year: 2024）。年度未填写时不能定稿。",
            file=sys.stderr,
        )
    print("逐条核对 plan.yaml 后运行：")
    print(f"  gutang-review finalize --dir {folder.root}")
    return 0


def _unsure_numbers(review: Path) -> list[str]:
    """The review list's numbers the drafter could not explain, each with its sentence (cut)."""
    try:
        text = review.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    mark = f"（{UNSURE_NUMBER}）"
    return [
        line.strip().removeprefix("- ")[:60] + ("…" if len(line.strip()) > 62 else "")
        for line in text.splitlines()
        if mark in line
    ]


def _cmd_finalize(args: argparse.Namespace) -> int:
    plan = finalize_plan(args.dir)
    print(f"已定稿：《{plan.title}》共 {len(plan.targets)} 项目标，全部通过检查。")  # type: ignore[attr-defined]
    unsure = _unsure_numbers(Path(plan.path).parent / REVIEW_FILE)  # type: ignore[attr-defined]
    if unsure:
        print(
            f"提醒：{REVIEW_FILE}中有 {len(unsure)} 处数字标为“{UNSURE_NUMBER}”，"
            "如其中有应考核的承诺，请补入 plan.yaml 后再次定稿："
        )
        for line in unsure[:10]:
            print(f"  {line}")
        if len(unsure) > 10:
            print(f"  ……（其余 {len(unsure) - 10} 处见{REVIEW_FILE}）")
    print("下一步：gutang-review template 生成填报模板，分发给各科室。")
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    from .kinds import kind_label

    plan = _load_plan(args)
    t = plan.targets  # type: ignore[attr-defined]
    published, index_no = plan.published or "—", plan.index_no or "—"  # type: ignore[attr-defined]
    print(f"{plan.title}（{plan.issuer}，发布日期 {published}，索引号 {index_no}）")  # type: ignore[attr-defined]
    print(f"计划文件：{plan.path}")  # type: ignore[attr-defined]
    print(f"共 {len(t)} 项目标，全部通过校验。")
    names = plan.sections.set_index("section")["name"]  # type: ignore[attr-defined]
    for sid in names.index:
        sec = t[t["section"] == sid]
        kinds = "、".join(f"{kind_label(k)} {n}" for k, n in sec["kind"].value_counts().items())
        print(f"  {names[sid]}：{len(sec)} 项（{kinds}）")
    drafts = int(t["draft"].sum())
    if drafts:
        print(f"注意：其中 {drafts} 项标记为草稿（draft: true），复核后运行 finalize 定稿。")
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from .outcomes import validate_period
    from .template import write_template

    plan = _load_plan(args)
    if args.period is not None:
        args.period = validate_period(args.period, plan)  # type: ignore[arg-type]
    out = args.out
    targets = None
    if args.office is not None:
        targets = _office_targets(args, plan)
    if out is None:
        where = find_folder(args.dir, plan=args.plan)
        if where is None or where.example:
            raise UsageError(
                "请用 --out 指定模板保存路径",
                [
                    "没有找到计划文件夹（软件自带的示例文件夹不写入）；"
                    "请用 --out 指定，如 --out 填报.xlsx"
                ],
            )
        period = args.period or str(plan.year)  # type: ignore[attr-defined]
        out = where.root / OUTCOMES_DIR / f"{period}.xlsx"
        if args.office is not None:
            out = where.root / OUTCOMES_DIR / period / f"{args.office}.xlsx"
        linked = next((d for d in (out.parent, where.root / OUTCOMES_DIR) if d.is_symlink()), None)
        if linked is not None:
            # outcomes/2025-09-30 linked to a folder elsewhere: the plan folder writes
            # only into its own folders
            raise UsageError(
                "模板未生成：计划文件夹中的这个文件夹是链接",
                [
                    f"{linked} 是指向 {os.readlink(linked)} 的链接；为安全起见，模板不通过链接"
                    "写到计划文件夹以外：请把它换成普通文件夹，或用 --out 指定保存路径"
                ],
            )
        if out.exists():
            raise UsageError(
                "模板文件已存在，未覆盖",
                [f"{out} 已存在（已填报的文件不会被覆盖）；请用 --out 指定另一个文件名"],
            )
    out = write_template(plan, Path(out), period=args.period, office=args.office, targets=targets)  # type: ignore[arg-type]
    n = len(targets) if targets is not None else len(plan.targets)  # type: ignore[attr-defined]
    print(f"已生成填报模板：{out}（{n} 项目标）")
    print("填好后可运行：gutang-review check " + str(out))
    return 0


def _check_one(path: Path, plan: object, period: str | None, policy: object) -> int:
    from .checks import gaps
    from .outcomes import _collect, sheet_in_use
    from .workspace import period_of_file

    named = period_of_file(path)  # a file named 2024.xlsx holds 2024's figures, no other
    # read once: the problems of check_outcomes, the frame the gaps are found in
    frame, problems, attrs = _collect(path, plan, period, partial=True, named=named)  # type: ignore[arg-type]
    if not problems:
        if attrs.get("unchecked"):
            print(
                f"提示：{path} 开头标注为“尚未核对”的草稿（从计划原文自动摘录）。它会被使用，"
                "报告中也会注明；请逐行核对后删除含“尚未核对”的说明行。"
            )
        for gap in gaps(frame, plan, period=period, policy=policy):  # type: ignore[arg-type]
            print(f"提示：{gap}")  # heading, then one "  - id（标题）" line per target
        sheet = sheet_in_use(path)
        if sheet is not None:
            print(f"提示：{path} 有多个工作表，读取的是工作表“{sheet}”。")
        print(f"检查通过：{path} 没有发现问题。")
        return 0
    print(f"{path} 有 {problem_count(problems)} 处问题，请逐一修改后再检查：", file=sys.stderr)
    print(format_problems(problems), file=sys.stderr)
    return 1


def _cmd_check(args: argparse.Namespace) -> int:
    from .outcomes import validate_period
    from .owners import load_owners
    from .plan import load_plan
    from .policy import load_policy
    from .run import resolve_folder

    # the folder, plan and policy exactly as ``build`` resolves them
    found = resolve_folder(args.dir, plan=args.plan)
    if args.plan is None and args.dir is None:
        _folder_note(found.folder)
    plan = load_plan(found.plan)
    policy = load_policy(found.policy)
    if args.period is not None:
        args.period = validate_period(args.period, plan)
    if found.owners is not None:
        _print_unassigned(load_owners(found.owners, plan), plan)
    if args.file is not None:
        return _check_one(Path(args.file), plan, args.period, policy)
    where = found.folder
    files = where.outcome_files() if where is not None else {}
    if not files:
        place = f"{where.outcomes_dir} 中没有填报文件" if where else "没有计划文件夹"
        raise UsageError(
            "没有要检查的填报文件",
            [f"{place}；请给出要检查的文件，或把填报文件放进计划文件夹的 outcomes 中"],
        )
    status = 0
    for period, path in files.items():
        print(f"== {path.name}（统计期 {period}）")
        status = max(status, _check_one(path, plan, args.period or period, policy))
    return status


def _print_unassigned(owners: object, plan: object) -> None:
    """Name every target the 分解表 gives no 责任科室 (a notice: the figures still load)."""
    from .owners import unassigned_targets

    problems = unassigned_targets(owners, plan)  # type: ignore[arg-type]
    if problems:
        print(
            f"注意：还有 {len(problems)} 项目标未填责任科室"
            "（按科室汇总和各科室督查页不含这些目标）："
        )
        print(format_problems(problems))


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build_reports

    summary = build_reports(
        args.dir,
        plan=args.plan,
        outcomes=args.outcomes,
        baseline=args.baseline,
        policy=args.policy,
        midyear=args.midyear,
        as_of=args.as_of,
        out_dir=args.out,
        jobs=args.jobs,
    )
    print(summary.describe())
    return 0 if summary.ok else 1


def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract_to_file

    out = Path(args.out)
    if out.exists() or out.is_symlink():
        raise UsageError(
            "草稿文件已存在，未覆盖",
            [
                f"{out} 已存在（可能是已核对、已定稿的计划文件，不会被草稿覆盖）；"
                "请用 --out 指定另一个文件名，或先把原文件移走"
            ],
        )
    draft = extract_to_file(Path(args.text), out, plan_id=args.id, year=args.year)
    print(draft.report())
    if draft.metadata["year"] is None:
        print(
            "请指定计划年度：原文中没有写明年度，草稿的年度暂为空。请加 --year 重新提取，"
            f"如 gutang-review extract {args.text} --out {args.out} --year 2024；"
            "或在草稿中填写 year（如 year: 2024）。",
            file=sys.stderr,
        )
    print(f"已写出计划草稿：{args.out}（每项均标 draft: true，请逐条核对后再使用）。核对后可运行：")
    print(f"  gutang-review plan {args.out}")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .build import seal_scope, set_status, verify_build

    found = verify_build(args.folder, expect=args.expect)
    status = set_status(args.folder)
    if status:
        print(f"注意：{status}")
    scope = seal_scope(args.folder, args.expect) if args.expect is not None else None
    if scope:
        print(f"注意：{scope}")
    if not found:
        print(f"核对通过：{args.folder} 中的报告与输入文件都与构建时一致。")
        if args.expect is None:
            print(
                "提示：这只说明各文件与 manifest.json 的记录一致；manifest.json 本身是否被改动，"
                "要用构建时显示、另行记下的核对码核对：加 --expect 核对码。"
            )
        return 0
    print(f"{args.folder} 有 {len(found)} 处与构建时不同：", file=sys.stderr)
    for i, line in enumerate(found, 1):
        print(f"  {i}. {line}", file=sys.stderr)
    return 1


def _owners_here(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """The plan folder, its plan and its 分解表 (None when it has none), found as ``build``
    finds them."""
    from .owners import load_owners
    from .plan import load_plan
    from .run import resolve_folder

    found = resolve_folder(args.dir, plan=getattr(args, "plan", None))
    if found.folder is None:  # pragma: no cover - find_folder falls back to the example
        raise UsageError("找不到计划文件夹", [])
    plan = load_plan(found.plan)
    owners = load_owners(found.owners, plan) if found.owners is not None else None
    return found, plan, owners


def _office_targets(args: argparse.Namespace, plan: object) -> list[str]:
    from .owners import load_owners, office_name_problem
    from .run import resolve_folder

    bad = office_name_problem(args.office)
    if bad is not None:  # the name becomes a file name: never a path, never a control
        raise UsageError(
            "科室名称不能用作文件名", [Problem(None, None, "--office", repr(args.office), bad)]
        )

    found = resolve_folder(args.dir, plan=args.plan)
    if found.owners is None:
        where = found.folder
        raise UsageError(
            "没有分解表，无法按科室生成模板",
            [
                f"{where.root if where else '当前目录'} 中没有 owners.yaml；"
                "先用 gutang-review owners --out 分解表.xlsx 生成分解表，填好后用 --read 读回"
            ],
        )
    owners = load_owners(found.owners, plan)  # type: ignore[arg-type]
    targets = owners.targets_of(args.office)
    if not targets:
        known = [o for o in owners.offices if owners.targets_of(o)]
        raise UsageError(
            f"分解表中没有由“{args.office}”负责的目标",
            [Problem(str(found.owners), None, "--office", args.office, "、".join(known))],
        )
    return targets


def _cmd_owners(args: argparse.Namespace) -> int:
    from .owners import OWNERS_FILE, read_decomposition, save_owners, write_decomposition

    found, plan, owners = _owners_here(args)
    where = found.folder
    if args.out is not None:
        out = Path(args.out)
        if out.exists():
            raise UsageError(
                "分解表文件已存在，未覆盖",
                [f"{out} 已存在（已填写的表不会被覆盖）；请用 --out 指定另一个文件名"],
            )
        write_decomposition(plan, out, owners)  # type: ignore[arg-type]
        note = "（已按 owners.yaml 预填）" if owners is not None else ""
        print(f"已生成分解表：{out}{note}，共 {len(plan.targets)} 项目标。")  # type: ignore[attr-defined]
        print(f"填好牵头领导、责任科室和节点后运行：gutang-review owners --read {out}")
        return 0
    if where.example:  # type: ignore[attr-defined]
        raise UsageError(
            "内置示例文件夹不写入",
            [
                "没有找到计划文件夹（软件自带的示例文件夹不写入）；"
                "请用 --dir 指定要写入 owners.yaml 的计划文件夹"
            ],
        )
    owners = read_decomposition(args.read, plan)  # type: ignore[arg-type]
    target = where.root / OWNERS_FILE  # type: ignore[attr-defined]
    existed = target.exists()
    save_owners(owners, target)
    nodes = sum(len(a.nodes) for a in owners.assignments.values())
    print(
        f"{'已更新' if existed else '已写入'} {target}：{len(owners.assignments)} 项目标有分工，"
        f"{len(owners.offices)} 个责任科室，{nodes} 个节点。"
    )
    _print_unassigned(owners, plan)
    return 0


def _cmd_collect(args: argparse.Namespace) -> int:
    from .outcomes import validate_period
    from .periods import combine_submissions
    from .template import write_outcomes

    found, plan, owners = _owners_here(args)
    where = found.folder
    period = validate_period(args.period, plan)  # type: ignore[arg-type]
    files = where.office_files(period)  # type: ignore[attr-defined]
    if not files:
        raise UsageError(
            f"统计期 {period} 没有科室填报文件",
            [
                f"{where.outcomes_dir / period} 中没有各科室的填报文件"  # type: ignore[attr-defined]
                "（文件名为科室名，如 经济发展办公室.xlsx）"
            ],
        )
    sub = combine_submissions(files, plan, period, owners=owners)
    for line in sub.describe():
        print(line)
    print(sub.conclusion())
    if args.out is not None:
        out = write_outcomes(sub.outcomes, Path(args.out), plan)  # type: ignore[arg-type]
        print(f"已另存合并后的完成情况：{out}")
    return 0


def _cmd_lights(args: argparse.Namespace) -> int:
    from .ledger import summary_sentences, write_ledger_xlsx
    from .lights import LIGHT_LABELS
    from .periods import load_periods, period_label
    from .policy import load_policy

    found, plan, owners = _owners_here(args)
    policy = load_policy(found.policy)
    ps = load_periods(found.folder, plan=plan, policy=policy, owners=owners)
    period = args.period or ps.latest
    if period not in ps.periods:
        raise UsageError(
            f"没有统计期 {period} 的完成情况",
            [Problem(None, None, "--period", period, "、".join(ps.periods))],
        )
    if ps.illustrative:
        print("注意：各期完成情况或分解表为示例数据（虚构），不是官方统计。")
    for line in summary_sentences(ps, args.office, period=period):
        print(line)
    led = ps.ledger(period, args.office)
    for r in led.to_dict("records"):
        if r["light"] not in LIGHT_LABELS:
            continue
        fix = r["fix_by"].isoformat() if r["fix_by"] else "—"
        print(
            f"  {r['light_label']}｜{r['trend_label']}｜{r['title']}｜{r['office'] or '—'}｜"
            f"{r['reason']}｜整改时限 {fix}"
        )
    if args.out is not None:
        out = write_ledger_xlsx(ps, Path(args.out), period=period)
        print(f"已写出督查台账（{period_label(period)}）：{out}")
    return 0


def _print_across(result: object) -> None:
    for f in result.files:  # type: ignore[attr-defined]
        print(f"已生成：{f}")
    for failure in result.failures:  # type: ignore[attr-defined]
        print(failure, file=sys.stderr)


def _cmd_district(args: argparse.Namespace) -> int:
    from .across import write_across
    from .district import load_district

    d = load_district(args.folders, rank_across_years=args.rank_across_years, jobs=args.jobs)
    print(
        f"读取计划文件夹 {len(d.towns)} 个：成功 {len(d.loaded)} 个，有问题 {len(d.problems)} 个。"
    )
    for problem in d.problems:
        print(problem, file=sys.stderr)
    if not d.loaded:
        print("没有可以汇总的计划文件夹，未生成报告。", file=sys.stderr)
        return 1
    for r in d.ranking().itertuples():
        score = "—" if r.score != r.score else f"{r.score:.2f}"
        grade = r.grade or "不评定"
        print(f"  {r.rank_group} 第 {r.rank} 名：{r.town}（{r.year} 年）{score} 分 {grade}")
    result = write_across("district", d, args.out)
    _print_across(result)
    return 0 if result.ok and not d.problems else 1


def _cmd_compare(args: argparse.Namespace) -> int:
    from .across import write_across
    from .across_years import compare_years

    yoy = compare_years(args.last, args.this)
    print(
        f"{yoy.issuer}：{yoy.last_year} 年与 {yoy.this_year} 年，"
        + "；".join(f"{c} {yoy.count(c)} 项" for c in yoy.frame["类别"].cat.categories)
    )
    result = write_across("compare", yoy, args.out)
    _print_across(result)
    return 0 if result.ok else 1


def _environment_message(err: OSError) -> str:
    """A Chinese sentence for an ``OSError`` that reached the command: the path, what
    happened and what to do."""
    import errno

    from ._files import describe_os_error

    happened, todo = describe_os_error(err)
    if err.errno in (errno.EACCES, errno.EPERM):  # a read as likely as a write: say both
        happened = "没有访问权限"
        todo = "检查这个文件或文件夹的权限（输入要能读取，输出位置要能写入），或换一个位置"
    where = err.filename or ""
    if err.filename2:
        where = f"{where} → {err.filename2}"
    from .errors import _visible

    head = f"无法读写 {_visible(str(where), lines=False)}：" if where else "无法读写文件："
    return f"{head}{happened}。需要：{todo}。"


_COMMANDS = {
    "new": _cmd_new,
    "finalize": _cmd_finalize,
    "plan": _cmd_plan,
    "template": _cmd_template,
    "check": _cmd_check,
    "build": _cmd_build,
    "extract": _cmd_extract,
    "verify": _cmd_verify,
    "owners": _cmd_owners,
    "collect": _cmd_collect,
    "lights": _cmd_lights,
    "district": _cmd_district,
    "compare": _cmd_compare,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gutang-review``; returns the exit code."""
    # SIGTERM stops a command like Ctrl+C from the very start, with its message (before a
    # build took the signal it ended the process with no word)
    with sigterm_as_interrupt():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        if args.command not in ("new", "extract", "verify", "district", "compare"):
            _settle_folder(args)
        with warnings.catch_warnings():  # the commands print the scoring's notes themselves
            warnings.simplefilter("ignore", DataWarning)
            return _COMMANDS[args.command](args)
    except CancelledError as err:  # Ctrl+C or SIGTERM during a build: tidied, nothing half
        print(str(err), file=sys.stderr)
        return 130
    except BuildError as err:
        summary = getattr(err, "build_summary", None)
        if summary is not None:
            print(summary.describe())
        print(str(err), file=sys.stderr)
        return 1
    except GutangError as err:
        print(str(err), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a program that stopped reading (head)
        sys.stderr.close()
        return 0
    except OSError as err:  # the environment: disk full, read-only, a file for a folder
        if os.environ.get("GUTANG_DEBUG"):
            traceback.print_exc()
        print(_environment_message(err), file=sys.stderr)
        return 1
    except MemoryError:
        print(
            "内存不足，未能完成。请关闭其他占用内存的程序后重试（build 可用 --jobs 1）；"
            "如果某个输入文件特别大，请检查是否选错了文件。",
            file=sys.stderr,
        )
        return 1
    except RecursionError:
        print(
            "输入文件的嵌套层数过深，无法读取（可能不是本软件生成或手工编辑时出错）。"
            "请检查最近修改过的 YAML 或填报文件，删去多余的括号和缩进层次后重试。",
            file=sys.stderr,
        )
        return 1
    except Exception as err:
        if os.environ.get("GUTANG_DEBUG"):
            traceback.print_exc()
        print(
            f"程序内部错误（{type(err).__name__}：{err}）。这不是您填报内容的问题；"
            "请把这条信息发给维护人员（设置环境变量 GUTANG_DEBUG=1 可显示详细信息）。",
            file=sys.stderr,
        )
        return 70


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
