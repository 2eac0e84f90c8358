"""Responsiveness indicators on small hand-computed datasets.

Calendar used (the core's ``default``: weekends only). 2025: Mon 2 June, Thu 5 June,
Wed 2 July, Sat 5 July, Mon 7 July, Thu 1 May. ``web_form`` follows ``generic.answer``:
30 calendar days from the day after receipt, a last day on a weekend moved to Monday,
``generic.extension`` adds 30 days to the (working) end of the first term.
"""

from __future__ import annotations

import pytest

from participation.model import SubmissionKind

OK, LATE = True, False


@pytest.fixture
def K(kit):
    return kit


def _v(ms, key):
    m = ms[key]
    return m.value, m.numerator, m.denominator, m.n


# ---------------------------------------------------------------- answered_on_time
def test_on_time_empty_is_no_data(K) -> None:
    m = K.measure("2025", submissions=[])["answered_on_time"]
    assert m.value is None
    assert m.n == 0
    assert m.met is None
    assert m.note.startswith("no data")


def test_on_time_due_day_vs_next_day(K) -> None:
    at = K.at
    subs = [
        # received Mon 2 June → 2 June + 30 = Wed 2 July, a working day: due 2 July
        K.submission(at(2025, 6, 2), answered=at(2025, 7, 2, 23, 59)),  # last minute of due day: on time
        K.submission(at(2025, 6, 2), answered=at(2025, 7, 3, 0, 0)),    # first minute after: late
    ]
    # 1 on time / 2 due-or-answered = 0.5
    assert _v(K.measure("2025", submissions=subs), "answered_on_time") == (0.5, 1, 2, 2)


def test_on_time_weekend_deadline_rolls_forward(K) -> None:
    at = K.at
    subs = [
        # received Thu 5 June → 5 July is a Saturday → due Mon 7 July
        K.submission(at(2025, 6, 5), answered=at(2025, 7, 7, 15)),  # on time only thanks to the roll
        K.submission(at(2025, 6, 5), answered=at(2025, 7, 8, 9)),   # Tue 8 July: late
    ]
    assert _v(K.measure("2025", submissions=subs), "answered_on_time") == (0.5, 1, 2, 2)


def test_on_time_extension_recorded_in_history(K) -> None:
    at = K.at
    extended = K.submission(at(2025, 6, 2), extended=(at(2025, 6, 20), "generic.extension"),
                            answered=at(2025, 7, 31))
    plain = K.submission(at(2025, 6, 2), answered=at(2025, 7, 31))
    # extended: due 2 July (Wed) + 30 = Fri 1 August → answered 31 July: on time
    assert _v(K.measure("2025", submissions=[extended]), "answered_on_time") == (1.0, 1, 1, 1)
    # without the extension: due 2 July → late
    assert _v(K.measure("2025", submissions=[plain]), "answered_on_time") == (0.0, 0, 1, 1)


def test_on_time_all_on_time_and_all_late(K) -> None:
    at = K.at
    on_time = [K.submission(at(2025, 3, d), answered=at(2025, 3, d + 5)) for d in (3, 4, 5)]
    late = [K.submission(at(2025, 3, d), answered=at(2025, 5, 20)) for d in (3, 4, 5)]
    # 3 / 3 = 100 %, 0 / 3 = 0 %; both are data, not "no data"
    assert _v(K.measure("2025", submissions=on_time), "answered_on_time") == (1.0, 3, 3, 3)
    assert _v(K.measure("2025", submissions=late), "answered_on_time") == (0.0, 0, 3, 3)


def test_on_time_as_of_before_the_answer(K) -> None:
    at = K.at
    sub = K.submission(at(2025, 6, 2), answered=at(2025, 7, 10))  # due 2 July, answered late
    # as of 1 July noon: no answer yet and not yet due (due_at = 3 July 00:00) → left out: no data
    early = K.measure("2025", submissions=[sub], as_of=at(2025, 7, 1, 12))["answered_on_time"]
    assert early.value is None
    assert early.n == 0
    # as of 5 July: unanswered and past due → counts as not on time: 0 / 1
    mid = K.measure("2025", submissions=[sub], as_of=at(2025, 7, 5))["answered_on_time"]
    assert (mid.value, mid.n) == (0.0, 1)
    # as of the year's end: answered on 10 July, after 2 July → late: 0 / 1
    assert K.measure("2025", submissions=[sub])["answered_on_time"].value == 0.0


