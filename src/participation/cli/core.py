"""Core commands: ``plugins``, ``channels``, ``validate``."""

from __future__ import annotations

import click

from participation.cli import AppContext, echo_json
from participation.plugins import hookimpl


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def plugins_command(app: AppContext, as_json: bool) -> None:
    """List the plugins: name, distribution and version, status (loaded, broken with its
    error, disabled), the hooks each implements and what it contributes.

    Works while a plugin is broken, so that it can be found and switched off with
    --disable-plugin NAME or PARTICIPATION_DISABLE_PLUGINS=NAME.
    """
    from participation.registry import describe_plugins

    infos = describe_plugins(app.pm)
    if as_json:
        echo_json([i.to_json() for i in infos])
        return
    for i in infos:
        kind = "built-in" if i.builtin else (i.distribution or "in-process")
        if i.status == "disabled":
            click.echo(f"{i.name} (disabled)")
            continue
        if i.status == "broken":
            click.echo(f"{i.name} ({kind}): BROKEN: {i.error}")
            continue
        made = "; ".join(f"{field.replace('_', ' ')}: {', '.join(keys)}"
                         for field, keys in i.contributions.items() if field != "practices")
        if "practices" in i.contributions:
            made += ("; " if made else "") + f"practices: {len(i.contributions['practices'])}"
        click.echo(f"{i.name} {i.version or '?'} ({kind}): {', '.join(i.hooks)}"
                   + (f"\n    {made}" if made else ""))
    broken = [i.name for i in infos if i.status == "broken"]
    if broken:
        click.echo(f"{len(broken)} broken: switch off with "
                   + " ".join(f"--disable-plugin {name}" for name in broken), err=True)


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
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Read a JSON Lines FILE of more than 8 MB in this many processes at once "
                   "(the same result; default: one per processor).")
@click.pass_obj
def validate_command(app: AppContext, file: str, jobs: int | None) -> None:
    """Check a JSON or JSON Lines FILE of tagged documents.

    Exit status 0 when every document is valid; 1 with every problem listed
    (file, line, field path and what is wrong).
    """
    from participation.parallel import validate_in_parts

    report = validate_in_parts(file, app.serializer, app.registry, jobs=jobs)
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
