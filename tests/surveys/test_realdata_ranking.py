"""The ranking type on a real ordinal ballot: Kraków participatory budget 2018,
Swoszowice district (Pabulib). The city gave 3, 2 and 1 points to a voter's first,
second and third choice; the file publishes each project's votes and score, and the
ranking results must reproduce them."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from participation.surveys import Answer, Option, Question, Survey, SurveyResponse, tabulate


def read_pb(path: Path) -> tuple[dict[str, dict[str, str]], list[dict[str, str]]]:
    sections: dict[str, list[list[str]]] = {}
    current = ""
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter=";"):
            if len(row) == 1 and row[0].strip() in {"META", "PROJECTS", "VOTES"}:
                current = row[0].strip()
                sections[current] = []
            elif row:
                sections[current].append(row)
    header, *rows = sections["PROJECTS"]
    projects = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    header, *rows = sections["VOTES"]
    return projects, [dict(zip(header, r, strict=True)) for r in rows]


def test_krakow_ordinal_ballots(realdata: Path, types: Any) -> None:
    projects, votes = read_pb(realdata / "pabulib" / "Poland_Krakow_2018_Swoszowice.pb")
    question = Question("vote", "ranking", {"en": "Rank three projects"}, max_choices=3,
                        options=[Option(f"p{pid}", {"en": p["name"]}) for pid, p in projects.items()])
    survey = Survey("krakow_2018", {"en": "Kraków PB 2018, Swoszowice"}, questions=[question])
    at = datetime(2018, 6, 20, tzinfo=UTC)
    responses = [SurveyResponse(f"v{v['voter_id']}", survey.key, 1, at,
                                [Answer("vote", [f"p{pid}" for pid in v["vote"].split(",")])])
                 for v in votes]
    res = tabulate(survey, responses, types)
    assert res.invalid == 0
    assert res.question("vote").n == len(votes) == 844
    f = res.question("vote").figures
    for pid, project in projects.items():
        key = f"p{pid}"
        ranked, mean_position = f["ranked"][key], f["mean_position"][key]
        assert ranked == int(project["votes"])
        # 3-2-1 points: each ranking gives 4 − position
        assert round(4 * ranked - mean_position * ranked) == int(project["score"])
        assert f["top_k_points"][key] == int(project["score"])
    # with m = 10 options our Borda gives 10 − position, i.e. the city's score plus 6 per vote
    assert f["borda"]["p9"] == 700 + 6 * 322
    assert f["order"][0] == "p9"
