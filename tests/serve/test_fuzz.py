"""The service fuzzed by schemathesis from the official GeoReport v2 ``swagger.json``: no
answer is a server error, and every answer conforms to the swagger (schema and content
type). The number of examples is small so the suite stays fast; raise
``PARTICIPATION_FUZZ_EXAMPLES`` for a longer run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from participation.model import Submission

from .conftest import PERSONAL, LiveServer

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
)

EXAMPLES = int(os.environ.get("PARTICIPATION_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _operations(raw: dict[str, Any]) -> list[Any]:
    schema = schemathesis.openapi.from_dict(raw)
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(live: LiveServer, raw: dict[str, Any]) -> list[int]:
    seen: list[int] = []
    for operation in _operations(raw):
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            response = case.call_and_validate(base_url=live.url, checks=CHECKS)
            seen.append(response.status_code)
            assert not any(value in response.text for value in PERSONAL)

        run()
    return seen


@pytest.mark.slow
def test_fuzz_the_official_swagger(serve: Any, swagger_path: Path,
                                   seeded: dict[str, Submission]) -> None:
    live = serve(post_rate=0, get_rate=0)
    seen = _fuzz(live, json.loads(swagger_path.read_text(encoding="utf-8")))
    assert seen and max(seen) < 500


@pytest.mark.slow
def test_fuzz_with_the_response_format_known(serve: Any, swagger_path: Path,
                                             seeded: dict[str, Submission]) -> None:
    """The swagger leaves ``response_format`` free text, so most fuzzed paths are 404s;
    here it is narrowed (in memory) to ``json`` to reach the answers with bodies."""
    raw = json.loads(swagger_path.read_text(encoding="utf-8"))
    raw["parameters"]["response_format"].update({"enum": ["json"]})
    raw["parameters"]["jurisdiction_id"].update({"enum": ["test.example"]})
    live = serve(post_rate=0, get_rate=0, jurisdiction_id="test.example")
    seen = _fuzz(live, raw)
    assert 200 in seen and max(seen) < 500
