"""Reach: how many people take part, and through how many doors."""

from __future__ import annotations

import math
from typing import Any

from participation.indicators.base import Accumulator, Area, Direction, IndicatorSpec, Measurement, Unit
from participation.indicators.facts import EvaluationContext, SubmissionFacts
from participation.indicators.kinds import submission_share
from participation.indicators.sketches import DistinctCounter
from participation.indicators.sql import SqlQuery, SqlShare, sql_list
from participation.model import Activity, Medium, Window

__all__ = ["INDICATORS", "overlaps_period", "window_in_period"]


def window_in_period(window: Window, ctx: EvaluationContext) -> bool:
    """The window shares at least one day with the period up to the cut-off."""
    cutoff_day = ctx.cutoff.astimezone(ctx.tz).date()
    return window.overlaps(ctx.period.start, min(ctx.period.end, cutoff_day))


def overlaps_period(activity: Activity, ctx: EvaluationContext) -> bool:
    """The activity ran on at least one day of the period up to the cut-off."""
    return window_in_period(activity.window, ctx)


#: The last contact :meth:`_Participants.add_submission` read, with the key and the
#: HyperLogLog position it gave (a contact is immutable, and it holds it): each period
#: that counts a submission reads the same contact, and hashes it only once. Forgotten
#: when a count finishes (it is personal data).
_NO_CONTACT: tuple[Any, tuple[str | None, int, int]] = (None, (None, 0, 0))
_last_contact = _NO_CONTACT


def _forget_last_contact() -> None:
    """Let go of the contact :data:`_last_contact` holds (personal data: the engine calls
    this when a pass ends, so no contact stays referenced after it)."""
    global _last_contact
    _last_contact = (None, (None, 0, 0))


class _Participants(Accumulator):
    """Distinct people: identified submitters counted once (HyperLogLog), anonymous
    submissions once each, plus the participants reported by activities."""

    needs = "received_in_period"

    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext) -> None:
        super().__init__(spec, ctx)
        self.people = DistinctCounter()
        self.identified = 0
        self.anonymous = 0
        self.at_activities = 0
        self.n = 0

    def add_submission(self, facts: SubmissionFacts) -> None:
        if not facts.received_in_period:
            return
        self.n += 1
        contact = facts.submission.contact
        if contact is None:
            self.anonymous += 1
            return
        global _last_contact
        last = _last_contact
        if last[0] is contact:  # the same submission seen from another period
            who, register, rank = last[1]
        else:
            who = (contact.email or contact.phone or contact.name or "").strip().lower() or None
            register, rank = DistinctCounter.position(who) if who is not None else (0, 0)
            _last_contact = (contact, (who, register, rank))
        if who is None:
            self.anonymous += 1
        else:
            self.identified += 1
            self.people.merge(register, rank)

    def add_activity(self, activity: Activity) -> None:
        if overlaps_period(activity, self.ctx):
            self.n += 1
            self.at_activities += activity.participants or 0  # None: unknown

    def finish(self) -> Measurement:
        global _last_contact
        _last_contact = _NO_CONTACT
        distinct = round(self.people.estimate()) if self.identified else 0
        total = distinct + self.anonymous + self.at_activities
        population = self.ctx.administration.population
        value = 1000 * total / population if self.n else None
        return Measurement(self.spec.key, value, self.n, numerator=float(total),
                           denominator=float(population),
                           note="" if self.n else "no data: no submissions or activities",
                           detail={"distinct_identified_submitters": distinct,
                                   "anonymous_submissions": self.anonymous,
                                   "activity_participants": self.at_activities})

    def partial(self) -> tuple[bytes, int, int, int, int]:
        return bytes(self.people.registers), self.identified, self.anonymous, self.at_activities, self.n

    def combine(self, partial: tuple[bytes, int, int, int, int]) -> None:
        registers, identified, anonymous, at_activities, n = partial
        self.people.merge_registers(registers)
        self.identified += identified
        self.anonymous += anonymous
        self.at_activities += at_activities
        self.n += n


class _ChannelDiversity(Accumulator):
    needs = "received_in_period"

    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext) -> None:
        super().__init__(spec, ctx)
        self.counts: dict[str, int] = {}

    def add_submission(self, facts: SubmissionFacts) -> None:
        if facts.received_in_period:
            key = facts.submission.channel
            self.counts[key] = self.counts.get(key, 0) + 1

    def finish(self) -> Measurement:
        n = sum(self.counts.values())
        if not n:
            return Measurement(self.spec.key, None, 0, note="no data: no submissions")
        # fsum: the exactly rounded sum, whatever order the channels were met in (a store
        # reads by id, a file in its own order)
        entropy = -math.fsum(c / n * math.log(c / n) for c in self.counts.values())
        return Measurement(self.spec.key, math.exp(entropy), n,
                           detail={"by_channel": dict(sorted(self.counts.items()))})

    def partial(self) -> dict[str, int]:
        return dict(self.counts)

    def combine(self, partial: dict[str, int]) -> None:
        counts = self.counts
        for key, count in partial.items():
            counts[key] = counts.get(key, 0) + count


