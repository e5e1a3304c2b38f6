"""The gutang-review command: Chinese messages, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gutang_analysis.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_no_command_prints_chinese_help(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "用法" in out and "template" in out and "build" in out


def test_usage_errors_are_chinese(capsys):
    with pytest.raises(SystemExit) as info:
        main(["extract", "plan.txt"])
    assert info.value.code == 1  # a user mistake, like every other
    err = capsys.readouterr().err
    assert "缺少必填参数" in err and "--out" in err and "--help" in err


def test_bad_option_values_are_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--as-of", "2022/06/30"])
    assert "YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build", "--jobs", "0"])
    assert "正整数" in capsys.readouterr().err


def test_plan_summary(capsys):
    assert main(["plan", "--example"]) == 0
    out = capsys.readouterr().out
    assert "古塘街道2022年工作安排" in out and "全部通过校验" in out and "民生普惠" in out


def test_bad_plan_gives_problem_list_and_exit_1(capsys):
    assert main(["plan", str(FIXTURES / "plans" / "many_mistakes.yaml")]) == 1
    err = capsys.readouterr().err
    assert "many_mistakes.yaml" in err and "  1. " in err and "Traceback" not in err


def test_missing_file_exit_1(capsys, tmp_path):
    assert main(["plan", str(tmp_path / "nope.yaml")]) == 1
    assert "找不到计划文件" in capsys.readouterr().err


def test_internal_errors_are_explained_without_traceback(capsys, monkeypatch):
    import gutang_analysis.cli as cli

    def boom(args):
        raise RuntimeError("oops")

    monkeypatch.setitem(cli._COMMANDS, "plan", boom)
    assert main(["plan", "--example"]) == 70
    err = capsys.readouterr().err
    assert "程序内部错误" in err and "Traceback" not in err


def test_installed_command_runs():
    exe = Path(sys.executable).with_name("gutang-review")
    result = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "gutang-review" in result.stdout


def test_extract_writes_a_draft_that_the_plan_command_accepts(tmp_path, capsys):
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "draft" / "plan.yaml"
    text = root / "data" / "plans" / "gutang-2022" / "gutang-2022-work-plan.txt"
    assert main(["extract", str(text), "--out", str(out)]) == 0
    assert "数值类 19 项" in capsys.readouterr().out
    assert main(["plan", str(out)]) == 0
    assert "draft: true" in capsys.readouterr().out


def test_extract_never_overwrites_a_file(tmp_path, capsys):
    root = Path(__file__).resolve().parents[1]
    text = root / "data" / "plans" / "gutang-2022" / "gutang-2022-work-plan.txt"
    out = tmp_path / "plan.yaml"
    out.write_text("plan: {id: reviewed}\n", encoding="utf-8")  # a plan already checked
    assert main(["extract", str(text), "--out", str(out)]) == 1
    assert "草稿文件已存在，未覆盖" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "plan: {id: reviewed}\n"


def test_extract_missing_text_is_explained(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "d.yaml")]) == 1
    assert "文件不存在" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        "new",
        "finalize",
        "plan",
        "template",
        "check",
        "build",
        "extract",
        "verify",
        "owners",
        "collect",
        "lights",
    ],
)
def test_help_names_values_in_chinese(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "用法" in out and "选项" in out
    for english in ("PLAN", "OUT", "OUTCOMES", "PERIOD", "FILE", "TEXT", "usage", "options"):
        assert english not in out


def test_check_reports_gaps_without_failing(capsys):
    root = Path(__file__).resolve().parents[1]
    assert (
        main(["check", str(root / "data" / "plans" / "gutang-2022" / "outcomes" / "2022.csv")]) == 0
    )
    out = capsys.readouterr().out
    assert "提示：4 项指标有行但未填写完成值" in out
    assert "参比单位数" in out and "检查通过" in out


def _example_copy(tmp_path):
    import shutil

    from gutang_analysis import paths

    copy = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, copy)
    return copy


def test_check_judges_gaps_under_the_folders_own_policy(tmp_path, capsys):
    from gutang_analysis import paths

    folder = _example_copy(tmp_path)
    year_end = folder / "outcomes" / "2022.csv"
    text = year_end.read_text(encoding="utf-8-sig")  # a rating 好 without its evidence
    year_end.write_text(
        text.replace("辖区经济发展稳中有进、进中向好工作台账及年度工作总结", ""),
        encoding="utf-8-sig",
    )
    assert main(["check", str(year_end), "--dir", str(folder)]) == 0
    assert "1 项定性评价未填写证明材料，评分时将按规则封顶" in capsys.readouterr().out
    policy = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    assert "require_evidence: true" in policy
    (folder / "policy.yaml").write_text(
        policy.replace("require_evidence: true", "require_evidence: false"), encoding="utf-8"
    )
    assert main(["check", str(year_end), "--dir", str(folder)]) == 0
    assert "封顶" not in capsys.readouterr().out  # the folder's rule, as build applies it


def test_check_and_owners_read_name_targets_without_an_office(tmp_path, capsys):
    folder = _example_copy(tmp_path)
    owners = folder / "owners.yaml"
    line = "- {id: econ-stable-growth, lead: 分管经济副主任, office: 经济发展办公室}\n"
    assert line in owners.read_text(encoding="utf-8")
    owners.write_text(owners.read_text(encoding="utf-8").replace(line, ""), encoding="utf-8")
    assert main(["check", str(folder / "outcomes" / "2022.csv"), "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "还有 1 项目标未填责任科室" in out and "econ-stable-growth" in out
    sheet = tmp_path / "分解表.xlsx"
    assert main(["owners", "--dir", str(folder), "--out", str(sheet)]) == 0
    assert main(["owners", "--dir", str(folder), "--read", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "还有 1 项目标未填责任科室" in out and "指标 econ-stable-growth" in out


def test_template_and_check_say_the_same_with_and_without_the_plan_cache(
    tmp_path, capsys, monkeypatch
):
    import shutil

    from gutang_analysis import paths
    from gutang_analysis import plan as plan_module

    def plan_only(folder: Path) -> Path:  # the plan and its text: template writes the rest
        folder.mkdir(parents=True)
        shutil.copy(paths.DEFAULT_PLAN, folder)
        shutil.copy(paths.EXAMPLE_SOURCE, folder)
        return folder

    def commands(folder: Path) -> list[tuple[int, str, str]]:
        said = []
        for args in (["template"], ["check"], ["plan"]):
            code = main([*args, "--dir", str(folder)])
            out, err = capsys.readouterr()
            here = str(folder)
            said.append((code, out.replace(here, "<plan>"), err.replace(here, "<plan>")))
        return said

    monkeypatch.setenv("GUTANG_CACHE_DIR", str(tmp_path / "cache"))
    without = commands(plan_only(tmp_path / "without"))
    assert not (tmp_path / "cache").exists()  # the example is too small to be cached
    monkeypatch.setattr(plan_module, "_CACHE_MIN_BYTES", 0)
    cold = commands(plan_only(tmp_path / "cold"))
    assert len(list((tmp_path / "cache").rglob("*.json"))) == 1  # made by template

    def no_parsing(*args):
        raise AssertionError("parsed again despite the cache")

    monkeypatch.setattr(plan_module, "_parse_plan", no_parsing)
    warm = commands(plan_only(tmp_path / "warm"))  # same bytes: the same entry
    assert without == cold == warm
    assert without[1][0] == 0 and "检查通过" in without[1][1]


@pytest.mark.slow
def test_plan_template_and_check_scale_with_the_number_of_targets(tmp_path, capsys, monkeypatch):
    """10 times the targets cost about 10 times the time, never 100 (issue 19: 100,000
    targets in seconds; ``scripts/bench_scale.py`` times that size). Both sizes are
    timed here, in one process, so the bound holds on a slow or busy machine. The plan
    cache is off: every command parses the plan."""
    import importlib.util
    import time

    from gutang_analysis import plan as plan_module

    monkeypatch.setattr(plan_module, "_CACHE_MIN_BYTES", 10**12)

    script = Path(__file__).parent.parent / "scripts" / "bench_scale.py"
    spec = importlib.util.spec_from_file_location("bench_scale", script)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    def timed(n: int) -> dict[str, float]:
        folder = bench.make_plan_folder(tmp_path / str(n), n)
        times = {}
        for command in ("plan", "template", "check"):
            start = time.perf_counter()
            assert main([command, "--dir", str(folder)]) == 0
            times[command] = time.perf_counter() - start
        out = capsys.readouterr().out
        assert f"（{n} 项目标）" in out and "检查通过" in out
        assert len(out.splitlines()) < 200  # hints are capped, whatever the size
        return times

    timed(200)  # imports and caches warmed up
    small, large = timed(2_000), timed(20_000)
    for command, seconds in large.items():
        assert seconds < 30 * small[command] + 1, (command, small, large)


def test_a_permission_error_is_not_called_a_write_problem_when_it_may_be_a_read(
    tmp_path, capsys, monkeypatch
):
    # an outcomes folder the user cannot list: the message may not send them to --out
    from gutang_analysis import cli

    def denied(args):
        raise PermissionError(13, "Permission denied", str(tmp_path / "outcomes"))

    monkeypatch.setitem(cli._COMMANDS, "check", denied)
    assert main(["check", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "没有访问权限" in err and str(tmp_path / "outcomes") in err
    assert "写入权限" not in err and "Traceback" not in err


def test_template_never_writes_through_a_linked_folder_of_the_plan(tmp_path, capsys):
    import shutil

    root = Path(__file__).resolve().parents[1]
    folder = tmp_path / "古塘副本"
    shutil.copytree(root / "data" / "plans" / "gutang-2022", folder)
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    shutil.rmtree(folder / "outcomes")
    (folder / "outcomes").symlink_to(elsewhere, target_is_directory=True)
    assert main(["template", "--dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "是指向" in err and "链接" in err and "--out" in err
    assert list(elsewhere.iterdir()) == []


def test_sigterm_before_a_build_takes_the_signal_stops_with_a_word(monkeypatch, capsys):
    import os
    import signal
    import time

    import gutang_analysis.cli as cli

    def slow(args):
        os.kill(os.getpid(), signal.SIGTERM)  # a service manager stops the command
        time.sleep(5)
        return 0

    before = signal.getsignal(signal.SIGTERM)
    monkeypatch.setitem(cli._COMMANDS, "verify", slow)
    assert main(["verify", "任意文件夹"]) == 130
    assert "已取消" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is before  # the caller's handler is back
