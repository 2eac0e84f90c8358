"""Collection: the Open311 service's modules need the ``serve`` extra; without it their
doctests are not collected (its tests skip themselves)."""

from importlib.util import find_spec

collect_ignore_glob = [] if find_spec("starlette") and find_spec("uvicorn") else [
    "src/participation/serve/*"]
