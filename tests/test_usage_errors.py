"""The common API mistakes give a Chinese message (a GutangError), never a traceback."""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from gutang_analysis import charts, load_plan, score
from gutang_analysis._ipython import install
from gutang_analysis.errors import GutangError, PlanError, UsageError
from gutang_analysis.tables import readable_targets


@pytest.fixture(scope="module")
def run(example_run):
    return example_run


def test_bad_missing_option_names_the_allowed_values(run):
    with pytest.raises(UsageError) as err:
        score(run.plan, run.outcomes, missing="zero")
    text = str(err.value)
    assert "zero" in text and "exclude" in text and "not_met" in text


def test_swapped_arguments_are_detected(run):
    with pytest.raises(UsageError, match="顺序颠倒"):
        score(run.outcomes, run.plan)


def test_a_run_or_a_path_is_not_a_plan_or_outcomes(run):
    with pytest.raises(UsageError, match=r"run\.result"):
        score(run, run.outcomes)
    with pytest.raises(UsageError, match="load_outcomes") as err:
        score(run.plan, "outcomes/2022.csv")
    assert "'outcomes/2022.csv'" in str(err.value)


def test_unknown_target_id_suggests_the_closest(run):
    with pytest.raises(UsageError) as err:
        run.plan.target("econ-fdi")
    assert "econ-fdi-utilised" in str(err.value)
    assert isinstance(err.value, KeyError)  # what callers caught before


def test_wrong_table_for_a_chart_says_which_it_expects(run):
    with pytest.raises(UsageError) as err:
        charts.completion_chart(run.result.sections)
    text = str(err.value)
    assert "completion_chart" in text and "result.targets" in text and "板块得分表" in text
    with pytest.raises(UsageError, match=r"result\.sections"):
        charts.section_scores_chart(run.result.targets)


def test_a_result_stands_for_the_table_a_chart_draws(run):
    fig = charts.section_scores_chart(run.result)
    assert fig.axes[0].get_xlabel() == "得分"


def test_wrong_file_type_for_a_plan_is_short(tmp_path):
    big = tmp_path / ("名字" * 20 + ".csv")
    big.write_text("a,b\n" + "x" * 100_000, encoding="utf-8")
    with pytest.raises(PlanError) as err:
        load_plan(big)
    text = str(err.value)
    assert "CSV" in text and "load_outcomes" in text
    assert "xxxxxxxxxx" not in text
    assert len(text) < 300


def test_unknown_column_is_an_error_with_the_close_one(run):
    with pytest.raises(UsageError) as err:
        readable_targets(run.result.targets, ["titel"])
    assert "titel" in str(err.value) and "title" in str(err.value)


def test_long_values_are_capped_in_messages(run):
    with pytest.raises(UsageError) as err:
        run.plan.target("x" * 5000)
    assert len(str(err.value)) < 400


def test_ipython_shows_the_message_without_a_traceback(run, capsys):
    shell = InteractiveShell.instance()
    install(shell)
    result = shell.run_cell("from gutang_analysis import examples\nexamples.folder('nope')")
    assert isinstance(result.error_in_exec, GutangError)
    out = capsys.readouterr()
    shown = out.out + out.err
    assert "没有这个示例" in shown and "Traceback" not in shown
