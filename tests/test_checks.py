"""checks.py: gaps a file leaves that are not mistakes, worded for what the file is."""

from __future__ import annotations

import shutil

from gutang_analysis import paths
from gutang_analysis.checks import gaps
from gutang_analysis.outcomes import load_outcomes
from gutang_analysis.plan import load_plan
from gutang_analysis.template import write_template


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


def test_every_kind_of_gap_on_one_frame_in_plan_order():
    """The gaps of a frame with each kind, as check prints them (a regression net for the
    column-wise rewrite used on plans of 100,000 targets)."""
    plan = load_plan()
    frame = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    kind = dict(zip(plan.targets["target_id"], plan.targets["kind"], strict=True))
    frame = frame.iloc[2:].reset_index(drop=True)  # two targets without a row
    rated = [i for i, t in enumerate(frame["target_id"]) if kind[t] == "qualitative"][:3]
    frame.loc[rated, "evidence"] = None  # ratings without 证明材料
    frame.loc[[5, 6], ["actual", "actual_text"]] = None  # rows left empty
    frame.loc[frame["cause"].notna().idxmax(), "remedy"] = None
    found = [(g.heading, [t.split("（")[0] for t in g.targets]) for g in gaps(frame, plan)]
    assert found == [
        (
            "计划中有 2 项指标在文件中没有对应行，将按未报送处理",
            ["econ-stable-growth", "econ-risk-prevention"],
        ),
        (
            "5 项指标有行但未填写完成值，将按未报送处理",
            [
                "econ-low-scattered-rectification",
                "econ-innovation-system",
                "econ-national-little-giant",
                "dig-smart-safety-platforms",
                "conduct-catch-up-mechanism",
            ],
        ),
        (
            "1 项排名类指标填了名次但没有填参比单位数，且计划未给出名次要求，将无法评估",
            ["econ-investment-rank"],
        ),
        (
            "24 项指标未完全完成但未填写偏差原因或改进措施，自评表和自评报告中将标为“待补充”",
            [
                "econ-old-zone-upgrade",
                "econ-per-mu-reform",
                "econ-producer-services",
                "econ-green-retrofit",
                "dev-future-community-facilities",
                "dev-illegal-construction",
                "dig-smart-scenes",
                "dig-smart-urban-management",
                "dig-self-service-terminals",
                "dig-digital-grid",
                "env-enforcement",
                "env-waste-upgrade",
                "env-four-colour-ranking",
                "env-clean-action",
                "live-double-reduction",
                "live-social-assistance",
                "live-social-work-station",
                "live-annual-projects",
                "live-community-brands",
                "conduct-political-discipline",
                "conduct-enforcement-reform",
                "conduct-business-environment",
                "conduct-cadre-training",
                "conduct-four-winds",
            ],
        ),
        (
            "3 项定性评价未填写证明材料，评分时将按规则封顶",
            ["econ-old-zone-upgrade", "econ-per-mu-reform", "econ-producer-services"],
        ),
    ]
    first = gaps(frame, plan)[0]
    assert first.targets[0] == "econ-stable-growth（辖区经济发展稳中有进、进中向好）"


def test_a_blank_template_only_lacks_its_figures(tmp_path):
    """Nothing reported: the one gap is the empty rows (the file is not scored); one row
    filled in short of its target without 偏差原因 is then named."""
    plan = load_plan()
    blank = write_template(plan, tmp_path / "2022.xlsx")
    found = gaps(blank, plan)
    assert [g.heading for g in found] == [
        f"{len(plan.targets)} 项指标有行但未填写完成值，将按未报送处理"
    ]
    frame = load_outcomes(blank, plan)
    fdi = frame.index[frame["target_id"] == "econ-fdi-utilised"][0]
    frame.loc[fdi, "actual"] = 100.0  # of 300 万美元
    found = gaps(frame, plan)
    assert found[-1].targets == ("econ-fdi-utilised（实际利用外资）",)
    assert "未填写偏差原因或改进措施" in found[-1].heading
