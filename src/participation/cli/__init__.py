"""The ``participation`` command line: a thin click layer over the library.

Commands come from the ``register_commands`` hook, the core's own too
(``participation.cli.core``). Library errors become one readable message and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata
from collections.abc import Sequence
from datetime import tzinfo
from functools import cached_property
from typing import Any

import click
import pluggy

from participation.__about__ import __version__
from participation.errors import ParticipationError
from participation.moments import parse_moment
from participation.plugins import ParticipationPluginManager

__all__ = ["AppContext", "ParticipationGroup", "TimeZoneParam", "build_cli", "echo_json", "main",
           "parse_moment", "safe_lines", "safe_text"]


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


#: Unicode categories a terminal may act on: controls (ESC, CSI, BEL …), formatting
#: characters (bidirectional overrides), lone surrogates, line and paragraph separators.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def safe_text(text: object) -> str:
    """``text`` fit for a terminal: each control or formatting character (an escape
    sequence, a bidirectional override, a newline) is shown as an escape instead of
    acting on the terminal. Every command prints submission ids, names and other text
    that came from outside through this.

    >>> print(safe_text("S-1" + chr(27) + "[2J" + chr(0x202E) + "gnp.exe"))
    S-1\\x1b[2J\\u202egnp.exe
    """
    value = str(text)
    if value.isprintable():
        return value
    return "".join(_escape(ch) if _unsafe(ch) else ch for ch in value)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def safe_lines(text: str) -> str:
    """:func:`safe_text` line by line (the line breaks of a message kept)."""
    return "\n".join(safe_text(line) for line in text.split("\n"))


def echo_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (every ``--json`` option uses this), with
    control and formatting characters escaped (``\\u009b``) so the terminal never acts on
    them; the JSON means the same."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if not text.isprintable():
        text = "".join(_json_escape(ch) if ch not in "\n " and _unsafe(ch) else ch
                       for ch in text)
    click.echo(text)


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
        # a command's --help works while a plugin is broken (it runs nothing)
        ctx.meta.setdefault(HELP_ASKED, any(arg in ("--help", "-h") for arg in ctx.args))
        try:
            return super().invoke(ctx)
        except ParticipationError as exc:
            raise click.ClickException(safe_lines(str(exc))) from exc
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


#: Commands that work while a plugin is broken (so that it can be found and switched off).
ALWAYS_AVAILABLE = frozenset({"plugins"})

#: ``ctx.meta`` key: a command's ``--help`` was asked for.
HELP_ASKED = "participation.help_asked"


def disabled_in_args(args: Sequence[str]) -> list[str]:
    """The plugin names given with ``--disable-plugin`` before the command name.

    >>> disabled_in_args(["--disable-plugin", "bg", "--disable-plugin=ro", "report", "x"])
    ['bg', 'ro']
    """
    names: list[str] = []
    it = iter(args)
    for arg in it:
        if arg == "--disable-plugin":
            name = next(it, None)
            if name is not None:
                names.append(name)
        elif arg.startswith("--disable-plugin="):
            names.append(arg.partition("=")[2])
        elif not arg.startswith("-"):
            break  # the command: its own options follow
    return names


def build_cli(pm: pluggy.PluginManager | None = None) -> click.Group:
    """The command-line group with every plugin's commands added.

    A plugin that failed to load does not take the group down: ``--help`` and
    ``plugins`` still work (``plugins`` lists it as broken), and every other command
    stops with the plugin's name, its error and how to switch it off.

    :param pm: the plugin manager (default: built-ins and installed plugins, less
        those in ``PARTICIPATION_DISABLE_PLUGINS``).
    """
    if pm is None:
        from participation.plugins import get_plugin_manager

        pm = get_plugin_manager()
    manager = pm

    def disable(_ctx: click.Context, _param: click.Parameter, names: tuple[str, ...]) -> None:
        # main() already left these plugins out when it loaded them; a caller that built
        # the group itself gets them unregistered (and no longer counted as broken) here.
        for name in names:
            manager.set_blocked(name)
            if isinstance(manager, ParticipationPluginManager):
                manager.disabled.add(name)
                manager.broken.pop(name, None)

    @click.group(cls=ParticipationGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="participation")
    @click.option("--disable-plugin", "disabled", multiple=True, metavar="NAME", expose_value=False,
                  is_eager=True, callback=disable,
                  help="Switch a plugin off by its name (see `participation plugins`); repeatable. "
                       "Also PARTICIPATION_DISABLE_PLUGINS=name,other.")
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        """Civic participation in public administration: feedback channels, policy
        cycles, evaluation and EU good practices."""
        ctx.obj = AppContext(manager)
        if (ctx.invoked_subcommand not in ALWAYS_AVAILABLE and not ctx.meta.get(HELP_ASKED)
                and isinstance(manager, ParticipationPluginManager)):
            manager.raise_if_broken()

    _add_commands(pm, cli)
    return cli


def _add_commands(pm: pluggy.PluginManager, cli: click.Group) -> None:
    """Call ``register_commands`` plugin by plugin; one that raises is marked broken."""
    caller = pm.hook.register_commands
    own = [impl for impl in caller.get_hookimpls() if not (impl.wrapper or impl.hookwrapper)]
    for impl in own:
        try:
            pm.subset_hook_caller("register_commands", [i.plugin for i in own if i is not impl])(cli=cli)
        except Exception as exc:  # a plugin's own bug: name it, keep the others
            if not isinstance(pm, ParticipationPluginManager):
                raise
            from participation.plugins import BrokenPlugin

            name = pm.get_name(impl.plugin) or repr(impl.plugin)
            pm.broken[name] = BrokenPlugin(name, pm.distribution_of(name),
                                           f"register_commands raised {type(exc).__name__}: {exc}")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``participation`` console script."""
    from participation.plugins import get_plugin_manager

    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        cli = build_cli(get_plugin_manager(blocked=disabled_in_args(args)))
    except ParticipationError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    cli.main(args=args, prog_name="participation")
