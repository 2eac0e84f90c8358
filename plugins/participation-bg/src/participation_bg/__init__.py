"""Bulgaria for the ``participation`` library.

Installed, it registers (through the ``participation`` entry point ``bg``):

- the working-day calendar ``bg`` (:class:`participation_bg.calendar.BulgarianCalendar`);
- the deadline rules ``bg.apia``, ``bg.apc.proposal``, ``bg.apc.signal``,
  ``bg.lna.consultation``, ``bg.whistleblower.ack`` and ``bg.whistleblower.feedback``;
- the admissibility rules of Administrative Procedure Code art. 111(4);
- the Bulgarian channels (keys ``bg.*``) and the Bulgarian translations.
"""

from participation_bg.calendar import ENV_VAR, BulgarianCalendar

__all__ = ["ENV_VAR", "BulgarianCalendar", "__version__"]

__version__ = "0.1.0"
