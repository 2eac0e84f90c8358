"""The civic-engagement survey: do people know the feedback channels, do they trust
the administration, do they feel heard, and do they see what was done with their
input ("closing the loop")? English and Bulgarian.

Questions about a person's own feedback are shown only to those who gave some in the
past 12 months (display conditions), so the others do not count as "not answered".
The felt-heard Likert question carries the ``satisfaction.felt_heard`` indicator tag.
"""

from __future__ import annotations

from participation.surveys import DisplayCondition, Option, Question, Survey

__all__ = ["CIVIC", "SURVEY_KEY"]

SURVEY_KEY = "civic_engagement"


def _o(key: str, en: str, bg: str, **kw: bool) -> Option:
    return Option(key, {"en": en, "bg": bg}, **kw)


_AGREEMENT_SCALE = (
    _o("strongly_disagree", "Strongly disagree", "Напълно несъгласен/на"),
    _o("disagree", "Disagree", "По-скоро несъгласен/на"),
    _o("neither", "Neither agree nor disagree", "Нито съгласен/на, нито несъгласен/на"),
    _o("agree", "Agree", "По-скоро съгласен/на"),
    _o("strongly_agree", "Strongly agree", "Напълно съгласен/на"),
)

_GAVE_FEEDBACK = DisplayCondition("gave_feedback", "equal", "yes")

CIVIC = Survey(
    key=SURVEY_KEY,
    version=1,
    anonymous=True,
    title={"en": "Your voice and the administration",
           "bg": "Вашият глас и администрацията"},
    description={
        "en": "We want to know whether you know how to reach us, whether you trust us, "
              "and whether you feel heard. The survey is anonymous.",
        "bg": "Искаме да разберем дали знаете как да се свържете с нас, дали ни имате "
              "доверие и дали се чувствате чути. Анкетата е анонимна.",
    },
    closing={"en": "Thank you. We publish what we learn, and what we change, every year.",
             "bg": "Благодарим Ви. Всяка година публикуваме какво сме научили и какво "
                   "сме променили."},
    questions=[
        Question(
            "channels_known", "multiple_choice", mandatory=True,
            text={"en": "Which of these ways of giving feedback to the administration do you "
                        "know about?",
                  "bg": "Кои от тези начини за обратна връзка с администрацията познавате?"},
            options=[
                _o("web_form", "The online form on the website",
                   "Онлайн формуляр на уебсайта"),
                _o("email", "E-mail", "Електронна поща"),
                _o("phone", "The telephone line", "Телефонна линия"),
                _o("reception", "The front office (registry desk)",
                   "Деловодство (приемна)"),
                _o("anticorruption", "The box or form for reporting corruption",
                   "Кутия или формуляр за сигнали за корупция"),
                _o("public_consultation", "Public consultations on draft decisions",
                   "Обществени консултации по проекти на решения"),
                _o("open_doors", "Open-doors days and public hearings",
                   "Дни на отворените врати и обществени обсъждания"),
                _o("none", "None of these", "Нито един от тях"),
            ]),
        Question(
            "gave_feedback", "single_choice", mandatory=True,
            text={"en": "In the past 12 months, have you sent the administration a proposal, "
                        "signal, complaint or opinion?",
                  "bg": "През последните 12 месеца изпращали ли сте до администрацията "
                        "предложение, сигнал, жалба или мнение?"},
            options=[_o("yes", "Yes", "Да"), _o("no", "No", "Не")]),
        Question(
            "got_answer", "single_choice", conditions=[_GAVE_FEEDBACK],
            indicator="satisfaction.answered",
            text={"en": "Did you receive an answer?", "bg": "Получихте ли отговор?"},
            options=[
                _o("in_time", "Yes, within the deadline", "Да, в срок", positive=True),
                _o("late", "Yes, but late", "Да, но със закъснение"),
                _o("no", "No", "Не"),
                _o("waiting", "I am still waiting", "Все още чакам"),
            ]),
        Question(
            "felt_heard", "likert", conditions=[_GAVE_FEEDBACK],
            indicator="satisfaction.felt_heard",
            text={"en": "I felt that my opinion was heard and taken seriously.",
                  "bg": "Почувствах, че мнението ми беше чуто и взето насериозно."},
            options=_AGREEMENT_SCALE),
        Question(
            "saw_outcome", "single_choice", conditions=[_GAVE_FEEDBACK],
            indicator="satisfaction.closed_loop",
            text={"en": "Were you told what was done with your input?",
                  "bg": "Казаха ли Ви какво е направено с Вашето мнение?"},
            options=[
                _o("with_reasons", "Yes, with the reasons", "Да, с мотиви", positive=True),
                _o("briefly", "Yes, briefly", "Да, накратко", positive=True),
                _o("no", "No", "Не"),
            ]),
        Question(
            "trust", "rating", mandatory=True, indicator="trust.administration",
            text={"en": "How much do you trust the regional administration, from 0 (not at "
                        "all) to 10 (completely)?",
                  "bg": "Доколко имате доверие на областната администрация – от 0 (изобщо "
                        "нямам) до 10 (напълно)?"}),
        Question(
            "can_influence", "likert", indicator="trust.efficacy",
            text={"en": "People like me can influence what the administration decides.",
                  "bg": "Хора като мен могат да влияят на решенията на администрацията."},
            options=_AGREEMENT_SCALE),
        Question(
            "barriers", "multiple_choice", max_choices=3,
            text={"en": "What keeps you from giving feedback more often? Choose up to three.",
                  "bg": "Какво Ви пречи да давате обратна връзка по-често? Изберете до три "
                        "отговора."},
            options=[
                _o("dont_know_how", "I don't know how", "Не знам как"),
                _o("no_effect", "I don't believe it changes anything",
                   "Не вярвам, че ще промени нещо"),
                _o("no_time", "I have no time", "Нямам време"),
                _o("too_complicated", "The procedures are too complicated",
                   "Процедурите са твърде сложни"),
                _o("fear", "Fear of negative consequences", "Страх от неприятни последици"),
                _o("other", "Something else", "Друго", other=True),
            ]),
        Question(
            "preferred_ways", "ranking", max_choices=3,
            text={"en": "How would you prefer to take part? Rank up to three, best first.",
                  "bg": "Как бихте предпочели да участвате? Подредете до три начина, като "
                        "започнете с най-предпочитания."},
            options=[
                _o("online_consultation", "Online consultation", "Онлайн консултация"),
                _o("public_meeting", "Public meeting", "Обществено обсъждане"),
                _o("survey", "Surveys like this one", "Анкети като тази"),
                _o("working_group", "A working group", "Работна група"),
                _o("direct_contact", "Talking directly to an official",
                   "Пряк разговор със служител"),
            ]),
        Question(
            "fear_detail", "long_text", confidential=True, max_characters=1200,
            conditions=[DisplayCondition("barriers", "equal", "fear")],
            text={"en": "If you wish, tell us what you fear. Your answer stays confidential.",
                  "bg": "Ако желаете, споделете от какво се опасявате. Отговорът Ви остава "
                        "поверителен."}),
        Question(
            "one_thing", "short_text", max_characters=250,
            text={"en": "What would most help you feel heard?",
                  "bg": "Какво най-много би Ви помогнало да се чувствате чути?"}),
    ],
)
