"""The library's main paths beside their peers, on the same generated file, in one run.

For each size the run writes a synthetic year with ``participation.demo.write`` (the
demo's data), then times every path as a separate process — the library's commands,
a bare ``orjson`` parse of the file, and pandas, DuckDB and polars computing three of
the indicators — and prints one table of median times, ratios to the bare parse and
peak resident memory (the process's own maximum RSS). The peers' figures are checked
against the library's report. Paths whose tool is not installed are left out.

    python benchmarks/compare.py                          # 10k and 100k, 3 repeats
    python benchmarks/compare.py --sizes 10000,100000,1000000 --repeat 5 --readme

``--readme`` writes the table, with the machine it ran on, into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
CLI = [PY, "-m", "participation"]
#: What --jobs defaults to here: one process per processor this one may run on.
JOBS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
BEGIN, END = "<!-- compare:begin -->", "<!-- compare:end -->"


def measure(cmd: Sequence[str], *, ok: tuple[int, ...] = (0,)) -> tuple[float, float, str, float]:
    """Run ``cmd``; its wall time in seconds, its peak RSS in MB, its standard output and
    the CPU time it used (user + system, seconds: unlike the wall time, it does not grow
    when other processes share the cores).

    :param ok: the exit statuses that are a completed run.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode not in ok:
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n"
                               f"{err.read().decode(errors='replace')[-2000:]}")
        return (elapsed, usage.ru_maxrss / 1024, out.read().decode(errors="replace"),
                usage.ru_utime + usage.ru_stime)


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def write_data(folder: Path, n: int) -> tuple[float, float, str, float]:
    """The demo's synthetic year with ``n`` submissions (the generator alone, measured)."""
    code = ("import sys; from pathlib import Path; from participation import Registry, Serializer;"
            "from participation.demo import write; reg = Registry.default();"
            "write(reg, Path(sys.argv[1]), Serializer(reg.plugin_manager), seed=2025,"
            " submissions=int(sys.argv[2]))")
    return measure([PY, "-c", code, str(folder), str(n)])


def prepare_store(db: Path, data: Path) -> None:
    """A store with the data and the administration, for ``report --db`` (not timed)."""
    db.unlink(missing_ok=True)
    subprocess.run([*CLI, "import", str(data / "submissions.jsonl"), "--db", str(db)],
                   check=False, stdout=subprocess.DEVNULL)
    code = ("import sys; from pathlib import Path; from participation import Registry, Serializer;"
            "from participation.sources import load_administration;"
            "from participation.store import open_store; reg = Registry.default();"
            "ser = Serializer(reg.plugin_manager);"
            "s = open_store(sys.argv[1], create=False, serializer=ser);"
            "s.set_administration(load_administration(Path(sys.argv[2]), ser)); s.close()")
    subprocess.run([PY, "-c", code, str(db), str(data)], check=True)


