"""manifest.py: the list of reports, validated on load with every problem at once."""

from __future__ import annotations

import pytest

from gutang_analysis.errors import BuildError
from gutang_analysis.manifest import load_manifest


def test_repeated_names_and_missing_notebooks_are_all_listed(tmp_path):
    (tmp_path / "a.ipynb").write_text("{}", encoding="utf-8")
    listing = tmp_path / "reports.yaml"
    listing.write_text(
        "format_version: 1\n"
        "reports:\n"
        "  - {name: annual_review, notebook: a.ipynb, title: 甲, needs: [outcomes]}\n"
        "  - {name: annual_review, notebook: 没有.ipynb, title: 乙, needs: [outcomes]}\n"
        "across_plans:\n"
        "  - {name: annual_review, notebook: 也没有.ipynb, title: 丙, command: district}\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as caught:
        load_manifest(listing, notebooks_dir=tmp_path)
    said = "\n".join(str(p) for p in caught.value.problems)
    assert said.count("不重复的报告名") == 2
    assert "没有.ipynb" in said and "也没有.ipynb" in said
