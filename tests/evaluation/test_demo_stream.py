"""The demo writes its data streaming, the same bytes as the data it generates in memory."""

from __future__ import annotations

import io
from pathlib import Path

from participation.demo import generate, write
from participation.registry import Registry
from participation.serialization import Serializer


def test_streamed_files_equal_the_generated_data(tmp_path: Path) -> None:
    registry = Registry.default()
    ser = Serializer(registry.plugin_manager)
    admin = write(registry, tmp_path, ser, seed=11, submissions=400)
    data = generate(registry, seed=11, submissions=400)
    assert admin == data.administration
    for name, items in (("submissions", data.submissions), ("policies", data.policies),
                        ("activities", data.activities),
                        ("survey_responses", data.survey_responses)):
        expected = io.StringIO()
        ser.write_jsonl(items, expected)
        assert (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8") == expected.getvalue(), name
    assert len(data.submissions) == 400 and data.survey_responses
