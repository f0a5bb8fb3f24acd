"""Scoring the extractor on the sealed set (tests/fixtures/sealed), in aggregate only.

The sealed set was written and annotated blind (see tests/fixtures/README.md). This
script prints figures per field and per report, never the individual mistakes: the
set measures the extractor, it must not be used to choose or tune a rule.

    .venv/bin/python tests/sealed_quality.py [--json]
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEALED = ROOT / "tests" / "fixtures" / "sealed"

# Partner ids of the extractor before partner types existed, by FORMAT.md type.
LEGACY_TYPES = {
    "mayor": "elected-members",
    "elected-members": "elected-members",
    "icb": "icb",
    "nhs": "nhs",
    "sab": "sab",
    "onebexley": "other",
    "bexleycare": "other",
    "voluntary-sector": "voluntary-sector",
    "providers": "care-providers",
    "housing": "housing",
    "cqc": "cqc",
    "lga-peer-team": "lga",
}


def verify_seal() -> None:
    """Fail loudly if any sealed file differs from the checksums it was sealed with."""
    for line in (SEALED / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        actual = hashlib.sha256((SEALED / name).read_bytes()).hexdigest()
        if actual != digest:
            raise SystemExit(f"sealed file changed since it was sealed: {name}")


def partner_type(partner_id: str) -> str:
    """The FORMAT.md type of a partner id the extractor gives."""
    try:
        from carekg.graph.model.vocabulary import load_vocabulary

        vocab = load_vocabulary()
        typed = getattr(vocab, "partner_type", None)
        if typed is not None:
            found = typed(partner_id)
            if found:
                return found
    except ImportError:
        pass
    if partner_id.endswith("-council"):
        return "council"
    return LEGACY_TYPES.get(partner_id, "other")


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    kind_right: int = 0
    qs_right: int = 0
    partners_gold: int = 0
    partners_predicted: int = 0
    partners_found: int = 0

    def add(self, other: Tally) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return round(a / b, 3) if b else 1.0

        return {
            "finding_recall": ratio(self.matched, self.gold),
            "finding_precision": ratio(self.matched, self.predicted),
            "kind_accuracy": ratio(self.kind_right, self.matched),
            "qs_accuracy": ratio(self.qs_right, self.matched),
            "partner_recall": ratio(self.partners_found, self.partners_gold),
            "partner_precision": ratio(self.partners_found, self.partners_predicted),
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _pairs(text: str, gold: list[dict], predicted: list) -> list[tuple[dict, object]]:
    pairs, used, cursor = [], set(), 0
    for g in gold:
        start = text.index(g["text"], cursor)
        cursor = start
        span = (start, start + len(g["text"]))
        best, best_score = None, 0.0
        for index, p in enumerate(predicted):
            if index in used:
                continue
            shared = _overlap(span, (p.start, p.end))
            score = min(shared / (span[1] - span[0]), shared / max(1, p.end - p.start))
            if score > best_score:
                best, best_score = index, score
        if best is not None and best_score >= 0.6:
            used.add(best)
            pairs.append((g, predicted[best]))
    return pairs


def _partner_types(partners: list) -> list[str]:
    return sorted({p["type"] if isinstance(p, dict) else partner_type(p) for p in partners})


def score_report(gold_path: Path) -> Tally:
    from carekg.graph.pipeline import prepare_report

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    path = SEALED / "reports" / gold["document"]
    prepared = prepare_report(path, curation_dir=SEALED / "no-curation")
    text = path.read_text(encoding="utf-8")
    tally = Tally(gold=len(gold["findings"]), predicted=len(prepared.findings))
    for g, p in _pairs(text, gold["findings"], prepared.findings):
        tally.matched += 1
        tally.kind_right += p.kind in {g["kind"], *(g.get("acceptable_kinds") or [])}
        tally.qs_right += set(p.quality_statements) == set(g["quality_statements"])
        want, got = set(_partner_types(g["partners"])), set(_partner_types(p.partners))
        tally.partners_gold += len(want)
        tally.partners_predicted += len(got)
        tally.partners_found += len(want & got)
    return tally


def score_sealed() -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Aggregate figures, and figures per report."""
    verify_seal()
    total, per_report = Tally(), {}
    for gold_path in sorted((SEALED / "gold").glob("*.yaml")):
        tally = score_report(gold_path)
        per_report[gold_path.stem] = {"findings": tally.gold, **tally.figures()}
        total.add(tally)
    return {"findings": total.gold, **total.figures()}, per_report


if __name__ == "__main__":
    overall, reports = score_sealed()
    if "--json" in sys.argv:
        print(json.dumps({"overall": overall, "reports": reports}, indent=2))
    else:
        for name, figures in reports.items():
            print(f"{name[:44]:44} " + " ".join(f"{k[:12]} {v}" for k, v in figures.items()))
        print("overall " + json.dumps(overall))
