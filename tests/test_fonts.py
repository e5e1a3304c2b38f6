"""fonts.py: the bundled Noto Sans CJK SC is registered and Chinese draws without warnings."""

from __future__ import annotations

import io
import logging
import warnings

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

from gutang_analysis.charts import use_house_style
from gutang_analysis.fonts import CJK_FONT_FILE, cjk_font_path, register_cjk_font


def test_font_file_comes_from_mplfonts():
    path = cjk_font_path()
    assert path.name == CJK_FONT_FILE
    assert path.parent.parent.name == "mplfonts"
    assert path.stat().st_size > 1_000_000


def test_register_returns_the_family_and_is_idempotent():
    assert register_cjk_font() == "Noto Sans CJK SC"
    assert register_cjk_font() == "Noto Sans CJK SC"
    found = font_manager.findfont(
        font_manager.FontProperties(family="Noto Sans CJK SC"), fallback_to_default=False
    )
    assert found == str(cjk_font_path())


def test_simhei_is_not_used():
    use_house_style()
    assert "SimHei" not in matplotlib.rcParams["font.family"]
    assert matplotlib.rcParams["font.family"][0] == "Noto Sans CJK SC"


def test_chinese_draws_without_any_warning(caplog):
    use_house_style()
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.set_title("中文标题：年度目标完成情况")
    ax.set_xlabel("完成程度（目标线 = 100%）")
    ax.bar(["超额完成", "部分完成"], [1, -2])
    with caplog.at_level(logging.WARNING, logger="matplotlib"), warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
    assert caplog.records == []
