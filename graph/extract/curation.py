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

from dataclasses import dataclass, field
from pathlib import Path

from carekg.graph.errors import CarekgError
from carekg.graph.extract.findings import Finding, outcome_label
from carekg.graph.model.kinds import KINDS

FINDING_KEYS = {"match", "kind", "quality_statements", "partners", "threatens", "evidences",
                "drop", "note"}  # fmt: skip
RELATION_TYPES = {"leadsTo": "leads_to", "addresses": "addresses"}


@dataclass
class Curation:
    """The parsed content of one curation file."""

    path: Path
    findings: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)


def load_curation(path: Path) -> Curation | None:
    """Read and check a curation file; None when there is none."""
    import yaml

    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CarekgError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict):
        raise CarekgError(f"{path}: expected a mapping with 'findings' and 'relations'")
    curation = Curation(path, list(data.get("findings") or []), list(data.get("relations") or []))
    for number, entry in enumerate(curation.findings, 1):
        where = f"{path}: findings entry {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("match"), str):
            raise CarekgError(f"{where} needs a 'match' text")
        unknown = set(entry) - FINDING_KEYS
        if unknown:
            raise CarekgError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
        if "kind" in entry and entry["kind"] not in KINDS:
            raise CarekgError(f"{where}: kind must be one of {', '.join(KINDS)}")
        for n in entry.get("quality_statements") or []:
            if not isinstance(n, int) or not 1 <= n <= 9:
                raise CarekgError(f"{where}: quality statements are numbers 1 to 9")
    for number, entry in enumerate(curation.relations, 1):
        where = f"{path}: relations entry {number}"
        if not isinstance(entry, dict) or not {"from", "to", "type"} <= set(entry):
            raise CarekgError(f"{where} needs 'from', 'type' and 'to'")
        if entry["type"] not in RELATION_TYPES:
            raise CarekgError(f"{where}: type must be leadsTo or addresses")
    return curation


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