def test_on_time_leaves_out_channels_without_a_deadline_and_other_periods(K) -> None:
    at = K.at
    subs = [
        K.submission(at(2025, 6, 2), channel="public_consultation", answered=at(2025, 9, 1)),  # no rule
        K.submission(at(2025, 5, 20), answered=at(2025, 6, 3)),  # received in May, not June
        K.submission(at(2025, 6, 2), withdrawn=at(2025, 6, 3)),  # withdrawn: owes no answer
    ]
    m = K.measure("2025-06", submissions=subs)["answered_on_time"]
    assert m.value is None
    assert m.n == 0


def test_on_time_time_zone_of_the_administration(K) -> None:
    at = K.at
    # 23:30 UTC on 31 March is 02:30 on 1 April in Sofia (UTC+3 in summer time)
    sub = K.submission(at(2025, 3, 31, 23, 30), answered=at(2025, 5, 1, 22, 30))
    march_sofia = K.measure("2025-03", submissions=[sub], admin=K.sofia, as_of=at(2025, 12, 31))
    april_sofia = K.measure("2025-04", submissions=[sub], admin=K.sofia, as_of=at(2025, 12, 31))
    assert march_sofia["answered_on_time"].n == 0
    # in Sofia: received 1 April → due Thu 1 May; answered 01:30 on 2 May Sofia time → late
    # (the period's cut-off is 1 May 00:00 Sofia: unanswered and not yet due → a period as
    # it stood when it closed leaves it out); judged as of the year, the answer is late:
    year_sofia = K.measure("2025", submissions=[sub], admin=K.sofia)
    assert _v(year_sofia, "answered_on_time") == (0.0, 0, 1, 1)
    assert april_sofia["answered_on_time"].n == 0
    # in UTC: received 31 March → due Wed 30 April; answered 1 May → late as well, but it
    # belongs to March
    year_utc = K.measure("2025-03", submissions=[sub], as_of=at(2025, 12, 31))
    assert year_utc["answered_on_time"].n == 0  # March's cut-off: 1 April 00:00, not yet due


def test_on_time_answer_just_before_midnight_sofia(K) -> None:
    at = K.at
    # received 10:00 UTC Mon 2 June → due Wed 2 July; answered 20:59 UTC = 23:59 Sofia → on time;
    # answered 21:00 UTC = 00:00 on 3 July Sofia → late (in UTC it would still be 2 July)
    subs = [K.submission(at(2025, 6, 2), answered=at(2025, 7, 2, 20, 59)),
            K.submission(at(2025, 6, 2), answered=at(2025, 7, 2, 21, 0))]
    assert _v(K.measure("2025", submissions=subs, admin=K.sofia), "answered_on_time") == (0.5, 1, 2, 2)
    assert _v(K.measure("2025", submissions=subs), "answered_on_time") == (1.0, 2, 2, 2)


# ---------------------------------------------------------------- days to answer
def test_median_and_p90_of_days(K) -> None:
    at = K.at
    # received 2 June; answered after 2, 4, 6, 10 days
    subs = [K.submission(at(2025, 6, 2), answered=at(2025, 6, 2 + d)) for d in (10, 2, 6, 4)]
    ms = K.measure("2025", submissions=subs)
    # even count: median = (4 + 6) / 2 = 5
    assert ms["median_days_to_answer"].value == 5.0
    # p90 nearest rank: ceil(0.9 × 4) = 4th of [2, 4, 6, 10] = 10
    assert ms["p90_days_to_answer"].value == 10.0
    assert ms["median_days_to_answer"].n == 4
    assert ms["median_days_to_answer"].detail["histogram"] == {"2": 1, "4": 1, "6": 1, "10": 1}


def test_p90_nearest_rank_on_ten_and_eleven_values(K) -> None:
    at = K.at
    ten = [K.submission(at(2025, 6, 2), answered=at(2025, 6, 2 + d)) for d in range(1, 11)]
    # 1..10: ceil(0.9 × 10) = 9th value = 9; median of an even count = (5 + 6) / 2 = 5.5
    ms = K.measure("2025", submissions=ten)
    assert (ms["p90_days_to_answer"].value, ms["median_days_to_answer"].value) == (9.0, 5.5)
    eleven = [*ten, K.submission(at(2025, 6, 2), answered=at(2025, 6, 13))]
    # 1..11: ceil(0.9 × 11) = ceil(9.9) = 10th value = 10; median = 6th value = 6
    ms = K.measure("2025", submissions=eleven)
    assert (ms["p90_days_to_answer"].value, ms["median_days_to_answer"].value) == (10.0, 6.0)


