"""The peers: the same three indicators (channel diversity, median days to answer,
reasoned answers) for 2025 in Europe/Sofia, computed by other tools from the same file.
Each prints its three figures, so the run can check they agree with the library's.

    python benchmarks/peers.py TOOL SUBMISSIONS.jsonl     # TOOL: orjson, pandas, duckdb, polars

Beside them, the library's own DuckDB engine on exactly that question (``engine``: the
three indicators, the one period, no trend periods, through the API), with every line
checked first (``engine-checked``) or not (``engine``, as the hand query reads it): the
like-for-like comparison with the hand-written query. The file must be in a data folder
(its ``administration.json`` beside it).
"""

from __future__ import annotations

import math
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

TZ = "Europe/Sofia"
START = datetime(2025, 1, 1, tzinfo=ZoneInfo(TZ))
END = datetime(2026, 1, 1, tzinfo=ZoneInfo(TZ))

#: The hand-written DuckDB query.
SQL = """
WITH s AS (
  SELECT channel,
         received_at::TIMESTAMPTZ AS received_at,
         coalesce(response.answered_at::TIMESTAMPTZ,
                  list_filter(events, lambda e: e.status = 'answered')[1].at::TIMESTAMPTZ)
           AS answered_at,
         response.reasoned AS reasoned,
         response IS NOT NULL AS has_response
  FROM read_json_auto($path, format = 'newline_delimited')
)
SELECT
  (SELECT exp(-sum(c / n * ln(c / n))) FROM (
      SELECT count(*)::DOUBLE AS c, sum(count(*)) OVER ()::DOUBLE AS n FROM s
      WHERE received_at >= $start AND received_at < $end GROUP BY channel)),
  (SELECT median(date_diff('day', timezone($tz, received_at)::DATE,
                           timezone($tz, answered_at)::DATE))
      FROM s WHERE received_at >= $start AND received_at < $end AND answered_at < $end),
  (SELECT avg(CASE WHEN reasoned THEN 1.0 ELSE 0.0 END) FROM s
      WHERE has_response AND answered_at >= $start AND answered_at < $end)
"""


def bare_orjson(path: str) -> None:
    """Parse every line, nothing else: the floor for any Python reader."""
    import orjson

    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            orjson.loads(line)
            n += 1
    print(n)


def duckdb_(path: str) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    row = con.execute(SQL, {"path": path, "start": START, "end": END, "tz": TZ}).fetchone()
    print(*row)


def _entropy(counts: list[int]) -> float:
    n = sum(counts)
    return math.exp(-sum(c / n * math.log(c / n) for c in counts))


def pandas_(path: str) -> None:
    import pandas as pd

    df = pd.read_json(path, lines=True, dtype=False)
    received = pd.to_datetime(df["received_at"], utc=True, format="ISO8601")

    def answered(row: object) -> object:
        response, events = row["response"], row["events"]  # type: ignore[index]
        if isinstance(response, dict):
            return response["answered_at"]
        for e in events if isinstance(events, list) else ():
            if e["status"] == "answered":
                return e["at"]
        return None

    answered_at = pd.to_datetime(df[["response", "events"]].apply(answered, axis=1), utc=True,
                                 format="ISO8601")
    start, end = pd.Timestamp(START), pd.Timestamp(END)
    in_period = (received >= start) & (received < end)
    diversity = _entropy(df.loc[in_period, "channel"].value_counts().tolist())
    local = received.dt.tz_convert(TZ).dt.normalize()
    days = (answered_at.dt.tz_convert(TZ).dt.normalize() - local).dt.days
    median = days[in_period & (answered_at < end)].median()
    has_response = df["response"].apply(lambda r: isinstance(r, dict))
    answered_in = has_response & (answered_at >= start) & (answered_at < end)
    reasoned = df.loc[answered_in, "response"].apply(lambda r: bool(r["reasoned"]))
    print(diversity, median, reasoned.mean())


def polars_(path: str) -> None:
    import polars as pl

    df = pl.read_ndjson(path)
    ts = pl.Datetime("us", "UTC")
    answered_event = (pl.col("events").list.eval(
        pl.element().filter(pl.element().struct.field("status") == "answered")
        .struct.field("at")).list.first())
    df = df.select(
        pl.col("channel"),
        pl.col("received_at").str.to_datetime(time_zone="UTC").alias("received"),
        pl.coalesce(pl.col("response").struct.field("answered_at"), answered_event)
        .str.to_datetime(time_zone="UTC").cast(ts).alias("answered"),
        pl.col("response").struct.field("reasoned").alias("reasoned"),
        pl.col("response").is_not_null().alias("has_response"))
    start, end = (pl.lit(m).dt.convert_time_zone("UTC") for m in (START, END))
    in_period = (pl.col("received") >= start) & (pl.col("received") < end)
    counts = df.filter(in_period).group_by("channel").len()["len"].to_list()
    days = df.filter(in_period & (pl.col("answered") < end)).select(
        (pl.col("answered").dt.convert_time_zone(TZ).dt.date()
         - pl.col("received").dt.convert_time_zone(TZ).dt.date()).dt.total_days())
    reasoned = df.filter(pl.col("has_response") & (pl.col("answered") >= start)
                         & (pl.col("answered") < end))["reasoned"].cast(pl.Float64).mean()
    print(_entropy(counts), days.to_series().median(), reasoned)


def engine(path: str, check: bool = False) -> None:
    """The library's DuckDB engine (``report --engine duckdb``) computing the same three
    indicators for the same period, and nothing else."""
    from pathlib import Path

    from participation import Registry, Serializer
    from participation.duckdb_engine import DuckDBFeed, folder_loader
    from participation.evaluation import Evaluation
    from participation.model import Period
    from participation.sources import DirectorySource, load_administration

    registry = Registry.default()
    serializer = Serializer(registry.plugin_manager)
    folder = Path(path).parent
    admin = load_administration(folder, serializer)
    period = Period.parse("2025")
    keys = ("channel_diversity", "median_days_to_answer", "reasoned_answers")
    ev = Evaluation(admin, [period], period.end_at(admin.tzinfo), registry,
                    indicators=[registry.indicators[k] for k in keys])
    source = DirectorySource(folder, serializer, registry)
    DuckDBFeed(folder_loader(path), check_source=check)(ev, source)
    if source.problem_count:
        raise SystemExit(f"{source.problem_count} invalid lines")
    results = ev.finish()[period]
    print(*(results[k].value for k in keys))


TOOLS = {"orjson": bare_orjson, "engine": engine,
         "engine-checked": lambda path: engine(path, check=True), "pandas": pandas_,
         "duckdb": duckdb_, "polars": polars_}

if __name__ == "__main__":
    TOOLS[sys.argv[1]](sys.argv[2])
