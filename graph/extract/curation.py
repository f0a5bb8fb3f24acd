"""Curation: a YAML file per report that fixes what the text rules got wrong.

``data/curation/<report>.yaml`` (the report's id, which is its file name
without the suffix) can, for a finding picked by a piece of its quote, fix its
kind, quality statements or partners, add outcomes it threatens or evidences,
drop it as a false finding, and add relations between findings::

    findings:
      - match: "The Council and the ICB are both financially challenged."
        kind: risk
        partners: [bexley-council, icb]
      - match: "The OneBexley model is expanding."
        drop: true
    relations:
      - from: "operational delivery scaffolding"
        type: leadsTo            # leadsTo | addresses
        to: "struggled to see demonstrable evidence"

Entries match on text, not on numbers, so they survive a re-ingest; every fact a
curation sets is marked as curated in the graph (see ``report_graph``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from carekg.graph.errors import CarekgError
from carekg.graph.extract.findings import Finding, outcome_label
from carekg.graph.model.kinds import KINDS

RELATION_TYPES = {"leadsTo": "leads_to", "addresses": "addresses"}
TOP_KEYS = {"findings", "relations"}
MAX_CURATION_BYTES = 5_000_000


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _texts(value: object) -> bool:
    return isinstance(value, list) and all(_text(v) for v in value)


def _statements(value: object) -> bool:
    # bool is an int in Python; `true` is not a quality statement.
    return isinstance(value, list) and all(type(n) is int and 1 <= n <= 9 for n in value)


# The schema of a findings entry: key -> (check, what the value must be).
FINDING_SCHEMA: dict[str, tuple[Callable[[object], bool], str]] = {
    "match": (_text, "a piece of a finding's quote (non-empty text)"),
    "kind": (
        lambda v: isinstance(v, str) and v in KINDS,
        f"kind must be one of {', '.join(KINDS)}",
    ),
    "quality_statements": (_statements, "a list of quality statement numbers 1 to 9"),
    "partners": (_texts, "a list of partner ids"),
    "threatens": (_texts, "a list of outcomes (text)"),
    "evidences": (_texts, "a list of outcomes (text)"),
    "drop": (lambda v: type(v) is bool, "true or false"),
    "note": (lambda v: isinstance(v, str), "text"),
}
RELATION_SCHEMA: dict[str, tuple[Callable[[object], bool], str]] = {
    "from": (_text, "a piece of a finding's quote (non-empty text)"),
    "to": (_text, "a piece of a finding's quote (non-empty text)"),
    "type": (lambda v: v in RELATION_TYPES if isinstance(v, str) else False,
             "type must be leadsTo or addresses"),
    "note": (lambda v: isinstance(v, str), "text"),
}  # fmt: skip
FINDING_KEYS = set(FINDING_SCHEMA)


@dataclass
class Curation:
    """The parsed content of one curation file."""

    path: Path
    findings: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)


def _shown(value: object) -> str:
    kind = {str: "text", bool: "a boolean", int: "a number", float: "a number",
            list: "a list", dict: "a mapping", type(None): "nothing"}  # fmt: skip
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    return f"got {shown} ({kind.get(type(value), type(value).__name__)})"


def _check_entries(path: Path, section: str, entries: object, schema: dict, required: set[str]):
    if not isinstance(entries, list):
        raise CarekgError(f"{path}: '{section}' must be a list of entries; {_shown(entries)}")
    for number, entry in enumerate(entries, 1):
        where = f"{path}: {section} entry {number}"
        if not isinstance(entry, dict):
            raise CarekgError(f"{where} must be a mapping of keys; {_shown(entry)}")
        missing = sorted(required - set(entry))
        if missing:
            needs = " and ".join(repr(k) for k in missing)
            raise CarekgError(f"{where} needs {'a ' if len(missing) == 1 else ''}{needs}")
        unknown = sorted(str(k) for k in set(entry) - set(schema))
        if unknown:
            raise CarekgError(f"{where} has unknown keys: {', '.join(unknown)}")
        for key, value in entry.items():
            check, expected = schema[key]
            if not check(value):
                raise CarekgError(f"{where}, key '{key}': {expected}; {_shown(value)}")


def _load_yaml(path: Path) -> object:
    import yaml

    try:
        if path.stat().st_size > MAX_CURATION_BYTES:
            raise CarekgError(
                f"{path}: over {MAX_CURATION_BYTES // 1_000_000} MB, not a curation file"
            )
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as exc:
        raise CarekgError(f"{path}: not valid YAML ({' '.join(str(exc).split())[:200]})") from None
    except OSError as exc:
        raise CarekgError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def load_curation(path: Path) -> Curation | None:
    """Read and check a curation file against the schema; None when there is none.

    Every entry is checked before any is used: a wrong type, a value out of range
    or an unknown key is refused in one line naming the file, the entry and the key.
    """
    if not path.exists():
        return None
    if path.is_dir():
        raise CarekgError(f"{path} is a folder, not a curation file")
    data = _load_yaml(path)
    if data is None:
        return Curation(path)
    if not isinstance(data, dict):
        raise CarekgError(f"{path}: expected a mapping with 'findings' and 'relations'")
    unknown = sorted(str(k) for k in set(data) - TOP_KEYS)
    if unknown:
        raise CarekgError(f"{path} has unknown keys: {', '.join(unknown)} (known: findings, "
                          "relations)")  # fmt: skip
    findings, relations = (
        [] if data.get(key) is None else data[key] for key in ("findings", "relations")
    )
    _check_entries(path, "findings", findings, FINDING_SCHEMA, {"match"})
    _check_entries(path, "relations", relations, RELATION_SCHEMA, {"from", "type", "to"})
    return Curation(path, list(findings), list(relations))


def _find(findings: list[Finding], text: str) -> Finding | None:
    return next((f for f in findings if text in f.text), None)


def unmatched_entries(curation: Curation, findings: list[Finding]) -> list[str]:
    """Descriptions of curation entries that no longer match any finding."""
    problems = []
    for entry in curation.findings:
        if _find(findings, entry["match"]) is None:
            problems.append(f"findings: no finding quotes {entry['match']!r}")
    for entry in curation.relations:
        for end in ("from", "to"):
            if _find(findings, entry[end]) is None:
                problems.append(f"relations: no finding quotes {entry[end]!r}")
    return problems


def apply_curation(curation: Curation | None, findings: list[Finding]) -> list[Finding]:
    """The findings with the curation applied (entries that match nothing are skipped)."""
    if curation is None:
        return findings
    dropped: set[int] = set()
    for entry in curation.findings:
        finding = _find(findings, entry["match"])
        if finding is None:
            continue
        if entry.get("drop"):
            dropped.add(finding.number)
            continue
        if "kind" in entry:
            finding.kind = entry["kind"]
            finding.curated.add("kind")
            # A person decided: nothing left to review.
            finding.confidence, finding.confidence_reason = 1.0, f"curated in {curation.path.name}"
        if "quality_statements" in entry:
            finding.quality_statements = sorted(entry["quality_statements"])
            finding.qs_method = "curated"
            finding.curated.add("quality_statements")
        if "partners" in entry:
            finding.partners = sorted(entry["partners"])
            finding.curated.add("partners")
        for name in ("threatens", "evidences"):
            if name in entry:
                labels = [outcome_label(x) for x in entry[name]]
                setattr(finding, name, sorted(set(getattr(finding, name)) | set(labels)))
                finding.curated.add(name)
    for entry in curation.relations:
        source, target = _find(findings, entry["from"]), _find(findings, entry["to"])
        if source is None or target is None:
            continue
        field_name = RELATION_TYPES[entry["type"]]
        if target.number not in getattr(source, field_name):
            getattr(source, field_name).append(target.number)
        source.curated.add(field_name)
    kept = [f for f in findings if f.number not in dropped]
    for f in kept:  # relations to dropped findings go with them
        f.leads_to = [n for n in f.leads_to if n not in dropped]
        f.addresses = [n for n in f.addresses if n not in dropped]
    return kept
