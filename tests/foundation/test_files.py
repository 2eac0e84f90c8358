"""Reading lines of bytes as :func:`participation.files.utf8_lines` does, against the rule
it documents, on every short input made of the characters that matter."""

from __future__ import annotations

import io
import itertools
import re

import pytest

from participation.errors import InvalidDocumentError
from participation.files import utf8_lines

_PIECES = [b"a", b"\r", b"\n", b"\xef\xbb\xbf", "é".encode(), b"\xe9"]


def _reference(data: bytes, at_start: bool) -> list[str]:
    """The rule: a leading byte-order mark dropped (at the start of the file), each line
    decoded as UTF-8, and lines ended by "\\n", "\\r\\n" or a bare "\\r", kept."""
    if at_start and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = data.decode("utf-8")
    return [piece for piece in re.split(r"(?<=\r)(?!\n)|(?<=\n)", text) if piece]


@pytest.mark.parametrize("at_start", [True, False])
def test_lines_follow_the_documented_rule(at_start: bool) -> None:
    for size in range(6):
        for parts in itertools.product(_PIECES, repeat=size):
            data = b"".join(parts)
            try:
                expected = _reference(data, at_start)
            except UnicodeDecodeError:
                with pytest.raises(InvalidDocumentError, match="not UTF-8"):
                    list(utf8_lines(io.BytesIO(data), "x", at_start=at_start))
                continue
            assert list(utf8_lines(io.BytesIO(data), "x", at_start=at_start)) == expected, data
