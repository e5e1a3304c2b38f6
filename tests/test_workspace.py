"""workspace.py: the plan folder, its outcome files by period, new and finalize."""

from __future__ import annotations

import shutil

import pytest

from gutang_analysis import paths
from gutang_analysis.cli import main
from gutang_analysis.errors import FolderError, PlanError
from gutang_analysis.workspace import (
    PlanFolder,
    finalize_plan,
    find_folder,
    new_plan_folder,
    period_of_file,
)


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("2024.xlsx", "2024"),
        ("2024-年终.xlsx", "2024"),
        ("2024-06-30.csv", "2024-06-30"),
        ("2024-6-30-年中.csv", "2024-06-30"),
        ("2024-12-31.csv", "2024"),
        ("2024-02-30.csv", None),
        ("填报.xlsx", None),
        ("20240.csv", None),
    ],
)
def test_an_outcome_file_is_named_by_its_period(name, period):
    assert period_of_file(name) == period


def test_lock_files_and_other_types_are_ignored(tmp_path):
    (tmp_path / "plan.yaml").write_text("", encoding="utf-8")
    out = tmp_path / "outcomes"
    out.mkdir()
    for name in ("2024.xlsx", "~$2024.xlsx", ".2024.csv", "2024.pdf", "说明.txt"):
        (out / name).write_text("", encoding="utf-8")
    assert {p: f.name for p, f in PlanFolder(tmp_path).outcome_files().items()} == {
        "2024": "2024.xlsx"
    }


def test_a_folder_without_plan_yaml_is_not_a_plan_folder(tmp_path):
    with pytest.raises(FolderError) as err:
        find_folder(tmp_path)
    assert "不是计划文件夹" in str(err.value) and "gutang-review new" in str(err.value)


def test_nowhere_near_a_plan_folder_the_example_is_used(tmp_path):
    assert find_folder(start=tmp_path).example


def test_a_loose_plan_file_has_no_folder(tmp_path):
    loose = tmp_path / "草稿.yaml"
    loose.write_text("", encoding="utf-8")
    assert find_folder(plan=loose) is None


def _start(tmp_path):
    text = tmp_path / "某街道2022年工作安排.txt"
    shutil.copy(paths.EXAMPLE_SOURCE, text)
    return new_plan_folder(text, tmp_path / "新计划", plan_id="new-2022")


def test_new_makes_a_folder_from_the_text(tmp_path):
    folder, _ = _start(tmp_path)
    root = folder.root
    assert (root / "某街道2022年工作安排.txt").read_bytes() == paths.EXAMPLE_SOURCE.read_bytes()
    assert (root / "outcomes").is_dir() and (root / "复核清单.txt").is_file()
    assert "draft: true" in (root / "plan.yaml").read_text(encoding="utf-8")


def test_new_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "新计划").mkdir()
    (tmp_path / "新计划" / "别的.txt").write_text("x", encoding="utf-8")
    text = tmp_path / "a.txt"
    shutil.copy(paths.EXAMPLE_SOURCE, text)
    with pytest.raises(FolderError):
        new_plan_folder(text, tmp_path / "新计划")


def test_new_leaves_nothing_behind_when_the_text_cannot_be_drafted(tmp_path):
    from gutang_analysis.errors import ExtractError

    text = tmp_path / "空白.txt"
    text.write_text("", encoding="utf-8")
    with pytest.raises(ExtractError):
        new_plan_folder(text, tmp_path / "空白计划")
    assert not (tmp_path / "空白计划").exists()


def test_finalize_lists_every_problem_and_changes_nothing(tmp_path):
    folder, _ = _start(tmp_path)
    plan_file = folder.root / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    broken = text.replace("kind: ", "kind: x", 2)
    plan_file.write_text(broken, encoding="utf-8")
    with pytest.raises(PlanError) as err:
        finalize_plan(folder.root)
    assert str(err.value).count("字段“kind”") == 2
    assert plan_file.read_text(encoding="utf-8") == broken


def test_finalize_clears_the_draft_marks_and_keeps_the_rest(tmp_path):
    folder, _ = _start(tmp_path)
    plan_file = folder.root / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(text + "# 复核人的备注\n", encoding="utf-8")
    plan = finalize_plan(folder.root)
    final = plan_file.read_text(encoding="utf-8")
    assert "draft: true" not in final and "# 复核人的备注" in final
    assert final.startswith("# 计划文件（已核对定稿）")
    assert not plan.targets["draft"].any()


