"""Bulgarian channels, with their names in Bulgarian and the rule each answers under."""

from __future__ import annotations

from participation.model import ChannelType, Medium, ParticipationLevel

__all__ = ["CHANNEL_TYPES"]

CHANNEL_TYPES: list[ChannelType] = [
    ChannelType(
        "bg.apc.proposal",
        {"en": "Proposal (Administrative Procedure Code)", "bg": "Предложение по АПК"},
        Medium.DIGITAL, deadline_rule="bg.apc.proposal",
        description="A proposal to improve the administration's work (APC art. 107(3)); "
                    "written or oral, in person, by phone or e-mail (art. 111(1)). "
                    "Anonymous proposals open no proceeding (art. 111(4)).",
    ),
    ChannelType(
        "bg.apc.signal",
        {"en": "Signal (Administrative Procedure Code)", "bg": "Сигнал по АПК"},
        Medium.DIGITAL, deadline_rule="bg.apc.signal",
        description="A report of abuse of power, corruption, mismanagement or other "
                    "unlawful acts (APC art. 107(4)); anonymous signals and signals about "
                    "violations older than two years open no proceeding (art. 111(4)).",
    ),
    ChannelType(
        "bg.apia.request",
        {"en": "Request for access to public information",
         "bg": "Заявление за достъп до обществена информация"},
        Medium.DIGITAL, deadline_rule="bg.apia", level=ParticipationLevel.INFORMATION,
        description="A written or oral request under the Access to Public Information "
                    "Act (art. 24); decided within 14 days (art. 28(1)).",
    ),
    ChannelType(
        "bg.anticorruption_box",
        {"en": "Anti-corruption box (APC signals)",
         "bg": "Кутия за сигнали за корупция (сигнали по АПК)"},
        Medium.POST, anonymous=True, deadline_rule="bg.apc.signal",
        description="A locked box or an online form for corruption reports; anonymous "
                    "reports are accepted into the box, but an anonymous signal under the "
                    "APC opens no proceeding (art. 111(4)).",
    ),
    ChannelType(
        "bg.whistleblower",
        {"en": "Internal whistleblowing channel",
         "bg": "Вътрешен канал за подаване на сигнали за нарушения"},
        Medium.DIGITAL, deadline_rule="bg.whistleblower.feedback",
        description="Reports under the Whistleblower Protection Act (ЗЗЛПСПОИН): receipt "
                    "acknowledged within 7 days (rule bg.whistleblower.ack), feedback "
                    "within 3 months (the channel's rule).",
    ),
    ChannelType(
        "bg.strategy_consultation",
        {"en": "Public consultation on strategy.bg",
         "bg": "Обществена консултация на Портала за обществени консултации (strategy.bg)"},
        Medium.DIGITAL, deadline_rule=None,
        description="Comments on a draft act published on the Portal for Public "
                    "Consultations; no individual answer is owed, the drafter publishes "
                    "a summary of the proposals (LNA art. 26(5)). The consultation itself "
                    "lasts at least 30 days (rule bg.lna.consultation).",
    ),
    ChannelType(
        "bg.reception_desk",
        {"en": "Reception desk of the regional administration",
         "bg": "Приемна на областната администрация"},
        Medium.IN_PERSON, deadline_rule="bg.apc.proposal",
        description="Proposals, signals and requests given in person or recorded by staff "
                    "(an oral submission is registered, APC art. 111(1)-(2)); a signal or "
                    "an information request names its own rule.",
    ),
]
