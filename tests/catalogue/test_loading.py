"""Loading: file/field errors, extra files, collisions naming both origins, the hook."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation import hookimpl
from participation.catalogue import Catalogue, Practice
from participation.catalogue.loading import load_file
from participation.errors import DuplicateKeyError, InvalidDocumentError

from .conftest import MINIMAL, write_practice


class ExtraPractices:
    @hookimpl
    def register_practices(self) -> list[Practice]:
        return [Practice(id="zz-plugin", name="From a plugin", country="SE",
                         sources=("https://example.org/p",))]


def test_hook_register_practices(register_plugin, registry_factory) -> None:  # type: ignore[no-untyped-def]
    register_plugin(ExtraPractices(), name="extra-practices")
    registry = registry_factory()
    assert "zz-plugin" in registry.practices
    assert "bg-strategy-bg" in registry.practices  # the built-in data, through the same hook
    cat = Catalogue.load(registry)
    assert cat.get("zz-plugin").country == "SE"
    assert cat.origin("zz-plugin") == "plugin extra-practices"
    assert cat.origin("bg-strategy-bg").startswith("participation/catalogue/data/bg.toml")


def test_duplicate_ids_between_plugins_name_both(register_plugin, registry_factory) -> None:  # type: ignore[no-untyped-def]
    class Clash:
        @hookimpl
        def register_practices(self) -> list[Practice]:
            return [Practice(id="bg-strategy-bg", name="Again", country="BG",
                             sources=("https://example.org/p",))]

    register_plugin(Clash(), name="clashing-plugin")
    with pytest.raises(DuplicateKeyError) as info:
        registry_factory()
    assert "participation.builtins.practices" in str(info.value)
    assert "clashing-plugin" in str(info.value)


def test_user_file_loads_with_extra(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_practice(tmp_path)
    cat = Catalogue.load(registry, extra=[path])
    assert cat.get("zz-test").name == "Test practice"
    assert cat.origin("zz-test") == str(path)


def test_user_file_colliding_with_bundled_names_both_files(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_practice(tmp_path, id="bg-strategy-bg")
    with pytest.raises(DuplicateKeyError) as info:
        Catalogue.load(registry, extra=[path])
    message = str(info.value)
    assert "participation/catalogue/data/bg.toml" in message
    assert str(path) in message


def test_two_user_files_colliding_name_both(registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = write_practice(tmp_path, "a.toml")
    second = write_practice(tmp_path, "b.toml")
    with pytest.raises(DuplicateKeyError, match=r"a\.toml.*b\.toml"):
        Catalogue.load(registry, extra=[first, second])


@pytest.mark.parametrize(("old", "new", "where"), [
    ('country = "BG"', 'country = "XX"', "practice[0] (id 'zz-test').country"),
    ('stages = ["agenda_setting"]', 'stages = ["voting"]', "practice[0] (id 'zz-test').stages"),
    ('start_year = 2020', 'start_year = 1066', "practice[0] (id 'zz-test').start_year"),
    ('sources = ["https://example.org/x"]', 'sources = ["ftp://example.org/x"]',
     "practice[0] (id 'zz-test').sources[0]"),
    ('iap2 = "consult"', 'iap2 = "inform"\nvibe = "good"', "practice[0] (id 'zz-test').vibe"),
    ('type = "participatory_budget"', 'type = "raffle"', "practice[0] (id 'zz-test').type"),
    ('methods = ["participatory_budgeting"]', 'methods = []', "practice[0] (id 'zz-test').methods"),
])
def test_bad_values_name_file_practice_and_field(tmp_path: Path, old: str, new: str,
                                                 where: str) -> None:
    body = MINIMAL.format(id="zz-test", country="BG").replace(old, new)
    path = write_practice(tmp_path, body=body)
    with pytest.raises(InvalidDocumentError) as info:
        load_file(path)
    assert f"{path}: {where}" in str(info.value)


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path) -> None:
    body = MINIMAL.format(id="zz-test", country="XX") + MINIMAL.format(id="Bad Id", country="BG")
    with pytest.raises(InvalidDocumentError) as info:
        load_file(write_practice(tmp_path, body=body))
    paths = [p.path for p in info.value.problems]
    assert any(p.endswith(".country") for p in paths)
    assert any(p.startswith("practice[1]") and p.endswith(".id") for p in paths)


def test_not_toml_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocumentError, match="not TOML"):
        load_file(write_practice(tmp_path, body="[[practice]\nid ="))


def test_end_year_before_start_year_is_refused(tmp_path: Path) -> None:
    body = MINIMAL.format(id="zz-test", country="BG").replace(
        "start_year = 2020", "start_year = 2020\nend_year = 2019")
    with pytest.raises(InvalidDocumentError, match="end_year: 2019 is before"):
        load_file(write_practice(tmp_path, body=body))


def test_a_plugin_returning_junk_is_named(register_plugin, registry_factory) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from participation.errors import PluginError

    class Junk:
        @hookimpl
        def register_practices(self) -> list[object]:
            return [SimpleNamespace(id="zz-not-a-practice")]

    register_plugin(Junk(), name="junk-plugin")
    with pytest.raises(PluginError, match=r"'junk-plugin'.*returned a SimpleNamespace; expected a Practice"):
        Catalogue.load(registry_factory())


@pytest.mark.parametrize(("name", "body", "line"), [
    ("mine.toml", b'[[practice]]\nid = "zz"\nname = "Caf\xe9"\n', 3),
    ("mine.json", b'[{"id": "zz",\n "name": "Caf\xe9"}]', 2),
    ("mine.jsonl", b'{"id": "zz"}\n{"id": "Caf\xe9"}\n', 2),
])
def test_a_file_that_is_not_utf8_is_a_clean_error(tmp_path: Path, name: str, body: bytes,
                                                   line: int) -> None:
    path = tmp_path / name
    path.write_bytes(body)
    with pytest.raises(InvalidDocumentError) as info:
        load_file(path, complete=False)
    problem, = info.value.problems
    assert (problem.source, problem.line) == (str(path), line)
    assert "not UTF-8 text" in problem.message
