"""A tiny Sphinx extension: the command-line reference, generated from ``--help``.

``.. participation-cli::`` (or the MyST ``{participation-cli}`` directive) walks every
command of ``participation`` (built-ins only, no installed plugins) and writes each
one's help text, so the reference never drifts from the code.
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


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("participation-cli", CliReference)
    return {"parallel_read_safe": True, "version": "1"}
