"""Export: CSV through the formula-safe writer, JSON that loads back, DataFrame."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.catalogue import Catalogue, Figure, Practice
from participation.catalogue.export import CSV_COLUMNS
from participation.serialization import Serializer


def test_csv_has_one_row_per_practice(catalogue: Catalogue) -> None:
    buf = io.StringIO()
    assert catalogue.to_csv(buf) == len(catalogue)
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    sofia = next(r for r in rows if r[0] == "bg-sofia-ideas-for-the-city")
    assert sofia[CSV_COLUMNS.index("eu")] == "true"
    assert sofia[CSV_COLUMNS.index("eu_group")] == "eu13"
    figures = io.StringIO()
    catalogue.to_csv(figures, "figures")
    table = list(csv.DictReader(io.StringIO(figures.getvalue())))
    voters = {r["value"] for r in table
              if r["practice_id"] == "bg-sofia-ideas-for-the-city" and r["what"] == "voters"}
    assert voters == {"15000", "11589"}  # conflicting figures kept side by side


def test_csv_cells_cannot_start_a_formula() -> None:
    hostile = Practice(id="zz-x", name="=HYPERLINK(\"http://evil\")", country="BG",
                       description="+cmd|' /C calc'!A0", sources=("https://example.org",))
    buf = io.StringIO()
    Catalogue([hostile]).to_csv(buf)
    row = list(csv.reader(io.StringIO(buf.getvalue())))[1]
    assert row[1].startswith("'=")
    assert row[CSV_COLUMNS.index("description")].startswith("'+")


def test_json_export_loads_back_as_an_extra_file(catalogue: Catalogue, registry,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    with out.open("w", encoding="utf-8") as fh:
        assert catalogue.to_json(fh) == len(catalogue)
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert docs[0]["schema"] == "participation.practice/2"
    renamed = tmp_path / "renamed.json"
    for d in docs:
        d["id"] = "copy-" + d["id"]
    renamed.write_text(json.dumps(docs), encoding="utf-8")
    both = Catalogue.load(registry, extra=[renamed])
    assert len(both) == 2 * len(catalogue)
    original = catalogue.get("bg-sofia-ideas-for-the-city")
    copy = both.get("copy-bg-sofia-ideas-for-the-city")
    assert copy.figures == original.figures
    assert copy.addresses == original.addresses


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(
    lambda s: s.strip() != "")


@settings(max_examples=40, deadline=None)
@given(name=_text, value=st.floats(-1e9, 1e9, allow_nan=False),
       year=st.none() | st.integers(1950, 2025), note=st.text(max_size=20))
def test_practice_documents_round_trip(name: str, value: float, year: int | None,
                                       note: str) -> None:
    ser = Serializer()
    practice = Practice(id="zz-round", name=name, country="FI",
                        figures=(Figure("x", value, "EUR", year, "https://example.org/a", note),),
                        extra={"kept": name}, sources=("https://example.org",))
    assert ser.load(json.loads(json.dumps(ser.dump(practice)))) == practice


def test_to_dataframe(catalogue: Catalogue) -> None:
    pytest.importorskip("pandas")
    frame = catalogue.to_dataframe()
    assert len(frame) == len(catalogue)
    assert frame.loc[frame["id"] == "fi-helsinki-omastadi", "start_year"].iloc[0] == 2018


def test_to_dataframe_without_pandas_says_how_to_install(catalogue: Catalogue, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"participation\[pandas\]"):
        catalogue.to_dataframe()
