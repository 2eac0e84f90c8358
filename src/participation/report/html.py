"""The HTML report: one self-contained file (inline CSS and SVG, no script, no external
resource) that opens offline, reads on a phone and prints. Every text from data is
escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import IO, Any

from participation.formatting import NumberFormat
from participation.report.build import (
    format_score,
    format_value,
    labeller,
    number_format,
    question_table,
    survey_headline,
)
from participation.report.svg import days_histogram, stage_level_heatmap, target_bars, trend_lines

__all__ = ["render_html", "write_html"]

_CSS = """
:root{--fg:#1c2b33;--muted:#5f6f78;--good:#2e7d32;--bad:#c62828;--line:#dde3e6}
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);margin:0 auto;max-width:1000px;padding:1rem}h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid var(--line)}h3{font-size:1.05rem}
.meta{color:var(--muted)}.cards{display:flex;flex-wrap:wrap;gap:.8rem}
.card{border:1px solid var(--line);border-radius:8px;padding:.7rem 1rem;min-width:9rem;flex:1}
.card .big{font-size:1.8rem;font-weight:700}.weak{color:var(--bad)}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{text-align:left;padding:.35rem;
border-bottom:1px solid var(--line);vertical-align:top}td.num{text-align:right;white-space:nowrap}
.met{color:var(--good);font-weight:600}.unmet{color:var(--bad);font-weight:600}
details{margin:.2rem 0}summary{cursor:pointer;color:var(--muted)}
.chart{width:100%;height:auto;max-width:100%}.chart .lbl{font-size:12px;fill:var(--fg)}
.chart .small{font-size:11px}.chart .tick{font-size:10px;fill:var(--muted)}
.chart .nodata{font-size:11px;fill:var(--muted);font-style:italic}.chart .cell{font-size:12px}
.chart .empty{fill:var(--muted)}.chart .value{font-weight:600;fill:var(--fg)}
.scroll{overflow-x:auto}code{background:#f3f5f6;padding:0 .2rem}
.recs li{margin:.5rem 0}.recs .why{display:block;color:var(--muted)}
@media (max-width:600px){body{font-size:15px}td.hide-sm,th.hide-sm{display:none}}
@media print{body{max-width:none}details{display:block}details>summary{display:none}
h2{break-after:avoid}table,svg{break-inside:avoid}}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _moment(iso: str) -> str:
    """``2026-01-01T00:00:00+02:00`` → ``2026-01-01 00:00 (+02:00)``."""
    return f"{iso[:10]} {iso[11:16]} ({iso[19:] or 'UTC'})" if len(iso) >= 19 else iso


def _signed(value: float | None, unit: str, fmt: NumberFormat) -> str:
    """A change: percentage points for shares, the unit's digits otherwise."""
    if value is None:
        return "–"
    if unit == "share":
        return f"{fmt.signed(100 * value, 1)} pp"
    return fmt.signed(value, 1)


def _table(header: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{_e(c)}</td>' if i >= numeric_from else f"<td>{_e(c)}</td>"
        for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _recommendations(report: Mapping[str, Any], t: Any) -> list[str]:
    recs = report.get("recommendations") or []
    if not recs:
        return []
    out = [f"<h2>{_e(t('recommendations'))}</h2><p class=\"meta\">{_e(t('recommendations_intro'))}</p>"]
    current = None
    for rec in recs:
        if rec["area"] != current:
            if current is not None:
                out.append("</ol>")
            current = rec["area"]
            out.append(f"<h3>{_e(rec['area_label'])}</h3><ol class=\"recs\">")
        original = f" ({_e(rec['name_original'])})" if rec.get("name_original") else ""
        links = " · ".join(f'<a href="{_e(u)}" rel="noopener noreferrer">{_e(_host(u))}</a>'
                           for u in rec.get("sources", []) if str(u).startswith(("https://", "http://")))
        out.append(f"<li data-practice=\"{_e(rec['practice'])}\"><strong>{_e(rec['name'])}</strong>"
                   f"{original} — {_e(rec['country'])}<span class=\"why\">{_e(rec['reason'])}</span>"
                   + (f"<span class=\"meta\">{_e(t('sources'))}: {links}</span>" if links else "")
                   + "</li>")
    out.append("</ol>")
    out.append(f"<p class=\"meta\">{_e(t('recommend_hint'))}</p>")
    return out


def _host(url: str) -> str:
    """``https://www.example.org/a/b`` → ``example.org``: a short link text."""
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return host.removeprefix("www.")


def _surveys(report: Mapping[str, Any], t: Any, fmt: NumberFormat) -> list[str]:
    if not report.get("surveys"):
        return []
    lang = report["language"]
    out = [f"<h2>{_e(t('surveys'))}</h2>"]
    for survey in report["surveys"]:
        title = survey["title"].get(lang) or survey["title"].get("en") or survey["survey"]
        invalid = f" · {_e(t('invalid'))} {fmt.number(survey['invalid'])}" if survey["invalid"] else ""
        out.append(f"<h3>{_e(title)}</h3><p class=\"meta\">n = {_e(fmt.number(survey['n']))}{invalid}</p>")
        for q in survey["questions"]:
            text = q["text"].get(lang) or q["text"].get("en") or q["key"]
            table = question_table(q, fmt, t)
            out.append(f"<h4>{_e(text)}</h4>")
            if table is None:
                out.append(f"<p>{_e(fmt.number(q['n']))} {_e(t('open_answers'))}</p>")
                continue
            headline = survey_headline(q, fmt, t)
            out.append(f"<p class=\"meta\">n = {_e(fmt.number(q['n']))}"
                       + (f" · {_e(headline)}" if headline != "–" and not q.get("borda") else "")
                       + "</p>")
            if q.get("borda"):
                out.append(f"<p class=\"meta\">{_e(t('ranking'))}</p>")
            out.append(_table(*table, numeric_from=2 if q.get("borda") else 1))
    return out


def render_html(report: Mapping[str, Any]) -> str:
    """The report document as a self-contained HTML page."""
    t = labeller(report)
    fmt = number_format(report)

    def describe(value: float, unit: str) -> str:
        return format_value(value, unit, t, fmt)

    admin = report["administration"]
    out = ['<!DOCTYPE html>', f'<html lang="{_e(report["language"])}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(report['title'])} — {_e(admin['name'])} — {_e(report['period'])}</title>",
           f"<style>{_CSS}</style>", "</head>", "<body>"]
    population = "–" if admin.get("population") is None else fmt.number(admin["population"])
    out.append(f"<header><h1>{_e(report['title'])}</h1>"
               f"<p class=\"meta\"><strong>{_e(admin['name'])}</strong> · {_e(t('period'))} "
               f"{_e(report['period'])} ({_e(fmt.date(report['period_start']))} – "
               f"{_e(fmt.date(report['period_end']))}) · "
               f"{_e(t('as_of'))} {_e(_moment(report['as_of']))} · {_e(t('population'))} "
               f"{_e(population)}</p></header>")

    # summary ---------------------------------------------------------------------------
    out.append(f"<h2>{_e(t('summary'))}</h2><div class=\"cards\">")
    for score in report["scores"]:
        change = "" if score["change"] is None else f" ({fmt.signed(score['change'], 1)})"
        scale = f"{fmt.number(score['scale'][0])}–{fmt.number(score['scale'][1])}"
        out.append(f"<div class=\"card\"><div>{_e(score['label'])}</div>"
                   f"<div class=\"big\">{_e(format_score(score['value'], fmt))}</div><div class=\"meta\">"
                   f"{_e(scale)}{_e(change)}</div></div>")
    out.append(f"</div><p class=\"meta\">{_e(t('composite_note'))}</p>")
    if report["weakest_areas"]:
        out.append(f"<h3>{_e(t('weakest_areas'))}</h3><ol>")
        for area in report["weakest_areas"]:
            out.append(f"<li class=\"weak\">{_e(area['label'])} — {_e(format_score(area['score'], fmt))}"
                       " / 100</li>")
        out.append("</ol>")
    counts = report["counts"]
    out.append(f"<p class=\"meta\">{_e(t('data'))}: " + ", ".join(
        f"{_e(fmt.number(counts.get(k, 0)))} {_e(t(k))}" for k in ("submissions", "policies", "activities",
                                                                 "survey_responses")) + "</p>")
    out.extend(_recommendations(report, t))

    # charts ----------------------------------------------------------------------------
    ms = report["measurements"]
    by_key = {m["indicator"]: m for m in ms}
    legend = {k: t(k) for k in ("legend_met", "legend_unmet", "legend_none", "legend_target")}
    out.append(f"<h2>{_e(t('chart_targets'))}</h2>")
    out.append(target_bars(ms, t("chart_targets"), t("no_data"), describe=describe, labels=legend,
                           desc=t("chart_description")))
    hist = by_key.get("median_days_to_answer", {}).get("detail", {}).get("histogram")
    if hist:
        out.append(f"<h2>{_e(t('chart_days'))}</h2>")
        out.append(days_histogram(hist, t("chart_days"), t("unit.days", "days"), fmt=fmt,
                                  desc=t("days_description")))
    matrix = by_key.get("stage_level_coverage", {}).get("detail", {}).get("matrix")
    if matrix:
        out.append(f"<h2>{_e(t('chart_matrix'))}</h2>")
        stage_labels = {s: t(f"stage.{s}", s) for s in matrix}
        level_labels = {lv: t(f"level.{lv}", lv) for lv in next(iter(matrix.values()))}
        out.append(stage_level_heatmap(matrix, stage_labels, level_labels, t("chart_matrix"),
                                       desc=t("matrix_description")))
    trends = report["trends"]
    if trends["periods"]:
        series = [(by_key[k]["label"], values, by_key[k]["unit"] == "share")
                  for k, values in trends["indicators"].items() if any(v is not None for v in values)]

        def point(value: float, is_share: bool) -> str:
            return fmt.percent(value, 0) if is_share else fmt.number(value, 1)

        out.append(f"<h2>{_e(t('chart_trends'))}</h2>")
        out.append(trend_lines(trends["periods"], series, t("chart_trends"), describe=point,
                               desc=t("trend_description")))

    # indicator tables ------------------------------------------------------------------
    out.append(f"<h2>{_e(t('indicators'))}</h2>")
    areas: dict[str, list[Mapping[str, Any]]] = {}
    for m in ms:
        areas.setdefault(m["area"], []).append(m)
    for area, items in areas.items():
        out.append(f"<h3>{_e(t(f'area.{area}', area))}</h3><div class=\"scroll\"><table><thead><tr>"
                   f"<th>{_e(t('indicator'))}</th><th>{_e(t('value'))}</th>"
                   f"<th>{_e(t('target'))}</th><th>{_e(t('n'))}</th>"
                   f"<th class=\"hide-sm\">{_e(t('change'))}</th></tr></thead><tbody>")
        for m in items:
            value = format_value(m["value"], m["unit"], t, fmt)
            target = "–" if m["target"] is None else format_value(m["target"], m["unit"], t, fmt)
            met = "" if m["met"] is None else (
                f' <span class="met">✓ {_e(t("yes"))}</span>' if m["met"]
                else f' <span class="unmet">✗ {_e(t("no"))}</span>')
            if m["direction"] == "neutral":
                met = f' <span class="meta">({_e(t("not_scored"))})</span>'
            out.append(
                f"<tr><td><strong>{_e(m['label'])}</strong>"
                f"<details><summary>{_e(t('definition'))}</summary><p>{_e(m['definition'])}</p>"
                f"<p><em>{_e(t('formula'))}:</em> <code>{_e(m['formula'])}</code></p>"
                f"<p><em>{_e(t('source'))}:</em> {_e(m['source'])}</p>"
                + (f"<p class=\"meta\">{_e(m['note'])}</p>" if m["note"] else "")
                + f"</details></td><td class=\"num\">{_e(value)}{met}</td>"
                f"<td class=\"num\">{_e(target)}</td><td class=\"num\">{_e(fmt.number(m['n']))}</td>"
                f"<td class=\"num hide-sm\">{_e(_signed(m['change'], m['unit'], fmt))}</td></tr>")
        out.append("</tbody></table></div>")

    # activities by kind -----------------------------------------------------------------
    if report.get("activities"):
        out.append(f"<h2>{_e(t('activities_by_kind'))}</h2><div class=\"scroll\"><table><thead><tr>"
                   f"<th>{_e(t('kind'))}</th><th>{_e(t('activity_count'))}</th>"
                   f"<th>{_e(t('participants'))}</th><th>{_e(t('inputs_received'))}</th></tr></thead><tbody>")
        for row in report["activities"]:
            out.append(f"<tr><td>{_e(row['label'])}</td>"
                       f"<td class=\"num\">{_e(fmt.number(row['activities']))}</td>"
                       f"<td class=\"num\">{_e(fmt.number(row['participants']))}</td>"
                       f"<td class=\"num\">{_e(fmt.number(row['inputs_received']))}</td></tr>")
        out.append("</tbody></table></div>")

    out.extend(_surveys(report, t, fmt))

    # scores ------------------------------------------------------------------------------
    out.append(f"<h2>{_e(t('scores'))}</h2>")
    for score in report["scores"]:
        out.append(f"<h3>{_e(score['label'])}</h3><p>{_e(score['method'])}</p>"
                   f"<div class=\"scroll\"><table><thead><tr>"
                   f"<th>{_e(t('area'))}</th><th>{_e(t('score'))}</th>"
                   f"<th>{_e(t('contribution'))}</th></tr></thead><tbody>")
        for a in score["areas"]:
            contribution = "–" if a["contribution"] is None else fmt.number(a["contribution"], 1)
            out.append(f"<tr><td>{_e(a['label'])}</td><td class=\"num\">{_e(format_score(a['value'], fmt))}"
                       f"</td><td class=\"num\">{_e(contribution)}</td></tr>")
        out.append("</tbody></table></div>")
    out.append(f"<footer><p class=\"meta\">{_e(t('generated_by'))} {_e(report['generated_by'])} · "
               f"<code>{_e(report['schema'])}</code></p></footer></body></html>")
    return "\n".join(out) + "\n"


def write_html(report: Mapping[str, Any], stream: IO[str]) -> None:
    """Write :func:`render_html` to ``stream``."""
    stream.write(render_html(report))