def test_the_commands_work_from_inside_the_folder(tmp_path, monkeypatch, capsys):
    folder, _ = _start(tmp_path)
    monkeypatch.chdir(folder.root)
    assert main(["finalize"]) == 0
    assert main(["template"]) == 0
    assert (folder.root / "outcomes" / "2022.xlsx").is_file()
    assert main(["template"]) == 1  # never overwrites a filled-in file
    assert "未覆盖" in capsys.readouterr().err
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "2022.xlsx（统计期 2022）" in out and "示例计划" not in out


def test_a_template_period_outside_the_plan_year_is_refused(tmp_path, monkeypatch, capsys):
    folder, _ = _start(tmp_path)
    monkeypatch.chdir(folder.root)
    main(["finalize"])
    assert main(["template", "--period", "2030-06-30"]) == 1
    assert "2022" in capsys.readouterr().err


def test_the_example_folder_is_said_plainly(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["plan", "--example"]) == 0
    assert "使用软件自带的古塘街道 2022 示例计划（示例数据" in capsys.readouterr().out


def test_the_template_is_not_written_into_the_example(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["template", "--example"]) == 1
    assert "--out" in capsys.readouterr().err


def test_a_chinese_file_name_gives_a_plan_id_from_the_issuer(tmp_path):
    text = tmp_path / "某某街道2022年工作安排.txt"
    shutil.copy(paths.EXAMPLE_SOURCE, text)
    folder, draft = new_plan_folder(text, tmp_path / "a")
    assert draft.metadata["id"] == "gutangjiedao-2022"  # never just "2022"
    assert "id: gutangjiedao-2022" in (folder.root / "plan.yaml").read_text(encoding="utf-8")


def test_reports_go_to_the_plan_folder_by_default(tmp_path, monkeypatch):
    from gutang_analysis.build import _default_out
    from gutang_analysis.run import resolve_run

    copy = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, copy)
    assert _default_out(resolve_run(copy)) == copy.resolve() / "reports"
    assert _default_out(resolve_run(paths.EXAMPLE_FOLDER)) == paths.REPORTS_DIR


def test_new_lists_every_number_not_drafted_in_the_review_list(tmp_path):
    folder, draft = _start(tmp_path)
    review = (folder.root / "复核清单.txt").read_text(encoding="utf-8")
    assert "原文中的数字共" in review and "未作为目标的数字" in review
    assert "八项（名称）" in review  # 中央八项规定精神
    skipped = draft.numbers[draft.numbers["disposition"] == "skipped"]
    assert len(skipped) > 0


def test_new_drafts_a_text_without_a_year_and_asks_for_it(tmp_path, capsys):
    text = tmp_path / "民生实事.txt"
    text.write_text("民生实事项目\n\n一、安装太阳能路灯1000盏。\n", encoding="utf-8")
    assert main(["new", str(text), "--dir", str(tmp_path / "无年度")]) == 0
    err = capsys.readouterr().err
    assert "--year" in err and "年度" in err
    root = tmp_path / "无年度"
    assert "年度未知" in (root / "复核清单.txt").read_text(encoding="utf-8")
    assert "year: null" in (root / "plan.yaml").read_text(encoding="utf-8")
    with pytest.raises(FolderError) as info:
        finalize_plan(root)
    assert "year" in str(info.value) and "--year" in str(info.value)
    # with the year given, the same text drafts a plan that can be finalized
    assert main(["new", str(text), "--dir", str(tmp_path / "有年度"), "--year", "2024"]) == 0
    assert "年度未知" not in (tmp_path / "有年度" / "复核清单.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- not files


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("policy.yaml", "评分规则文件"),
        ("owners.yaml", "分解表文件"),
        ("units.yaml", "计量单位文件"),
        ("outcomes/2022.csv", "完成情况文件"),
        ("outcomes/2022-09-30/经济发展办公室.csv", "科室报送文件"),
    ],
)
@pytest.mark.parametrize("kind", ["fifo", "device", "dangling link"])
def test_a_device_pipe_or_dangling_link_in_the_folder_is_an_error_naming_it(
    tmp_path, name, what, kind
):
    """Issue 19: never "missing", never the default policy, never "no 分解表"."""
    import os

    from gutang_analysis.run import resolve_run

    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    target = folder / name
    if target.exists():
        target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    else:
        target.symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(FolderError) as err:
        if "2022-09-30" in name:
            PlanFolder(folder).office_files("2022-09-30")
        else:
            resolve_run(folder)
    text = str(err.value)
    assert str(target) in text and what in text
    assert "没有" not in text.split("\n")[0]


