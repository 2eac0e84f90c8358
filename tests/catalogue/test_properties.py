"""Properties over generated practices: document round trips, filter and crosstab laws."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from participation.catalogue import (
    Catalogue,
    EvaluationArea,
    Figure,
    OecdMethod,
    Practice,
    PracticeType,
    TargetGroup,
)
from participation.catalogue.countries import ISO_3166_1
from participation.model import GovernmentLevel, Iap2Level, Medium, Stage
from participation.serialization import Serializer

_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=15).filter(
    lambda s: s.strip() != "")
_url = st.from_regex(r"\Ahttps?://[a-z]{1,8}\.(org|eu|bg)/[a-z0-9]{0,6}\Z")
_year = st.integers(1950, 2025)


def _subset(enum_cls):  # type: ignore[no-untyped-def]
    return st.lists(st.sampled_from(list(enum_cls)), unique=True, max_size=4).map(tuple)


@st.composite
def practices(draw, pid: str | None = None) -> Practice:  # type: ignore[no-untyped-def]
    start = draw(st.none() | _year)
    end = draw(st.none() | st.integers(start or 1950, 2025))
    return Practice(
        id=pid or draw(st.from_regex(r"\A[a-z]{2}-[a-z0-9-]{1,10}\Z")),
        name=draw(_text), country=draw(st.sampled_from(sorted(ISO_3166_1))),
        name_original=draw(st.just("") | _text),
        level=draw(st.none() | st.sampled_from(list(GovernmentLevel))),
        start_year=start, end_year=end,
        type=draw(st.none() | st.sampled_from(list(PracticeType))),
        stages=draw(_subset(Stage)), iap2=draw(st.none() | st.sampled_from(list(Iap2Level))),
        methods=draw(_subset(OecdMethod)), channels=draw(_subset(Medium)),
        target_groups=draw(_subset(TargetGroup)), description=draw(st.text(max_size=30)),
        figures=tuple(draw(st.lists(st.builds(
            Figure, what=_text, value=st.integers(-10**6, 10**9) | st.floats(0, 1e6),
            unit=_text, year=st.none() | _year, source=_url, note=st.text(max_size=10)),
            max_size=3))),
        outcomes=tuple(draw(st.lists(_text, max_size=2))),
        sources=tuple(draw(st.lists(_url, min_size=1, max_size=2))),
        addresses=draw(st.dictionaries(st.sampled_from(list(EvaluationArea)), _text,
                                       max_size=3)),
        extra=draw(st.dictionaries(_text, st.text(max_size=10), max_size=2)),
    )


@settings(max_examples=60, deadline=None)
@given(practices())
def test_every_practice_survives_a_json_round_trip(practice: Practice) -> None:
    ser = Serializer()
    assert ser.load(json.loads(json.dumps(ser.dump(practice)))) == practice


_catalogues = st.lists(st.integers(0, 10**6), unique=True, max_size=12).flatmap(
    lambda ns: st.tuples(*(practices(pid=f"zz-{n}") for n in ns)))


@settings(max_examples=40, deadline=None)
@given(_catalogues, st.sampled_from(list(Iap2Level)), st.sampled_from(list(Stage)))
def test_filters_compose_like_set_intersection(items, level, stage) -> None:  # type: ignore[no-untyped-def]
    cat = Catalogue(items)
    both = set(cat.filter(iap2__gte=level, stages=stage).ids())
    assert both == set(cat.filter(iap2__gte=level).ids()) & set(cat.filter(stages=stage).ids())
    assert both == {p.id for p in items
                    if p.iap2 is not None and p.iap2 >= level and stage in p.stages}


@settings(max_examples=40, deadline=None)
@given(_catalogues)
def test_crosstab_total_is_the_sum_of_value_pairs(items) -> None:  # type: ignore[no-untyped-def]
    table = Catalogue(items).crosstab("methods", "stages")
    assert sum(table.counts.values()) == sum(len(p.methods) * len(p.stages) for p in items)
    for row in table.rows:
        assert sum(table.as_dict()[row].values()) == sum(
            len(p.stages) for p in items if OecdMethod(row) in p.methods)


@settings(max_examples=30, deadline=None)
@given(_catalogues, st.sampled_from(list(EvaluationArea)))
def test_recommendations_always_address_a_weak_area(items, area) -> None:  # type: ignore[no-untyped-def]
    recs = Catalogue(items).recommend({"weakest_areas": [{"area": area.value}]}, k=20)
    assert {r.practice.id for r in recs} == {p.id for p in items if area in p.addresses}
