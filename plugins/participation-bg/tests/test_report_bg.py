"""The demo's report in Bulgarian, read by an HTML parser: Bulgarian labels and CLDR
Bulgarian numbers (decimal comma, no-break space between thousands) on the charts,
in the tables, in the survey results and in the recommendations."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.plugins import get_plugin_manager
from participation.registry import Registry


class Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.values: list[str] = []
        self._value = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "text" and "value" in (dict(attrs).get("class") or "").split():
            self._value += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "text" and self._value:
            self._value -= 1

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())
            if self._value:
                self.values.append(data.strip())


@pytest.fixture(scope="module")
def report_bg(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Texts, str]:
    pytest.importorskip("participation_survey_satisfaction")
    out = tmp_path_factory.mktemp("demo-bg")
    cli = build_cli(get_plugin_manager())
    result = CliRunner().invoke(cli, ["demo", "--lang", "bg", "--out", str(out), "--submissions", "600"])
    assert result.exit_code == 0, result.stderr
    html = (out / "report.html").read_text(encoding="utf-8")
    page = Texts()
    page.feed(html)
    return json.loads((out / "report.json").read_text(encoding="utf-8")), page, \
        (out / "report.md").read_text(encoding="utf-8")


def test_bars_carry_bulgarian_numbers(report_bg: tuple[dict[str, Any], Texts, str]) -> None:
    report, page, _md = report_bg
    by_key = {m["indicator"]: m for m in report["measurements"]}
    on_time = by_key["answered_on_time"]
    percent = f"{100 * on_time['value']:.1f}".replace(".", ",") + "%"
    target = f"{100 * on_time['target']:.1f}".replace(".", ",") + "%"
    assert f"{percent} · цел {target}" in page.values
    days = by_key["median_days_to_answer"]
    assert any(v.startswith(f"{days['value']:.1f}".replace(".", ",") + " дни") for v in page.values)
    # no English-style figure anywhere in the values: 1.5 or 1,234
    assert not [v for v in page.values if re.search(r"\d\.\d|\d,\d{3}\b", v)]


def test_population_and_counts_are_grouped_the_bulgarian_way(
        report_bg: tuple[dict[str, Any], Texts, str]) -> None:
    _report, page, md = report_bg
    header = " ".join(page.texts[:12])
    assert "200\u00a0000" in header and "200,000" not in header
    assert "1.01.2025 г." in header and "31.12.2025 г." in header
    assert "200,000" not in md


def test_survey_options_recommendations_in_bulgarian(report_bg: tuple[dict[str, Any], Texts, str]) -> None:
    report, page, md = report_bg
    registry = Registry.default()
    satisfaction = registry.surveys["service_satisfaction"]
    for option in satisfaction.question("service_used").options:
        assert option.text("bg") in page.texts
    for option in satisfaction.question("priorities").options:
        assert option.text("bg") in page.texts
    assert "Класиране (метод на Борда)" in page.texts
    recs = report["recommendations"]
    assert recs and all(r["reason"].startswith("Засяга областта „") for r in recs)
    for r in recs:
        assert r["reason"] in page.texts
        assert r["reason"] in md.replace("\\", "")
    assert "Препоръчани практики" in page.texts
