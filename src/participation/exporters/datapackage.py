"""A Frictionless data package (https://specs.frictionlessdata.io/data-package/) of a
store, ready for an open-data portal: ``datapackage.json`` and CSV resources, each
with a Table Schema (field types, primary keys, missing values).

Resources: ``measurements``, ``scores``, ``trends`` (the report of a period),
``submissions``, ``policies``, ``policy_stages`` and ``activities``. The submissions
carry no personal data: no contact details, and not the citizens' free texts either
(subject and text, which may name people) unless ``include_personal_data``.

The package is written as one ZIP (``datapackage.json`` at its root, the CSV files
under ``data/``), the form portals and ``frictionless validate`` accept; the command
line can also unpack it into a folder (:func:`extract_package`). The CSV cells are
neutralised against formula injection like every CSV the library writes.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from participation.__about__ import __version__
from participation.exporters.csvsafe import write_csv
from participation.exporters.data import ExportData

__all__ = ["Field", "Table", "extract_package", "package_tables", "write_datapackage"]

#: A column: name, Table Schema type (string, number, integer, boolean, date, datetime),
#: description.
Field = tuple[str, str, str]
#: A table: name, title, fields, primary key, rows (streamed).
Table = tuple[str, str, list[Field], list[str], Iterable[list[Any]]]


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")
    while "--" in out:
        out = out.replace("--", "-")
    return out or "participation"


def _submission_fields(personal: bool) -> list[Field]:
    fields: list[Field] = [
        ("id", "string", "Submission id"),
        ("channel", "string", "Channel type key"),
        ("kind", "string", "Kind (proposal, signal, complaint …)"),
        ("received_at", "datetime", "When it was received (ISO 8601 with offset)"),
        ("policy_id", "string", "The policy it is about, if any"),
        ("topic", "string", "Topic"),
        ("anonymous", "boolean", "Sent anonymously"),
        ("deadline_rule", "string", "The statutory deadline rule that applies"),
        ("status", "string", "Current status"),
        ("answered_at", "datetime", "When it was answered"),
        ("outcome", "string", "Outcome of the answer"),
    ]
    if personal:
        fields += [("subject", "string", "Subject (citizen's text)"),
                   ("text", "string", "Text (citizen's text)"),
                   ("contact_name", "string", "Contact name (personal data)"),
                   ("contact_email", "string", "Contact e-mail (personal data)"),
                   ("contact_phone", "string", "Contact phone (personal data)"),
                   ("contact_address", "string", "Contact address (personal data)")]
    return fields


def _submission_rows(data: ExportData) -> Iterator[list[Any]]:
    personal = data.include_personal_data
    for s in data.submissions():
        row: list[Any] = [s.id, s.channel, s.kind.value, s.received_at.isoformat(), s.policy_id,
                          s.topic, s.anonymous, s.deadline_rule, s.status.value,
                          s.answered_at.isoformat() if s.answered_at else None,
                          s.response.outcome.value if s.response else None]
        if personal:
            c = s.contact
            row += [s.subject, s.text, c and c.name, c and c.email, c and c.phone, c and c.address]
        yield row


_POLICY_FIELDS: list[Field] = [("id", "string", "Policy id"), ("title", "string", "Title"),
                               ("area", "string", "Policy area"),
                               ("description", "string", "Description")]
_STAGE_FIELDS: list[Field] = [("policy_id", "string", "Policy id"),
                              ("stage", "string", "Council of Europe stage"),
                              ("start", "date", "First day"), ("end", "date", "Last day (empty: open)")]
_ACTIVITY_FIELDS: list[Field] = [
    ("id", "string", "Activity id"), ("policy_id", "string", "The policy it belongs to"),
    ("kind", "string", "Kind (public consultation, round table …)"),
    ("stage", "string", "Council of Europe stage"), ("level", "string", "Council of Europe level"),
    ("start", "date", "First day"), ("end", "date", "Last day (empty: open)"),
    ("title", "string", "Title"), ("mode", "string", "In person, online or both"),
    ("iap2", "string", "IAP2 level"), ("participants", "integer", "Distinct participants"),
    ("inputs_received", "integer", "Inputs received"),
    ("inputs_taken_into_account", "integer", "Inputs that changed the policy"),
    ("feedback_published_at", "datetime", "When the feedback report was published"),
    ("minimum_rule", "string", "Rule setting the legal minimum duration"),
    ("exceptional", "boolean", "The shorter exceptional minimum applies"),
]
_MEASUREMENT_FIELDS: list[Field] = [
    ("indicator", "string", "Indicator key"), ("area", "string", "Evaluation area"),
    ("label", "string", "Indicator name"), ("unit", "string", "share, days, per_1000 or count"),
    ("direction", "string", "higher, lower or neutral"), ("value", "number", "Value"),
    ("n", "integer", "Items counted"), ("numerator", "number", "Numerator"),
    ("denominator", "number", "Denominator"), ("target", "number", "Target"),
    ("baseline", "number", "Baseline"), ("met", "boolean", "Target met"),
    ("previous", "number", "Value in the previous period"),
    ("change", "number", "Change from the previous period"),
]
_SCORE_FIELDS: list[Field] = [
    ("scorer", "string", "Scorer key"), ("area", "string", "Area key, or total"),
    ("label", "string", "Name"), ("value", "number", "Score"), ("weight", "number", "Weight"),
    ("contribution", "number", "Contribution to the total"),
]


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def package_tables(data: ExportData) -> list[Table]:
    """The tables of the package (and of the XLSX workbook): measurements, scores,
    trends, submissions, policies, policy stages, activities; rows are streamed."""
    report = data.report()
    trends = report["trends"]
    trend_fields: list[Field] = [("indicator", "string", "Indicator key"),
                                 *((p, "number", f"Value in {p}") for p in trends["periods"])]
    scores: list[list[Any]] = []
    for score in report["scores"]:
        scores.append([score["scorer"], "total", score["label"], score["value"], None, None])
        scores.extend([score["scorer"], a["area"], a["label"], a["value"], a["weight"],
                       a["contribution"]] for a in score["areas"])
    policies = ([p.id, p.title, p.area, p.description] for p in data.policies())
    stages = ([p.id, sw.stage.value, _iso(sw.window.start), _iso(sw.window.end)]
              for p in data.policies() for sw in p.stages)
    activities = ([a.id, a.policy_id, a.kind, a.stage.value, a.level.value,
                   _iso(a.window.start), _iso(a.window.end), a.title, a.mode.value,
                   a.iap2.value if a.iap2 else None, a.participants, a.inputs_received,
                   a.inputs_taken_into_account, _iso(a.feedback_published_at), a.minimum_rule,
                   a.exceptional] for a in data.activities())
    return [
        ("measurements", f"Indicators {report['period']}", _MEASUREMENT_FIELDS, ["indicator"],
         ([m[f[0]] for f in _MEASUREMENT_FIELDS] for m in report["measurements"])),
        ("scores", f"Scores {report['period']}", _SCORE_FIELDS, ["scorer", "area"], scores),
        ("trends", f"Trends {report['period']}", trend_fields, ["indicator"],
         ([k, *v] for k, v in trends["indicators"].items())),
        ("submissions", "Submissions", _submission_fields(data.include_personal_data), ["id"],
         _submission_rows(data)),
        ("policies", "Policies", _POLICY_FIELDS, ["id"], policies),
        ("policy_stages", "Policy stages", _STAGE_FIELDS, [], stages),
        ("activities", "Participation activities", _ACTIVITY_FIELDS, ["id"], activities),
    ]


def _descriptor(data: ExportData, resources: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    admin = data.administration
    return {
        "profile": "data-package",
        "name": _slug(f"{admin.name}-participation-{data.period}"),
        "title": f"{admin.name}: civic participation {data.period}",
        "description": "Feedback received, participation activities and the evaluation of "
                       f"{data.period}, exported by participation {__version__}. "
                       + ("Contains personal data." if data.include_personal_data
                          else "No personal data: contact details and citizens' free texts are left out."),
        "version": __version__,
        "created": data.as_of.replace(microsecond=0).isoformat(),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "contributors": [{"title": admin.name, "role": "publisher"}],
        "resources": list(resources),
    }


def write_datapackage(data: ExportData, stream: IO[bytes]) -> None:
    """Write the package as a ZIP to ``stream`` (one pass over each table)."""
    resources = []
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, title, fields, key, rows in package_tables(data):
            path = f"data/{name}.csv"
            with zf.open(zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0)), "w") as raw, \
                    io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                write_csv(text, [f[0] for f in fields], rows)
            schema: dict[str, Any] = {
                "fields": [{"name": f[0], "type": f[1], "description": f[2],
                            **({"format": "any"} if f[1] == "datetime" else {})} for f in fields],
                "missingValues": [""],
            }
            if key:
                schema["primaryKey"] = key
            resources.append({"name": name, "title": title, "path": path, "profile": "tabular-data-resource",
                              "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                              "schema": schema})
        descriptor = json.dumps(_descriptor(data, resources), ensure_ascii=False, indent=2) + "\n"
        zf.writestr(zipfile.ZipInfo("datapackage.json", date_time=(1980, 1, 1, 0, 0, 0)),
                    descriptor, compress_type=zipfile.ZIP_DEFLATED)


def extract_package(archive: str | Path, folder: str | Path, *, private: bool = False) -> Path:
    """Unpack a package ZIP written by :func:`write_datapackage` into ``folder``,
    replacing what it held before only once the new one is complete; a ``private``
    package (personal data) is readable by its owner only (folder 0700, files 0600)."""
    target = Path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        with zipfile.ZipFile(archive) as zf:
            for member in zf.namelist():
                if member.startswith("/") or ".." in Path(member).parts:
                    raise ValueError(f"{archive}: unsafe member {member!r}")
            zf.extractall(staging)
        for path in staging.rglob("*"):
            os.chmod(path, (0o700 if path.is_dir() else 0o600) if private
                     else (0o777 if path.is_dir() else 0o666) & ~_umask())
        os.chmod(staging, 0o700 if private else 0o777 & ~_umask())
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
