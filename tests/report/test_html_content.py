"""The demo's HTML report read as a parser sees it: every indicator's value and target
on its bar, survey options by their label, rankings in Borda order, recommendations
with their reasons — a visual check that cannot drift from the data."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from participation.registry import Registry
from participation.report.build import format_value, labeller, number_format


class Page(HTMLParser):
    """Every text node with the tags (and their attributes) it sits in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[str, tuple[tuple[str, dict[str, str]], ...]]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag not in {"meta", "br", "line", "rect", "circle", "polyline"} or tag == "rect":
            self.stack.append((tag, attributes))
        if tag in {"meta", "br", "line", "circle", "polyline"}:
            return

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data.strip(), tuple(self.stack)))

    def within(self, tag: str, **attrs: str) -> list[str]:
        """The texts inside an element ``tag`` whose attributes contain ``attrs``."""
        return [text for text, stack in self.texts
                if any(t == tag and all(attrs[k] in a.get(k, "").split() for k in attrs)
                       for t, a in stack)]

    def section(self, heading: str) -> list[str]:
        """The texts after the <h2> ``heading`` up to the next <h2>."""
        out, inside = [], False
        for text, stack in self.texts:
            if stack and stack[-1][0] == "h2":
                inside = text == heading
                continue
            if inside:
                out.append(text)
        return out


@pytest.fixture(scope="module")
def demo(plugin_demo: Path) -> tuple[dict[str, Any], Page]:
    # the survey instruments come from the participation-survey-* plugins
    pytest.importorskip("participation_survey_civic")
    pytest.importorskip("participation_survey_satisfaction")
    report = json.loads((plugin_demo / "report.json").read_text(encoding="utf-8"))
    page = Page()
    page.feed((plugin_demo / "report.html").read_text(encoding="utf-8"))
    return report, page


def test_every_bar_carries_its_value_and_target(demo: tuple[dict[str, Any], Page]) -> None:
    report, page = demo
    t, fmt = labeller(report), number_format(report)
    written = page.within("text", **{"class": "value"})
    scored = [m for m in report["measurements"] if m["direction"] != "neutral" and m["value"] is not None]
    assert len(scored) >= 15
    for m in scored:
        expected = format_value(m["value"], m["unit"], t, fmt)
        if m["target"] is not None:
            expected += f" · target {format_value(m['target'], m['unit'], t, fmt)}"
        assert expected in written, (m["indicator"], expected)


def test_the_bar_chart_has_a_legend_and_is_described(demo: tuple[dict[str, Any], Page]) -> None:
    _report, page = demo
    chart = page.section("Each indicator against its target")
    for word in ("target met", "target not met", "no target"):
        assert word in chart
    descs = page.within("desc")
    assert any("black line marks its target" in d for d in descs)
    assert len(page.within("title")) > 20  # every chart and bar is titled for screen readers


def test_trend_charts_show_values_and_a_labelled_axis(demo: tuple[dict[str, Any], Page]) -> None:
    report, page = demo
    trends = page.section("Quarterly trends")
    share = report["trends"]["indicators"]["answered_on_time"]
    fmt = number_format(report)
    for value in share:
        assert fmt.percent(value, 0) in trends
    assert "100%" in trends and "0%" in trends  # the axis of a share


def test_survey_options_are_labels_not_keys(demo: tuple[dict[str, Any], Page]) -> None:
    report, page = demo
    registry = Registry.default()
    surveys = page.section("Surveys")
    text = "\n".join(surveys)
    assert report["surveys"]
    checked = 0
    for survey in report["surveys"]:
        definition = registry.surveys[survey["survey"]]
        for q in survey["questions"]:
            question = definition.question(q["key"])
            if q.get("counts") and question.options:
                for option in question.options:
                    assert option.text("en") in surveys, (q["key"], option.key)
                    checked += 1
            for row in question.rows:
                assert row.text("en") in surveys
    assert checked > 30
    for raw in ("web_form", "in_time", "dont_know_how", "documents_abroad", "age_18_29"):
        assert raw not in text


def test_rankings_are_in_borda_order_and_open_questions_only_counted(
        demo: tuple[dict[str, Any], Page]) -> None:
    report, page = demo
    surveys = page.section("Surveys")
    rankings = [q for s in report["surveys"] for q in s["questions"] if q.get("borda")]
    assert rankings
    for q in rankings:
        order = sorted(q["borda"], key=lambda k: (-q["borda"][k], k))
        positions = [surveys.index(q["labels"][k]) for k in order]
        assert positions == sorted(positions), q["key"]
        assert str(q["borda"][order[0]]) in surveys
    opened = [q for s in report["surveys"] for q in s["questions"] if q["type"].endswith("_text")]
    assert opened
    for q in opened:
        assert any(line.startswith(f"{q['n']} answers (texts are not shown") for line in surveys)


def test_recommendations_with_reasons_and_sources(demo: tuple[dict[str, Any], Page]) -> None:
    report, page = demo
    recs = report["recommendations"]
    assert {r["area"] for r in recs} == {a["area"] for a in report["weakest_areas"]}
    shown = [a["data-practice"] for tag, a in page.elements if tag == "li" and "data-practice" in a]
    assert shown == [r["practice"] for r in recs]
    section = page.section("Recommended practices")
    for r in recs:
        assert r["reason"] in section and r["reason"].startswith("Addresses ")
        assert r["name"] in section
    links = [a["href"] for tag, a in page.elements if tag == "a"]
    assert set(links) >= {u for r in recs for u in r["sources"]}


def test_numbers_have_one_digit_count_per_unit(demo: tuple[dict[str, Any], Page]) -> None:
    _report, page = demo
    cards = page.within("div", **{"class": "big"})
    assert cards and all(c.count(".") == 1 and len(c.split(".")[1]) == 1 for c in cards)
    meta = " ".join(page.within("header"))
    assert "200,000" in meta
