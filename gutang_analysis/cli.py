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
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import BuildError, GutangError

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
    """ArgumentParser whose usage errors are Chinese and point to ``--help``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = re.sub(r"invalid (\w+) value: ('[^']*')", r"取值 \2 无效", message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n（运行 {self.prog} --help 查看说明）\n")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期 {text!r} 应写成 YYYY-MM-DD，如 2022-06-30"
        ) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} 应为正整数")
    return int(text)


#: How each option's value is named in ``--help`` (argparse would show PLAN, OUT …).
_METAVARS = {
    "plan": "计划文件",
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
}


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
        description="古塘街道年度工作安排目标评估工具：生成填报模板、检查填报文件、生成评估报告、"
        "从计划文本起草目标清单。",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    p = sub.add_parser(
        "plan", help="检查计划文件并列出其中的目标", description="检查计划文件并汇总目标。"
    )
    p.add_argument("plan", nargs="?", help="计划文件（默认：内置的 2022 年计划）")

    p = sub.add_parser(
        "template", help="生成完成情况填报模板（.xlsx 或 .csv）", description="按计划生成填报模板。"
    )
    p.add_argument("--plan", help="计划文件（默认：内置的 2022 年计划）")
    p.add_argument("--out", required=True, help="模板保存路径，扩展名 .xlsx（默认格式）或 .csv")
    p.add_argument(
        "--period", help="统计期：计划年度（如 2022）或年内截至日期（如 2022-06-30），预填到模板中"
    )

    p = sub.add_parser(
        "check",
        help="检查填报文件，列出全部问题",
        description="检查填报文件；无问题退出码 0，有问题 1。",
    )
    p.add_argument("file", help="填报文件（.xlsx、.xls 或 .csv）")
    p.add_argument("--plan", help="计划文件（默认：内置的 2022 年计划）")
    p.add_argument("--period", help="“统计期”列留空时采用的统计期，如 2022 或 2022-06-30")

    p = sub.add_parser(
        "build", help="执行报告笔记本，生成 HTML 报告、自评表和汇总", description="生成评估报告。"
    )
    p.add_argument("--plan", help="计划文件（默认：内置的 2022 年计划）")
    p.add_argument("--outcomes", help="年度完成情况填报文件（默认：内置示例数据）")
    p.add_argument(
        "--baseline",
        help="上年基数文件（默认：仅在使用内置示例完成情况时采用内置示例基期数据）",
    )
    p.add_argument("--policy", help="评分规则文件（默认：data/policies/default.yaml）")
    p.add_argument(
        "--midyear",
        help="年中填报文件，用于“时间过半任务过半”报告"
        "（默认：仅在使用内置示例完成情况时采用内置示例年中数据）",
    )
    p.add_argument("--as-of", type=_date, help="年中检查的截至日期，YYYY-MM-DD（默认：6 月 30 日）")
    p.add_argument("--out", default=None, help="报告输出目录（默认：reports/）")
    p.add_argument("--jobs", type=_positive, default=1, help="并行执行的笔记本数（默认 1）")

    p = sub.add_parser(
        "extract",
        help="从计划文本起草目标清单（需人工复核）",
        description="从计划文本起草目标清单。",
    )
    p.add_argument("text", help="计划原文文本文件（UTF-8）")
    p.add_argument("--out", required=True, help="草稿计划文件保存路径（.yaml）")
    p.add_argument("--id", help="计划编号（英文小写、数字、连字符，默认取自文件名）")
    p.add_argument("--year", type=_positive, help="计划年度（默认从标题中识别）")
    _name_values(parser)
    return parser


def _cmd_plan(args: argparse.Namespace) -> int:
    from .plan import load_plan
    from .style import KIND_LABELS

    plan = load_plan(args.plan)
    t = plan.targets
    published, index_no = plan.published or "—", plan.index_no or "—"
    print(f"{plan.title}（{plan.issuer}，发布日期 {published}，索引号 {index_no}）")
    print(f"计划文件：{plan.path}")
    print(f"共 {len(t)} 项目标，全部通过校验。")
    order = list(plan.sections["section"])
    for sid in order:
        sec = t[t["section"] == sid]
        name = plan.sections.set_index("section").loc[sid, "name"]
        kinds = "、".join(f"{KIND_LABELS[k]} {n}" for k, n in sec["kind"].value_counts().items())
        print(f"  {name}：{len(sec)} 项（{kinds}）")
    drafts = int(t["draft"].sum())
    if drafts:
        print(f"注意：其中 {drafts} 项标记为草稿（draft: true），请复核后删除该标记。")
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from .plan import load_plan
    from .template import write_template

    plan = load_plan(args.plan)
    out = write_template(plan, Path(args.out), period=args.period)
    print(f"已生成填报模板：{out}（{len(plan.targets)} 项目标）")
    print("填好后可运行：gutang-review check " + str(out))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .outcomes import check_outcomes, gaps
    from .plan import load_plan

    plan = load_plan(args.plan)
    problems = check_outcomes(Path(args.file), plan, period=args.period)
    for gap in gaps(Path(args.file), plan, period=args.period):
        print(f"提示：{gap}")  # heading, then one "  - id（标题）" line per target
    if not problems:
        print(f"检查通过：{args.file} 没有发现问题。")
        return 0
    print(f"{args.file} 有 {len(problems)} 处问题，请逐一修改后再检查：", file=sys.stderr)
    for i, problem in enumerate(problems, 1):
        print(f"  {i}. {problem}", file=sys.stderr)
    return 1


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build_reports

    summary = build_reports(
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

    draft = extract_to_file(Path(args.text), Path(args.out), plan_id=args.id, year=args.year)
    print(draft.report())
    print(f"已写出计划草稿：{args.out}（每项均标 draft: true，请逐条核对后再使用）。核对后可运行：")
    print(f"  gutang-review plan {args.out}")
    return 0


_COMMANDS = {
    "plan": _cmd_plan,
    "template": _cmd_template,
    "check": _cmd_check,
    "build": _cmd_build,
    "extract": _cmd_extract,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gutang-review``; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        return _COMMANDS[args.command](args)
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
