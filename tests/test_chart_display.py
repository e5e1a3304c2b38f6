"""Charts show themselves when left as a cell's last value (no ``<Figure size …>``)."""

from __future__ import annotations

import base64

import pytest
from IPython.core.formatters import DisplayFormatter
from matplotlib.figure import Figure

from gutang_analysis import charts


@pytest.fixture(scope="module")
def run(example_run):
    return example_run


@pytest.mark.parametrize(
    "draw",
    [
        lambda r: charts.completion_chart(r.result.targets),
        lambda r: charts.status_counts_chart(r.result.targets),
        lambda r: charts.section_scores_chart(r.result.sections, overall=87.7),
        lambda r: charts.direction_chart(r.result.targets),
    ],
    ids=["completion", "status_counts", "section_scores", "direction"],
)
def test_every_chart_is_a_displayable_figure(run, draw):
    fig = draw(run)
    assert isinstance(fig, Figure) and isinstance(fig, charts.ChartFigure)
    assert fig._repr_png_()[:4] == b"\x89PNG"
    bundle = fig._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"])[:4] == b"\x89PNG"
    assert "Figure size" not in bundle["text/plain"]
    assert set(bundle) == {"image/png", "text/plain"}  # drawn once, not once per format


def test_ipython_formats_a_chart_as_an_image(run):
    fig = charts.section_scores_chart(run.result.sections)
    data, _ = DisplayFormatter().format(fig)
    assert "image/png" in data
    assert not data["text/plain"].startswith("<Figure")


def test_the_reports_way_still_works(run):
    fig = charts.completion_chart(run.result.targets)
    html = charts.figure_html(fig, "完成程度")
    assert html.count("data:image/png") == 1  # one drawing serves desktop, print and phone
