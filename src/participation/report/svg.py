"""Inline SVG charts for the HTML report: no script, no external file, every text escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

__all__ = ["days_histogram", "stage_level_heatmap", "target_bars", "trend_lines"]

GOOD, BAD, PLAIN, GRID = "#2e7d32", "#c62828", "#546e7a", "#cfd8dc"


def _t(text: Any) -> str:
    return escape(str(text), quote=True)


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{_t(title)}" class="chart">'
            f"<title>{_t(title)}</title>{''.join(body)}</svg>")


def target_bars(measurements: Sequence[Mapping[str, Any]], title: str, no_data: str) -> str:
    """One bar per scored indicator: its value, a tick at its target, green when met."""
    rows = [m for m in measurements if m["direction"] != "neutral"]
    label_w, bar_w, row_h = 360, 330, 26
    height = row_h * len(rows) + 10
    body = []
    for i, m in enumerate(rows):
        y = 5 + i * row_h
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
        width = max(1.0, bar_w * min(value / scale, 1.0))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="16" fill="{colour}"/>')
        if target is not None:
            tx = label_w + bar_w * min(target / scale, 1.0)
            body.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{y}" y2="{y + 24}" stroke="#111" '
                        'stroke-width="2"/>')
    return _svg(label_w + bar_w + 10, height, body, title)


def days_histogram(histogram: Mapping[str, int], title: str, unit: str, bin_days: int = 5,
                   last: int = 60) -> str:
    """Counts of answers by days to answer, in bins of ``bin_days`` (the last bin is open)."""
    bins = [0] * (last // bin_days + 1)
    for day, count in histogram.items():
        bins[min(int(day) // bin_days, len(bins) - 1)] += count
    width, height, left, bottom = 640, 220, 40, 30
    peak = max(bins) or 1
    bar = (width - left - 10) / len(bins)
    body = [f'<line x1="{left}" x2="{width - 10}" y1="{height - bottom}" y2="{height - bottom}" '
            f'stroke="#333"/>']
    for i, count in enumerate(bins):
        h = (height - bottom - 20) * count / peak
        x = left + i * bar
        body.append(f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{bar - 2:.1f}" '
                    f'height="{h:.1f}" fill="{PLAIN}"><title>{count}</title></rect>')
        lo = i * bin_days
        label = f"{lo}+" if i == len(bins) - 1 else f"{lo}–{lo + bin_days - 1}"
        body.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                    f'class="tick">{_t(label)}</text>')
    body.append(f'<text x="{width / 2}" y="{height - 2}" text-anchor="middle" class="tick">'
                f"{_t(unit)}</text>")
    body.append(f'<text x="{left - 4}" y="24" text-anchor="end" class="tick">{peak}</text>')
    return _svg(width, height, body, title)


def stage_level_heatmap(matrix: Mapping[str, Mapping[str, int]], stage_labels: Mapping[str, str],
                        level_labels: Mapping[str, str], title: str) -> str:
    """The CoE stage × level matrix; darker cells hold more activities, empty cells are white."""
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
    return _svg(left + cw * len(levels) + 10, top + ch * len(stages) + 10, body, title)


def trend_lines(periods: Sequence[str], series: Sequence[tuple[str, Sequence[float | None], bool]],
                title: str) -> str:
    """Small multiples: one line chart per indicator over ``periods``.

    :param series: (label, values, is_share) per indicator; shares are drawn on 0–100 %.
    """
    cols, cw, ch = 2, 340, 120
    rows = (len(series) + cols - 1) // cols
    body = []
    for k, (label, values, is_share) in enumerate(series):
        ox, oy = (k % cols) * cw, (k // cols) * ch
        body.append(f'<text x="{ox + 8}" y="{oy + 16}" class="lbl small">{_t(label)}</text>')
        present = [v for v in values if v is not None]
        top = 1.0 if is_share else max(present, default=1.0) * 1.2 or 1.0
        x0, x1, y0, y1 = ox + 12, ox + cw - 12, oy + ch - 22, oy + 28
        body.append(f'<line x1="{x0}" x2="{x1}" y1="{y0}" y2="{y0}" stroke="{GRID}"/>')
        step = (x1 - x0) / max(1, len(values) - 1)
        points = []
        for i, v in enumerate(values):
            x = x0 + i * step
            body.append(f'<text x="{x:.1f}" y="{y0 + 14}" text-anchor="middle" class="tick">'
                        f"{_t(periods[i][-2:])}</text>")
            if v is not None:
                y = y0 - (y0 - y1) * min(v / top, 1.0)
                points.append(f"{x:.1f},{y:.1f}")
                shown = f"{100 * v:.0f}%" if is_share else f"{v:.0f}"
                body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PLAIN}">'
                            f"<title>{_t(periods[i])}: {_t(shown)}</title></circle>")
        if len(points) > 1:
            body.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{PLAIN}" '
                        'stroke-width="2"/>')
    return _svg(cols * cw, rows * ch, body, title)
