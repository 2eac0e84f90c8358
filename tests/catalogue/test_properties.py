"""Properties over generated practices: document round trips, filter and crosstab laws."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from participation.catalogue import (
    Catalogue,
    EvaluationArea,
    OecdMethod,
    Practice,
)
from participation.catalogue.query import MISSING
from participation.model import Iap2Level, Stage
from participation.serialization import Serializer
from participation.testing.strategies import practices


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
    # a practice without a value counts once under "(missing)"
    assert sum(table.counts.values()) == sum(max(len(p.methods), 1) * max(len(p.stages), 1)
                                             for p in items)
    assert table.total == len(items)
    for row in table.rows:
        if row == MISSING:
            continue
        assert sum(table.as_dict()[row].values()) == sum(
            max(len(p.stages), 1) for p in items if OecdMethod(row) in p.methods)
        assert table.row_totals.get((row,), 0) == sum(1 for p in items if OecdMethod(row) in p.methods)
    assert table.missing["stages"] == sum(1 for p in items if not p.stages)
    without = Catalogue(items).crosstab("methods", "stages", missing=False)
    assert without.total == sum(1 for p in items if p.methods and p.stages)


@settings(max_examples=30, deadline=None)
@given(_catalogues, st.sampled_from(list(EvaluationArea)))
def test_recommendations_always_address_a_weak_area(items, area) -> None:  # type: ignore[no-untyped-def]
    recs = Catalogue(items).recommend({"weakest_areas": [{"area": area.value}]}, k=20)
    assert {r.practice.id for r in recs} == {p.id for p in items if area in p.addresses}
