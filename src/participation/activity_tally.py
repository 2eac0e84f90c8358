"""Activities of a period counted by kind, for the report's "activities by kind" table.

Any kind a plugin registers is counted like a built-in one, so an administration's
own kinds (a public council, a youth parliament) show in the report by their label.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from participation.model import Activity

__all__ = ["ActivityTally"]


class ActivityTally:
    """Counts the activities that overlap ``start..end`` (both included), by kind, with
    their participants and inputs. Fed one activity at a time (:meth:`add`).

    >>> from participation.model import ParticipationLevel, Stage, Window
    >>> tally = ActivityTally(date(2025, 1, 1), date(2025, 3, 31))
    >>> for day, kind in [(date(2025, 2, 3), "staff_training"), (date(2025, 5, 1), "staff_training"),
    ...                   (date(2025, 3, 4), "town_hall")]:
    ...     tally.add(Activity("A", None, kind, Stage.IMPLEMENTATION, ParticipationLevel.INFORMATION,
    ...                        Window(day, day), participants=12))
    >>> [(row["kind"], row["activities"], row["participants"]) for row in tally.rows()]
    [('staff_training', 1, 12), ('town_hall', 1, 12)]
    """

    def __init__(self, start: date, end: date) -> None:
        self.start, self.end = start, end
        self._by_kind: dict[str, list[int]] = {}

    def add(self, activity: Activity) -> None:
        """Count ``activity`` if it ran during the period."""
        if not activity.window.overlaps(self.start, self.end):
            return
        row = self._by_kind.setdefault(str(activity.kind), [0, 0, 0])
        row[0] += 1
        row[1] += activity.participants or 0  # None: unknown
        row[2] += activity.inputs_received or 0

    def rows(self) -> list[dict[str, Any]]:
        """One row per kind, the most frequent first (then by key)."""
        ordered = sorted(self._by_kind.items(), key=lambda item: (-item[1][0], item[0]))
        return [{"kind": kind, "activities": n, "participants": people, "inputs_received": inputs}
                for kind, (n, people, inputs) in ordered]
