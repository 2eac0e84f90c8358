"""The report document: everything a reader needs, translated, in one JSON-ready dict.

Exporters receive this dict; they never query a store or recompute a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from participation.__about__ import __version__
from participation.evaluation import Assessment
from participation.formatting import CLDR, NumberFormat
from participation.indicators.base import AREAS, Direction, Measurement, Unit
from participation.registry import Registry
from participation.scoring import Score

__all__ = ["REPORT_SCHEMA", "UNIT_DIGITS", "build_report", "format_score", "format_value",
           "labeller", "number_format", "survey_headline"]

#: Decimals shown per unit, the same everywhere in a report (shares are percentages).
UNIT_DIGITS = {"share": 1, "days": 1, "per_1000": 1, "count": 0, "index": 1}

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


def number_format(report: Mapping[str, Any]) -> NumberFormat:
    """The number and date conventions of the report's language (CLDR, or a language
    plugin's ``format.*`` translations carried in the report's labels)."""
    labels = report.get("labels", {})
    return NumberFormat.for_language(str(report.get("language", "en")),
                                     lambda msgid, _lang, default: labels.get(msgid) or default)


def format_value(value: float | None, unit: str, t: Any = None,
                 fmt: NumberFormat | None = None) -> str:
    """A figure as a reader sees it, with the digits of its unit (:data:`UNIT_DIGITS`).

    >>> format_value(0.8667, "share"), format_value(13.0, "days"), format_value(None, "share")
    ('86.7%', '13.0 days', 'no data')
    >>> format_value(59.125, "per_1000"), format_value(1234, "count")
    ('59.1 per 1,000', '1,234')
    >>> format_value(0.8667, "share", fmt=NumberFormat.for_language("bg"))
    '86,7%'
    """
    tr = t or (lambda msgid, default: default)
    f = fmt or NumberFormat()
    if value is None:
        return str(tr("report.no_data", "no data"))
    digits = UNIT_DIGITS.get(unit, 1)
    if unit == Unit.SHARE.value:
        return f.percent(value, digits)
    if unit == Unit.DAYS.value:
        return f"{f.number(value, digits)} {tr('unit.days', 'days')}"
    if unit == Unit.PER_1000.value:
        return f"{f.number(value, digits)} {tr('unit.per_1000', 'per 1,000')}"
    return f.number(value, digits)


def format_score(value: float | None, fmt: NumberFormat | None = None) -> str:
    """A score (0–100 or 1–5) with one decimal, ``–`` when there is none.

    >>> format_score(93.24), format_score(100), format_score(None)
    ('93.2', '100.0', '–')
    """
    return "–" if value is None else (fmt or NumberFormat()).number(value, UNIT_DIGITS["index"])


def survey_headline(question: Mapping[str, Any], fmt: NumberFormat | None = None,
                    t: Any = None) -> str:
    """One line that sums up a question's results, options by their label when the
    question carries ``labels`` (as questions in a report do).

    >>> survey_headline({"positive_share": 0.52, "mean": 3.58, "ci95": [3.29, 3.87]})
    '52% top-two · mean 3.58 (95% CI 3.29–3.87)'
    >>> survey_headline({"shares": {"online": 0.6, "post": 0.4}, "labels": {"online": "Online"}})
    'Online 60%'
    >>> survey_headline({"borda": {"a": 3, "b": 5}, "labels": {"b": "Buses"}})
    '1. Buses (5) · 2. a (3)'
    """
    f = fmt or NumberFormat()
    tr = t or (lambda msgid, default: default)
    labels = question.get("labels") or {}
    parts = []
    if question.get("positive_share") is not None:
        parts.append(f"{f.percent(question['positive_share'], 0)} {tr('top_two', 'top-two')}")
    if question.get("mean") is not None:
        ci = question.get("ci95")
        ci_text = (f" ({f.percent(0.95, 0)} CI "
                   f"{f.number(ci[0], 2)}–{f.number(ci[1], 2)})") if ci else ""
        parts.append(f"{tr('mean', 'mean')} {f.number(question['mean'], 2)}{ci_text}")
    if not parts and question.get("borda"):
        order = sorted(question["borda"].items(), key=lambda kv: (-kv[1], kv[0]))
        parts.extend(f"{i}. {labels.get(k, k)} ({f.number(v)})" for i, (k, v) in enumerate(order, 1))
    if not parts and question.get("shares"):
        best = max(question["shares"].items(), key=lambda kv: (kv[1] or 0, kv[0]))
        parts.append(f"{labels.get(best[0], best[0])} {f.percent(best[1] or 0, 0)}")
    return " · ".join(parts) or "–"


def question_table(question: Mapping[str, Any], fmt: NumberFormat | None = None,
                   t: Any = None) -> tuple[list[str], list[list[str]]] | None:
    """A question's results as a small table (header, rows of text) for the HTML and
    Markdown reports, options by their label: a ranking in its Borda order with points
    and first places; a matrix row by row (the share of each column, and its count);
    a choice, Likert or rating question option by option. ``None`` for an open question:
    only its count of answers is ever shown, never a text.

    >>> question_table({"borda": {"a": 3, "b": 5}, "first_place": {"a": 1, "b": 2},
    ...                 "labels": {"a": "Buses", "b": "Bikes"}})
    (['#', 'Option', 'points', 'ranked first'], [['1', 'Bikes', '5', '2'], ['2', 'Buses', '3', '1']])
    >>> question_table({"counts": {"y": 3}, "shares": {"y": 1.0}, "labels": {"y": "Yes"}})[1]
    [['Yes', '3', '100.0%']]
    """
    f = fmt or NumberFormat()
    tr = t or (lambda msgid, default: default)
    labels = question.get("labels") or {}
    if question.get("borda"):
        first = question.get("first_place") or {}
        order = sorted(question["borda"].items(), key=lambda kv: (-kv[1], kv[0]))
        return ([_TABLE_RANK, tr("option", "Option"), tr("points", "points"),
                 tr("first_place", "ranked first")],
                [[str(i), labels.get(k, k), f.number(v), f.number(first.get(k, 0))]
                 for i, (k, v) in enumerate(order, 1)])
    if isinstance(question.get("rows"), Mapping):
        row_labels = question.get("row_labels") or {}
        first_row: Mapping[str, Any] = next(iter(question["rows"].values()), {})
        columns = list(labels) or list(first_row.get("counts", {}))
        table = []
        for row, figures in question["rows"].items():
            counts, shares = figures.get("counts", {}), figures.get("shares", {})
            table.append([row_labels.get(row, row), f.number(figures.get("n", 0)),
                          *(f"{f.percent(shares.get(c) or 0, 0)} ({f.number(counts.get(c, 0))})"
                            for c in columns)])
        return [tr("question", "Question"), "n", *(labels.get(c, c) for c in columns)], table
    if isinstance(question.get("counts"), Mapping):
        shares = question.get("shares") or {}
        return ([tr("option", "Option"), tr("answers", "Answers"), tr("share", "Share")],
                [[labels.get(k, k), f.number(v), f.percent(shares.get(k) or 0, 1)]
                 for k, v in question["counts"].items()])
    return None


_TABLE_RANK = "#"


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


def _survey(result: Mapping[str, Any], registry: Registry, lang: str) -> dict[str, Any]:
    """A survey's results with, on each question, the labels of its options (``labels``)
    and matrix rows (``row_labels``) in ``lang``, so no reader sees a raw key.
    Open questions carry only their counts (never an answer's text)."""
    survey = registry.surveys.get(result["survey"])
    questions = []
    for q in result["questions"]:
        q = dict(q)
        definition = None
        if survey is not None:
            definition = next((d for d in survey.questions if d.key == q["key"]), None)
        if definition is not None:
            q["labels"] = {o.key: o.text(lang) for o in definition.options}
            q["row_labels"] = {r.key: r.text(lang) for r in definition.rows}
        questions.append(q)
    return {**result, "questions": questions}


def _recommendations(assessment: Assessment, registry: Registry, lang: str,
                     area_scores: Mapping[str, float | None], per_area: int
                     ) -> list[dict[str, Any]]:
    """For each weakest area, the catalogue's best-matching practices with the reason
    (in ``lang``; the catalogue's own explanation is English) and the source links."""
    from participation.catalogue.recommend import recommend

    practices = list(registry.practices.values())
    if not practices or per_area < 1:
        return []
    template = registry.translate("report.recommendation_reason", lang,
                                  "Addresses {area} (score {score}): {why}")
    fmt = NumberFormat.for_language(lang, registry.translate)
    out = []
    for area in assessment.weakest_areas:
        score = area_scores.get(area)
        label = registry.translate(f"area.{area}", lang, area)
        weak = {"area": area, "label": label, "score": score}
        for rank, rec in enumerate(recommend(practices=practices,
                                             assessment={"weakest_areas": [weak]}, k=per_area),
                                   start=1):
            p = rec.practice
            why = next((text for a, text in p.addresses.items() if a.value == area), "")
            out.append({
                "area": area, "area_label": label, "rank": rank, "practice": p.id,
                "name": p.name, "name_original": p.name_original, "country": p.country,
                "reason": template.replace("{area}", label)
                                  .replace("{score}", format_score(score, fmt))
                                  .replace("{why}", why.rstrip(". ")),
                "catalogue_reason": rec.reason, "score": rec.score,
                "sources": list(p.sources),
            })
    return out


def build_report(assessment: Assessment, registry: Registry, lang: str = "en", *,
                 scorers: Sequence[str] | None = None, recommendations: int = 3) -> dict[str, Any]:
    """The report document for ``assessment`` in language ``lang`` (English fallback).

    :param scorers: the scores to show, in this order (default: every scorer's).
    :param recommendations: how many practices to recommend for each weakest area.

    Keys: ``schema``, ``title``, ``language``, ``administration``, ``period``, ``as_of``,
    ``measurements`` (each with ``indicator``, ``value``, ``n``, ``numerator``,
    ``denominator``, ``target``, ``met`` …), ``scores``, ``weakest_areas``, ``trends``,
    ``counts``, ``activities`` (the period's activities by kind, each with its
    translated ``label``), ``surveys`` (each question with its option ``labels``),
    ``recommendations`` (each with ``area``, ``practice``, ``reason``, ``sources``),
    ``labels`` (translated headings, units and the ``format.*`` number conventions).
    """
    admin = assessment.administration
    previous_scores = {s.scorer: s for s in assessment.previous_scores}
    composite = assessment.score("composite")
    area_values = {a.area: a.value for a in composite.areas} if composite else {}
    measurements = [_measurement(k, m, assessment.previous.get(k), assessment, registry, lang)
                    for k, m in assessment.measurements.items()]
    trend_periods = sorted(assessment.trends, key=lambda p: p.start)
    by_scorer = {s.scorer: s for s in assessment.scores}
    shown = list(assessment.scores) if scorers is None else [by_scorer[k] for k in scorers
                                                              if k in by_scorer]
    labels = {msgid.removeprefix("report."): registry.translate(msgid, lang)
              for msgid in sorted(registry.translations.get("en", {})) if msgid.startswith("report.")}
    for unit_id in ("unit.days", "unit.per_1000"):
        labels[unit_id] = registry.translate(unit_id, lang)
    for msgid, default in CLDR.get(lang, CLDR["en"]).items():
        labels[msgid] = registry.translate(msgid, lang, default)
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
        "scores": [_score(s, previous_scores.get(s.scorer), registry, lang) for s in shown],
        "weakest_areas": [{"area": a, "label": registry.translate(f"area.{a}", lang, a),
                           "score": _num(area_values.get(a), 2)} for a in assessment.weakest_areas],
        "trends": {
            "periods": [str(p) for p in trend_periods],
            "indicators": {k: [_num(assessment.trends[p][k].value) for p in trend_periods]
                           for k in assessment.measurements
                           if registry.indicators[k].direction is not Direction.NEUTRAL},
        },
        "surveys": [_survey(s, registry, lang) for s in assessment.surveys],
        "recommendations": _recommendations(assessment, registry, lang, area_values, recommendations),
        "activities": [{**row, "label": registry.activity_kind_label(row["kind"], lang)}
                       for row in assessment.activities],
        "labels": labels,
    }
