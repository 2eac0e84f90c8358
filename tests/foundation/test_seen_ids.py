"""The repeated-id check keeps a compact table, not a dictionary of every id."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.validation import SeenIds


@attrs.frozen
class Doc:
    id: str


@attrs.frozen
class Other:
    id: str


def test_repeats_are_found_with_their_first_line_across_many_ids() -> None:
    seen = SeenIds()
    for line in range(1, 20_001):  # the table grows several times on the way
        assert seen.first_seen(Doc(f"S-{line}"), line) is None
    assert len(seen) == 20_000
    assert seen.first_seen(Doc("S-1"), 20_001) == 1
    assert seen.first_seen(Doc("S-12345"), 20_002) == 12_345
    assert seen.first_seen(Doc("S-20000"), 20_003) == 20_000
    assert len(seen) == 20_000  # a repeat is not remembered twice


def test_kinds_are_apart_and_ids_must_be_text() -> None:
    seen = SeenIds()
    assert seen.first_seen(Doc("X"), 1) is None
    assert seen.first_seen(Other("X"), 2) is None  # a policy may share a submission's id
    assert seen.first_seen(Other("X"), 3) == 2
    assert seen.first_seen(object(), 4) is None


def test_memory_is_a_few_bytes_per_id() -> None:
    seen = SeenIds()
    for line in range(1, 100_001):
        seen.first_seen(Doc(f"S-{line}"), line)
    table = sum(d.buffer_info()[1] * 8 + n.buffer_info()[1] * 4
                for d, n in zip(seen._digests, seen._lines, strict=True))
    assert table <= 100_000 * 23  # at most four fifths full, grown by half


def test_a_repeat_is_found_across_the_wrap_around_of_the_table() -> None:
    seen = SeenIds()
    ids = [f"W-{i}" for i in range(3_000)]
    for line, ident in enumerate(ids, start=1):
        assert seen.first_seen(Doc(ident), line) is None
    for line, ident in enumerate(ids, start=1):
        assert seen.first_seen(Doc(ident), 10_000 + line) == line


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3000), max_size=400), min_size=1, max_size=4))
def test_overlap_says_whether_an_id_is_in_two_parts(parts: list[list[int]]) -> None:
    tables = []
    for numbers in parts:
        seen = SeenIds()
        for n in numbers:
            seen.first_seen(Doc(f"S-{n}"), 1)
        tables.append(seen.digests())
    shared = any(set(a) & set(b) for i, a in enumerate(parts) for b in parts[i + 1:])
    assert SeenIds.overlap(tables) is shared
    kinds = SeenIds()
    kinds.first_seen(Other("S-1"), 1)  # another kind of record with the same id
    docs = SeenIds()
    docs.first_seen(Doc("S-1"), 1)
    assert SeenIds.overlap([kinds.digests(), docs.digests()]) is False
