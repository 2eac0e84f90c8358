"""Hostile text from data stays inert in every report format."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from participation import Administration, GovernmentLevel, Period, Registry, Submission, SubmissionKind
from participation.builtins.exporters import write_measurements_csv
from participation.evaluation import InMemorySource, assess
from participation.i18n import Translations
from participation.plugins import hookimpl
from participation.report import build_report
from participation.report.html import render_html
from participation.report.markdown import render_markdown

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> | [link](http://evil) =cmd|"/c calc"!A1'


def _report(registry: Registry) -> dict[str, object]:
    admin = Administration(EVIL, "BG", GovernmentLevel.REGIONAL, 1000)
    s = Submission("S-1", "web_form", SubmissionKind.PROPOSAL,
                   datetime(2025, 2, 3, 10, tzinfo=UTC), EVIL, text=EVIL)
    a = assess(admin, Period.parse("2025"), InMemorySource([s]), registry)
    return build_report(a, registry)


def test_html_escapes_everything(register_plugin, registry_factory) -> None:  # type: ignore[no-untyped-def]
    class EvilLabels:
        @hookimpl
        def register_translations(self) -> list[Translations]:
            return [Translations("xx", {"report.title": EVIL})]

    register_plugin(EvilLabels())
    registry = registry_factory()
    report = _report(registry)
    report["labels"]["title"] = EVIL  # type: ignore[index]
    report["title"] = EVIL
    html = render_html(report)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'onerror=alert' not in html.replace("onerror=alert(1)&gt;", "")


def test_markdown_escapes_markup() -> None:
    report = _report(Registry.default(load_entrypoints=False))
    md = render_markdown(report)
    assert "<script>" not in md and "[link](" not in md
    assert r"\<script\>" in md


def test_csv_neutralises_formulas() -> None:
    report = _report(Registry.default(load_entrypoints=False))
    report["measurements"][0]["label"] = "=HYPERLINK(\"http://evil\")"  # type: ignore[index]
    buf = io.StringIO()
    write_measurements_csv(report, buf)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[1][2].startswith("'=")


def test_hook_register_exporters(register_plugin, registry_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from participation.exporters import Exporter, write_report

    def write_txt(report, stream) -> None:  # type: ignore[no-untyped-def]
        stream.write(f"{report['period']}: {len(report['measurements'])} indicators\n")

    class Txt:
        @hookimpl
        def register_exporters(self) -> list[Exporter]:
            return [Exporter("txt", "report.txt", "text/plain", "One line.", write_txt)]

    register_plugin(Txt())
    registry = registry_factory()
    report = _report(registry)
    written = write_report(report, registry.exporters.values(), tmp_path)
    assert tmp_path / "report.txt" in written
    assert (tmp_path / "report.txt").read_text() == f"2025: {len(report['measurements'])} indicators\n"
    assert {"json", "markdown", "html", "csv"} <= set(registry.exporters)


def test_the_report_files_are_written_all_or_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from participation.exporters import Exporter, write_report

    def good(report, stream) -> None:  # type: ignore[no-untyped-def]
        stream.write("new\n")

    def broken(report, stream) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    (tmp_path / "a.txt").write_text("old\n")
    exporters = [Exporter("a", "a.txt", "text/plain", "A.", good),
                 Exporter("b", "b.txt", "text/plain", "B.", broken)]
    import pytest

    with pytest.raises(RuntimeError, match="disk full"):
        write_report({}, exporters, tmp_path)
    assert (tmp_path / "a.txt").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
