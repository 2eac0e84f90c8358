"""Inline SVG charts for the HTML report: no script, no external file, every text escaped.

Every chart carries a ``<title>`` and a ``<desc>`` for screen readers, and its figures
written on it (values and targets on the bars, values on the trend points, counts on
the histogram and the matrix), so it can be read without the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from participation.formatting import NumberFormat

__all__ = ["days_histogram", "stage_level_heatmap", "target_bars", "trend_lines"]

GOOD, BAD, PLAIN, GRID = "#2e7d32", "#c62828", "#546e7a", "#cfd8dc"


def _t(text: Any) -> str:
    return escape(str(text), quote=True)


def _svg(width: float, height: float, body: list[str], title: str, desc: str = "") -> str:
    described = f"<desc>{_t(desc)}</desc>" if desc else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
            f'role="img" aria-label="{_t(title)}" class="chart">'
            f"<title>{_t(title)}</title>{described}{''.join(body)}</svg>")


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    """Coloured keys in a row: (colour, label); a colour ``"line"`` draws the target mark."""
    body, at = [], x
    for colour, label in items:
        if colour == "line":
            body.append(f'<line x1="{at + 6:g}" x2="{at + 6:g}" y1="{y - 11:g}" y2="{y + 3:g}" '
                        'stroke="#111" stroke-width="2"/>')
        else:
            body.append(f'<rect x="{at:g}" y="{y - 10:g}" width="12" height="12" fill="{colour}"/>')
        body.append(f'<text x="{at + 16:g}" y="{y:g}" class="lbl small">{_t(label)}</text>')
        at += 28 + 7 * len(label)
    return body


def target_bars(measurements: Sequence[Mapping[str, Any]], title: str, no_data: str, *,
                describe: Callable[[float, str], str] | None = None,
                labels: Mapping[str, str] | None = None, desc: str = "") -> str:
    """One bar per scored indicator: its value, a mark at its target, green when met,
    red when not, grey without a target; the value and the target are written beside
    the bar (``describe(value, unit)`` formats them, e.g. ``86.7% · target 90.0%``).

    :param labels: ``legend_met``, ``legend_unmet``, ``legend_none``, ``legend_target``.
    """
    fmt = describe or (lambda v, unit: f"{v:g}")
    words = {"legend_met": "target met", "legend_unmet": "target not met",
             "legend_none": "no target", "legend_target": "target", **(labels or {})}
    rows = [m for m in measurements if m["direction"] != "neutral"]
    label_w, bar_w, text_w, row_h, top = 330, 250, 370, 26, 26
    height = top + row_h * len(rows) + 10
    body = _legend([(GOOD, words["legend_met"]), (BAD, words["legend_unmet"]),
                    (PLAIN, words["legend_none"]), ("line", words["legend_target"])], label_w, 16)
    for i, m in enumerate(rows):
        y = top + 5 + i * row_h
        body.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="lbl">'
                    f"{_t(m['label'])}</text>")
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" fill="{GRID}" '
                    'opacity="0.35"/>')
        value, target = m["value"], m["target"]
        if value is None:
            body.append(f'<text x="{label_w + 6}" y="{y + 16}" class="nodata">{_t(no_data)}</text>')
            continue
        scale = 1.0 if m["unit"] == "share" else max(value, target or 0, 1e-9) * 1.25
        colour = PLAIN if m["met"] is None else GOOD if m["met"] else BAD
        width = max(1.0, bar_w * min(max(value, 0) / scale, 1.0))
        shown = fmt(value, m["unit"])
        if target is not None:
            shown += f" · {words['legend_target']} {fmt(target, m['unit'])}"
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="16" fill="{colour}">'
                    f"<title>{_t(m['label'])}: {_t(shown)}</title></rect>")
        if target is not None:
            tx = label_w + bar_w * min(max(target, 0) / scale, 1.0)
            body.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y}" y2="{y + 24}" stroke="#111" '
                        'stroke-width="2"/>')
        body.append(f'<text x="{label_w + bar_w + 8}" y="{y + 16}" class="lbl value">{_t(shown)}</text>')
    return _svg(label_w + bar_w + text_w, height, body, title, desc)


def days_histogram(histogram: Mapping[str, int], title: str, unit: str, bin_days: int = 5,
                   last: int = 60, *, fmt: NumberFormat | None = None, desc: str = "") -> str:
    """Counts of answers by days to answer, in bins of ``bin_days`` (the last bin is open);
    each bar carries its count."""
    f = fmt or NumberFormat()
    bins = [0] * (last // bin_days + 1)
    for day, count in histogram.items():
        bins[min(int(day) // bin_days, len(bins) - 1)] += count
    width, height, left, bottom = 640, 230, 40, 30
    peak = max(bins) or 1
    bar = (width - left - 10) / len(bins)
    body = [f'<line x1="{left}" x2="{width - 10}" y1="{height - bottom}" y2="{height - bottom}" '
            f'stroke="#333"/>']
    for i, count in enumerate(bins):
        h = (height - bottom - 30) * count / peak
        x = left + i * bar
        body.append(f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{bar - 2:.1f}" '
                    f'height="{h:.1f}" fill="{PLAIN}"><title>{_t(f.number(count))}</title></rect>')
        body.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom - h - 4:.1f}" '
                    f'text-anchor="middle" class="tick value">{_t(f.number(count))}</text>')
        lo = i * bin_days
        label = f"{lo}+" if i == len(bins) - 1 else f"{lo}–{lo + bin_days - 1}"
        body.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                    f'class="tick">{_t(label)}</text>')
    body.append(f'<text x="{width / 2}" y="{height - 2}" text-anchor="middle" class="tick">'
                f"{_t(unit)}</text>")
    return _svg(width, height, body, title, desc)


def stage_level_heatmap(matrix: Mapping[str, Mapping[str, int]], stage_labels: Mapping[str, str],
                        level_labels: Mapping[str, str], title: str, *, desc: str = "") -> str:
    """The CoE stage × level matrix; darker cells hold more activities, empty cells are
    white; every cell carries its count."""
    stages, levels = list(matrix), list(next(iter(matrix.values()), {}))
    longest = max((len(stage_labels.get(s, s)) for s in stages), default=10)
    left, top, cw, ch = max(160, 7 * longest + 16), 40, 110, 30
    peak = max((v for row in matrix.values() for v in row.values()), default=0) or 1
    body = []
    for j, level in enumerate(levels):
        body.append(f'<text x="{left + j * cw + cw / 2}" y="{top - 10}" text-anchor="middle" '
                    f'class="lbl">{_t(level_labels.get(level, level))}</text>')
    for i, stage in enumerate(stages):
        y = top + i * ch
        body.append(f'<text x="{left - 8}" y="{y + 20}" text-anchor="end" class="lbl">'
                    f"{_t(stage_labels.get(stage, stage))}</text>")
        for j, level in enumerate(levels):
            count = matrix[stage][level]
            shade = 1 - 0.75 * count / peak if count else 1
            fill = f"rgb({int(30 + 225 * shade)},{int(90 + 165 * shade)},{int(160 + 95 * shade)})"
            body.append(f'<rect x="{left + j * cw}" y="{y}" width="{cw - 2}" height="{ch - 2}" '
                        f'fill="{fill}" stroke="{GRID}"/>')
            body.append(f'<text x="{left + j * cw + cw / 2}" y="{y + 20}" text-anchor="middle" '
                        f'class="{"cell" if count else "cell empty"}">{count}</text>')
    return _svg(left + cw * len(levels) + 10, top + ch * len(stages) + 10, body, title, desc)


def trend_lines(periods: Sequence[str], series: Sequence[tuple[str, Sequence[float | None], bool]],
                title: str, *, describe: Callable[[float, bool], str] | None = None,
                desc: str = "") -> str:
    """Small multiples: one line chart per indicator over ``periods``, with the value
    written at every point and the axis labelled with its top and zero.

    :param series: (label, values, is_share) per indicator; shares are drawn on 0–100 %.
    :param describe: ``describe(value, is_share)`` formats a value (default: ``86%``, ``13``).
    """
    fmt = describe or (lambda v, share: f"{100 * v:.0f}%" if share else f"{v:.0f}")
    cols, cw, ch = 2, 360, 140
    rows = (len(series) + cols - 1) // cols
    body = []
    for k, (label, values, is_share) in enumerate(series):
        ox, oy = (k % cols) * cw, (k // cols) * ch
        body.append(f'<text x="{ox + 8}" y="{oy + 16}" class="lbl small">{_t(label)}</text>')
        present = [v for v in values if v is not None]
        top = 1.0 if is_share else (max(present, default=1.0) * 1.2 or 1.0)
        x0, x1, y0, y1 = ox + 46, ox + cw - 24, oy + ch - 22, oy + 40
        body.append(f'<line x1="{x0}" x2="{x1}" y1="{y0}" y2="{y0}" stroke="{GRID}"/>')
        body.append(f'<line x1="{x0}" x2="{x0}" y1="{y1}" y2="{y0}" stroke="{GRID}"/>')
        body.append(f'<line x1="{x0}" x2="{x1}" y1="{y1}" y2="{y1}" stroke="{GRID}" '
                    'stroke-dasharray="2,3"/>')
        body.append(f'<text x="{x0 - 4}" y="{y1 + 4}" text-anchor="end" class="tick axis">'
                    f"{_t(fmt(top, is_share))}</text>")
        body.append(f'<text x="{x0 - 4}" y="{y0 + 4}" text-anchor="end" class="tick axis">'
                    f"{_t(fmt(0.0, is_share))}</text>")
        step = (x1 - x0) / max(1, len(values) - 1)
        points = []
        for i, v in enumerate(values):
            x = x0 + i * step
            body.append(f'<text x="{x:.1f}" y="{y0 + 14}" text-anchor="middle" class="tick">'
                        f"{_t(periods[i][-2:])}</text>")
            if v is not None:
                y = y0 - (y0 - y1) * min(max(v, 0) / top, 1.0)
                points.append(f"{x:.1f},{y:.1f}")
                shown = fmt(v, is_share)
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PLAIN}">'
                            f"<title>{_t(periods[i])}: {_t(shown)}</title></circle>")
                body.append(f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" '
                            f'class="tick value">{_t(shown)}</text>')
        if len(points) > 1:
            body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{PLAIN}" '
                        'stroke-width="2"/>')
    return _svg(cols * cw, rows * ch, body, title, desc)
