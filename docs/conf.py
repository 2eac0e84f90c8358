"""Sphinx configuration (MyST Markdown). Built warning-free by the test suite."""

import sys
from pathlib import Path

from participation import __version__

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "participation"
author = "The participation developers"
release = version = __version__
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode", "references"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
nitpicky = False
html_theme = "alabaster"
suppress_warnings = ["myst.xref_missing"]
