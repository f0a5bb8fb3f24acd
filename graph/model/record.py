"""A finding's record: the finding as a list of findings shows it, held in one value.

Each value a question reads from the on-disk store costs a read of its index (about
10 microseconds on the national store, on a 2-core laptop), and listing a finding
with its IRI, kind, quote, offsets, statements, theme, partners, confidence, evidence
category and report took a dozen: 5,000 findings, 0.6 s. So each finding also carries
those fields as one ``rdf:JSON`` literal (the datatype of JSON text, from JSON-LD 1.1),
``ckg:record``, written from the same extracted finding as its triples: a list reads
one value a finding (0.12 s for the 5,000). The triples stay what the graph says and
what questions filter on; the record is only read back. It repeats the finding's IRI
and quote because reading either apart costs another read per finding (measured: a
list with the quote read from ``ckg:quote`` took 0.24 s, with the IRI beside the
record 0.16 s).

Partners are ids (local names under ``PARTNER``): their labels live in the labels
graph, which later reports may change, and are read from there.

>>> text = record_text(id="https://w3id.org/carekg/id/report/demo/finding/1", kind="risk",
...                    text="Waits grew.", start=4, end=15, quality_statements=[8, 2, 8],
...                    theme=2, partners=["icb"], confidence=0.5, evidence=None,
...                    report="https://w3id.org/carekg/id/report/demo")
>>> read_record(text)["qs"]
[2, 8]
>>> text[:60]
'{"id":"https://w3id.org/carekg/id/report/demo/finding/1","ki'
"""

from __future__ import annotations

import json

# The record's keys, in the order written; a reader may rely on every one being there.
RECORD_KEYS = ("id", "kind", "text", "start", "end", "qs", "theme", "partners", "confidence",
               "evidence", "report")  # fmt: skip


def record_text(
    *,
    id: str,
    kind: str,
    text: str,
    start: int,
    end: int,
    quality_statements: list[int],
    theme: int | None,
    partners: list[str],
    confidence: float,
    evidence: str | None,
    report: str,
) -> str:
    """The JSON text of a finding's record: compact, statements and partners sorted and once."""
    fields = {
        "id": id,
        "kind": kind,
        "text": text,
        "start": start,
        "end": end,
        "qs": sorted(set(quality_statements)),
        "theme": theme or None,
        "partners": sorted(set(partners)),
        # As the confidence triple writes it: two decimals.
        "confidence": round(confidence, 2),
        "evidence": evidence,
        "report": report,
    }
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def read_record(text: str) -> dict:
    """A record's fields; ``ValueError`` when ``text`` is not one."""
    fields = json.loads(text)
    if not _is_record(fields):
        raise ValueError("not a finding record")
    return fields


def read_records(texts: list[str]) -> list[dict]:
    """Each record's fields, in order; ``ValueError`` when one is not a record.

    The records are read as one JSON array, one parse rather than one a record (5,000
    records: 0.033 s against 0.048 s). Should that not give one record for each text,
    each is read alone, which names the problem.

    >>> texts = [record_text(id=f"urn:f{i}", kind="risk", text="a, b", start=0, end=4,
    ...                      quality_statements=[], theme=None, partners=[],
    ...                      confidence=1.0, evidence=None, report="urn:r") for i in (1, 2)]
    >>> [r["id"] for r in read_records(texts)]
    ['urn:f1', 'urn:f2']
    >>> read_records(texts + ['{"id": "urn:f3"}'])
    Traceback (most recent call last):
    ...
    ValueError: not a finding record
    """
    try:
        records = json.loads("[" + ",".join(texts) + "]")
    except ValueError:
        records = None
    if records is None or len(records) != len(texts) or not all(map(_is_record, records)):
        return [read_record(text) for text in texts]
    return records


def _is_record(fields) -> bool:
    return isinstance(fields, dict) and all(key in fields for key in RECORD_KEYS)
