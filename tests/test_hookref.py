"""The hook reference and the message-id list are generated text, kept fresh; every
contribution hook has a reference page whose example runs."""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import pytest

from participation import hookspecs
from participation.contributions import CONTRIBUTIONS

DOCS = Path(__file__).resolve().parents[1] / "docs"
sys.path.insert(0, str(DOCS / "_ext"))

import hookref  # noqa: E402 - docs/_ext is not a package


def test_generated_pages_are_fresh() -> None:
    assert hookref.stale() == [], "run: python docs/_ext/hookref.py --write"


def test_every_hook_is_in_the_text_reference() -> None:
    page = (DOCS / "hooks.md").read_text(encoding="utf-8")
    hooks = [n for n in dir(hookspecs) if hasattr(getattr(hookspecs, n), "participation_spec")]
    for name in hooks:
        assert f"### `{name}`" in page
    assert "def submission_transitioned(submission: Submission, event: Event, previous: Status, " \
           "registry: Registry) -> None" in page


def test_every_enum_member_is_listed() -> None:
    from participation.model import ActivityKind, Medium

    page = (DOCS / "contributions" / "vocabularies.md").read_text(encoding="utf-8")
    for member in [*Medium, *ActivityKind]:
        assert f"`{member.name}` (`{member.value}`)" in page


def test_a_stale_page_is_caught(tmp_path: Path) -> None:
    page = (DOCS / "hooks.md").read_text(encoding="utf-8")
    edited = page.replace("### `register_calendars`", "### `register_calendar`")
    assert hookref.page_with(hookref.render(), edited) != edited
    assert hookref.page_with(hookref.render(), page) == page


@pytest.mark.parametrize("hook", sorted(CONTRIBUTIONS))
def test_every_contribution_has_a_reference_page_with_a_working_example(hook: str) -> None:
    contribution = CONTRIBUTIONS[hook]
    page = DOCS / "contributions" / f"{contribution.field}.md"
    text = page.read_text(encoding="utf-8")
    assert f"`{hook}`" in text and "Checked at load" in " ".join(text.split())
    assert "@hookimpl" in text and "Registry.default(load_entrypoints=False, plugins=[" in text
    failures, tried = doctest.testfile(str(page), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0
