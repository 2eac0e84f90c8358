"""The citizen-satisfaction survey, along the CAF 6.1 perception themes: overall image,
involvement, accessibility, transparency, quality of the service and digital services.

Built for a regional administration's annual satisfaction report (the Bulgarian
Ordinance on Administrative Services requires feedback methods and such a report);
English and Bulgarian. The overall-satisfaction Likert question carries the
``satisfaction.overall`` indicator tag the evaluation reads.
"""

from __future__ import annotations

from participation.surveys import DisplayCondition, Option, Question, Survey

__all__ = ["SATISFACTION", "SURVEY_KEY"]

SURVEY_KEY = "service_satisfaction"


def _o(key: str, en: str, bg: str, **kw: bool) -> Option:
    return Option(key, {"en": en, "bg": bg}, **kw)


_SATISFACTION_SCALE = (
    _o("very_dissatisfied", "Very dissatisfied", "Много недоволен/на"),
    _o("dissatisfied", "Dissatisfied", "Недоволен/на"),
    _o("neutral", "Neither satisfied nor dissatisfied", "Нито доволен/на, нито недоволен/на"),
    _o("satisfied", "Satisfied", "Доволен/на"),
    _o("very_satisfied", "Very satisfied", "Много доволен/на"),
)

_AGREEMENT_SCALE = (
    _o("strongly_disagree", "Strongly disagree", "Напълно несъгласен/на"),
    _o("disagree", "Disagree", "По-скоро несъгласен/на"),
    _o("neither", "Neither agree nor disagree", "Нито съгласен/на, нито несъгласен/на"),
    _o("agree", "Agree", "По-скоро съгласен/на"),
    _o("strongly_agree", "Strongly agree", "Напълно съгласен/на"),
)

# Bulgarian: adverbs throughout (no gender or number to agree with), so every
# label fits every row of the matrix ("Добро" was a neuter adjective among adverbs).
_QUALITY_SCALE = (
    _o("very_poor", "Very poor", "Много лошо"),
    _o("poor", "Poor", "Лошо"),
    _o("fair", "Fair", "Задоволително"),
    _o("good", "Good", "Добре"),
    _o("very_good", "Very good", "Много добре"),
)

_YES_NO = (_o("yes", "Yes", "Да", positive=True), _o("no", "No", "Не"))

