"""Generate the hook reference in ``docs/hooks.md`` from ``participation/hookspecs.py``,
the list of message ids in ``docs/contributions/translations.md`` and the enum members
in ``docs/contributions/vocabularies.md``.

The text between the ``<!-- hooks:start -->`` and ``<!-- hooks:end -->`` markers is
generated (the way cog keeps generated docs in the file): a plugin author reads it on
GitHub or in an editor without building the docs, and ``tests/test_hookref.py`` fails
when it is stale. Regenerate with::

    python docs/_ext/hookref.py --write
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

START, END = "<!-- hooks:start -->", "<!-- hooks:end -->"
MSGIDS_START, MSGIDS_END = "<!-- msgids:start -->", "<!-- msgids:end -->"
DOCS = Path(__file__).resolve().parents[1]
PAGE = DOCS / "hooks.md"
TRANSLATIONS_PAGE = DOCS / "contributions" / "translations.md"
VOCABULARIES_PAGE = DOCS / "contributions" / "vocabularies.md"
ENUMS_START, ENUMS_END = "<!-- enums:start -->", "<!-- enums:end -->"

#: The closed vocabularies a plugin author meets, with where each is used.
ENUMS = (
    ("participation.model:Stage", "Council of Europe stages of the policy cycle (`Activity.stage`)"),
    ("participation.model:ParticipationLevel",
     "Council of Europe levels (`Activity.level`, `ChannelType.level`)"),
    ("participation.model:Iap2Level", "IAP2 spectrum (`Activity.iap2`, practices)"),
    ("participation.model:ActivityKind", "built-in activity kinds (open: `register_activity_kinds`)"),
    ("participation.model:Mode", "where an activity happens (`Activity.mode`)"),
    ("participation.model:Medium", "how a channel reaches people (`ChannelType.medium`)"),
    ("participation.model:SubmissionKind", "what a submission is (`Submission.kind`)"),
    ("participation.model:Status", "submission lifecycle statuses"),
    ("participation.model:Outcome", "how a submission ended (`Response.outcome`)"),
    ("participation.model:GovernmentLevel", "level of an administration or practice"),
    ("participation.rules.deadlines:TermUnit", "units of a deadline term (`Term.unit`)"),
    ("participation.indicators.base:Area", "evaluation areas (`IndicatorSpec.area`)"),
    ("participation.indicators.base:Unit", "what an indicator's value is in (`IndicatorSpec.unit`)"),
    ("participation.indicators.base:Direction", "which way is better (`IndicatorSpec.direction`)"),
)

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|exc):`~?([^`]+)`")


def _plain(text: str) -> str:
    """reST roles and literals as Markdown: ``:class:`~a.B``` → `` `B` ``."""
    text = _ROLE.sub(lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", text)
    return text.replace("``", "`")


def _docstring(doc: str) -> list[str]:
    """A hook docstring as Markdown lines: paragraphs, then parameters, return, version."""
    out: list[str] = []
    field: str | None = None
    for raw in doc.splitlines():
        line = raw.strip()
        if m := re.match(r":param (\w+):\s*(.*)", line):
            field = "param"
            out.append(f"- **`{m.group(1)}`**: {_plain(m.group(2))}")
        elif m := re.match(r":return:\s*(.*)", line):
            field = "return"
            out.append(f"- **returns**: {_plain(m.group(1))}")
        elif m := re.match(r"\.\. (versionadded|versionchanged):: (\S+)", line):
            field = None
            word = "Added" if m.group(1) == "versionadded" else "Changed"
            while out and not out[-1]:
                out.pop()
            out.extend(["", f"*{word} in version {m.group(2)}.*"])
        elif field is not None and line:
            out[-1] += " " + _plain(line)
        else:
            field = None
            out.append(_plain(line))
    while out and not out[-1]:
        out.pop()
    return out


def _signature(function: object) -> str:
    """``(cli: click.Group) -> None``, the annotations as written."""
    sig = inspect.signature(function)  # type: ignore[arg-type]
    params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
    return f"({params}) -> {sig.return_annotation}"


def hooks() -> list[tuple[str, str]]:
    """``(name, banner)`` of every hook in the order of ``hookspecs.py``, with the banner
    (section) each sits under."""
    from participation import hookspecs

    source = inspect.getsource(hookspecs)
    found = []
    banner = ""
    for line in source.splitlines():
        if re.match(r"# [A-Z]", line) and not line.startswith("# --"):
            banner = line[2:].strip()
        elif (m := re.match(r"def (\w+)\(", line)) and hasattr(getattr(hookspecs, m.group(1)),
                                                                "participation_spec"):
            found.append((m.group(1), banner))
    return found


def render() -> str:
    """The generated part of the page."""
    from participation import hookspecs
    from participation.contributions import CONTRIBUTIONS

    lines = [START, ""]
    current = None
    for name, banner in hooks():
        if banner != current:
            lines += [f"## {banner}", ""]
            current = banner
        function = getattr(hookspecs, name)
        lines += [f"### `{name}`", "", "```python", "@hookimpl", f"def {name}{_signature(function)}: ...",
                  "```", ""]
        lines += _docstring(inspect.getdoc(function) or "")
        if name in CONTRIBUTIONS:
            c = CONTRIBUTIONS[name]
            what = "an object following" if c.structural else "an instance of"
            needs = f" (with {c.needs()})" if c.structural or c.methods else ""
            lines += ["", f"Checked at load: each item is {what} `{c.type_path.replace(':', '.')}`{needs}; "
                      f"its `{c.key_attr}` is unique across plugins. Reference: "
                      f"[{c.kind}](contributions/{c.field}.md)."]
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def render_msgids() -> str:
    """The table of every message id the core translates, with its English text."""
    from participation import Registry

    english = Registry.default(load_entrypoints=False).translations["en"]
    lines = [MSGIDS_START, "", "| message id | English |", "|---|---|"]
    for msgid in sorted(english):
        text = english[msgid].replace("|", "\\|").replace("\n", " ")
        if len(text) > 90:
            text = text[:87].rstrip() + "…"
        lines.append(f"| `{msgid}` | {text} |")
    lines += ["", MSGIDS_END]
    return "\n".join(lines)


def render_enums() -> str:
    """Every member of the vocabularies a plugin uses, as Markdown."""
    import importlib

    lines = [ENUMS_START, ""]
    for path, what in ENUMS:
        module, _, name = path.partition(":")
        enum_class = getattr(importlib.import_module(module), name)
        members = ", ".join(f"`{m.name}` (`{m.value}`)" for m in enum_class)
        lines += [f"- **`{module}.{name}`** — {what}: {members}", ""]
    lines.append(ENUMS_END)
    return "\n".join(lines)


def _generated() -> list[tuple[Path, str, str, str]]:
    return [(PAGE, render(), START, END),
            (TRANSLATIONS_PAGE, render_msgids(), MSGIDS_START, MSGIDS_END),
            (VOCABULARIES_PAGE, render_enums(), ENUMS_START, ENUMS_END)]


def page_with(generated: str, page: str, start: str = START, end: str = END) -> str:
    """``page`` with its generated part (between ``start`` and ``end``) replaced."""
    head, _, rest = page.partition(start)
    _, _, tail = rest.partition(end)
    return head + generated + tail


def stale() -> list[Path]:
    """The generated pages whose text is not what the sources make now."""
    out = []
    for path, generated, start, end in _generated():
        page = path.read_text(encoding="utf-8")
        if page_with(generated, page, start, end) != page:
            out.append(path)
    return out


def main(argv: list[str]) -> int:
    """``--write`` regenerates the pages; without it, exit 1 when one is stale."""
    if "--write" not in argv:
        return 1 if stale() else 0
    for path, generated, start, end in _generated():
        page = path.read_text(encoding="utf-8")
        path.write_text(page_with(generated, page, start, end), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
