"""The Bulgarian working-day calendar on real years, and against the law computed
independently (Labour Code art. 154(1) and (2), Orthodox Easter from dateutil)."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.easter import EASTER_ORTHODOX, easter
from participation_bg.calendar import ENV_VAR, FIXED_HOLIDAYS, BulgarianCalendar

from participation.errors import InvalidDocumentError
from participation.registry import Registry
from participation.rules import Calendar


def off(cal: BulgarianCalendar, *days: date) -> list[bool]:
    return [cal.non_working_reason(d) is not None for d in days]


def test_hook_register_calendars(bg_registry: Registry) -> None:
    cal = bg_registry.calendar("bg")
    assert isinstance(cal, Calendar)
    assert cal.key == "bg"
    assert cal.non_working_reason(date(2024, 3, 4)) is not None  # not just weekends
    assert "default" in bg_registry.calendars  # the core's stays


def test_easter_2024_good_friday_to_easter_monday_which_was_also_6_may(calendar) -> None:
    # Orthodox Easter 2024 was 5 May: Good Friday 3 May .. Easter Monday 6 May, which
    # was also St George's Day (6 May). Both are weekdays-or-weekend holidays of
    # art. 154(1); since Easter days give no substitute, 7 May is a working day.
    assert off(calendar, date(2024, 5, 2), date(2024, 5, 3), date(2024, 5, 4),
               date(2024, 5, 5), date(2024, 5, 6), date(2024, 5, 7)) == [
        False, True, True, True, True, False]
    assert "Good Friday" in calendar.non_working_reason(date(2024, 5, 3))
    assert "154(1)" in calendar.non_working_reason(date(2024, 5, 6))


def test_easter_2025_and_2026(calendar) -> None:
    # Orthodox Easter: 20 Apr 2025, 12 Apr 2026.
    assert off(calendar, date(2025, 4, 17), date(2025, 4, 18), date(2025, 4, 21),
               date(2025, 4, 22)) == [False, True, True, False]
    assert off(calendar, date(2026, 4, 9), date(2026, 4, 10), date(2026, 4, 13),
               date(2026, 4, 14)) == [False, True, True, False]


def test_3_march_on_a_sunday_gives_monday_off(calendar) -> None:
    # 3 Mar 2024 was a Sunday → Monday 4 Mar off (art. 154(2)); Tuesday 5 Mar works.
    assert off(calendar, date(2024, 3, 3), date(2024, 3, 4), date(2024, 3, 5)) == [
        True, True, False]
    assert "154(2)" in calendar.non_working_reason(date(2024, 3, 4))
    # 3 Mar 2025 was a Monday: no substitute, Tuesday 4 Mar works.
    assert off(calendar, date(2025, 3, 3), date(2025, 3, 4)) == [True, False]


def test_2025_weekend_holidays_substitutes(calendar) -> None:
    # 24 May 2025 Saturday → Monday 26 May; 6 Sep 2025 Saturday → Monday 8 Sep.
    assert off(calendar, date(2025, 5, 26), date(2025, 5, 27)) == [True, False]
    assert off(calendar, date(2025, 9, 8), date(2025, 9, 9)) == [True, False]
    # 22 Sep 2025 is a Monday: a holiday itself.
    assert off(calendar, date(2025, 9, 22), date(2025, 9, 23)) == [True, False]


@pytest.mark.parametrize(("year", "days_off"), [
    # DOMAIN.md appendix §5b, the substitute days the `holidays` package gives:
    (2021, [date(2021, 12, 27), date(2021, 12, 28), date(2021, 5, 4)]),
    (2022, [date(2022, 1, 3), date(2022, 5, 2), date(2022, 12, 27), date(2022, 12, 28)]),
    (2026, [date(2026, 5, 25), date(2026, 9, 7), date(2026, 12, 28)]),
    (2027, [date(2027, 5, 4), date(2027, 12, 27), date(2027, 12, 28)]),
])
def test_substitute_days_listed_in_domain(calendar, year, days_off) -> None:
    assert all(off(calendar, *days_off)), [calendar.non_working_reason(d) for d in days_off]


def test_christmas(calendar) -> None:
    # 2025: 24–26 Dec Wed–Fri; 29 Dec Monday works; 31 Dec off by Decision No 808.
    assert off(calendar, date(2025, 12, 23), date(2025, 12, 24), date(2025, 12, 25),
               date(2025, 12, 26), date(2025, 12, 29)) == [False, True, True, True, False]
    # 2021: 25 Dec Saturday, 26 Dec Sunday → Monday 27 and Tuesday 28 off; 29 works.
    assert off(calendar, date(2021, 12, 27), date(2021, 12, 28), date(2021, 12, 29)) == [
        True, True, False]


def test_euro_changeover_days_2025_2026(calendar) -> None:
    for day in (date(2025, 12, 31), date(2026, 1, 2)):
        reason = calendar.non_working_reason(day)
        assert reason is not None
        assert "808" in reason
    assert calendar.non_working_reason(date(2026, 1, 5)) is None


def test_1_november_is_a_working_day_for_administrations(calendar) -> None:
    assert calendar.non_working_reason(date(2024, 11, 1)) is None  # a Friday


def test_pre_2017_working_saturday(calendar) -> None:
    # Decision No 935/2015: 12 Mar 2016 (Saturday) worked for 4 Mar (Friday) off.
    assert calendar.non_working_reason(date(2016, 3, 12)) is None
    assert calendar.non_working_reason(date(2016, 3, 4)) is not None
    # 2014, from the `holidays` package: 10 May (Saturday) worked.
    assert calendar.non_working_reason(date(2014, 5, 10)) is None


def _law(year: int) -> set[date]:
    """Days off on weekdays under art. 154(1) and (2), computed without `holidays`."""
    sunday = easter(year, EASTER_ORTHODOX)
    easter_days = {sunday + timedelta(days=k) for k in (-2, -1, 0, 1)}
    fixed = {date(year, m, d) for m, d in FIXED_HOLIDAYS}
    holidays = fixed | easter_days
    off = {d for d in holidays if d.weekday() < 5}
    for holiday in sorted(fixed):
        if holiday.weekday() < 5:
            continue
        day = holiday + timedelta(days=1)
        while day.weekday() >= 5 or day in holidays or day in off:
            day += timedelta(days=1)
        off.add(day)
    return off


@pytest.mark.parametrize("year", range(2017, 2041))
def test_matches_the_labour_code_computed_independently(calendar, year) -> None:
    decided = {d for d, o in calendar.overrides.items() if o.off}
    expected = _law(year) | {d for d in decided if d.year == year}
    day, got = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and calendar.non_working_reason(day) is not None:
            got.add(day)
        day += timedelta(days=1)
    # a substitute for 26 Dec may fall in January of the next year: compare within year
    expected = {d for d in expected if d.year == year}
    prev = {d for d in _law(year - 1) if d.year == year}
    assert got == expected | prev


def test_bulgarian_reasons() -> None:
    cal = BulgarianCalendar(environ={}, language="bg")
    assert cal.non_working_reason(date(2025, 6, 7)) == "събота"
    assert "чл. 154, ал. 2 КТ" in cal.non_working_reason(date(2024, 3, 4))


# --- user decision files --------------------------------------------------------------

DECISION = """
[[decision]]
reference = "Council of Ministers Decision No 1 of 01.03.2027"
reason = "bridge day"
days_off = [2027-05-07]
working_days = [2027-05-15]
"""


def test_extra_file_adds_a_decision_without_a_release(tmp_path: Path) -> None:
    path = tmp_path / "decisions.toml"
    path.write_text(DECISION, encoding="utf-8")
    before = BulgarianCalendar(environ={})
    after = BulgarianCalendar([path], environ={})
    assert before.non_working_reason(date(2027, 5, 7)) is None  # an ordinary Friday
    assert after.non_working_reason(date(2027, 5, 7)) == (
        "bridge day, Council of Ministers Decision No 1 of 01.03.2027")
    assert before.non_working_reason(date(2027, 5, 15)) == "Saturday"
    assert after.non_working_reason(date(2027, 5, 15)) is None


def test_environment_variable_names_extra_files(tmp_path: Path, monkeypatch,
                                                bg_registry: Registry) -> None:
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text(DECISION, encoding="utf-8")
    # both files named in the variable apply, in order
    second.write_text('[[decision]]\nreference = "Decision 2"\nreason = "another bridge"\n'
                      "days_off = [2027-05-05]\n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(first), str(second)]))
    cal = BulgarianCalendar()
    assert cal.non_working_reason(date(2027, 5, 7)).startswith("bridge day")
    assert cal.non_working_reason(date(2027, 5, 5)).startswith("another bridge")
    assert cal.files == (first, second)


def test_user_file_overrides_the_shipped_data(tmp_path: Path) -> None:
    path = tmp_path / "fix.toml"
    path.write_text('[[decision]]\nreference = "Correction"\nreason = "corrected reason"\n'
                    "days_off = [2025-12-31]\n", encoding="utf-8")
    cal = BulgarianCalendar([path], environ={})
    assert cal.non_working_reason(date(2025, 12, 31)) == "corrected reason, Correction"


@pytest.mark.parametrize(("text", "line"), [
    ('[[decision]]\nreference = "x"\nreason = \ndays_off = [2027-05-07]\n', 3),
    ('[[decision]]\nreference = "x"\ndays_off = [2027-05-07\n', 3),  # unclosed at the end
])
def test_bad_toml_names_file_and_line(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDocumentError) as info:
        BulgarianCalendar([path], environ={})
    problem = info.value.problems[0]
    assert problem.source == str(path)
    assert problem.line == line
    assert str(path) in str(info.value)


def test_bad_fields_are_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[decision]]\nreference = "x"\nreason = "r"\n'
                    'days_off = ["2027-05-07", 2027-05-08]\nworking_days = [2027-05-10]\n'
                    'colour = "red"\n', encoding="utf-8")
    with pytest.raises(InvalidDocumentError) as info:
        BulgarianCalendar([path], environ={})
    paths = [p.path for p in info.value.problems]
    assert paths == ["decision[0].colour", "decision[0].days_off[0]",
                     "decision[0].days_off[0]", "decision[0].working_days[0]"]
    messages = " | ".join(p.message for p in info.value.problems)
    for word in ("without quotes", "Saturday", "Monday"):
        assert word in messages


def test_missing_file_from_the_environment_is_named(tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "nope.toml"
    monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(InvalidDocumentError, match=ENV_VAR) as info:
        BulgarianCalendar()
    assert info.value.problems[0].source == str(missing)


def test_the_holidays_package_base_itself() -> None:
    """The base the calendar relies on, checked directly (holidays>=0.86)."""
    import holidays
    from holidays.constants import PUBLIC

    bg = holidays.country_holidays("BG", categories=PUBLIC, years=range(2024, 2027))
    for day in (date(2025, 12, 31), date(2026, 1, 2), date(2024, 3, 4), date(2025, 5, 26),
                date(2025, 9, 8), date(2026, 5, 25), date(2026, 9, 7), date(2026, 12, 28)):
        assert day in bg, day
    assert date(2025, 11, 1) not in bg  # a school holiday only


def test_decision_reasons_in_bulgarian() -> None:
    cal = BulgarianCalendar(environ={}, language="bg")
    assert cal.non_working_reason(date(2025, 12, 31)).startswith(
        "еднократно неприсъствен ден за въвеждането на еврото")


def test_decisions_that_are_not_tables(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("decision = [1, 2]\n", encoding="utf-8")
    with pytest.raises(InvalidDocumentError) as info:
        BulgarianCalendar([path], environ={})
    assert [p.path for p in info.value.problems] == ["decision[0]", "decision[1]"]
