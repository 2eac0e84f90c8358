"""Core commands: ``plugins``, ``channels``, ``validate``."""

from __future__ import annotations

import click

from participation.cli import AppContext, echo_json
from participation.plugins import hookimpl


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def plugins_command(app: AppContext, as_json: bool) -> None:
    """List the loaded plugins: name, version and the hooks each implements."""
    infos = app.registry.plugins
    if as_json:
        echo_json([{"name": i.name, "version": i.version, "builtin": i.builtin,
                    "hooks": list(i.hooks)} for i in infos])
        return
    for i in infos:
        kind = "built-in" if i.builtin else "plugin"
        click.echo(f"{i.name} {i.version or '?'} ({kind}): {', '.join(i.hooks)}")


@click.command("channels")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--lang", default="en", show_default=True, help="Language of the labels.")
@click.pass_obj
def channels_command(app: AppContext, as_json: bool, lang: str) -> None:
    """List the channel types: key, label, medium, anonymity and deadline rule."""
    reg = app.registry
    rows = [{"key": c.key, "label": reg.channel_label(c.key, lang), "medium": c.medium.value,
             "anonymous": c.anonymous, "deadline_rule": c.deadline_rule, "level": c.level.value}
            for c in reg.channel_types.values()]
    if as_json:
        echo_json(rows)
        return
    width = max(len(r["key"]) for r in rows) if rows else 0
    for r in rows:
        anon = " anonymous" if r["anonymous"] else ""
        rule = r["deadline_rule"] or "no answer owed"
        click.echo(f"{r['key']:<{width}}  {r['label']} [{r['medium']}{anon}; {rule}]")


@click.command("validate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
def validate_command(app: AppContext, file: str) -> None:
    """Check a JSON or JSON Lines FILE of tagged documents.

    Exit status 0 when every document is valid; 1 with every problem listed
    (file, line, field path and what is wrong).
    """
    from participation.validation import validate_file

    report = validate_file(file, app.serializer, app.registry)
    if report.ok:
        click.echo(f"{file}: valid ({report.documents} documents)")
        return
    for problem in report.problems:
        click.echo(str(problem), err=True)
    noun = "problem" if len(report.problems) == 1 else "problems"
    raise click.ClickException(f"{file}: {len(report.problems)} {noun} in "
                               f"{report.documents} documents")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """The core commands."""
    for command in (plugins_command, channels_command, validate_command):
        cli.add_command(command)
