"""The ``participation`` command line: a thin click layer over the library.

Commands come from the ``register_commands`` hook, the core's own too
(``participation.cli.core``). Library errors become one readable message and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import tzinfo
from functools import cached_property
from typing import Any

import click
import pluggy

from participation.__about__ import __version__
from participation.errors import ParticipationError
from participation.moments import parse_moment

__all__ = ["AppContext", "ParticipationGroup", "TimeZoneParam", "build_cli", "echo_json", "main",
           "parse_moment"]


class TimeZoneParam(click.ParamType):  # type: ignore[type-arg]
    """An IANA time zone name (``Europe/Sofia``, ``UTC``) as a :class:`zoneinfo.ZoneInfo`.

    >>> TimeZoneParam().convert("Europe/Sofia", None, None)
    zoneinfo.ZoneInfo(key='Europe/Sofia')
    """

    name = "zone"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tzinfo:
        if isinstance(value, tzinfo):
            return value
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            self.fail(f"{value!r} is not an IANA time zone (for example Europe/Sofia or UTC)",
                      param, ctx)


def echo_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (every ``--json`` option uses this)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


class AppContext:
    """What commands share: the plugin manager, and the registry and serializer made
    from it on first use."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    @cached_property
    def registry(self) -> Any:
        """The :class:`~participation.registry.Registry` of the loaded plugins."""
        from participation.registry import Registry

        return Registry.from_plugin_manager(self.pm)

    @cached_property
    def serializer(self) -> Any:
        """A :class:`~participation.serialization.Serializer` configured by the plugins."""
        from participation.serialization import Serializer

        return Serializer(self.pm)


class ParticipationGroup(click.Group):
    """A click group that turns :class:`ParticipationError` into a clean error message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ParticipationError as exc:
            raise click.ClickException(str(exc)) from exc
        except UnicodeDecodeError as exc:  # an input file in another encoding
            raise click.ClickException(f"an input file is not UTF-8 text (byte {exc.start}: "
                                       f"{exc.reason}); save it as UTF-8") from exc
        except sqlite3.DatabaseError as exc:  # a damaged store file
            raise click.ClickException(f"the store cannot be read ({exc}); it may be damaged: "
                                       "restore it from a backup") from exc
        except OverflowError as exc:  # date arithmetic beyond year 9999
            raise click.ClickException(f"a date is outside the supported range ({exc})") from exc
        except OSError as exc:  # a file that cannot be read or written, a full disk
            where = f"{exc.filename}: " if exc.filename is not None else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc


def build_cli(pm: pluggy.PluginManager | None = None) -> click.Group:
    """The command-line group with every plugin's commands added.

    :param pm: the plugin manager (default: built-ins and installed plugins).
    """
    if pm is None:
        from participation.plugins import get_plugin_manager

        pm = get_plugin_manager()
    manager = pm

    @click.group(cls=ParticipationGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="participation")
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        """Civic participation in public administration: feedback channels, policy
        cycles, evaluation and EU good practices."""
        ctx.obj = AppContext(manager)

    pm.hook.register_commands(cli=cli)
    return cli


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``participation`` console script."""
    try:
        cli = build_cli()
    except ParticipationError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    cli.main(args=list(argv) if argv is not None else None, prog_name="participation")
