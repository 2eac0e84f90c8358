"""Bulgarian texts of the labels the core shows, and of this plugin's channels.

Message ids not listed here fall back to English (``Registry.translate``); the test
``test_every_english_message_has_a_bulgarian_text`` lists any that are missing.
"""

from __future__ import annotations

from participation.i18n import Translations
from participation_bg.channels import CHANNEL_TYPES

__all__ = ["BULGARIAN", "translations"]

BULGARIAN: dict[str, str] = {
    # Council of Europe stages (Code of Good Practice for Civil Participation)
    "stage.agenda_setting": "Определяне на дневния ред",
    "stage.drafting": "Изготвяне",
    "stage.decision": "Вземане на решение",
    "stage.implementation": "Изпълнение",
    "stage.monitoring": "Наблюдение",
    "stage.reformulation": "Преформулиране",
    # Council of Europe levels
    "level.information": "Информиране",
    "level.consultation": "Консултиране",
    "level.dialogue": "Диалог",
    "level.partnership": "Партньорство",
    # IAP2 levels
    "iap2.inform": "Информиране",
    "iap2.consult": "Консултиране",
    "iap2.involve": "Включване",
    "iap2.collaborate": "Сътрудничество",
    "iap2.empower": "Овластяване",
    # statuses
    "status.received": "Получено",
    "status.registered": "Регистрирано",
    "status.acknowledged": "Потвърдено получаване",
    "status.in_review": "В процес на разглеждане",
    "status.forwarded": "Препратено",
    "status.extended": "Удължен срок",
    "status.answered": "Отговорено",
    "status.closed": "Приключено",
    "status.rejected": "Отхвърлено",
    "status.withdrawn": "Оттеглено",
    # submission kinds
    "kind.proposal": "Предложение",
    "kind.signal": "Сигнал",
    "kind.complaint": "Жалба",
    "kind.question": "Въпрос",
    "kind.information_request": "Заявление за достъп до обществена информация",
    "kind.corruption_report": "Сигнал за корупция",
    "kind.whistleblower_report": "Сигнал за нарушение (ЗЗЛПСПОИН)",
    "kind.praise": "Похвала",
    "kind.comment": "Коментар",
    # outcomes
    "outcome.accepted": "Уважено",
    "outcome.partly_accepted": "Частично уважено",
    "outcome.rejected": "Отхвърлено",
    "outcome.informational": "Информативен отговор",
    "outcome.forwarded": "Препратено по компетентност",
    "outcome.granted": "Предоставен достъп",
    "outcome.partly_granted": "Предоставен частичен достъп",
    "outcome.refused": "Отказан достъп",
    "outcome.not_examined": "Оставено без разглеждане",
    # media
    "medium.digital": "Електронно",
    "medium.in_person": "Лично",
    "medium.phone": "По телефона",
    "medium.post": "По пощата",
    "medium.event": "Събитие",
    "medium.media": "Медии",
    # the core's channels
    "channel.web_form": "Уеб формуляр",
    "channel.email": "Електронна поща",
    "channel.phone": "Телефон",
    "channel.in_person": "Лично на място",
    "channel.post": "Поща",
    "channel.anticorruption_box": "Кутия за сигнали за корупция",
    "channel.information_request": "Заявление за достъп до информация",
    "channel.public_consultation": "Обществена консултация",
    "channel.survey": "Анкета",
    "channel.round_table": "Кръгла маса",
    "channel.open_doors_day": "Ден на отворените врати",
    "channel.social_media": "Социални мрежи",
    "channel.media_monitoring": "Медиен мониторинг",
    # this plugin's channels (their own Bulgarian labels)
    **{f"channel.{c.key}": c.labels["bg"] for c in CHANNEL_TYPES},
}


def translations() -> list[Translations]:
    """The Bulgarian table, ready for ``register_translations``."""
    return [Translations("bg", BULGARIAN)]
