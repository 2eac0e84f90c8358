"""What the engine promises beyond the figures: an accumulator whose ``add_submission``
was replaced on the object itself is fed through it, and no submission (its contact
details included) stays referenced once a pass has ended."""

from __future__ import annotations

import gc
import weakref
from datetime import UTC, datetime
from typing import Any

import attrs

from participation.evaluation import Evaluation
from participation.model import (
    Administration,
    Contact,
    Event,
    GovernmentLevel,
    Period,
    Status,
    Submission,
    SubmissionKind,
)
from participation.registry import Registry

ADMIN = Administration("X", "BG", GovernmentLevel.REGIONAL, 200_000)
AS_OF = datetime(2026, 1, 1, tzinfo=UTC)


def test_an_add_submission_replaced_on_the_object_is_the_one_called() -> None:
    registry = Registry.default(load_entrypoints=False)
    seen: list[str] = []
    specs = []
    for key in ("answered_on_time", "median_days_to_answer", "reasoned_answers"):
        spec = registry.indicators[key]

        def traced(s: Any, ctx: Any, spec: Any = spec) -> Any:
            acc = spec.accumulator(s, ctx)
            inner = acc.add_submission
            acc.add_submission = lambda facts: (seen.append(facts.submission.id), inner(facts))
            return acc

        specs.append(attrs.evolve(spec, accumulator=traced))
    ev = Evaluation(ADMIN, [Period.parse("2025")], AS_OF, registry, indicators=specs)
    ev.add_submissions([Submission("S-1", "email", SubmissionKind.QUESTION,
                                   datetime(2025, 3, 1, tzinfo=UTC), "q")])
    assert seen.count("S-1") >= 1


def test_no_submission_stays_referenced_after_a_pass() -> None:
    registry = Registry.default(load_entrypoints=False)
    contact = Contact(name="Ana", email="ana@example.org")
    received = datetime(2025, 3, 1, 9, tzinfo=UTC)
    submission = Submission("S-1", "email", SubmissionKind.COMPLAINT, received, "q",
                            contact=contact,
                            events=[Event(datetime(2025, 3, 1, 10, tzinfo=UTC), Status.REGISTERED),
                                    Event(datetime(2025, 3, 1, 11, tzinfo=UTC), Status.ACKNOWLEDGED)])
    gone = weakref.ref(contact), weakref.ref(submission)
    ev = Evaluation(ADMIN, [Period.parse("2025"), Period.parse("2025-Q1")], AS_OF, registry)
    ev.add_submissions([submission])
    ev.finish()
    del submission, contact
    gc.collect()
    assert [ref() for ref in gone] == [None, None]
