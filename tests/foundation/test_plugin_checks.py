"""Every mistake a plugin author made in the field is an error at load naming the plugin,
the hook and the fix (issue #13); a broken plugin never takes the command line down."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation import ChannelType, Medium, PluginError, Registry, hookimpl
from participation.cli import build_cli
from participation.model.policies import ActivityKindSpec
from participation.plugins import get_plugin_manager
from participation.rules import WeekendCalendar
from participation.scoring import CompositeScorer

Register = Callable[..., Any]
Factory = Callable[[], Registry]


class RoCalendar(WeekendCalendar):
    """A calendar subclass, as a plugin for Romania would write it."""


def _load_error(plugin: object, name: str = "ro") -> str:
    """The error building a registry with ``plugin`` registered under ``name``."""
    from participation.plugins import register

    pm = get_plugin_manager(load_entrypoints=False, environ={})
    register(pm, plugin, name=name)
    with pytest.raises(PluginError) as err:
        Registry.from_plugin_manager(pm)
    return str(err.value)


def test_a_class_instead_of_an_instance_is_refused_with_the_fix() -> None:
    class Ro:
        @hookimpl
        def register_calendars(self) -> list[object]:
            return [RoCalendar]

    message = _load_error(Ro())
    assert "plugin 'ro': register_calendars: item 1 (RoCalendar): returned the class RoCalendar; " \
           "return an instance: RoCalendar()" in message
    assert "--disable-plugin ro" in message


def test_a_scorer_class_is_refused_before_the_report_runs() -> None:
    class Scoring:
        @hookimpl
        def register_scorers(self) -> list[object]:
            return [CompositeScorer]

    message = _load_error(Scoring())
    assert "returned the class CompositeScorer; return an instance: CompositeScorer()" in message


def test_translations_as_a_dict_name_the_plugin_and_the_fix() -> None:
    class Tr:
        @hookimpl
        def register_translations(self) -> object:
            return {"language": "ro", "messages": {"stage.drafting": "Redactare"}}

    assert "plugin 'ro': register_translations returned a dict; return a list of Translations " \
           "objects" in _load_error(Tr())


def test_a_forgotten_return_is_an_error() -> None:
    class Forgetful:
        @hookimpl
        def register_channel_types(self) -> None:
            [ChannelType("town_hall", {"en": "Town hall"}, Medium.EVENT)]  # the mistake

    message = _load_error(Forgetful())
    assert "register_channel_types returned nothing (None); a forgotten `return`?" in message


def test_a_forgotten_hookimpl_is_an_error_naming_the_function() -> None:
    class Unmarked:
        def register_channel_types(self) -> list[ChannelType]:
            return [ChannelType("town_hall", {"en": "Town hall"}, Medium.EVENT)]

    with pytest.raises(PluginError, match=r"plugin 'Unmarked': register_channel_types is not marked as a "
                                          r"hook implementation .* decorate it with @participation.hookimpl"):
        Registry.default(load_entrypoints=False, plugins=[Unmarked()])


def test_a_method_with_the_wrong_signature_is_named() -> None:
    class BadCalendar:
        key = "xx"

        def non_working_reason(self) -> str | None:
            return None

    class Plugin:
        @hookimpl
        def register_calendars(self) -> list[object]:
            return [BadCalendar()]

    message = _load_error(Plugin())
    assert "BadCalendar.non_working_reason() cannot be called as non_working_reason(day)" in message


def test_a_malformed_key_is_named() -> None:
    class Plugin:
        @hookimpl
        def register_calendars(self) -> list[object]:
            return [WeekendCalendar.__new__(WeekendCalendar)]

    message = _load_error(Plugin())
    assert "register_calendars: item 1 (WeekendCalendar)" in message


def test_a_single_object_instead_of_a_list() -> None:
    class Plugin:
        @hookimpl
        def register_activity_kinds(self) -> object:
            return ActivityKindSpec("town_hall", {"en": "Town hall"})

    message = _load_error(Plugin())
    assert "returned a single ActivityKindSpec; return a list: [ActivityKindSpec(...)]" in message


def test_a_hook_that_raises_names_the_plugin() -> None:
    class Plugin:
        @hookimpl
        def register_exporters(self) -> list[object]:
            raise RuntimeError("no template directory")

    message = _load_error(Plugin())
    assert "plugin 'ro': register_exporters raised RuntimeError: no template directory" in message


def test_every_problem_is_listed_at_once() -> None:
    class Plugin:
        @hookimpl
        def register_calendars(self) -> list[object]:
            return [RoCalendar]

        @hookimpl
        def register_translations(self) -> object:
            return {}

    message = _load_error(Plugin())
    assert message.startswith("2 problems with plugins:")


def test_origins_are_kept_and_shown(register_plugin: Register, registry_factory: Factory) -> None:
    class Ro:
        @hookimpl
        def register_calendars(self) -> list[object]:
            return [RoCalendar(key="ro")]

    register_plugin(Ro(), name="ro")
    reg = registry_factory()
    assert str(reg.origin("calendars", "ro")) == "plugin 'ro'"
    assert reg.origin("calendars", "default").plugin == "participation.builtins.rules"
    assert reg.calendar("ro").non_working_reason(date(2025, 6, 7)) == "Saturday"


def test_a_wrapper_runs_around_each_contribution(register_plugin: Register,
                                                 registry_factory: Factory) -> None:
    class Ro:
        @hookimpl
        def register_channel_types(self) -> list[ChannelType]:
            return [ChannelType("ro.ghiseu", {"en": "Front desk"}, Medium.IN_PERSON)]

    class OnlyMine:
        """A wrapper keeping only one jurisdiction's channels (as a deployment might)."""

        @hookimpl(wrapper=True)
        def register_channel_types(self) -> Any:
            result = yield
            return [[c for c in items if c.key.startswith("ro.")] for items in result]

    register_plugin(Ro(), name="ro")
    register_plugin(OnlyMine(), name="only_mine")
    assert list(registry_factory().channel_types) == ["ro.ghiseu"]


