"""Bulgarian statutory deadlines.

Every term is counted by the core :meth:`participation.rules.DeadlineRule.compute`:
from the day after the event, day terms in calendar days (the statutes say "дни",
not "работни дни"), month terms ending on the same date of the last month or that
month's last day, and a last day that is not a working day moved to the next
working day (Civil Procedure Code art. 60(3), (5) and (6), applied by analogy to
administrative terms).
"""

from __future__ import annotations

from participation.model import Status
from participation.rules import DeadlineRule, Extension, ExtensionMode, RuleKind, Term, TermUnit

__all__ = ["COUNTING", "DEADLINE_RULES"]

#: How every term here is counted (added to each rule's description).
COUNTING = ("Counted from the day after the event; a last day that is not a working day "
            "moves to the next working day (Civil Procedure Code art. 60, by analogy).")

_MONTHS = TermUnit.MONTHS

DEADLINE_RULES: list[DeadlineRule] = [
    DeadlineRule(
        "bg.apia",
        {"en": "Access to public information: decision within 14 days",
         "bg": "Достъп до обществена информация: решение в 14-дневен срок"},
        Term(14),
        legal_basis="Access to Public Information Act art. 28(1)",
        anchor=Status.REGISTERED,
        extensions=[
            Extension("bg.apia.volume", Term(10), ExtensionMode.BY,
                      legal_basis="Access to Public Information Act art. 30(1)",
                      label="up to 10 more days: a large volume of information"),
            Extension("bg.apia.third_party", Term(14), ExtensionMode.BY,
                      legal_basis="Access to Public Information Act art. 31(1)",
                      label="up to 14 more days: a third party's consent is needed"),
        ],
        description="14 days from the day after the registration of the request (art. "
                    "28(1): \"не по-късно от 14 дни след датата на регистриране\"), not from "
                    "its receipt; an unclear request "
                    "restarts the term from its clarification (art. 29(1)). " + COUNTING,
    ),
    DeadlineRule(
        "bg.apc.proposal",
        {"en": "APC proposal: decision within 2 months",
         "bg": "Предложение по АПК: решение в двумесечен срок"},
        Term(2, _MONTHS),
        legal_basis="Administrative Procedure Code art. 118(1)",
        extensions=[
            Extension("bg.apc.proposal.extension", Term(6, _MONTHS), ExtensionMode.TO,
                      legal_basis="Administrative Procedure Code art. 118(2)",
                      label="up to 6 months in all, set by the superior body"),
        ],
        description="2 months from receipt; the decision is communicated within 7 days "
                    "and cannot be appealed (art. 118(1), (3)). " + COUNTING,
    ),
    DeadlineRule(
        "bg.apc.signal",
        {"en": "APC signal: decision within 2 months",
         "bg": "Сигнал по АПК: решение в двумесечен срок"},
        Term(2, _MONTHS),
        legal_basis="Administrative Procedure Code art. 121",
        extensions=[
            Extension("bg.apc.signal.extension", Term(1, _MONTHS), ExtensionMode.BY,
                      legal_basis="Administrative Procedure Code art. 121",
                      label="up to 1 more month for especially important reasons, "
                            "set by the superior body"),
        ],
        description="2 months from receipt; the reasoned decision is communicated within "
                    "7 days of being issued (art. 123(1)). " + COUNTING,
    ),
    DeadlineRule(
        "bg.lna.consultation",
        {"en": "Public consultation on a draft act: at least 30 days",
         "bg": "Обществена консултация по проект на нормативен акт: не по-малко от 30 дни"},
        Term(30),
        legal_basis="Law on Normative Acts art. 26(4)",
        kind=RuleKind.MINIMUM,
        exceptional_term=Term(14),
        description="The comment period on a draft published for consultation lasts at "
                    "least 30 days; in exceptional cases, with reasons stated in the "
                    "motives or report, at least 14 days. " + COUNTING,
    ),
    DeadlineRule(
        "bg.whistleblower.ack",
        {"en": "Whistleblower report: acknowledge receipt within 7 days",
         "bg": "Сигнал за нарушение: потвърждаване на получаването в 7-дневен срок"},
        Term(7),
        legal_basis="Whistleblower Protection Act (ЗЗЛПСПОИН), transposing "
                    "Directive (EU) 2019/1937 art. 9(1)(b)",
        description="The article number of the Bulgarian Act is not yet verified; the "
                    "term is the Directive's. " + COUNTING,
    ),
    DeadlineRule(
        "bg.whistleblower.feedback",
        {"en": "Whistleblower report: feedback within 3 months",
         "bg": "Сигнал за нарушение: обратна информация в срок до 3 месеца"},
        Term(3, _MONTHS),
        legal_basis="Whistleblower Protection Act (ЗЗЛПСПОИН), transposing "
                    "Directive (EU) 2019/1937 art. 9(1)(f)",
        anchor=Status.ACKNOWLEDGED,
        anchor_fallback=Term(7),
        description="3 months from the acknowledgement, or from the end of the 7 days "
                    "after receipt when none was sent (that end, like any term's, moved to "
                    "the next working day). " + COUNTING,
    ),
]
