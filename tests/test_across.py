"""across.py: a report on many plans is one notebook plus its workbook; one failing does
not stop the other, and nothing half-made is left in the output folder."""

from __future__ import annotations

import pytest

import gutang_analysis.across as across
from gutang_analysis import paths
from gutang_analysis.district import load_district
from gutang_analysis.errors import FolderError


@pytest.fixture(scope="module")
def district():
    return load_district([paths.EXAMPLE_FOLDER])


def test_a_failing_notebook_keeps_the_workbook(district, tmp_path, monkeypatch):
    monkeypatch.setattr(
        across, "run_report", lambda spec, work, *a, **k: (False, "“辖区”未能生成：示例错误", 0.0)
    )
    result = across.write_across("district", district, tmp_path)
    assert not result.ok and result.failures == ("“辖区”未能生成：示例错误",)
    assert [p.name for p in tmp_path.iterdir()] == ["辖区考核汇总.xlsx"]


def test_a_failing_workbook_keeps_the_page(district, tmp_path, monkeypatch):
    def page(spec, work, *a, **k):
        (work / f"{spec.name}.html").write_text("<html></html>", encoding="utf-8")
        return True, None, 0.0

    def broken(*a, **k):
        raise OSError("磁盘已满")

    monkeypatch.setattr(across, "run_report", page)
    monkeypatch.setattr(across, "write_district_xlsx", broken)
    result = across.write_across("district", district, tmp_path)
    assert len(result.failures) == 1 and "辖区考核汇总" in result.failures[0]
    assert [p.name for p in tmp_path.iterdir()] == ["district_review.html"]


def test_an_output_that_is_a_file_is_a_message(district, tmp_path):
    target = tmp_path / "汇总"
    target.write_text("", encoding="utf-8")
    with pytest.raises(FolderError, match="输出位置不是文件夹"):
        across.write_across("district", district, target)


def test_a_district_report_stops_at_once_below_the_memory_a_kernel_needs(monkeypatch, tmp_path):
    import gutang_analysis.build as build_module
    from gutang_analysis.across import write_across
    from gutang_analysis.errors import BuildError

    monkeypatch.setattr(build_module, "address_space_limit", lambda: 900_000_000)
    with pytest.raises(BuildError, match="可用内存上限太低"):
        write_across("district", None, tmp_path / "out")
    assert not (tmp_path / "out").exists()
