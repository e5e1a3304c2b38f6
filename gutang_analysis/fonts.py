"""Registering the bundled CJK font with matplotlib.

A fresh Linux machine has no Chinese system fonts, so charts would show empty boxes. The
``mplfonts`` package ships Noto Sans CJK SC (SIL Open Font License) as an ``.otf`` file; this
module registers that one file with matplotlib's font manager, in memory. It does not run
``mplfonts``' own set-up (which edits site-packages) and does not use its SimHei.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from .errors import GutangError, Problem

__all__ = ["CJK_FONT_FILE", "cjk_font_path", "register_cjk_font", "use_chinese_font"]

#: The file inside the ``mplfonts`` package that holds Noto Sans CJK SC.
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    """Return the path of Noto Sans CJK SC inside the installed ``mplfonts`` package.

    The package is located without importing it, so nothing in it runs.

    Returns
    -------
    pathlib.Path
        The ``.otf`` file.

    Raises
    ------
    GutangError
        When ``mplfonts`` is not installed or the font file is missing.

    Examples
    --------
    >>> cjk_font_path().name
    'NotoSansCJKsc-Regular.otf'
    """
    spec = importlib.util.find_spec("mplfonts")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / "fonts" / CJK_FONT_FILE
        if candidate.is_file():
            return candidate
    raise GutangError(
        "找不到图表所需的中文字体",
        [
            Problem(
                "mplfonts",
                None,
                "fonts",
                CJK_FONT_FILE if locations else None,
                "已安装的 mplfonts 软件包中的 Noto Sans CJK SC 字体文件（请重新运行 make venv）",
            )
        ],
    )


@cache
def register_cjk_font() -> str:
    """Register Noto Sans CJK SC with matplotlib and return its family name.

    Safe to call many times: the font is added once per process. The matplotlib font cache
    on disk is not touched. Apply the family through ``charts.use_house_style`` (or put the
    returned name first in ``rcParams["font.family"]``).

    Returns
    -------
    str
        The family name matplotlib knows the font by, ``"Noto Sans CJK SC"``.

    Examples
    --------
    >>> register_cjk_font()
    'Noto Sans CJK SC'
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_chinese_font() -> str:
    """Give your own matplotlib plots a Chinese font: one call at the top of a notebook.

    Registers the bundled Noto Sans CJK SC and puts it first in ``font.family`` (the
    families you had stay behind it, for any glyph it lacks), and draws the minus sign as
    a plain hyphen, which the font has. Nothing else of your settings changes; the
    package's own charts do not need this (they draw in the house style and put your
    settings back).

    Returns
    -------
    str
        The family name, ``"Noto Sans CJK SC"``.

    Examples
    --------
    >>> import matplotlib
    >>> use_chinese_font()
    'Noto Sans CJK SC'
    >>> matplotlib.rcParams["font.family"][0], matplotlib.rcParams["axes.unicode_minus"]
    ('Noto Sans CJK SC', False)
    """
    import matplotlib

    family = register_cjk_font()
    current = [f for f in matplotlib.rcParams["font.family"] if f != family]
    matplotlib.rcParams["font.family"] = [family, *current]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family