_NOT_DIGITAL = {Medium.IN_PERSON, Medium.PHONE, Medium.POST, Medium.EVENT}
_MEDIA = Medium.MEDIA  # read from here, not from its class: see responsiveness._MINIMUM


def _in_person(f: SubmissionFacts, _ctx: EvaluationContext) -> bool | None:
    if not f.received_in_period:
        return None
    medium = f.medium
    if medium is None or medium is _MEDIA:
        return None
    return medium in _NOT_DIGITAL


def _contact_positions(con: Any) -> None:
    """``contact_positions``: each distinct contact key as written, trimmed and lower-cased
    here as :meth:`_Participants.add_submission` does, and its HyperLogLog position (keys
    that are blank once trimmed are anonymous and left out)."""
    keys, registers, ranks = [], [], []
    for (key,) in con.execute("SELECT DISTINCT contact_key FROM submissions "
                              "WHERE contact_key IS NOT NULL").fetchall():
        who = key.strip().lower()
        if who:
            register, rank = DistinctCounter.position(who)
            keys.append(key)
            registers.append(register)
            ranks.append(rank)
    con.execute("CREATE TEMP TABLE contact_positions AS SELECT unnest($k::VARCHAR[]) AS contact_key, "
                "unnest($r::INTEGER[]) AS register, unnest($n::INTEGER[]) AS rank",
                {"k": keys, "r": registers, "n": ranks})


def _load_participants(acc: Accumulator, rows: list[tuple[Any, ...]]) -> None:
    """The SQL form's rows (register, its largest rank, identified submissions, all
    submissions; the register is NULL for the anonymous ones) into a :class:`_Participants`."""
    assert isinstance(acc, _Participants)
    for register, rank, identified, count in rows:
        acc.n += count
        acc.identified += identified
        acc.anonymous += count - identified
        if register is not None:
            acc.people.merge(register, rank)


def _load_channels(acc: Accumulator, rows: list[tuple[Any, ...]]) -> None:
    """The SQL form's rows (channel, submissions, first position) into a
    :class:`_ChannelDiversity`, in the order the channels were first met."""
    assert isinstance(acc, _ChannelDiversity)
    for channel, count, _first in rows:
        acc.counts[channel] = acc.counts.get(channel, 0) + count


INDICATORS = [
    IndicatorSpec(
        "participants_per_1000", Area.REACH, {"en": "Participants per 1,000 inhabitants"},
        Unit.PER_1000, Direction.HIGHER,
        "People who took part in the period per 1,000 inhabitants: distinct identified "
        "submitters (by e-mail, phone or name, counted once with a HyperLogLog estimate of "
        "about 1.6 % error), each anonymous submission as one person, plus the participants "
        "reported by activities that ran in the period (people attending several activities "
        "count several times).",
        "1000 × (distinct submitters + anonymous submissions + activity participants) / population",
        "CONSUL participation statistics (share of the district population); OECD Guidelines "
        "(2022), principle of inclusiveness.",
        lambda spec, ctx: _Participants(spec, ctx), default_target=10,
        sql=SqlQuery("SELECT r.period, p.register, max(p.rank), count(p.register), count(*) "
                     "FROM received r LEFT JOIN contact_positions p USING (contact_key) "
                     "GROUP BY r.period, p.register",
                     _load_participants, prepare=_contact_positions)),
    IndicatorSpec(
        "channel_diversity", Area.REACH, {"en": "Channel diversity"},
        Unit.COUNT, Direction.HIGHER,
        "The effective number of channels used by the submissions received in the period: "
        "the exponential of the Shannon entropy of their distribution over channels. It is 1 "
        "when everything comes through one channel and equals the number of channels when "
        "they are used equally.",
        "exp(−Σ p_c ln p_c) over channels c",
        "Decidim democratic-quality indicators (hybridization); CAF 2020 6.2 "
        "(transparency and accessibility: information channels).",
        lambda spec, ctx: _ChannelDiversity(spec, ctx), default_target=4,
        sql=SqlQuery("SELECT period, channel, count(*), min(rn) AS first FROM received "
                     "GROUP BY period, channel ORDER BY period, first",
                     _load_channels)),
    IndicatorSpec(
        "in_person_share", Area.REACH, {"en": "In-person and other non-digital share"},
        Unit.SHARE, Direction.NEUTRAL,
        "Of the submissions received in the period through a known channel (media monitoring "
        "left out), the share that came in person, by phone, by post or at an event rather "
        "than digitally. It describes the mix and is not scored: both too little and too much "
        "can be a problem.",
        "non-digital submissions / submissions",
        "Decidim democratic-quality indicators (hybridization: online, in-person, hybrid).",
        submission_share(_in_person, needs="received_in_period"),
        sql=SqlShare("CASE WHEN received_in_period AND medium IS NOT NULL AND medium <> 'media' "
                     f"THEN medium IN {sql_list(_NOT_DIGITAL)} END")),
]
