"""The researcher's tutorial runs: every ```python block, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _blocks(name: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_tutorial_code_runs(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = _blocks("catalogue-tutorial.md")
    assert len(blocks) >= 8
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "catalogue-tutorial.md", "exec"), namespace)
    assert "countries" in capsys.readouterr().out


def test_reference_page_example_runs() -> None:
    blocks = _blocks("catalogue.md")
    assert blocks
    for block in blocks:
        exec(compile(block, "catalogue.md", "exec"), {})
