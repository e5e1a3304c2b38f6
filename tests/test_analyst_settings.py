"""The analyst's own matplotlib settings and itables mode survive the package's charts
and tables; one call gives the analyst's own plots a Chinese font."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from gutang_analysis import compare, compare_chart, completion_chart, show_results
from gutang_analysis.charts import figure_html, figure_png, section_scores_chart


@pytest.fixture(scope="module")
def run(example_run):
    return example_run


@pytest.fixture
def own_settings():
    with matplotlib.rc_context():
        matplotlib.rcParams["font.family"] = ["serif"]
        matplotlib.rcParams["axes.grid"] = False
        matplotlib.rcParams["axes.titlelocation"] = "center"
        matplotlib.rcParams["axes.unicode_minus"] = True
        yield dict(matplotlib.rcParams)


def test_charts_leave_the_analysts_rcparams_as_they_were(own_settings, run):
    figs = [
        completion_chart(run.result.targets),
        section_scores_chart(run.result.sections),
        compare_chart(compare(run.midyear_result, run.result)),
    ]
    for fig in figs:
        figure_png(fig)
        figure_html(fig, "图")  # draws the phone version too
        fig._repr_mimebundle_()
    assert dict(matplotlib.rcParams) == own_settings
    # the charts themselves are in the house style all the same
    assert figs[0].axes[0].title.get_fontname() == "Noto Sans CJK SC"


def test_use_chinese_font_changes_the_font_only(own_settings):
    from gutang_analysis import use_chinese_font

    assert use_chinese_font() == "Noto Sans CJK SC"
    now = dict(matplotlib.rcParams)
    assert now["font.family"] == ["Noto Sans CJK SC", "serif"]
    changed = {k for k in now if now[k] != own_settings[k]}
    assert changed == {"font.family", "axes.unicode_minus"}


def test_interactive_tables_leave_the_itables_mode_as_it_was(monkeypatch, run):
    itables = pytest.importorskip("itables")
    from itables import javascript
    from pandas.io.formats.style import Styler

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append(a))
    before = (pd.DataFrame._repr_html_, "_repr_html_" in pd.Series.__dict__, Styler._repr_html_)
    connected = javascript._CONNECTED
    assert show_results(run, interactive=True) is None
    assert shown  # the table was displayed
    after = (pd.DataFrame._repr_html_, "_repr_html_" in pd.Series.__dict__, Styler._repr_html_)
    assert after == before and connected == javascript._CONNECTED
    # an analyst who made every frame interactive keeps it that way
    itables.init_notebook_mode(all_interactive=True, connected=False)
    try:
        mode = pd.DataFrame._repr_html_
        show_results(run, interactive=True)
        assert pd.DataFrame._repr_html_ is mode
    finally:
        itables.init_notebook_mode(all_interactive=False, connected=connected)
