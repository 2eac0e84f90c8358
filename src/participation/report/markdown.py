"""The Markdown report: the same content as the HTML, as plain text tables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import IO, Any

from participation.report.build import (
    format_score,
    format_value,
    labeller,
    number_format,
    question_table,
    survey_headline,
)

__all__ = ["md_escape", "render_markdown", "write_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&])")


def md_escape(value: Any) -> str:
    r"""Text that Markdown shows literally: the characters that open markup (emphasis,
    code, links, images, HTML, entities, table cells) backslash-escaped and line breaks
    folded, so data can never become a link, an image, HTML or a new table cell.

    >>> print(md_escape("<script>alert(1)</script> | [x](http://evil) *bold*"))
    \<script\>alert(1)\</script\> \| \[x\](http://evil) \*bold\*
    """
    text = " ".join(str("" if value is None else value).split())
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report document as Markdown."""
    t = labeller(report)
    fmt = number_format(report)

    admin = report["administration"]
    lines = [f"# {md_escape(report['title'])}", "",
             f"**{md_escape(admin['name'])}** · {md_escape(t('period'))} {md_escape(report['period'])} "
             f"({md_escape(fmt.date(report['period_start']))} – "
             f"{md_escape(fmt.date(report['period_end']))}) · "
             f"{md_escape(t('as_of'))} {md_escape(report['as_of'])}", "",
             f"## {md_escape(t('summary'))}", ""]
    for score in report["scores"]:
        lines.append(f"- {md_escape(score['label'])}: **{md_escape(format_score(score['value'], fmt))}**")
    lines += ["", md_escape(t("composite_note"))]
    if report["weakest_areas"]:
        lines += ["", f"### {md_escape(t('weakest_areas'))}", ""]
        for i, area in enumerate(report["weakest_areas"], start=1):
            score = format_score(area["score"], fmt)
            lines.append(f"{i}. {md_escape(area['label'])} — {md_escape(score)} / 100")
    if report.get("recommendations"):
        lines += ["", f"## {md_escape(t('recommendations'))}", "", md_escape(t("recommendations_intro"))]
        current = None
        for rec in report["recommendations"]:
            if rec["area"] != current:
                current = rec["area"]
                lines += ["", f"### {md_escape(rec['area_label'])}", ""]
            sources = ", ".join(f"<{u}>" for u in rec.get("sources", [])
                                if str(u).startswith(("https://", "http://")) and not any(
                                    c in str(u) for c in "<> \t\n"))
            lines.append(f"{rec['rank']}. **{md_escape(rec['name'])}** ({md_escape(rec['country'])}) — "
                         f"{md_escape(rec['reason'])}" + (f" {md_escape(t('sources'))}: {sources}"
                                                          if sources else ""))
        lines += ["", md_escape(t("recommend_hint"))]
    lines += ["", f"## {md_escape(t('indicators'))}"]
    current = None
    for m in report["measurements"]:
        if m["area"] != current:
            current = m["area"]
            lines += ["", f"### {md_escape(t(f'area.{current}', current))}", "",
                      f"| {md_escape(t('indicator'))} | {md_escape(t('value'))} | "
                      f"{md_escape(t('target'))} | {md_escape(t('met'))} | {md_escape(t('n'))} |",
                      "|---|---:|---:|:---:|---:|"]
        target = "–" if m["target"] is None else format_value(m["target"], m["unit"], t, fmt)
        met = "–" if m["met"] is None else (t("yes") if m["met"] else t("no"))
        value = format_value(m["value"], m["unit"], t, fmt)
        lines.append(f"| {md_escape(m['label'])} | {md_escape(value)} | "
                     f"{md_escape(target)} | {md_escape(met)} | {md_escape(fmt.number(m['n']))} |")
    lines += ["", f"## {md_escape(t('definition'))}", ""]
    for m in report["measurements"]:
        lines += [f"**{md_escape(m['label'])}** — {md_escape(m['definition'])} "
                  f"*{md_escape(t('formula'))}:* {md_escape(m['formula'])}. "
                  f"*{md_escape(t('source'))}:* {md_escape(m['source'])}", ""]
    if report.get("activities"):
        lines += [f"## {md_escape(t('activities_by_kind'))}", "",
                  f"| {md_escape(t('kind'))} | {md_escape(t('activity_count'))} | "
                  f"{md_escape(t('participants'))} | {md_escape(t('inputs_received'))} |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {md_escape(row['label'])} | {row['activities']} | {row['participants']} | "
                  f"{row['inputs_received']} |" for row in report["activities"]]
        lines.append("")
    if report.get("surveys"):
        lang = report["language"]
        lines += [f"## {md_escape(t('surveys'))}", ""]
        for survey in report["surveys"]:
            title = survey["title"].get(lang) or survey["title"].get("en") or survey["survey"]
            lines += [f"### {md_escape(title)} (n = {md_escape(fmt.number(survey['n']))})", ""]
            for q in survey["questions"]:
                text = q["text"].get(lang) or q["text"].get("en") or q["key"]
                table = question_table(q, fmt, t)
                if table is None:
                    lines += [f"**{md_escape(text)}** — {md_escape(fmt.number(q['n']))} "
                              f"{md_escape(t('open_answers'))}", ""]
                    continue
                headline = "" if q.get("borda") else f" · {md_escape(survey_headline(q, fmt, t))}"
                header, rows = table
                lines += [f"**{md_escape(text)}** (n = {md_escape(fmt.number(q['n']))}){headline}", "",
                          "| " + " | ".join(md_escape(h) for h in header) + " |",
                          "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
                lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
                lines.append("")
    lines += [f"## {md_escape(t('scores'))}", ""]
    for score in report["scores"]:
        lines += [f"### {md_escape(score['label'])}", "", md_escape(score["method"]), "",
                  f"| {md_escape(t('area'))} | {md_escape(t('score'))} | {md_escape(t('contribution'))} |",
                  "|---|---:|---:|"]
        lines += [f"| {md_escape(a['label'])} | {md_escape(format_score(a['value'], fmt))} | "
                  f"{md_escape('–' if a['contribution'] is None else fmt.number(a['contribution'], 1))} |"
                  for a in score["areas"]]
        lines.append("")
    lines.append(f"{md_escape(t('generated_by'))} {md_escape(report['generated_by'])}")
    return "\n".join(lines) + "\n"


def write_markdown(report: Mapping[str, Any], stream: IO[str]) -> None:
    """Write :func:`render_markdown` to ``stream``."""
    stream.write(render_markdown(report))