def paths(data: Path, work: Path, n: int, demo: bool) -> list[tuple[str, list[str], str | None]]:
    """(label, command, module it needs) for every path, in table order."""
    sub = str(data / "submissions.jsonl")
    peers = [PY, str(HERE / "peers.py")]
    out = str(work / "report")
    rows: list[tuple[str, list[str], str | None]] = [
        ("participation --version (startup)", [*CLI, "--version"], None),
        (f"report --data (--jobs {JOBS})", [*CLI, "report", "--data", str(data), "--period", "2025",
                                             "--out", out], None),
        ("report --data --jobs 1", [*CLI, "report", "--data", str(data), "--period", "2025",
                                    "--out", out + "-1", "--jobs", "1"], None),
        (f"validate submissions.jsonl (--jobs {JOBS})", [*CLI, "validate", sub], None),
        ("validate submissions.jsonl --jobs 1", [*CLI, "validate", sub, "--jobs", "1"], None),
        ("import into a fresh store", [*CLI, "import", sub, "--db", str(work / "fresh.db")], None),
        ("import the data folder --parallel (a second process reads)",
         [*CLI, "import", str(data), "--db", str(work / "fresh.db"), "--parallel"], None),
        ("report --db", [*CLI, "report", "--db", str(work / "store.db"), "--period", "2025",
                         "--out", out + "-db"], None),
        ("report --engine duckdb --data", [*CLI, "report", "--data", str(data), "--period", "2025",
                                           "--out", out + "-duckdb", "--engine", "duckdb"],
         "duckdb"),
        ("report --engine duckdb --data --no-check",
         [*CLI, "report", "--data", str(data), "--period", "2025", "--out", out + "-duckdb-nc",
          "--engine", "duckdb", "--no-check"], "duckdb"),
        ("report --engine duckdb --db", [*CLI, "report", "--db", str(work / "store.db"), "--period",
                                         "2025", "--out", out + "-duckdb-db", "--engine", "duckdb"],
         "duckdb"),
        ("export jsonl", [*CLI, "export", "jsonl", "--db", str(work / "store.db"), "--out",
                          str(work / "export.jsonl")], None),
        ("export csv", [*CLI, "export", "csv", "--db", str(work / "store.db"), "--out",
                        str(work / "export.csv")], None),
        ("bare orjson parse", [*peers, "orjson", sub], "orjson"),
        ("pandas read_json + 3 indicators", [*peers, "pandas", sub], "pandas"),
        ("DuckDB hand SQL, 3 indicators", [*peers, "duckdb", sub], "duckdb"),
        ("DuckDB engine (API), the same 3 indicators and period, unchecked",
         [*peers, "engine", sub], "duckdb"),
        ("DuckDB engine (API), the same 3 indicators and period, every line checked",
         [*peers, "engine-checked", sub], "duckdb"),
        ("polars, 3 indicators", [*peers, "polars", sub], "polars"),
    ]
    if demo:
        rows.append((f"demo --submissions {n}", [*CLI, "demo", "--submissions", str(n),
                                                 "--out", str(work / "demo")], None))
    return rows


def check_peers(label: str, output: str, report: Path) -> str:
    """Whether a peer's three figures agree with the library's report."""
    if "indicators" not in label:
        return ""
    ours = {m["indicator"]: m["value"] for m in json.loads(report.read_text())["measurements"]}
    expected = [ours["channel_diversity"], ours["median_days_to_answer"], ours["reasoned_answers"]]
    got = [float(x) for x in output.split()[-3:]]
    same = all(abs(a - b) <= 5e-5 * max(1.0, abs(a)) for a, b in zip(expected, got, strict=True))
    return "same figures" if same else f"DIFFERENT figures {got} vs {expected}"


#: Peers that hold the whole file in memory (about 10 GB each at a million submissions).
HEAVY = ("pandas", "polars")


