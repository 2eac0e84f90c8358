"""The HTML report: one self-contained file (inline CSS and SVG, no script, no external
resource) that opens offline, reads on a phone and prints. Every text from data is
escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import IO, Any

from participation.report.build import format_value, labeller, survey_headline
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
.chart .empty{fill:var(--muted)}.scroll{overflow-x:auto}code{background:#f3f5f6;padding:0 .2rem}
@media (max-width:600px){body{font-size:15px}td.hide-sm,th.hide-sm{display:none}}
@media print{body{max-width:none}details{display:block}details>summary{display:none}
h2{break-after:avoid}table,svg{break-inside:avoid}}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _moment(iso: str) -> str:
    """``2026-01-01T00:00:00+02:00`` → ``2026-01-01 00:00 (+02:00)``."""
    return f"{iso[:10]} {iso[11:16]} ({iso[19:] or 'UTC'})" if len(iso) >= 19 else iso


def _signed(value: float | None, unit: str, t: Any) -> str:
    if value is None:
        return "–"
    if unit == "share":
        return f"{100 * value:+.1f} pp"
    return f"{value:+.1f}"


def render_html(report: Mapping[str, Any]) -> str:
    """The report document as a self-contained HTML page."""
    t = labeller(report)

    admin = report["administration"]
    out = ['<!DOCTYPE html>', f'<html lang="{_e(report["language"])}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(report['title'])} — {_e(admin['name'])} — {_e(report['period'])}</title>",
           f"<style>{_CSS}</style>", "</head>", "<body>"]
    out.append(f"<header><h1>{_e(report['title'])}</h1>"
               f"<p class=\"meta\"><strong>{_e(admin['name'])}</strong> · {_e(t('period'))} "
               f"{_e(report['period'])} ({_e(report['period_start'])} – {_e(report['period_end'])}) · "
               f"{_e(t('as_of'))} {_e(_moment(report['as_of']))} · {_e(t('population'))} "
               f"{admin['population']:,}</p></header>")

    # summary ---------------------------------------------------------------------------
    out.append(f"<h2>{_e(t('summary'))}</h2><div class=\"cards\">")
    for score in report["scores"]:
        value = "–" if score["value"] is None else f"{score['value']:.1f}"
        change = "" if score["change"] is None else f" ({score['change']:+.1f})"
        out.append(f"<div class=\"card\"><div>{_e(score['label'])}</div>"
                   f"<div class=\"big\">{_e(value)}</div><div class=\"meta\">"
                   f"{score['scale'][0]:g}–{score['scale'][1]:g}{_e(change)}</div></div>")
    out.append(f"</div><p class=\"meta\">{_e(t('composite_note'))}</p>")
    if report["weakest_areas"]:
        out.append(f"<h3>{_e(t('weakest_areas'))}</h3><ol>")
        for area in report["weakest_areas"]:
            score = "–" if area["score"] is None else f"{area['score']:.1f}"
            out.append(f"<li class=\"weak\">{_e(area['label'])} — {_e(score)} / 100</li>")
        out.append(f"</ol><p class=\"meta\">{_e(t('recommend_hint'))}</p>")
    counts = report["counts"]
    out.append(f"<p class=\"meta\">{_e(t('data'))}: " + ", ".join(
        f"{counts.get(k, 0):,} {_e(t(k))}" for k in ("submissions", "policies", "activities",
                                                     "survey_responses")) + "</p>")

    # charts ----------------------------------------------------------------------------
    ms = report["measurements"]
    by_key = {m["indicator"]: m for m in ms}
    out.append(f"<h2>{_e(t('chart_targets'))}</h2>")
    out.append(target_bars(ms, t("chart_targets"), t("no_data")))
    hist = by_key.get("median_days_to_answer", {}).get("detail", {}).get("histogram")
    if hist:
        out.append(f"<h2>{_e(t('chart_days'))}</h2>")
        out.append(days_histogram(hist, t("chart_days"), t("unit.days", "days")))
    matrix = by_key.get("stage_level_coverage", {}).get("detail", {}).get("matrix")
    if matrix:
        out.append(f"<h2>{_e(t('chart_matrix'))}</h2>")
        stage_labels = {s: t(f"stage.{s}", s) for s in matrix}
        level_labels = {lv: t(f"level.{lv}", lv) for lv in next(iter(matrix.values()))}
        out.append(stage_level_heatmap(matrix, stage_labels, level_labels, t("chart_matrix")))
    trends = report["trends"]
    if trends["periods"]:
        series = [(by_key[k]["label"], values, by_key[k]["unit"] == "share")
                  for k, values in trends["indicators"].items() if any(v is not None for v in values)]
        out.append(f"<h2>{_e(t('chart_trends'))}</h2>")
        out.append(trend_lines(trends["periods"], series, t("chart_trends")))

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
            value = format_value(m["value"], m["unit"], t)
            target = "–" if m["target"] is None else format_value(m["target"], m["unit"], t)
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
                f"<td class=\"num\">{_e(target)}</td><td class=\"num\">{m['n']:,}</td>"
                f"<td class=\"num hide-sm\">{_e(_signed(m['change'], m['unit'], t))}</td></tr>")
        out.append("</tbody></table></div>")

    # activities by kind -----------------------------------------------------------------
    if report.get("activities"):
        out.append(f"<h2>{_e(t('activities_by_kind'))}</h2><div class=\"scroll\"><table><thead><tr>"
                   f"<th>{_e(t('kind'))}</th><th>{_e(t('activity_count'))}</th>"
                   f"<th>{_e(t('participants'))}</th><th>{_e(t('inputs_received'))}</th></tr></thead><tbody>")
        for row in report["activities"]:
            out.append(f"<tr><td>{_e(row['label'])}</td><td class=\"num\">{row['activities']:,}</td>"
                       f"<td class=\"num\">{row['participants']:,}</td>"
                       f"<td class=\"num\">{row['inputs_received']:,}</td></tr>")
        out.append("</tbody></table></div>")

    # surveys -----------------------------------------------------------------------------
    if report.get("surveys"):
        lang = report["language"]
        out.append(f"<h2>{_e(t('surveys'))}</h2>")
        for survey in report["surveys"]:
            title = survey["title"].get(lang) or survey["title"].get("en") or survey["survey"]
            out.append(f"<h3>{_e(title)}</h3><p class=\"meta\">n = {survey['n']:,}"
                       + (f" · invalid {survey['invalid']:,}" if survey["invalid"] else "") + "</p>"
                       "<div class=\"scroll\"><table><tbody>")
            for q in survey["questions"]:
                text = q["text"].get(lang) or q["text"].get("en") or q["key"]
                out.append(f"<tr><td>{_e(text)}</td><td class=\"num\">{q['n']:,}</td>"
                           f"<td>{_e(survey_headline(q))}</td></tr>")
            out.append("</tbody></table></div>")

    # scores ------------------------------------------------------------------------------
    out.append(f"<h2>{_e(t('scores'))}</h2>")
    for score in report["scores"]:
        out.append(f"<h3>{_e(score['label'])}</h3><p>{_e(score['method'])}</p>"
                   f"<div class=\"scroll\"><table><thead><tr>"
                   f"<th>{_e(t('area'))}</th><th>{_e(t('score'))}</th>"
                   f"<th>{_e(t('contribution'))}</th></tr></thead><tbody>")
        for a in score["areas"]:
            out.append(f"<tr><td>{_e(a['label'])}</td><td class=\"num\">{_e(a['value'])}</td>"
                       f"<td class=\"num\">{_e(a['contribution'])}</td></tr>")
        out.append("</tbody></table></div>")
    out.append(f"<footer><p class=\"meta\">{_e(t('generated_by'))} {_e(report['generated_by'])} · "
               f"<code>{_e(report['schema'])}</code></p></footer></body></html>")
    return "\n".join(out) + "\n"


def write_html(report: Mapping[str, Any], stream: IO[str]) -> None:
    """Write :func:`render_html` to ``stream``."""
    stream.write(render_html(report))