def test_days_counted_between_dates_in_the_administrations_zone(K) -> None:
    at = K.at
    # received 23:30 UTC 31 March (= 1 April 02:30 Sofia), answered 20:00 UTC 1 April (= 23:00 Sofia)
    sub = K.submission(at(2025, 3, 31, 23, 30), answered=at(2025, 4, 1, 20))
    assert K.measure("2025", submissions=[sub], admin=K.sofia)["median_days_to_answer"].value == 0.0
    assert K.measure("2025", submissions=[sub])["median_days_to_answer"].value == 1.0  # in UTC


def test_days_no_data_without_answers(K) -> None:
    at = K.at
    ms = K.measure("2025", submissions=[K.submission(at(2025, 6, 2))])
    assert ms["median_days_to_answer"].value is None
    assert ms["median_days_to_answer"].n == 0
    assert ms["p90_days_to_answer"].value is None


# ---------------------------------------------------------------- overdue_open
def test_overdue_open_counts_older_submissions_open_at_the_end(K) -> None:
    at = K.at
    subs = [
        K.submission(at(2025, 5, 2)),                          # May: due Mon 2 June, still open → overdue
        K.submission(at(2025, 6, 25)),                         # due 25 July → open, not overdue
        K.submission(at(2025, 5, 5), answered=at(2025, 6, 5)),  # answered: not open
        K.submission(at(2025, 6, 2), channel="public_consultation"),  # open, no due date
    ]
    m = K.measure("2025-06", submissions=subs)["overdue_open"]
    # 1 overdue of 2 open with a due date
    assert (m.value, m.numerator, m.denominator, m.n) == (1, 1, 2, 2)
    assert m.met is False  # target 0


def test_overdue_open_empty_is_no_data_but_zero_is_a_figure(K) -> None:
    at = K.at
    assert K.measure("2025-06")["overdue_open"].value is None
    answered = K.submission(at(2025, 6, 2), answered=at(2025, 6, 3))
    m = K.measure("2025-06", submissions=[answered])["overdue_open"]
    assert m.value == 0
    assert m.met is True


def test_overdue_open_as_of_and_answer_after_the_cutoff(K) -> None:
    at = K.at
    sub = K.submission(at(2025, 5, 2), answered=at(2025, 7, 15))  # due 2 June, answered in July
    # as June closed, it was open and overdue (the later answer does not rewrite June)
    assert K.measure("2025-06", submissions=[sub])["overdue_open"].value == 1
    # as of 2 June 12:00 it is not yet past its due day (due_at = 3 June 00:00)
    assert K.measure("2025-06", submissions=[sub], as_of=at(2025, 6, 2, 12))["overdue_open"].value == 0
    assert K.measure("2025-07", submissions=[sub])["overdue_open"].value == 0


# ---------------------------------------------------------------- acknowledged within 7 days
def test_acknowledged_within_7_days(K) -> None:
    at = K.at
    subs = [
        K.submission(at(2025, 6, 2, 9), ack=at(2025, 6, 9, 15)),   # 7th day after 2 June: yes
        K.submission(at(2025, 6, 2, 9), ack=at(2025, 6, 10, 8)),   # 8th day: no
        K.submission(at(2025, 6, 2, 9), answered=at(2025, 6, 5)),  # answered in 3 days, never acked: yes
        K.submission(at(2025, 6, 2, 9)),                           # never acked, 7 days passed: no
        K.submission(at(2025, 6, 27)),                             # 7 days not over at 1 July: left out
        K.submission(at(2025, 6, 2), channel="public_consultation"),  # owes no answer: left out
    ]
    m = K.measure("2025-06", submissions=subs)["acknowledged_within_7_days"]
    # 2 / 4
    assert (m.value, m.numerator, m.denominator) == (0.5, 2, 4)


