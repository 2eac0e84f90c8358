"""The scales participation is measured on: the Council of Europe's stages and levels, and IAP2.

The Council of Europe's *Code of Good Practice for Civil Participation in the
Decision-Making Process* (2009) names six steps of the political decision-making
process and four levels of participation. The IAP2 *Spectrum of Public
Participation* has five levels. Only the identifiers are shipped; the IAP2 wording
is IAP2's.
"""

from __future__ import annotations

import enum

__all__ = ["COE_TO_IAP2", "IAP2_TO_COE", "Iap2Level", "ParticipationLevel", "Stage"]


class _Ordered(enum.Enum):
    """An enum whose members are ordered by declaration (least to most)."""

    @property
    def rank(self) -> int:
        """Position on the scale, from 0."""
        return list(type(self)).index(self)

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ordered)
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ordered)
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ordered)
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ordered)
        return self.rank >= other.rank


class Stage(_Ordered):
    """The six steps of the political decision-making process (CoE Code, 2009), in order.

    >>> [s.value for s in Stage][:3]
    ['agenda_setting', 'drafting', 'decision']
    >>> Stage.DRAFTING < Stage.MONITORING
    True
    """

    AGENDA_SETTING = "agenda_setting"
    DRAFTING = "drafting"
    DECISION = "decision"
    IMPLEMENTATION = "implementation"
    MONITORING = "monitoring"
    REFORMULATION = "reformulation"


class ParticipationLevel(_Ordered):
    """The four levels of participation of the CoE Code, least to most participative.

    ``active_involvement`` (the vocabulary of CoE Guidelines CM(2017)83) is an alias
    of ``partnership``:

    >>> ParticipationLevel("active_involvement") is ParticipationLevel.PARTNERSHIP
    True
    """

    INFORMATION = "information"
    CONSULTATION = "consultation"
    DIALOGUE = "dialogue"
    PARTNERSHIP = "partnership"

    @classmethod
    def _missing_(cls, value: object) -> ParticipationLevel | None:
        if value == "active_involvement":
            return cls.PARTNERSHIP
        return None

    def to_iap2(self) -> Iap2Level:
        """The IAP2 level this CoE level corresponds to (see :data:`COE_TO_IAP2`)."""
        return COE_TO_IAP2[self]


class Iap2Level(_Ordered):
    """The five levels of the IAP2 Spectrum, by increasing public impact.

    >>> Iap2Level.COLLABORATE.to_coe()
    <ParticipationLevel.PARTNERSHIP: 'partnership'>
    """

    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"

    def to_coe(self) -> ParticipationLevel:
        """The CoE level this IAP2 level corresponds to (see :data:`IAP2_TO_COE`)."""
        return IAP2_TO_COE[self]


#: IAP2 → CoE. Inform and consult map one to one; *involve* (working directly with
#: the public throughout, two-way) is the CoE's *dialogue*; *collaborate* and
#: *empower* both share responsibility for the decision, which is the CoE's
#: *partnership*. The mapping is monotone: a higher IAP2 level never maps lower.
IAP2_TO_COE: dict[Iap2Level, ParticipationLevel] = {
    Iap2Level.INFORM: ParticipationLevel.INFORMATION,
    Iap2Level.CONSULT: ParticipationLevel.CONSULTATION,
    Iap2Level.INVOLVE: ParticipationLevel.DIALOGUE,
    Iap2Level.COLLABORATE: ParticipationLevel.PARTNERSHIP,
    Iap2Level.EMPOWER: ParticipationLevel.PARTNERSHIP,
}

#: CoE → IAP2: each CoE level maps to the lowest IAP2 level that maps back onto it,
#: so ``COE_TO_IAP2[IAP2_TO_COE[x]] <= x`` and ``IAP2_TO_COE[COE_TO_IAP2[y]] == y``.
COE_TO_IAP2: dict[ParticipationLevel, Iap2Level] = {
    ParticipationLevel.INFORMATION: Iap2Level.INFORM,
    ParticipationLevel.CONSULTATION: Iap2Level.CONSULT,
    ParticipationLevel.DIALOGUE: Iap2Level.INVOLVE,
    ParticipationLevel.PARTNERSHIP: Iap2Level.COLLABORATE,
}
