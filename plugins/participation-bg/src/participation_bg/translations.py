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
    # evaluation areas
    "area.responsiveness": "Отзивчивост",
    "area.closing_the_loop": "Обратна връзка към гражданите",
    "area.reach": "Обхват",
    "area.policy_cycle": "Участие в цикъла на политиките",
    "area.transparency": "Прозрачност",
    "area.satisfaction": "Удовлетвореност",
    # scorers and units
    "scorer.composite": "Сборен индекс (0–100)",
    "scorer.quintile": "Оценка по квинтили за всяка област (1–5)",
    "unit.days": "дни",
    "unit.per_1000": "на 1000 жители",
    # indicators
    "indicator.answered_on_time": "Отговорени в срок",
    "indicator.median_days_to_answer": "Медиана на дните до отговор",
    "indicator.p90_days_to_answer": "90-и персентил на дните до отговор",
    "indicator.overdue_open": "Неотговорени с изтекъл срок в края на периода",
    "indicator.acknowledged_within_7_days": "Потвърдено получаване до 7 дни",
    "indicator.reasoned_answers": "Мотивирани отговори",
    "indicator.feedback_published": "Дейности с публикуван отчет за обратна връзка",
    "indicator.inputs_taken_into_account": "Взети предвид предложения и становища",
    "indicator.days_to_feedback_report": "Дни от края на дейността до отчета",
    "indicator.proposals_accepted": "Приети предложения на граждани",
    "indicator.participants_per_1000": "Участници на 1000 жители",
    "indicator.channel_diversity": "Разнообразие на каналите",
    "indicator.in_person_share": "Дял на подадените лично и по недигитален път",
    "indicator.stage_level_coverage": "Покритие на матрицата етап × ниво",
    "indicator.drafting_participation": "Политики с участие при изготвянето",
    "indicator.consultations_min_length": "Консултации с минималния законов срок",
    "indicator.answers_published": "Публикувани отговори",
    "indicator.information_requests_granted": "Предоставен достъп до обществена информация",
    "indicator.satisfied_share": "Доволни от обслужването",
    "indicator.felt_heard_share": "Чувстват, че са чути от администрацията",
    # report headings
    "report.title": "Оценка на гражданското участие",
    "report.administration": "Администрация",
    "report.period": "Период",
    "report.as_of": "Към",
    "report.population": "Население",
    "report.summary": "Обобщение",
    "report.weakest_areas": "Най-слаби области",
    "report.composite_note": "Сборният индекс отчита частичен напредък: всеки показател носи "
                             "толкова, колкото се доближава до целта си, затова индексът може "
                             "да е висок, макар малко цели да са изпълнени изцяло.",
    "report.recommend_hint": "Кои добри практики от ЕС засягат тези области: "
                             "participation catalogue recommend --assessment report.json",
    "report.indicators": "Показатели",
    "report.indicator": "Показател",
    "report.value": "Стойност",
    "report.target": "Цел",
    "report.met": "Целта е постигната",
    "report.yes": "да",
    "report.no": "не",
    "report.not_scored": "не се оценява",
    "report.n": "n",
    "report.change": "Промяна",
    "report.previous": "Предходен период",
    "report.definition": "Определение",
    "report.formula": "Формула",
    "report.source": "Източник",
    "report.no_data": "няма данни",
    "report.scores": "Оценки",
    "report.method": "Метод",
    "report.area": "Област",
    "report.score": "Оценка",
    "report.contribution": "Принос",
    "report.data": "Прочетени данни",
    "report.generated_by": "Създадено с",
    "report.submissions": "сигнала, предложения и запитвания",
    "report.policies": "политики",
    "report.activities": "дейности",
    "report.survey_responses": "попълнени анкети",
    "report.chart_targets": "Всеки показател спрямо целта",
    "report.chart_days": "Разпределение на дните до отговор",
    "report.chart_matrix": "Дейности по етап и ниво на участие",
    "report.chart_trends": "Тримесечни тенденции",
    "report.stage": "Етап",
    "report.level": "Ниво",
    "report.surveys": "Анкети",
    # this plugin's channels (their own Bulgarian labels)
    **{f"channel.{c.key}": c.labels["bg"] for c in CHANNEL_TYPES},
}


def translations() -> list[Translations]:
    """The Bulgarian table, ready for ``register_translations``."""
    return [Translations("bg", BULGARIAN)]
