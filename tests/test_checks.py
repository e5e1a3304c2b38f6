"""checks.py: gaps a file leaves that are not mistakes, worded for what the file is."""

from __future__ import annotations

import shutil

from gutang_analysis import paths
from gutang_analysis.checks import gaps
from gutang_analysis.plan import load_plan


def test_a_baseline_file_is_not_asked_for_the_year_end_rows(tmp_path):
    plan = load_plan()
    assert (
        gaps(paths.DEFAULT_BASELINE, plan) == []
    )  # the example's 2021.csv covers its 同比 targets
    base = tmp_path / "2021.csv"
    shutil.copy(paths.DEFAULT_BASELINE, base)
    direction = plan.targets.loc[plan.targets["kind"] == "direction", "target_id"].tolist()
    lines = base.read_text(encoding="utf-8-sig").splitlines()
    kept = [ln for ln in lines if not ln.startswith(f"{direction[0]},")]
    base.write_text("\n".join(kept) + "\n", encoding="utf-8")
    for period in (None, "2021"):  # check names the period of the file it reads
        (gap,) = gaps(base, plan, period=period)
        assert "同比方向目标在基期文件中没有对应行" in gap.heading and "未报送" not in gap.heading
        assert [item.split("（")[0] for item in gap.targets] == [direction[0]]