def run_size(n: int, repeat: int, work: Path, demo: bool, skip: Sequence[str] = (),
             heavy_limit: int | None = None, once_above: int | None = None
             ) -> list[dict[str, object]]:
    data = work / "data"
    print(f"— {n:,} submissions: writing the data …", file=sys.stderr)
    written = write_data(data, n)
    prepare_store(work / "store.db", data)
    size_mb = (data / "submissions.jsonl").stat().st_size / 2**20
    rows: list[dict[str, object]] = [{
        "size": n, "file_mb": size_mb, "path": "demo data generator (demo.write, one run)",
        "seconds": written[0], "cpu": written[3], "peak_mb": written[1],
        "note": f"{size_mb:.0f} MB of JSON Lines"}]
    for label, cmd, needs in paths(data, work, n, demo):
        if (needs is not None and not installed(needs)) or any(w in label for w in skip):
            continue
        if heavy_limit is not None and n > heavy_limit and any(w in label for w in HEAVY):
            rows.append({"size": n, "file_mb": size_mb, "path": label, "seconds": None,
                         "cpu": None, "peak_mb": None,
                         "note": f"not run above {heavy_limit:,} (--heavy-limit)"})
            continue
        times, cpus, peaks, note = [], [], [], ""
        for _ in range(1 if label.startswith("demo") or (once_above is not None
                                                        and n > once_above) else repeat):
            (work / "fresh.db").unlink(missing_ok=True)
            try:
                # `import` exits with 2 when it rejected records: still a completed run
                elapsed, peak, output, cpu = measure(cmd, ok=(0, 2) if label.startswith("import")
                                                     else (0,))
            except RuntimeError as exc:
                note = str(exc).splitlines()[0][:120]
                break
            times.append(elapsed)
            cpus.append(cpu)
            peaks.append(peak)
            if "indicators" in label:
                note = check_peers(label, output, work / "report" / "report.json")
        print(f"  {label}: {statistics.median(times) if times else float('nan'):.2f} s",
              file=sys.stderr)
        rows.append({"size": n, "file_mb": size_mb, "path": label,
                     "seconds": statistics.median(times) if times else None,
                     "cpu": statistics.median(cpus) if cpus else None,
                     "peak_mb": max(peaks) if peaks else None, "note": note})
    base = next((r for r in rows if r["path"] == "bare orjson parse"), None)
    for r in rows:
        for key in ("seconds", "cpu"):
            r[f"{key}_ratio"] = (r[key] / base[key]  # type: ignore[operator]
                                 if base and base[key] and r[key] else None)
        if r["path"].startswith(("import", "export")) and r["seconds"]:  # type: ignore[union-attr]
            r["note"] = f"{n / r['seconds']:,.0f} records/s"  # type: ignore[operator]
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = ["| submissions | path | wall time | × bare parse | CPU time | × bare parse (CPU) "
             "| peak RSS | note |", "|---:|---|---:|---:|---:|---:|---:|---|"]

    def num(value: object, fmt: str) -> str:
        return "" if value is None else format(value, fmt)

    for r in rows:
        secs = ("" if "not run" in str(r["note"]) else "failed") if r["seconds"] is None \
            else f"{r['seconds']:.2f} s"
        cpu = "" if r.get("cpu") is None else f"{r['cpu']:.2f} s"
        peak = "" if r["peak_mb"] is None else f"{r['peak_mb']:.0f} MB"
        lines.append(f"| {r['size']:,} | {r['path']} | {secs} | {num(r.get('seconds_ratio'), '.1f')} "
                     f"| {cpu} | {num(r.get('cpu_ratio'), '.1f')} | {peak} | {r['note']} |")
    return "\n".join(lines)


def machine(repeat: int, once_above: int | None = None) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {cpu}, {os.cpu_count()} cores "
            f"(load average {load} at the end: the machine was shared), Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}; "
            f"median of {repeat} runs (the demo" + (f", and every path above {once_above:,} submissions"
            if once_above else "") + ": one run).")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated numbers of submissions (default: 10000,100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per path (median reported)")
    parser.add_argument("--demo", action="store_true", help="also time `participation demo`")
    parser.add_argument("--work", type=Path, default=None, help="folder for the data (kept)")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--skip", default="", help="comma-separated words: leave out the paths "
                        "whose label has one (e.g. pandas, which needs about 10 GB at 1M)")
    parser.add_argument("--heavy-limit", type=int, default=200_000,
                        help="leave out pandas and polars above this many submissions "
                        "(default 200,000; each needs about 10 GB at a million)")
    parser.add_argument("--once-above", type=int, default=200_000,
                        help="run each path once above this many submissions (default 200,000)")
    args = parser.parse_args(argv)
    rows: list[dict[str, object]] = []
    for n in (int(x) for x in args.sizes.split(",")):
        work = (args.work or Path(tempfile.mkdtemp(prefix="participation-bench-"))) / str(n)
        work.mkdir(parents=True, exist_ok=True)
        try:
            skip = [w for w in args.skip.split(",") if w]
            rows.extend(run_size(n, args.repeat, work, args.demo, skip, args.heavy_limit,
                                 args.once_above))
        finally:
            if args.work is None:
                shutil.rmtree(work.parent, ignore_errors=True)
    text = table(rows)
    print(text)
    about = machine(args.repeat, args.once_above)
    print(about)
    if args.readme:
        readme = HERE / "README.md"
        body = readme.read_text(encoding="utf-8")
        block = f"{BEGIN}\n{about}\n\n{text}\n{END}"
        start, end = body.find(BEGIN), body.find(END)
        body = body[:start] + block + body[end + len(END):] if start >= 0 and end > start \
            else body.rstrip("\n") + "\n\n" + block + "\n"
        readme.write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
