"""Helpers for testing an importer: convert a file and check that what was written is
valid input for ``participation validate``, ``report --data`` and ``import``.

Example (in a plugin's tests)::

    from participation.testing.importing import check_folder, convert

    def test_my_format(tmp_path):
        report, folder = convert("export.csv", tmp_path, fmt="my-format")
        assert (report.converted, report.rejected) == (10, 1)
        check_folder(folder)
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import Any

from participation.files import utf8_lines
from participation.importers.convert import ConvertReport, convert_file
from participation.registry import Registry
from participation.serialization import Serializer
from participation.surveys import Survey, SurveyResponse, validate_response
from participation.validation import check_references

__all__ = ["REALDATA", "check_folder", "convert", "realdata"]

#: The folder of shared real data files beside the repository checkout.
REALDATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "realdata"


def realdata(relative: str) -> Path:
    """A real data file beside the checkout; the test is skipped when it is absent."""
    import pytest

    path = REALDATA / relative
    if not path.is_file():
        pytest.skip(f"real data file {relative} is not here ({REALDATA})")
    return path


def convert(path: str | Path, tmp_path: Path, *, fmt: str | None = None,
            timezone: tzinfo | None = None, options: dict[str, str] | None = None,
            registry: Registry | None = None) -> tuple[ConvertReport, Path]:
    """Convert ``path`` into ``tmp_path / "out"`` with the installed plugins."""
    registry = registry or Registry.default()
    out = tmp_path / "out"
    report = convert_file(path, out, registry, Serializer(), fmt=fmt, timezone=timezone,
                          options=options)
    return report, out


def check_folder(folder: Path, registry: Registry | None = None) -> dict[str, int]:
    """Read back every document of a converted folder as ``validate`` would, assert that
    every one loads and passes the reference checks (survey responses against the
    surveys in the folder), then import the folder into a fresh store with
    :func:`~participation.importers.run.import_folder` (what ``participation import``
    does) and assert that every record went in. Returns the documents per file."""
    registry = registry or Registry.default()
    serializer = Serializer()
    surveys: dict[str, Survey] = {}
    counts: dict[str, int] = {}
    names = sorted(p.name for p in folder.glob("*.jsonl") if p.name != "rejects.jsonl")
    names.sort(key=lambda n: n != "surveys.jsonl")  # surveys first
    for name in names:
        with (folder / name).open("rb") as fh:
            results = list(serializer.iter_jsonl(utf8_lines(fh, folder / name)))
        for result in results:
            assert result.ok, f"{name}:{result.line}: {result.problems}"
            value: Any = result.value
            if isinstance(value, Survey):
                surveys[value.key] = value
                continue
            if isinstance(value, SurveyResponse) and value.survey in surveys:
                problems = validate_response(surveys[value.survey], value, registry.question_types)
            else:
                problems = check_references(value, registry)
            assert not problems, f"{name}:{result.line}: {problems}"
        counts[name] = len(results)
    _import(folder, registry, sum(counts.values()))
    return counts


def _import(folder: Path, registry: Registry, expected: int) -> None:
    """Import ``folder`` into a fresh in-memory store: every record added, none rejected."""
    import tempfile

    from participation.importers.run import import_folder
    from participation.store import SqliteStore

    with tempfile.TemporaryDirectory() as scratch:
        store = SqliteStore(":memory:", create=True)
        try:
            report = import_folder(folder, store, registry, Serializer(),
                                   rejects=Path(scratch) / "rejects.jsonl")
        finally:
            store.close()
    assert (report.rejected, report.inserted) == (0, expected), report