def test_acknowledged_day_counted_in_the_administrations_zone(K) -> None:
    at = K.at
    # received 23:30 UTC 31 March = 1 April Sofia; acknowledged 8 April 15:00 Sofia (12:00 UTC):
    # the 7th day after 1 April → within 7 days, although more than 7 × 24 hours after receipt
    sub = K.submission(at(2025, 3, 31, 23, 30), ack=at(2025, 4, 8, 12))
    m = K.measure("2025-04", submissions=[sub], admin=K.sofia)["acknowledged_within_7_days"]
    assert (m.value, m.n) == (1.0, 1)


def test_acknowledged_no_data(K) -> None:
    at = K.at
    m = K.measure("2025-06", submissions=[K.submission(at(2025, 6, 30))])["acknowledged_within_7_days"]
    assert m.value is None
    assert m.n == 0


# ---------------------------------------------------------------- reasoned answers
def test_reasoned_answers_counts_answers_given_in_the_period(K) -> None:
    at = K.at
    subs = [
        K.submission(at(2025, 5, 20), answered=at(2025, 6, 3), reasoned=True),   # received in May
        K.submission(at(2025, 6, 2), answered=at(2025, 6, 4), reasoned=False),
        K.submission(at(2025, 6, 2), answered=at(2025, 6, 5), reasoned=True),
        K.submission(at(2025, 6, 2), answered=at(2025, 7, 1), reasoned=False),  # July's answer
        K.submission(at(2025, 6, 2)),                                            # no answer
    ]
    m = K.measure("2025-06", submissions=subs)["reasoned_answers"]
    # 2 reasoned / 3 answers given in June
    assert (m.numerator, m.denominator) == (2, 3)
    assert m.value == pytest.approx(2 / 3)
    assert K.measure("2025-08", submissions=subs)["reasoned_answers"].value is None


def test_targets_given_by_the_user_replace_the_default(K) -> None:
    from participation.indicators import Target

    at = K.at
    subs = [K.submission(at(2025, 3, 3), answered=at(2025, 3, 4)),
            K.submission(at(2025, 3, 3), answered=at(2025, 5, 4))]
    ms = K.measure("2025", submissions=subs)
    assert ms["answered_on_time"].target.value == 0.95
    assert ms["answered_on_time"].met is False
    ms = K.measure("2025", submissions=subs, targets={"answered_on_time": Target("answered_on_time", 0.5)})
    assert ms["answered_on_time"].met is True  # 0.5 ≥ 0.5


def test_a_submission_on_an_unknown_channel_with_its_own_rule(K) -> None:
    at = K.at
    sub = K.submission(at(2025, 6, 2), channel="x_kiosk", deadline_rule="generic.answer",
                       answered=at(2025, 6, 20), kind=SubmissionKind.QUESTION)
    ms = K.measure("2025", submissions=[sub])
    assert ms["answered_on_time"].value == 1.0  # its own rule applies
    assert ms["in_person_share"].value is None  # unknown medium: left out of the mix


def test_whistleblower_feedback_runs_from_the_acknowledgement(K) -> None:
    at = K.at
    rule = "eu.whistleblower.feedback"  # 3 months from the acknowledgement, not rolled forward
    kind = SubmissionKind.WHISTLEBLOWER_REPORT

    def report(**kw):
        return K.submission(at(2025, 6, 2), kind=kind, deadline_rule=rule, **kw)

    subs = [
        # acknowledged Thu 5 June → due Fri 5 September
        report(ack=at(2025, 6, 5), answered=at(2025, 9, 5, 18)),
        report(ack=at(2025, 6, 5), answered=at(2025, 9, 6, 9)),
        # never acknowledged: 2 June + 7 days = 9 June, + 3 months = Tue 9 September
        report(answered=at(2025, 9, 8)),
    ]
    m = K.measure("2025", submissions=subs)["answered_on_time"]
    # on time: the first and the third → 2 / 3
    assert (m.numerator, m.denominator) == (2, 3)


def test_an_answered_submission_whose_history_stops_early_is_not_overdue(K) -> None:
    import attrs

    from participation.model import Outcome, Response

    at = K.at
    # imported from a legacy system: the answer is recorded, the status still says registered
    sub = K.submission(at(2025, 5, 2))
    sub = attrs.evolve(sub, response=Response(at(2025, 5, 20), Outcome.ACCEPTED))
    ms = K.measure("2025-06", submissions=[sub])
    assert ms["overdue_open"].value == 0
    assert ms["overdue_open"].n == 0
    assert K.measure("2025-05", submissions=[sub])["answered_on_time"].value == 1.0