def test_finalize_reminds_of_numbers_the_draft_may_have_missed(tmp_path, capsys):
    folder, _ = _start(tmp_path)
    review = folder.root / "复核清单.txt"
    review.write_text(
        review.read_text(encoding="utf-8")
        + "  - 400（未识别为目标（请核对是否漏提））：全国千强镇排名突破400强。\n",
        encoding="utf-8",
    )
    assert main(["finalize", "--dir", str(folder.root)]) == 0
    out = capsys.readouterr().out
    assert "提醒：" in out and "400（未识别为目标" in out and "补入 plan.yaml" in out


def test_finalize_says_nothing_more_when_every_number_is_explained(tmp_path, capsys):
    folder, _ = _start(tmp_path)
    review = folder.root / "复核清单.txt"
    review.write_text(
        "\n".join(
            line
            for line in review.read_text(encoding="utf-8").splitlines()
            if "请核对是否漏提" not in line
        ),
        encoding="utf-8",
    )
    assert main(["finalize", "--dir", str(folder.root)]) == 0
    assert "提醒：" not in capsys.readouterr().out


SMALL_PLAN_TEXT = "某镇2025年工作安排\n\n一、经济发展。确保新增规上工业企业10家。\n"


@pytest.mark.parametrize("fails", ["copy", "review"])
def test_new_on_a_full_disk_says_so_in_chinese_and_leaves_nothing(tmp_path, monkeypatch, fails):
    import errno

    from gutang_analysis import workspace
    from gutang_analysis.errors import GutangError

    text = tmp_path / "某镇2025年工作安排.txt"
    text.write_text(SMALL_PLAN_TEXT, encoding="utf-8")
    full = OSError(errno.ENOSPC, "No space left on device")
    if fails == "copy":

        def copyfile(*args, **kwargs):
            raise full

        monkeypatch.setattr(shutil, "copyfile", copyfile)
    else:
        real = workspace.write_atomic

        def write_atomic(target, content, **kwargs):
            if target.name == workspace.REVIEW_FILE:
                from gutang_analysis._files import output_error

                raise output_error(target, full, kwargs.get("what", "文件"))
            return real(target, content, **kwargs)

        monkeypatch.setattr(workspace, "write_atomic", write_atomic)
    (tmp_path / "空文件夹").mkdir()  # an empty folder named by the user is kept, emptied
    for root in (tmp_path / "新计划", tmp_path / "空文件夹"):
        with pytest.raises(GutangError) as err:
            new_plan_folder(text, root)
        assert "磁盘空间不足" in str(err.value) and "No space" not in str(err.value)
    assert not (tmp_path / "新计划").exists()
    assert list((tmp_path / "空文件夹").iterdir()) == []
    # the next try, with room, is not refused as "a folder that holds files"
    monkeypatch.undo()
    folder, _ = new_plan_folder(text, tmp_path / "新计划")
    assert (folder.root / "plan.yaml").is_file()


def test_new_in_a_read_only_place_names_the_dir_option(tmp_path, monkeypatch):
    import errno
    from pathlib import Path

    text = tmp_path / "某镇2025年工作安排.txt"
    text.write_text(SMALL_PLAN_TEXT, encoding="utf-8")

    def mkdir(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", mkdir)
    with pytest.raises(FolderError) as err:
        new_plan_folder(text, tmp_path / "新计划")
    told = str(err.value.problems[0])
    assert "只读" in told and "--dir" in told and "--out" not in told


def test_the_outcomes_folder_is_described_with_its_office_folders(tmp_path):
    folder = tmp_path / "古塘副本"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    for f in (folder / "outcomes").glob("*.csv"):
        f.unlink()
    told = find_folder(folder).describe_outcomes()
    assert "还没有完成情况文件" not in told
    assert "2022-03-31/（20 个科室文件）" in told and "2022-09-30/（21 个科室文件）" in told
