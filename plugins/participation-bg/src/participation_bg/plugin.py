"""The hook implementations of the Bulgarian plugin (entry point ``bg``)."""

from __future__ import annotations

from participation.i18n import Translations
from participation.model import ChannelType
from participation.plugins import hookimpl
from participation.rules import Calendar, DeadlineRule
from participation.rules.admissibility import AdmissibilityRule
from participation_bg import admissibility, channels, rules, translations
from participation_bg.calendar import BulgarianCalendar


@hookimpl
def register_calendars() -> list[Calendar]:
    """The Bulgarian working-day calendar, key ``bg`` (reads ``PARTICIPATION_BG_CALENDAR``)."""
    return [BulgarianCalendar()]


@hookimpl
def register_deadline_rules() -> list[DeadlineRule]:
    """The Bulgarian statutory deadlines (APIA, APC, LNA, Whistleblower Act)."""
    return list(rules.DEADLINE_RULES)


@hookimpl
def register_admissibility_rules() -> list[AdmissibilityRule]:
    """Administrative Procedure Code art. 111(4): anonymous, and older than two years."""
    return list(admissibility.ADMISSIBILITY_RULES)


@hookimpl
def register_channel_types() -> list[ChannelType]:
    """The Bulgarian channels (keys ``bg.*``)."""
    return list(channels.CHANNEL_TYPES)


@hookimpl
def register_translations() -> list[Translations]:
    """Bulgarian texts of the core's labels and of this plugin's channels."""
    return translations.translations()
