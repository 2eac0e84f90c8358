"""Cross-check with pabutools, the Pabulib project's own library, where it is installed
(it is not a dependency: it brings PuLP, gurobipy, gmpy2 and numpy). Our reader and
pabutools' ``parse_pabulib`` must agree on every real file: voters, projects, costs
and each project's count of votes."""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from participation.testing.importing import REALDATA, convert

pabutools_election = pytest.importorskip("pabutools.election")

FILES = sorted(p.name for p in (REALDATA / "pabulib").glob("*.pb")) if (REALDATA / "pabulib").is_dir() else []


@pytest.mark.parametrize("name", FILES)
def test_counts_agree_with_pabutools(tmp_path: Path, name: str) -> None:
    path = REALDATA / "pabulib" / name
    instance, profile = pabutools_election.parse_pabulib(str(path))
    counted: dict[str, int] = {}
    for ballot in profile:
        for project in ballot:
            counted[project.name] = counted.get(project.name, 0) + 1
    report, out = convert(path, tmp_path, timezone=ZoneInfo("Europe/Warsaw"))
    assert report.kinds["survey_responses"] == len(profile)
    projects = [json.loads(x) for x in (out / "submissions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(projects) == len(instance)
    ours = {p["id"].rsplit(".", 1)[1]: p for p in projects}
    for project in instance:
        assert int(ours[project.name]["extra"]["votes_counted"]) == counted.get(project.name, 0)
        assert float(ours[project.name]["extra"]["cost"]) == float(project.cost)
