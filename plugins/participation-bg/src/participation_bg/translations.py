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
    # kinds of participation activity (register_activity_kinds)
    "activity.public_consultation": "Обществена консултация",
    "activity.public_hearing": "Публично обсъждане",
    "activity.round_table": "Кръгла маса",
    "activity.open_doors_day": "Ден на отворените врати",
    "activity.working_group": "Работна група",
    "activity.citizens_panel": "Граждански панел",
    "activity.survey": "Анкета",
    "activity.information_campaign": "Информационна кампания",
    "activity.participatory_budgeting": "Партиципаторно бюджетиране",
    "activity.advisory_council": "Консултативен съвет",
    "activity.workshop": "Работна среща",
    "activity.staff_training": "Обучение на служителите за комуникация с гражданите",
    "activity.civic_monitoring": "Граждански мониторинг",
    "activity.media_monitoring": "Медиен мониторинг",
    "activity.printed_information": "Брошури и печатни информационни материали",
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
    "report.recommend_hint": "Още практики, с филтри по държава, етап или ниво: "
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
    "report.calendar": "календар на участието",
    "report.answer_due": "Срок за отговор",
    "report.recommendations": "Препоръчани практики",
    "report.recommendations_intro": "Добри практики от каталога на ЕС за всяка от най-слабите "
                                     "области, първо най-подходящите, с причината за избора.",
    "report.recommendation_reason": "Засяга областта „{area}“ (оценка {score}): {why}",
    "report.practice": "Практика",
    "report.reason": "Причина",
    "report.sources": "Източници",
    "report.country": "Държава",
    "report.top_two": "два най-високи отговора",
    "report.mean": "средно",
    "report.question": "Въпрос",
    "report.answers": "Отговори",
    "report.results": "Резултати",
    "report.option": "Отговор",
    "report.share": "Дял",
    "report.ranking": "Класиране (метод на Борда)",
    "report.points": "точки",
    "report.first_place": "на първо място",
    "report.open_answers": "отговора (текстовете не се показват, защото може да разкриват "
                           "самоличност)",
    "report.invalid": "невалидни",
    "report.legend_met": "целта е постигната",
    "report.legend_unmet": "целта не е постигната",
    "report.legend_none": "без цел",
    "report.legend_target": "цел",
    "report.chart_description": "Лентите показват стойността на всеки показател; черната линия "
                                "отбелязва целта.",
    "report.trend_description": "По една малка диаграма за всеки показател: стойността му във "
                                "всеки период.",
    "report.days_description": "Колко отговора за колко дни са дадени (на интервали от пет дни).",
    "report.matrix_description": "Дейности по етап на политиката (редове) и ниво на участие "
                                 "(колони).",
    "report.activities_by_kind": "Дейности по вид",
    "report.kind": "Вид",
    "report.activity_count": "Дейности",
    "report.participants": "Участници",
    "report.inputs_received": "Получени предложения и мнения",
    # indicator definitions
    "indicator.answered_on_time.definition":
        "От постъпилите през периода сигнали, предложения и запитвания, чийто срок за отговор е "
        "изтекъл до датата на отчета или на които вече е отговорено — делът на отговорените до "
        "края на последния ден от срока. Последният ден се определя по правилото за срок на "
        "подаването (или на канала), по вписаните в историята му удължавания и по календара на "
        "работните дни. Неотговорените, чийто срок още не е изтекъл, не се броят; не се броят и "
        "каналите, по които не се дължи отговор.",
    "indicator.median_days_to_answer.definition":
        "Медианата на календарните дни от получаването до отговора за подаванията, постъпили през "
        "периода и отговорени до датата на отчета (по метода на най-близкия ранг, а при четен брой "
        "— средното на двете средни стойности). Дните се броят между календарни дати в часовата "
        "зона на администрацията.",
    "indicator.p90_days_to_answer.definition":
        "Девет от всеки десет отговорени подавания, постъпили през периода, са получили отговор в "
        "рамките на толкова календарни дни (90-и персентил по метода на най-близкия ранг). "
        "Показва бавната „опашка“, която медианата скрива.",
    "indicator.overdue_open.definition":
        "Колко подавания към датата на отчета (края на периода или по-ранен момент, ако е зададен) "
        "все още чакат отговор и срокът им е изтекъл, независимо кога са постъпили. Знаменателят "
        "са всички неотговорени към тази дата подавания, които имат срок.",
    "indicator.acknowledged_within_7_days.definition":
        "От постъпилите през периода подавания, на които се дължи отговор (каналът им или самите "
        "те имат правило за срок), делът на тези, чието получаване е потвърдено (или на които вече "
        "е отговорено) до края на 7-ия календарен ден след деня на получаване, в часовата зона на "
        "администрацията, без пренасяне от почивни дни. Не се броят непотвърдените, за които 7-те "
        "дни още не са изтекли към датата на отчета.",
    "indicator.reasoned_answers.definition":
        "От дадените през периода отговори — делът на мотивираните, а не шаблонни отговори. "
        "Мотивираният отговор е полезен за гражданина и се изисква от чл. 123, ал. 1 от АПК за "
        "решенията по сигнали.",
    "indicator.feedback_published.definition":
        "От приключилите през периода дейности за участие на ниво консултация или по-високо — "
        "делът на тези, за които до датата на отчета е публикуван отчет за обратна връзка "
        "(„какво направихме с вашите предложения“). Чисто информационните дейности не се броят: "
        "при тях няма постъпили мнения, за които да се отчита.",
    "indicator.inputs_taken_into_account.definition":
        "От всички предложения, коментари и становища, постъпили в приключилите през периода "
        "дейности — делът на тези, които са променили политиката изцяло или отчасти. Всяко "
        "предложение тежи еднакво, затова големите консултации тежат повече от малките кръгли маси.",
    "indicator.days_to_feedback_report.definition":
        "Медианата на календарните дни от последния ден на приключила през периода дейност до "
        "публикуването на отчета ѝ за обратна връзка, за дейностите с отчет, публикуван до датата "
        "на отчета.",
    "indicator.proposals_accepted.definition":
        "От предложенията на граждани, по които е взето решение през периода (приети, частично "
        "приети или отхвърлени) — делът на приетите изцяло или частично.",
    "indicator.participants_per_1000.definition":
        "Участвалите през периода хора на 1000 жители: различните идентифицирани подаватели (по "
        "електронна поща, телефон или име, преброени веднъж с оценка HyperLogLog с грешка около "
        "1,6 %), всяко анонимно подаване като един човек, плюс участниците в проведените през "
        "периода дейности (човек, участвал в няколко дейности, се брои няколко пъти).",
    "indicator.channel_diversity.definition":
        "Ефективният брой канали, използвани от постъпилите през периода подавания: експонентата "
        "на ентропията на Шанън на разпределението им по канали. Равен е на 1, когато всичко идва "
        "по един канал, и на броя на каналите, когато те се използват поравно.",
    "indicator.in_person_share.definition":
        "От постъпилите през периода подавания по известен канал (без медийния мониторинг) — делът "
        "на подадените лично, по телефон, по пощата или на събитие, а не по електронен път. "
        "Описва съотношението и не се оценява: проблем може да е и твърде малкият, и твърде "
        "големият дял.",
    "indicator.stage_level_coverage.definition":
        "От 24-те клетки на матрицата на Съвета на Европа (шест етапа на процеса на вземане на "
        "решения × четири нива на участие) — делът на тези, в които през периода е проведена поне "
        "една дейност. Награждава включването на хората на всеки етап, не само при изготвянето, и "
        "отвъд самото информиране.",
    "indicator.drafting_participation.definition":
        "От политиките, които през периода са били на етап изготвяне — делът на тези, за които "
        "през периода на етапа на изготвяне е проведена поне една дейност на ниво консултация или "
        "по-високо.",
    "indicator.consultations_min_length.definition":
        "От обществените консултации, приключили през периода, за които е посочено правилото за "
        "минималната им продължителност — делът на продължилите поне толкова, броено от деня след "
        "публикуването; по-краткият изключителен срок се зачита само ако консултацията посочва "
        "мотивите за него.",
    "indicator.answers_published.definition":
        "От дадените през периода отговори — делът на публикуваните (без лични данни), така че и "
        "други със същия въпрос или проблем да могат да ги прочетат.",
    "indicator.information_requests_granted.definition":
        "От заявленията за достъп до обществена информация, по които е взето решение през "
        "периода — делът на тези, по които достъпът е предоставен изцяло или частично.",
    "indicator.satisfied_share.definition":
        "От отговорите в подадените през периода анкети на въпросите с етикет "
        "„satisfaction.overall“ — делът на положителните: двете най-високи степени на скала на "
        "Ликерт или 7 и повече по скала от 0 до 10. Неотговорените и скритите въпроси не се броят.",
    "indicator.felt_heard_share.definition":
        "От отговорите в подадените през периода анкети на въпросите с етикет "
        "„satisfaction.felt_heard“ — делът на положителните (двете най-високи степени или 7 и "
        "повече по скала от 0 до 10): хората, които чувстват, че гласът им се чува, и виждат какво "
        "е направено с тяхното мнение.",
    # this plugin's channels (their own Bulgarian labels)
    **{f"channel.{c.key}": c.labels["bg"] for c in CHANNEL_TYPES},
}


def translations() -> list[Translations]:
    """The Bulgarian table, ready for ``register_translations``."""
    return [Translations("bg", BULGARIAN)]
