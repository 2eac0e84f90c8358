"""The report document: everything a reader needs, translated, in one JSON-ready dict.

Exporters receive this dict; they never query a store or recompute a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from participation.__about__ import __version__
from participation.evaluation import Assessment
from participation.indicators.base import AREAS, Direction, Measurement, Unit
from participation.registry import Registry
from participation.scoring import Score

__all__ = ["REPORT_SCHEMA", "build_report", "format_value", "labeller", "survey_headline"]

REPORT_SCHEMA = "participation.report/1"


def _num(value: float | None, digits: int = 4) -> float | None:
    """Rounded for reading (and ``-0.0`` written as ``0.0``)."""
    return None if value is None else round(float(value), digits) + 0.0


def labeller(report: Mapping[str, Any]) -> Callable[..., str]:
    """``t(msgid, default=None)``: a heading of the report in its language (the
    ``report.`` prefix may be left out), else ``default``, else the id."""
    labels = report["labels"]

    def t(msgid: str, default: str | None = None) -> str:
        key = msgid.removeprefix("report.")
        return str(labels.get(key) or labels.get(msgid) or default or key)

    return t


def format_value(value: float | None, unit: str, t: Any = None) -> str:
    """A figure as a reader sees it.

    >>> format_value(0.8667, "share"), format_value(13.0, "days"), format_value(None, "share")
    ('86.7 %', '13 days', 'no data')
    >>> format_value(59.125, "per_1000")
    '59.1 per 1,000'
    """
    tr = t or (lambda msgid, default: default)
    if value is None:
        return str(tr("report.no_data", "no data"))
    if unit == Unit.SHARE.value:
        return f"{100 * value:.1f} %"
    if unit == Unit.DAYS.value:
        days = f"{value:.1f}".rstrip("0").rstrip(".")
        return f"{days} {tr('unit.days', 'days')}"
    if unit == Unit.PER_1000.value:
        return f"{value:.1f} {tr('unit.per_1000', 'per 1,000')}"
    if unit == Unit.COUNT.value and float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.1f}"


def survey_headline(question: Mapping[str, Any]) -> str:
    """One line that sums up a question's results (language-neutral figures).

    >>> survey_headline({"positive_share": 0.52, "mean": 3.58, "ci95": [3.29, 3.87]})
    '52 % top-two · mean 3.58 (95 % CI 3.29–3.87)'
    >>> survey_headline({"shares": {"online": 0.6, "post": 0.4}})
    'online 60 %'
    """
    parts = []
    if question.get("positive_share") is not None:
        parts.append(f"{100 * question['positive_share']:.0f} % top-two")
    if question.get("mean") is not None:
        ci = question.get("ci95")
        ci_text = f" (95 % CI {ci[0]:.2f}–{ci[1]:.2f})" if ci else ""
        parts.append(f"mean {question['mean']:.2f}{ci_text}")
    if not parts and question.get("shares"):
        best = max(question["shares"].items(), key=lambda kv: (kv[1] or 0, kv[0]))
        parts.append(f"{best[0]} {100 * (best[1] or 0):.0f} %")
    return " · ".join(parts) or "–"


def _measurement(key: str, m: Measurement, previous: Measurement | None, assessment: Assessment,
                 registry: Registry, lang: str) -> dict[str, Any]:
    spec = registry.indicators[key]
    return {
        "indicator": key,
        "area": spec.area.value,
        "label": registry.translate(f"indicator.{key}", lang, spec.label(lang)),
        "unit": spec.unit.value,
        "direction": spec.direction.value,
        "value": _num(m.value),
        "n": m.n,
        "numerator": _num(m.numerator),
        "denominator": _num(m.denominator),
        "target": None if m.target is None else _num(m.target.value),
        "baseline": None if m.target is None else _num(m.target.baseline),
        "met": m.met,
        "previous": None if previous is None else _num(previous.value),
        "change": _num(assessment.change(key)),
        "note": m.note,
        "definition": registry.translate(f"indicator.{key}.definition", lang, spec.definition),
        "formula": spec.formula,
        "source": spec.source,
        "detail": dict(m.detail),
    }


def _score(score: Score, previous: Score | None, registry: Registry, lang: str) -> dict[str, Any]:
    scorer = registry.scorers[score.scorer]
    change = None
    if previous is not None and previous.value is not None and score.value is not None:
        change = _num(score.value - previous.value, 2)
    return {
        "scorer": score.scorer,
        "label": registry.translate(f"scorer.{score.scorer}", lang, scorer.label),
        "value": _num(score.value, 2),
        "scale": list(score.scale),
        "previous": None if previous is None else _num(previous.value, 2),
        "change": change,
        "method": score.method,
        "areas": [{
            "area": a.area,
            "label": registry.translate(f"area.{a.area}", lang, a.area.replace("_", " ")),
            "value": _num(a.value, 2),
            "weight": _num(a.weight),
            "contribution": _num(a.contribution, 2),
            "indicators": [{"indicator": k, "score": _num(v, 2)} for k, v in a.indicators],
        } for a in score.areas],
    }


def build_report(assessment: Assessment, registry: Registry, lang: str = "en") -> dict[str, Any]:
    """The report document for ``assessment`` in language ``lang`` (English fallback).

    Keys: ``schema``, ``title``, ``language``, ``administration``, ``period``, ``as_of``,
    ``measurements`` (each with ``indicator``, ``value``, ``n``, ``numerator``,
    ``denominator``, ``target``, ``met`` …), ``scores``, ``weakest_areas``, ``trends``,
    ``counts``, ``activities`` (the period's activities by kind, each with its
    translated ``label``), ``labels`` (translated headings for the exporters).
    """
    admin = assessment.administration
    previous_scores = {s.scorer: s for s in assessment.previous_scores}
    composite = assessment.score("composite")
    area_values = {a.area: a.value for a in composite.areas} if composite else {}
    measurements = [_measurement(k, m, assessment.previous.get(k), assessment, registry, lang)
                    for k, m in assessment.measurements.items()]
    trend_periods = sorted(assessment.trends, key=lambda p: p.start)
    labels = {msgid.removeprefix("report."): registry.translate(msgid, lang)
              for msgid in sorted(registry.translations.get("en", {})) if msgid.startswith("report.")}
    for unit_id in ("unit.days", "unit.per_1000"):
        labels[unit_id] = registry.translate(unit_id, lang)
    labels.update({f"area.{a}": registry.translate(f"area.{a}", lang, a) for a in AREAS})
    labels.update({f"stage.{s}": registry.translate(f"stage.{s}", lang, s)
                   for s in ("agenda_setting", "drafting", "decision", "implementation",
                             "monitoring", "reformulation")})
    labels.update({f"level.{lv}": registry.translate(f"level.{lv}", lang, lv)
                   for lv in ("information", "consultation", "dialogue", "partnership")})
    return {
        "schema": REPORT_SCHEMA,
        "title": registry.translate("report.title", lang),
        "language": lang,
        "generated_by": f"participation {__version__}",
        "administration": {
            "name": admin.name, "country": admin.country, "level": admin.level.value,
            "population": admin.population, "jurisdiction": admin.jurisdiction,
            "timezone": admin.timezone,
        },
        "period": str(assessment.period),
        "period_start": assessment.period.start.isoformat(),
        "period_end": assessment.period.end.isoformat(),
        "previous_period": str(assessment.period.previous()),
        "as_of": assessment.as_of.isoformat(),
        "counts": dict(assessment.counts),
        "measurements": measurements,
        "scores": [_score(s, previous_scores.get(s.scorer), registry, lang) for s in assessment.scores],
        "weakest_areas": [{"area": a, "label": registry.translate(f"area.{a}", lang, a),
                           "score": _num(area_values.get(a), 2)} for a in assessment.weakest_areas],
        "trends": {
            "periods": [str(p) for p in trend_periods],
            "indicators": {k: [_num(assessment.trends[p][k].value) for p in trend_periods]
                           for k in assessment.measurements
                           if registry.indicators[k].direction is not Direction.NEUTRAL},
        },
        "surveys": [dict(s) for s in assessment.surveys],
        "activities": [{**row, "label": registry.activity_kind_label(row["kind"], lang)}
                       for row in assessment.activities],
        "labels": labels,
    }