SATISFACTION = Survey(
    key=SURVEY_KEY,
    version=1,
    anonymous=True,
    title={"en": "How satisfied are you with our service?",
           "bg": "Доколко сте доволни от нашето обслужване?"},
    description={
        "en": "This short anonymous survey helps us improve the administrative service. "
              "It takes about five minutes. We do not ask for your name.",
        "bg": "Тази кратка анонимна анкета ни помага да подобрим административното "
              "обслужване. Попълването отнема около пет минути. Не питаме за името Ви.",
    },
    closing={"en": "Thank you for your time. The results are published in our annual "
                   "report on administrative service.",
             "bg": "Благодарим Ви за отделеното време. Резултатите се публикуват в "
                   "годишния ни доклад за административното обслужване."},
    questions=[
        Question(
            "service_used", "single_choice", mandatory=True,
            text={"en": "Which service did you use most recently?",
                  "bg": "Коя услуга използвахте последно?"},
            options=[
                _o("documents_abroad", "Certification of documents for use abroad",
                   "Заверка на документи за чужбина"),
                _o("state_property", "State property (certificates, deeds)",
                   "Държавна собственост (удостоверения, актове)"),
                _o("land_restitution", "Agricultural land and restitution",
                   "Земеделски земи и реституция"),
                _o("spatial_planning", "Spatial planning and construction",
                   "Устройство на територията и строителство"),
                _o("information_request", "Access to public information",
                   "Достъп до обществена информация"),
                _o("complaint", "A complaint, signal or proposal",
                   "Жалба, сигнал или предложение"),
                _o("other", "Other", "Друго", other=True),
            ]),
        Question(
            "contact_channel", "single_choice",
            text={"en": "How did you contact us?", "bg": "По какъв начин се свързахте с нас?"},
            options=[
                _o("in_person", "In person at the front office", "Лично, на гишето"),
                _o("phone", "By phone", "По телефона"),
                _o("online", "Online (website, e-services)", "Онлайн (уебсайт, е-услуги)"),
                _o("email", "By e-mail", "По електронна поща"),
                _o("post", "By post", "По пощата"),
            ]),
        Question(
            "overall", "likert", mandatory=True, indicator="satisfaction.overall",
            text={"en": "Overall, how satisfied are you with the service you received?",
                  "bg": "Като цяло, доколко сте доволни от получената услуга?"},
            options=_SATISFACTION_SCALE),
        Question(
            "aspects", "matrix_single",
            text={"en": "How would you rate the following?",
                  "bg": "Как бихте оценили следното?"},
            rows=[
                _o("accessibility", "Ease of reaching us (opening hours, location, "
                   "access for people with disabilities)",
                   "Достъпност (работно време, местоположение, достъп за хора с увреждания)"),
                _o("transparency", "Clarity of information on procedures, fees and deadlines",
                   "Яснота на информацията за процедурите, таксите и сроковете"),
                _o("quality", "Speed and accuracy of the service",
                   "Бързина и точност на услугата"),
                _o("staff", "Courtesy and competence of the staff",
                   "Любезност и компетентност на служителите"),
            ],
            options=_QUALITY_SCALE),
        Question(
            "on_time", "single_choice", indicator="satisfaction.on_time",
            text={"en": "Was the service completed within the time you were promised?",
                  "bg": "Беше ли услугата извършена в обещания срок?"},
            options=[*_YES_NO, _o("dont_know", "I don't know", "Не знам")]),
        Question(
            "digital_used", "single_choice",
            text={"en": "Did you use any of our electronic services "
                        "(e-services, online forms, e-payment)?",
                  "bg": "Използвахте ли наши електронни услуги "
                        "(е-услуги, онлайн формуляри, електронно плащане)?"},
            options=[_o("yes", "Yes", "Да"), _o("no", "No", "Не")]),
        Question(
            "digital_rating", "rating", indicator="satisfaction.digital",
            conditions=[DisplayCondition("digital_used", "equal", "yes")],
            text={"en": "How would you rate our electronic services, from 0 (very poor) "
                        "to 10 (excellent)?",
                  "bg": "Как бихте оценили електронните ни услуги – от 0 (много лошо) "
                        "до 10 (отлично)?"}),
        Question(
            "fair_treatment", "likert", indicator="satisfaction.image",
            text={"en": "The administration treats all citizens fairly and equally.",
                  "bg": "Администрацията се отнася към всички граждани справедливо и еднакво."},
            options=_AGREEMENT_SCALE),
        Question(
            "involvement", "likert", indicator="satisfaction.involvement",
            text={"en": "The administration asks citizens for their opinion before taking "
                        "decisions that affect them.",
                  "bg": "Администрацията пита гражданите за мнението им, преди да вземе "
                        "решения, които ги засягат."},
            options=_AGREEMENT_SCALE),
        Question(
            "priorities", "ranking", max_choices=3,
            text={"en": "What should we improve first? Rank up to three, most important "
                        "first.",
                  "bg": "Какво да подобрим най-напред? Подредете до три неща, като "
                        "започнете с най-важното."},
            options=[
                _o("waiting_time", "Shorter waiting times", "По-кратко време за чакане"),
                _o("online_services", "More services online", "Повече услуги онлайн"),
                _o("information", "Clearer information", "По-ясна информация"),
                _o("opening_hours", "More convenient opening hours",
                   "По-удобно работно време"),
                _o("staff_attitude", "The attitude of the staff",
                   "Отношението на служителите"),
            ]),
        Question(
            "what_went_wrong", "long_text", max_characters=1200, confidential=True,
            conditions=[DisplayCondition("overall", "equal", "very_dissatisfied",
                                         mandatory=False),
                        DisplayCondition("overall", "equal", "dissatisfied", mandatory=False)],
            text={"en": "What went wrong? Please tell us, so that we can improve.",
                  "bg": "Какво не беше наред? Моля, споделете, за да можем да се подобрим."}),
        Question(
            "suggestions", "long_text", max_characters=1200,
            text={"en": "Any other comments or suggestions?",
                  "bg": "Имате ли други коментари или предложения?"}),
        Question(
            "age_group", "single_choice", confidential=True,
            text={"en": "Your age group", "bg": "Вашата възрастова група"},
            options=[
                _o("age_18_29", "18–29", "18–29"),
                _o("age_30_44", "30–44", "30–44"),
                _o("age_45_64", "45–64", "45–64"),
                _o("age_65_plus", "65 or over", "65 и повече"),
                _o("undisclosed", "I prefer not to say", "Предпочитам да не отговарям"),
            ]),
    ],
)
