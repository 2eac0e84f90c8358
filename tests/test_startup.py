"""Starting a command loads the plugins, not the heavy libraries some of them use later."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("numpy", "pandas", "pyarrow", "duckdb", "openpyxl", "starlette", "uvicorn",
         "icalendar", "frictionless", "polars")


def test_loading_every_plugin_imports_no_heavy_library() -> None:
    code = ("import sys; from participation import Registry, Serializer; "
            "reg = Registry.default(); Serializer(reg.plugin_manager); "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "participation_xlsx" in loaded  # the plugins did load
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
