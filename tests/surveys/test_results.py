"""Results against figures computed by hand, and the properties they must keep."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.errors import FieldError
from participation.surveys import Answer, Option, Question, Survey, SurveyResponse, tabulate
from participation.surveys.synthetic import generate

AT = datetime(2025, 5, 1, 9, tzinfo=UTC)


@pytest.fixture
def responses(respond: Any) -> list[SurveyResponse]:
    return [
        respond("r1", {"used": "permit", "channels": ["web", "phone"], "overall": 5,
                       "digital": 8, "priorities": ["speed", "clarity", "hours"],
                       "grid": {"speed": "good", "courtesy": "good"},
                       "grid_multi": {"desk": ["fast", "kind"]}}),
        respond("r2", {"used": "permit", "channels": ["desk"], "overall": 4,
                       "priorities": ["clarity"], "grid": {"speed": "fair"}}),
        respond("r3", {"used": "certificate", "channels": ["web"], "overall": 4, "digital": 6,
                       "priorities": ["hours", "speed"], "name_it": "ok"}),
        respond("r4", {"used": Answer("used", "other", other="tax office"), "overall": 2,
                       "why": "slow", "grid": {"speed": "poor", "courtesy": "fair"}}),
        respond("r5", {"used": "certificate", "channels": ["web", "desk"], "overall": 3}),
    ]


def test_hand_computed_figures(survey: Survey, types: Any, responses: list[SurveyResponse]) -> None:
    res = tabulate(survey, responses, types, crosstabs=[("used", "overall")])
    assert (res.n, res.invalid, res.first, res.last) == (5, 0, AT, AT)

    used = res.question("used")
    assert (used.n, used.shown, used.skipped, used.hidden) == (5, 5, 0, 0)
    assert used.figures["counts"] == {"permit": 2, "certificate": 2, "other": 1}
    assert used.figures["shares"] == {"permit": 0.4, "certificate": 0.4, "other": 0.2}
    assert used.figures["other_texts"] == 1

    channels = res.question("channels")
    assert (channels.n, channels.skipped) == (4, 1)
    assert channels.figures["shares"] == {"web": 0.75, "phone": 0.25, "desk": 0.5, "other": 0.0}

    overall = res.question("overall").figures
    assert overall["counts"] == {"very_bad": 0, "bad": 1, "neutral": 1, "good": 2, "very_good": 1}
    assert overall["mean"] == pytest.approx(3.6)
    assert overall["sd"] == pytest.approx(math.sqrt(5.2 / 4))
    # 3.6 ± t(0.975, 4) · s/√5 = 3.6 ± 2.776445 · 1.140175 / 2.236068
    # t interval 2.184290…5.015710, clamped to the 1…5 scale
    assert overall["ci95"] == [pytest.approx(2.184290, abs=1e-5), 5.0]
    assert overall["positive_share"] == pytest.approx(0.6)  # top-two box
    assert overall["negative_share"] == pytest.approx(0.2)

    # "why" is shown only to the dissatisfied: hidden questions are not "unanswered"
    why = res.question("why")
    assert (why.shown, why.n, why.skipped, why.hidden) == (1, 1, 0, 4)
    assert "texts" not in why.figures
    assert why.figures["mean_characters"] == 4

    digital = res.question("digital")  # shown to web users only: r1, r3, r5
    assert (digital.shown, digital.n, digital.skipped, digital.hidden) == (3, 2, 1, 2)
    assert digital.figures["mean"] == 7.0
    assert digital.figures["positive_share"] == 0.5  # 8 counts, 6 does not

    borda = res.question("priorities").figures
    assert borda["borda"] == {"speed": 3, "clarity": 3, "hours": 2}
    assert borda["order"] == ["speed", "clarity", "hours"]  # a tie keeps the option order
    assert borda["first_place"] == {"speed": 1, "clarity": 1, "hours": 1}
    assert borda["mean_position"] == {"speed": 1.5, "clarity": 1.5, "hours": 2.0}

    grid = res.question("grid").figures["rows"]
    assert grid["speed"]["n"] == 3
    assert grid["speed"]["counts"] == {"poor": 1, "fair": 1, "good": 1}
    assert grid["courtesy"]["shares"] == {"poor": 0.0, "fair": 0.5, "good": 0.5}
    assert res.question("grid_multi").figures["rows"]["desk"]["counts"] == \
        {"fast": 1, "clear": 0, "kind": 1}

    tab = res.crosstab("used", "overall")
    assert tab.n == 5
    assert tab.counts == {"permit": {"good": 1, "very_good": 1},
                          "certificate": {"neutral": 1, "good": 1},
                          "other": {"bad": 1}}
    assert tab.row_totals() == {"permit": 2, "certificate": 2, "other": 1}
    assert tab.column_totals()["good"] == 2


def test_invalid_responses_are_left_out_and_counted(survey: Survey, types: Any,
                                                    responses: list[SurveyResponse],
                                                    respond: Any) -> None:
    bad = respond("bad", {"used": "permit", "overall": 42})
    res = tabulate(survey, [*responses, bad], types)
    assert (res.n, res.invalid) == (5, 1)
    assert res.question("overall").n == 5


def test_a_repeated_response_id_is_counted_once(survey: Survey, types: Any,
                                                 responses: list[SurveyResponse]) -> None:
    res = tabulate(survey, [*responses, responses[0]], types)
    assert (res.n, res.invalid) == (5, 1)
    assert res.question("overall").n == 5
    res = tabulate(survey, [*responses, responses[0]], types, validate=False)
    assert (res.n, res.invalid) == (5, 1)


def test_free_text_cannot_be_cross_tabulated(survey: Survey, types: Any) -> None:
    with pytest.raises(FieldError, match="'why' is free text"):
        tabulate(survey, [], types, crosstabs=[("used", "why")])


def test_no_responses(survey: Survey, types: Any) -> None:
    res = tabulate(survey, [], types)
    overall = res.question("overall")
    assert (res.n, overall.n, overall.figures["mean"], overall.figures["ci95"]) == (0, 0, None, None)
    assert overall.figures["shares"]["good"] is None


def _single(keys: list[str | None]) -> tuple[Survey, list[SurveyResponse]]:
    q = Question("pick", "single_choice", {"en": "Pick"},
                 options=[Option(k, {"en": k}) for k in "abcd"])
    s = Survey("p", {"en": "P"}, questions=[q])
    rs = [SurveyResponse(f"r{i}", "p", 1, AT, [Answer("pick", k)] if k else [])
          for i, k in enumerate(keys)]
    return s, rs


@given(st.lists(st.sampled_from(["a", "b", "c", "d", None]), max_size=40))
def test_shares_of_a_single_choice_sum_to_one(types: Any, keys: list[str | None]) -> None:
    s, rs = _single(keys)
    q = tabulate(s, rs, types).question("pick")
    answered = [k for k in keys if k]
    assert q.n == len(answered)
    assert q.skipped == len(keys) - len(answered)
    if answered:
        assert sum(q.figures["shares"].values()) == pytest.approx(1.0)
        assert sum(q.figures["counts"].values()) == q.n


def test_a_mean_interval_is_clamped_to_the_scale(types: Any) -> None:
    q = Question("l", "likert", {"en": "L"}, options=[Option(f"p{i}", {"en": str(i)})
                                                       for i in range(1, 6)])
    s = Survey("l", {"en": "L"}, questions=[q])
    rs = [SurveyResponse(f"r{i}", "l", 1, AT, [Answer("l", v)]) for i, v in enumerate([5, 4, 2])]
    f = tabulate(s, rs, types).question("l").figures
    assert f["mean"] == pytest.approx(11 / 3)
    assert f["ci95"] == [1.0, 5.0]  # unclamped: about [-0.13, 7.46]
    r = Question("r", "rating", {"en": "0-10?"})
    s = Survey("r", {"en": "R"}, questions=[r])
    rs = [SurveyResponse(f"r{i}", "r", 1, AT, [Answer("r", v)]) for i, v in enumerate([10, 9])]
    assert tabulate(s, rs, types).question("r").figures["ci95"][1] == 10.0


@given(st.lists(st.integers(1, 7), min_size=1, max_size=50))
def test_a_likert_interval_contains_its_mean(types: Any, points: list[int]) -> None:
    q = Question("l", "likert", {"en": "L"}, options=[Option(f"p{i}", {"en": str(i)})
                                                       for i in range(1, 8)])
    s = Survey("l", {"en": "L"}, questions=[q])
    rs = [SurveyResponse(f"r{i}", "l", 1, AT, [Answer("l", v)]) for i, v in enumerate(points)]
    f = tabulate(s, rs, types).question("l").figures
    assert f["mean"] == pytest.approx(sum(points) / len(points))
    if len(points) > 1:
        assert 1 <= f["ci95"][0] <= f["mean"] <= f["ci95"][1] <= 7
    assert f["positive_share"] == pytest.approx(sum(p >= 6 for p in points) / len(points))
    low, high = f["positive_ci95"]
    assert low <= f["positive_share"] <= high


@given(st.lists(st.permutations(["a", "b", "c", "d"]).flatmap(
    lambda p: st.integers(1, 4).map(lambda k: p[:k])), max_size=30))
def test_borda_totals(types: Any, rankings: list[list[str]]) -> None:
    q = Question("r", "ranking", {"en": "R"}, options=[Option(k, {"en": k}) for k in "abcd"])
    s = Survey("r", {"en": "R"}, questions=[q])
    rs = [SurveyResponse(f"r{i}", "r", 1, AT, [Answer("r", v)]) for i, v in enumerate(rankings)]
    f = tabulate(s, rs, types).question("r").figures
    # each ranking of length k hands out 3 + 2 + … + (4 − k) points
    assert sum(f["borda"].values()) == sum(sum(3 - i for i in range(len(r))) for r in rankings)
    assert sum(f["first_place"].values()) == len(rankings)
    scores = [f["borda"][k] for k in f["order"]]
    assert scores == sorted(scores, reverse=True)


@settings(max_examples=15)
@given(st.integers(0, 10_000), st.integers(0, 60))
def test_every_question_adds_up(survey: Survey, types: Any, seed: int, n: int) -> None:
    rs = list(generate(survey, n, seed, AT, datetime(2025, 6, 1, tzinfo=UTC)))
    res = tabulate(survey, rs, types)
    assert res.invalid == 0  # synthetic responses are valid
    for q in res.questions:
        assert q.shown + q.hidden == n
        assert 0 <= q.n <= q.shown


def test_top_k_points_by_hand(types: Any) -> None:
    q = Question("r", "ranking", {"en": "R"}, max_choices=2,
                 options=[Option(k, {"en": k}) for k in "abcd"])
    s = Survey("r", {"en": "R"}, questions=[q])
    ballots = [["a", "b"], ["b"], ["b", "c"]]
    rs = [SurveyResponse(f"r{i}", "r", 1, AT, [Answer("r", v)]) for i, v in enumerate(ballots)]
    f = tabulate(s, rs, types).question("r").figures
    assert f["top_k_points"] == {"a": 2, "b": 1 + 2 + 2, "c": 1, "d": 0}  # 2 first, 1 second
    assert f["borda"] == {"a": 3, "b": 2 + 3 + 3, "c": 2, "d": 0}  # m − i with m = 4
