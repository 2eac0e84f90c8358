"""Plugin discovery, the registry, and the errors plugin authors meet."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pluggy
import pytest

from participation import (
    ChannelType,
    DuplicateKeyError,
    Medium,
    PluginError,
    Registry,
    get_plugin_manager,
    hookimpl,
)
from participation.i18n import Translations


def make_installed_plugin(tmp_path: Path, module_source: str, name: str = "demo_plugin") -> Path:
    """Write a module and a dist-info with a ``participation`` entry point, as pip would."""
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(module_source))
    dist = tmp_path / f"{name.replace('_', '-')}-1.2.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name.replace('_', '-')}\n"
                                   "Version: 1.2.3\n")
    (dist / "entry_points.txt").write_text(f"[participation]\n{name} = {name}\n")
    return tmp_path


GOOD = """
    from participation import ChannelType, Medium, hookimpl

    @hookimpl
    def register_channel_types():
        return [ChannelType("town_hall", {"en": "Town hall meeting"}, Medium.EVENT)]
"""

MISSPELLED = """
    from participation import hookimpl

    @hookimpl
    def register_chanel_types():
        return []
"""


def run_cli(args: list[str], pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "participation", *args], capture_output=True,
                          text=True, env=env, timeout=60, check=False)


def test_installed_plugin_is_discovered(tmp_path: Path) -> None:
    make_installed_plugin(tmp_path, GOOD)
    out = run_cli(["plugins", "--json"], tmp_path)
    assert out.returncode == 0, out.stderr
    plugins = {p["name"]: p for p in json.loads(out.stdout)}
    demo = plugins["demo_plugin"]
    assert (demo["distribution"], demo["version"], demo["status"]) == ("demo-plugin 1.2.3", "1.2.3", "loaded")
    assert demo["hooks"] == ["register_channel_types"]
    assert demo["contributions"] == {"channel_types": ["town_hall"]}
    channels = json.loads(run_cli(["channels", "--json"], tmp_path).stdout)
    assert "town_hall" in [c["key"] for c in channels]


def test_misspelled_hook_fails_naming_it(tmp_path: Path) -> None:
    make_installed_plugin(tmp_path, MISSPELLED)
    listed = run_cli(["plugins"], tmp_path)
    assert listed.returncode == 0
    assert "demo_plugin (demo-plugin 1.2.3): BROKEN:" in listed.stdout
    assert "register_chanel_types" in listed.stdout
    out = run_cli(["channels"], tmp_path)
    assert out.returncode == 1
    assert "register_chanel_types" in out.stderr
    assert "Traceback" not in out.stderr


def test_misspelled_hook_in_process() -> None:
    class Typo:
        @hookimpl
        def register_chanel_types(self) -> list[ChannelType]:
            return []

    pm = get_plugin_manager(load_entrypoints=False)
    pm.register(Typo(), name="typo")
    from participation.plugins import check

    with pytest.raises(PluginError, match="plugin 'typo' implements unknown hook 'register_chanel_types'"):
        check(pm)


def test_duplicate_key_names_both_plugins(register_plugin: object, registry_factory: object) -> None:
    class Again:
        @hookimpl
        def register_channel_types(self) -> list[ChannelType]:
            return [ChannelType("email", {"en": "Mail again"}, Medium.DIGITAL)]

    register_plugin(Again(), name="again")  # type: ignore[operator]
    with pytest.raises(DuplicateKeyError) as err:
        registry_factory()  # type: ignore[operator]
    assert err.value.origins == ("participation.builtins.channels", "again")
    assert "channel type 'email' is contributed twice" in str(err.value)


def test_duplicate_translation_names_both_plugins(register_plugin: object,
                                                  registry_factory: object) -> None:
    class Tr:
        @hookimpl
        def register_translations(self) -> list[Translations]:
            return [Translations("en", {"stage.drafting": "Writing"})]

    register_plugin(Tr(), name="tr")  # type: ignore[operator]
    with pytest.raises(DuplicateKeyError, match=r"participation\.builtins\.translations and by tr"):
        registry_factory()  # type: ignore[operator]


def test_registry_is_immutable(registry: Registry) -> None:
    with pytest.raises(TypeError):
        registry.channel_types["x"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        registry.channel_types = {}  # type: ignore[misc]


def test_blocked_plugin_is_skipped() -> None:
    pm = get_plugin_manager(load_entrypoints=False, blocked=["participation.builtins.channels"])
    assert Registry.from_plugin_manager(pm).channel_types == {}


def test_register_plugin_fixture_cleans_up(plugin_manager: pluggy.PluginManager,
                                           register_plugin: object) -> None:
    class P:
        @hookimpl
        def register_channel_types(self) -> list[ChannelType]:
            return [ChannelType("kiosk", {"en": "Kiosk"}, Medium.IN_PERSON)]

    p = register_plugin(P())  # type: ignore[operator]
    assert plugin_manager.is_registered(p)


@pytest.mark.parametrize("returned", [["web_form"], "web_form", 42])
def test_a_contribution_that_is_not_a_list_of_objects_names_the_plugin(
        register_plugin: object, registry_factory: object, returned: object) -> None:
    class Sloppy:
        @hookimpl
        def register_channel_types(self) -> object:
            return returned

    register_plugin(Sloppy(), name="sloppy")  # type: ignore[operator]
    with pytest.raises(PluginError, match="plugin 'sloppy': register_channel_types"):
        registry_factory()  # type: ignore[operator]
