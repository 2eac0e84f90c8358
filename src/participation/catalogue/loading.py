"""Reading practices from files: the bundled TOML data, and users' TOML or JSON files.

Every problem names the file, the practice (its position and id) and the field:

.. code-block:: text

    2 problems:
      mydata.toml: practice[0] (id 'xx-demo').country: 'XX' is not an ISO 3166-1 ...
      mydata.toml: practice[0] (id 'xx-demo').stages[1]: unknown Stage 'voting'; ...

A catalogue file (TOML) holds an array of tables named ``practice``; a JSON file
holds one tagged practice document or an array of them (as written by
``participation catalogue import`` or ``export --format json``); a ``.jsonl`` file
holds one per line.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from participation.catalogue.model import Practice
from participation.errors import InvalidDocumentError, Problem
from participation.files import read_utf8, utf8_lines

if TYPE_CHECKING:  # serialization knows the Practice document type: import it lazily
    from participation.serialization import Serializer

__all__ = [
    "BUNDLED_PACKAGE",
    "bundled_entries",
    "bundled_practices",
    "completeness",
    "load_file",
    "parse_toml",
]

#: The package whose ``data/`` folder holds the bundled catalogue.
BUNDLED_PACKAGE = "participation.catalogue"

#: Fields a catalogue entry (TOML) must fill in beyond what the model requires.
REQUIRED_IN_CATALOGUE = ("level", "type", "stages", "iap2", "methods", "channels",
                         "target_groups", "description", "addresses")


def completeness(practice: Practice) -> list[Problem]:
    """What a curated catalogue entry lacks (an imported one may lack these).

    >>> p = Practice(id="x", name="X", country="BG", sources=("https://example.org",))
    >>> [q.path for q in completeness(p)][:3]
    ['level', 'type', 'stages']
    """
    problems = [Problem(name, "is required in a catalogue entry")
                for name in REQUIRED_IN_CATALOGUE if not getattr(practice, name)]
    if practice.start_year is None and not practice.dates_note:
        problems.append(Problem("start_year", "is required (or say why in dates_note)"))
    return problems


def _serializer(serializer: Serializer | None) -> Serializer:
    if serializer is not None:
        return serializer
    from participation.serialization import Serializer

    return Serializer()


def _where(index: int, data: Any) -> str:
    ident = data.get("id") if isinstance(data, dict) else None
    return f"practice[{index}]" + (f" (id {ident!r})" if isinstance(ident, str) else "")


def _structure(data: Any, index: int, source: str, serializer: Serializer,
               complete: bool) -> tuple[Practice | None, list[Problem]]:
    where = _where(index, data)
    try:
        practice = serializer.load(data, Practice)
    except InvalidDocumentError as exc:
        return None, [attrs.evolve(p, path=where + p.path[1:], source=source)
                      for p in exc.problems]
    if not complete:
        return practice, []
    return practice, [Problem(f"{where}.{p.path}", p.message, source=source)
                      for p in completeness(practice)]


def parse_toml(text: str, source: str, serializer: Serializer | None = None, *,
               complete: bool = True) -> list[Practice]:
    """The practices of a TOML catalogue file's text.

    :param source: the file name used in error messages.
    :param complete: also require what a curated entry must have (:func:`completeness`).
    :raises InvalidDocumentError: listing every problem in the file.

    >>> parse_toml('[[practice]]\\nid = "x"\\nname = "X"\\ncountry = "BG"\\n'
    ...            'sources = ["https://example.org"]', "x.toml", complete=False)[0].country
    'BG'
    """
    ser = _serializer(serializer)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidDocumentError([Problem("$", f"not TOML: {exc}", source=source)]) from None
    problems = [Problem(key, "unknown top-level key (expected [[practice]] tables)",
                        source=source) for key in data if key != "practice"]
    entries = data.get("practice", [])
    if not isinstance(entries, list):
        problems.append(Problem("practice", "must be an array of tables ([[practice]])",
                                source=source))
        entries = []
    practices = []
    for index, entry in enumerate(entries):
        practice, found = _structure(entry, index, source, ser, complete)
        problems.extend(found)
        if practice is not None:
            practices.append(practice)
    if problems:
        raise InvalidDocumentError(problems)
    return practices


def _json_items(path: Path) -> Iterator[tuple[int, Any, list[Problem]]]:
    from participation.serialization import parse_json  # serialization imports the catalogue

    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        with path.open("rb") as fh:
            for number, raw in enumerate(utf8_lines(fh, path), start=1):
                if not raw.strip():
                    continue
                try:
                    yield number, parse_json(raw), []
                except InvalidDocumentError as exc:
                    yield number, None, [attrs.evolve(q, line=number) for q in exc.problems]
        return
    try:
        data = parse_json(read_utf8(path))
    except InvalidDocumentError as exc:
        yield 0, None, list(exc.problems)
        return
    for index, item in enumerate(data if isinstance(data, list) else [data]):
        yield index, item, []


def load_file(path: str | Path, serializer: Serializer | None = None, *,
              complete: bool | None = None) -> list[Practice]:
    """The practices in a ``.toml``, ``.json`` or ``.jsonl`` file.

    :param complete: require a curated entry's fields (default: for TOML only, since
        JSON files usually come from an import).
    :raises InvalidDocumentError: naming the file, the practice and each bad field (or
        the line where the file stops being UTF-8 text).
    :raises OSError: the file cannot be read.
    """
    p = Path(path)
    ser = _serializer(serializer)
    suffix = p.suffix.lower()
    if suffix == ".toml":
        return parse_toml(read_utf8(p), str(p), ser,
                          complete=True if complete is None else complete)
    if suffix not in {".json", ".jsonl", ".ndjson"}:
        raise InvalidDocumentError([Problem("$", "unknown file type (expected .toml, .json "
                                            "or .jsonl)", source=str(p))])
    practices: list[Practice] = []
    problems: list[Problem] = []
    jsonl = suffix != ".json"
    for index, item, found in _json_items(p):
        if found:
            problems.extend(attrs.evolve(f, source=str(p)) for f in found)
            continue
        practice, found = _structure(item, index, str(p), ser, bool(complete))
        if jsonl:
            found = [attrs.evolve(f, line=index) for f in found]
        problems.extend(found)
        if practice is not None:
            practices.append(practice)
    if problems:
        raise InvalidDocumentError(problems)
    return practices


def _bundled_files() -> Iterable[tuple[str, str]]:
    folder = resources.files(BUNDLED_PACKAGE) / "data"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            yield f"{BUNDLED_PACKAGE.replace('.', '/')}/data/{entry.name}", \
                entry.read_text(encoding="utf-8")


@functools.cache
def bundled_entries() -> tuple[tuple[Practice, str], ...]:
    """Every bundled practice with the data file it comes from (read once).

    :raises InvalidDocumentError: a bundled file is invalid (a packaging bug).
    """
    out: list[tuple[Practice, str]] = []
    problems: list[Problem] = []
    for name, text in _bundled_files():
        try:
            out.extend((p, name) for p in parse_toml(text, name))
        except InvalidDocumentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidDocumentError(problems)
    return tuple(out)


def bundled_practices() -> list[Practice]:
    """The practices shipped with the library.

    >>> len(bundled_practices()) >= 40
    True
    """
    return [practice for practice, _origin in bundled_entries()]
