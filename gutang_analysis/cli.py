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
from .errors import BuildError, CancelledError, GutangError, UsageError

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
}

_DIR_HELP = (
    "计划文件夹（含 plan.yaml）；不写时用当前目录所在的计划文件夹，"
    "都没有时用软件自带的示例计划文件夹（示例数据）"
)
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
    _name_values(parser)
    return parser


def _folder_note(where: object) -> None:
    """Say plainly when the bundled example is used because no folder was found."""
    if getattr(where, "example", False):
        print(
            "提示：未指定计划文件夹，当前目录中也没有 plan.yaml，使用软件自带的示例计划（示例数据）"
        )


def _load_plan(args: argparse.Namespace) -> object:
    from .plan import load_plan
    from .workspace import find_folder

    plan_arg = getattr(args, "plan", None)
    where = find_folder(args.dir, plan=plan_arg)
    if plan_arg is None and where is not None:
        if args.dir is None:
            _folder_note(where)
        return load_plan(where.plan_file)
    return load_plan(plan_arg)


def _cmd_new(args: argparse.Namespace) -> int:
    from .workspace import REVIEW_FILE, new_plan_folder

    folder, draft = new_plan_folder(args.text, args.dir, plan_id=args.id, year=args.year)
    print(draft.report())  # type: ignore[attr-defined]
    print(f"已新建计划文件夹：{folder.root}")
    print(f"  plan.yaml：目标清单草稿（每项标有 draft: true）；{REVIEW_FILE}：需要重点核对的条目")
    print("逐条核对 plan.yaml 后运行：")
    print(f"  gutang-review finalize --dir {folder.root}")
    return 0


def _cmd_finalize(args: argparse.Namespace) -> int:
    from .workspace import finalize_plan

    plan = finalize_plan(args.dir)
    print(f"已定稿：《{plan.title}》共 {len(plan.targets)} 项目标，全部通过检查。")  # type: ignore[attr-defined]
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
    from .workspace import OUTCOMES_DIR, find_folder

    plan = _load_plan(args)
    if args.period is not None:
        args.period = validate_period(args.period, plan)  # type: ignore[arg-type]
    out = args.out
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
        if out.exists():
            raise UsageError(
                "模板文件已存在，未覆盖",
                [f"{out} 已存在（已填报的文件不会被覆盖）；请用 --out 指定另一个文件名"],
            )
    out = write_template(plan, Path(out), period=args.period)  # type: ignore[arg-type]
    print(f"已生成填报模板：{out}（{len(plan.targets)} 项目标）")  # type: ignore[attr-defined]
    print("填好后可运行：gutang-review check " + str(out))
    return 0


def _check_one(path: Path, plan: object, period: str | None) -> int:
    from .errors import format_problems, problem_count
    from .outcomes import check_outcomes, gaps

    problems = check_outcomes(path, plan, period=period)  # type: ignore[arg-type]
    if not problems:
        for gap in gaps(path, plan, period=period):  # type: ignore[arg-type]
            print(f"提示：{gap}")  # heading, then one "  - id（标题）" line per target
        print(f"检查通过：{path} 没有发现问题。")
        return 0
    print(f"{path} 有 {problem_count(problems)} 处问题，请逐一修改后再检查：", file=sys.stderr)
    print(format_problems(problems), file=sys.stderr)
    return 1


def _cmd_check(args: argparse.Namespace) -> int:
    from .outcomes import validate_period
    from .workspace import find_folder

    plan = _load_plan(args)
    if args.period is not None:
        args.period = validate_period(args.period, plan)  # type: ignore[arg-type]
    if args.file is not None:
        return _check_one(Path(args.file), plan, args.period)
    where = find_folder(args.dir, plan=args.plan)
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
        status = max(status, _check_one(path, plan, args.period or period))
    return status


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build_reports
    from .workspace import find_folder

    if args.plan is None and args.dir is None:
        _folder_note(find_folder(None))
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

    draft = extract_to_file(Path(args.text), Path(args.out), plan_id=args.id, year=args.year)
    print(draft.report())
    print(f"已写出计划草稿：{args.out}（每项均标 draft: true，请逐条核对后再使用）。核对后可运行：")
    print(f"  gutang-review plan {args.out}")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from .build import verify_build

    found = verify_build(args.folder)
    if not found:
        print(f"核对通过：{args.folder} 中的报告与输入文件都与构建时一致。")
        return 0
    print(f"{args.folder} 有 {len(found)} 处与构建时不同：", file=sys.stderr)
    for i, line in enumerate(found, 1):
        print(f"  {i}. {line}", file=sys.stderr)
    return 1


_COMMANDS = {
    "new": _cmd_new,
    "finalize": _cmd_finalize,
    "plan": _cmd_plan,
    "template": _cmd_template,
    "check": _cmd_check,
    "build": _cmd_build,
    "extract": _cmd_extract,
    "verify": _cmd_verify,
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
