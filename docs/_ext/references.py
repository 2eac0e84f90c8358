"""A tiny Sphinx extension: references generated from the code, so they never drift.

- ``{participation-cli}`` walks every command of ``participation`` (built-ins only,
  no installed plugins) and writes each one's ``--help``.
- ``{participation-indicators}`` lists every built-in indicator with its definition,
  formula, source and default target.
"""

from __future__ import annotations

from typing import Any

import click
from docutils import nodes
from sphinx.util.docutils import SphinxDirective


def _walk(cmd: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            out.extend(_walk(cmd.commands[name], [*path, name]))
    return out


class CliReference(SphinxDirective):
    """Emit one section per command with its ``--help`` output."""

    def run(self) -> list[nodes.Node]:
        from participation.cli import build_cli
        from participation.plugins import get_plugin_manager

        cli = build_cli(get_plugin_manager(load_entrypoints=False))
        result: list[nodes.Node] = []
        for path, cmd in _walk(cli, ["participation"]):
            name = " ".join(path)
            section = nodes.section(ids=[nodes.make_id(name)])
            section += nodes.title(text=name)
            with click.Context(cmd, info_name=name) as ctx:
                text = cmd.get_help(ctx)
            section += nodes.literal_block(text, text)
            result.append(section)
        return result


class IndicatorReference(SphinxDirective):
    """Emit one section per built-in indicator: area, unit, direction, definition,
    formula, source and default target, read from the indicators themselves."""

    def run(self) -> list[nodes.Node]:
        from participation.indicators import builtin_indicators

        result: list[nodes.Node] = []
        for spec in builtin_indicators():
            section = nodes.section(ids=[nodes.make_id(f"indicator-{spec.key}")])
            section += nodes.title(text=f"{spec.label()} ({spec.key})")
            facts = nodes.bullet_list()
            target = "none" if spec.default_target is None else f"{spec.default_target:g}"
            for name, value in (("Area", spec.area.value), ("Unit", spec.unit.value),
                                ("Better", spec.direction.value), ("Formula", spec.formula),
                                ("Default target", target), ("Source", spec.source)):
                item = nodes.list_item()
                para = nodes.paragraph()
                para += nodes.strong(text=f"{name}: ")
                para += nodes.Text(value)
                item += para
                facts += item
            section += nodes.paragraph(text=spec.definition)
            section += facts
            result.append(section)
        return result


def setup(app: Any) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("participation-cli", CliReference)
    app.add_directive("participation-indicators", IndicatorReference)
    return {"parallel_read_safe": True, "version": "1"}