def test_a_hook_may_grow_arguments_old_implementations_still_work() -> None:
    from participation.registry import call_each

    pm = get_plugin_manager(load_entrypoints=False, environ={})
    # pluggy passes only the arguments an implementation names: call with one more
    pm.hook.register_activity_kinds.spec.argnames = ("lang",)  # a future spec
    contributed = dict(call_each(pm, "register_activity_kinds", lang="bg"))
    assert any(len(items) == 15 for items in contributed.values())


# -- broken plugins never take the CLI down ------------------------------------------------

BROKEN = """
    import no_such_module_anywhere
"""


def make_installed_plugin(tmp_path: Path, module_source: str, name: str) -> Path:
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(module_source))
    dist = tmp_path / f"{name.replace('_', '-')}-0.3.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\nVersion: 0.3.0\n")
    (dist / "entry_points.txt").write_text(f"[participation]\n{name} = {name}\n")
    return tmp_path


def run_cli(args: list[str], pythonpath: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "participation", *args], capture_output=True, text=True,
                          env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin", **env},
                          timeout=60, check=False)


def test_a_plugin_that_cannot_be_imported(tmp_path: Path) -> None:
    make_installed_plugin(tmp_path, BROKEN, "ro_plugin")
    helped = run_cli(["--help"], tmp_path)
    assert helped.returncode == 0 and "plugins" in helped.stdout and "--disable-plugin" in helped.stdout
    command_help = run_cli(["channels", "--help"], tmp_path)
    assert command_help.returncode == 0 and "List the channel types" in command_help.stdout

    listed = run_cli(["plugins"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "ro_plugin (ro-plugin 0.3.0): BROKEN: cannot be imported: ModuleNotFoundError" in listed.stdout
    as_json = {p["name"]: p for p in json.loads(run_cli(["plugins", "--json"], tmp_path).stdout)}
    assert as_json["ro_plugin"]["status"] == "broken"
    assert "no_such_module_anywhere" in as_json["ro_plugin"]["error"]

    stopped = run_cli(["channels"], tmp_path)
    assert stopped.returncode == 1 and "Traceback" not in stopped.stderr
    assert "plugin 'ro_plugin' (from ro-plugin 0.3.0) is broken" in stopped.stderr
    assert "--disable-plugin ro_plugin" in stopped.stderr

    for switched_off in (run_cli(["--disable-plugin", "ro_plugin", "channels"], tmp_path),
                         run_cli(["channels"], tmp_path, PARTICIPATION_DISABLE_PLUGINS="ro_plugin")):
        assert switched_off.returncode == 0, switched_off.stderr
        assert "web_form" in switched_off.stdout
    disabled = json.loads(run_cli(["--disable-plugin", "ro_plugin", "plugins", "--json"], tmp_path).stdout)
    assert {"name": "ro_plugin", "status": "disabled"}.items() <= next(
        p for p in disabled if p["name"] == "ro_plugin").items()


def test_a_plugin_with_a_wrong_contribution_is_listed_and_stops_other_commands(tmp_path: Path) -> None:
    make_installed_plugin(tmp_path, """
        from participation import hookimpl
        from participation.rules import WeekendCalendar

        class RoCalendar(WeekendCalendar):
            pass

        @hookimpl
        def register_calendars():
            return [RoCalendar]
    """, "ro_cal")
    listed = run_cli(["plugins"], tmp_path)
    assert listed.returncode == 0
    assert "return an instance: RoCalendar()" in listed.stdout
    deadline = run_cli(["deadline", "generic.answer", "2025-06-02", "--jurisdiction", "ro"], tmp_path)
    assert deadline.returncode == 1 and "Traceback" not in deadline.stderr
    assert "plugin 'ro_cal' (ro-cal 0.3.0): register_calendars: item 1 (RoCalendar): returned the class " \
           "RoCalendar; return an instance: RoCalendar()" in deadline.stderr
    assert run_cli(["--disable-plugin", "ro_cal", "channels"], tmp_path).returncode == 0


def test_an_installed_module_with_a_hook_missing_hookimpl_is_named(tmp_path: Path) -> None:
    make_installed_plugin(tmp_path, """
        from participation import ChannelType, Medium

        def register_channel_types():
            return [ChannelType("town_hall", {"en": "Town hall"}, Medium.EVENT)]
    """, "unmarked")
    listed = run_cli(["plugins"], tmp_path)
    assert listed.returncode == 0
    assert "unmarked (unmarked 0.3.0): BROKEN: register_channel_types is not marked as a hook " \
           "implementation and would never be called; decorate it with @participation.hookimpl" \
           in listed.stdout


def test_two_distributions_declaring_one_entry_point_name(tmp_path: Path) -> None:
    make_installed_plugin(tmp_path, GOOD_CHANNEL, "dup_a")
    dist = tmp_path / "dup-b-0.3.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: dup-b\nVersion: 0.3.0\n")
    (dist / "entry_points.txt").write_text("[participation]\ndup_a = dup_a\n")
    listed = run_cli(["plugins", "--json"], tmp_path)
    [dup] = [p for p in json.loads(listed.stdout) if p["name"] == "dup_a" and p["status"] == "broken"]
    assert "also declared by" in dup["error"] and "uninstall one of them" in dup["error"]


GOOD_CHANNEL = """
    from participation import ChannelType, Medium, hookimpl

    @hookimpl
    def register_channel_types():
        return [ChannelType("town_hall", {"en": "Town hall"}, Medium.EVENT)]
"""


def test_disable_plugin_on_a_group_built_in_process() -> None:
    pm = get_plugin_manager(load_entrypoints=False, environ={})
    out = CliRunner().invoke(build_cli(pm), ["--disable-plugin", "participation.builtins.channels",
                                             "channels", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == []


def test_disable_from_the_environment() -> None:
    pm = get_plugin_manager(load_entrypoints=False,
                            environ={"PARTICIPATION_DISABLE_PLUGINS": "participation.builtins.channels"})
    assert Registry.from_plugin_manager(pm).channel_types == {}
    assert "participation.builtins.channels" in pm.disabled


# -- the testing kit -------------------------------------------------------------------------

class TownHall:
    @hookimpl
    def register_activity_kinds(self) -> list[ActivityKindSpec]:
        return [ActivityKindSpec("town_hall", {"en": "Town hall meeting"})]


@pytest.mark.participation_plugins(TownHall())
def test_the_registry_fixture_holds_the_tests_plugin(registry: Registry) -> None:
    assert registry.activity_kind("town_hall").label() == "Town hall meeting"
    origin = registry.origin("activity_kinds", "public_consultation")
    assert origin.plugin == "participation.builtins.activities"


def test_hook_register_activity_kinds(register_plugin: Register, registry_factory: Factory) -> None:
    register_plugin(TownHall(), name="townhall")
    registry = registry_factory()
    assert registry.activity_kind_label("town_hall") == "Town hall meeting"
    assert registry.origin("activity_kinds", "town_hall").plugin == "townhall"
    assert {"staff_training", "civic_monitoring", "media_monitoring", "printed_information"} <= set(
        registry.activity_kinds)


def test_the_kit_is_opt_in(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text("def test_x(registry):\n    pass\n")
    without = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                             capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False)
    assert "fixture 'registry' not found" in without.stdout
    with_kit = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "-p", "participation.testing", str(tmp_path)],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False)
    assert with_kit.returncode == 0, with_kit.stdout


def test_translations_of_a_language_are_listed_per_plugin(registry: Registry) -> None:
    builtin = next(p for p in registry.plugins if p.name == "participation.builtins.translations")
    assert builtin.contributions["translations"] == ("en",)
