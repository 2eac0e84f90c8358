"""Importers: read submissions from other systems' formats, one line (or row) at a time.

An importer is registered through the ``register_importers`` hook; the built-ins are
``jsonl`` (tagged submission documents) and ``csv`` (a flat column set, see
:data:`participation.importers.csvfile.CSV_COLUMNS`). :func:`import_file` streams a file
into a store in batches and writes the rows it could not read to ``FILE.rejects.jsonl``.
"""

from __future__ import annotations

from participation.importers.base import ImportContext, Importer, TimezoneRequiredError
from participation.importers.run import ImportReport, import_file, import_stream, rejects_path

__all__ = ["ImportContext", "ImportReport", "Importer", "TimezoneRequiredError", "import_file",
           "import_stream", "rejects_path"]
