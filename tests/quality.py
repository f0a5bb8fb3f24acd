"""Scoring extracted findings against the hand annotations in tests/fixtures/gold.

Used by test_quality.py; run it directly to print the figures for every fixture:
``python tests/quality.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from carekg.graph.extract.findings import Finding
from carekg.graph.model.vocabulary import load_vocabulary
from carekg.graph.pipeline import PreparedReport, prepare_report

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "fixtures" / "gold"
REPORT_DIRS = [ROOT / "tests" / "fixtures" / "reports", ROOT / "data" / "reports"]


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.yaml"))


def report_path(document: str) -> Path:
    for folder in REPORT_DIRS:
        if (folder / document).exists():
            return folder / document
    raise FileNotFoundError(document)


def partner_type(partner: str | dict) -> str:
    """The partner type of a gold or predicted partner, as the sealed scorer compares them.

    Gold files name partners by id (``icb``, ``northmoor-council``) or, like the
    sealed set, as ``{type: ..., name: ...}``; both compare by partner type, so an
    instance minted per council ("northmoor-icb") matches the gold's ``icb``.
    """
    if isinstance(partner, dict):
        return partner["type"]
    return load_vocabulary().partner_type(partner) or "other"


@dataclass
class Scores:
    document: str
    gold: int
    predicted: int
    matched: int
    kind_right: int = 0
    evidence: list[bool] = field(default_factory=list)  # where the gold says a category
    confidence_right: list[float] = field(default_factory=list)
    confidence_wrong: list[float] = field(default_factory=list)
    heading_qs: list[bool] = field(default_factory=list)
    inferred_qs: list[bool] = field(default_factory=list)
    exact_qs: list[bool] = field(default_factory=list)  # the same set, as the sealed scorer asks
    qs_predicted: int = 0  # statements given to matched findings
    qs_correct: int = 0  # of those, statements the gold gives too
    partners_gold: int = 0
    partners_found: int = 0
    partners_predicted: int = 0
    mistakes: list[str] = field(default_factory=list)

    def ratio(self, a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def recall(self) -> float:
        return self.ratio(self.matched, self.gold)

    @property
    def precision(self) -> float:
        return self.ratio(self.matched, self.predicted)

    @property
    def kind_accuracy(self) -> float:
        return self.ratio(self.kind_right, self.matched)

    @property
    def heading_qs_accuracy(self) -> float:
        return self.ratio(sum(self.heading_qs), len(self.heading_qs))

    @property
    def inferred_qs_accuracy(self) -> float:
        return self.ratio(sum(self.inferred_qs), len(self.inferred_qs))

    @property
    def qs_precision(self) -> float:
        """Share of the statements given that the gold gives: no extra statements."""
        return self.ratio(self.qs_correct, self.qs_predicted)

    @property
    def partner_recall(self) -> float:
        return self.ratio(self.partners_found, self.partners_gold)

    @property
    def partner_precision(self) -> float:
        return self.ratio(self.partners_found, self.partners_predicted)

    def line(self) -> str:
        return (
            f"{self.document[:46]:46} gold {self.gold:3d} found {self.predicted:3d} "
            f"recall {self.recall:.2f} precision {self.precision:.2f} "
            f"kind {self.kind_accuracy:.2f} "
            f"qs(heading) {self.heading_qs_accuracy:.2f} qs(inferred) "
            f"{self.inferred_qs_accuracy:.2f} P {self.qs_precision:.2f} "
            f"partners R {self.partner_recall:.2f} "
            f"P {self.partner_precision:.2f}"
        )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align(text: str, gold: list[dict], predicted: list[Finding]) -> list[tuple[dict, Finding]]:
    """One-to-one pairs of gold and predicted findings that mostly cover each other."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        start = text.index(g["text"])
        span = (start, start + len(g["text"]))
        best, best_score = None, 0.0
        for p in predicted:
            if p.number in used:
                continue
            shared = _overlap(span, (p.start, p.end))
            score = min(shared / (span[1] - span[0]), shared / max(1, p.end - p.start))
            if score > best_score:
                best, best_score = p, score
        if best is not None and best_score >= 0.6:
            used.add(best.number)
            pairs.append((g, best))
    return pairs


def score_file(gold_path: Path) -> tuple[Scores, PreparedReport, dict]:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    path = report_path(gold["document"])
    prepared = prepare_report(path, council=gold.get("council"))
    text = path.read_text(encoding="utf-8")
    findings = prepared.findings
    pairs = align(text, gold["findings"], findings)
    s = Scores(gold["document"], len(gold["findings"]), len(findings), len(pairs))
    for g, p in pairs:
        if p.kind in {g["kind"], *(g.get("acceptable_kinds") or [])}:
            s.kind_right += 1
            s.confidence_right.append(p.confidence)
        else:
            s.confidence_wrong.append(p.confidence)
            s.mistakes.append(f"kind {p.kind} != {g['kind']}: {g['text'][:70]}")
        if "evidence" in g:
            s.evidence.append(g["evidence"] == p.evidence)
            if g["evidence"] != p.evidence:
                s.mistakes.append(f"evidence {p.evidence} != {g['evidence']}: {g['text'][:60]}")
        want, got = set(g["quality_statements"]), set(p.quality_statements)
        s.qs_predicted += len(got)
        s.qs_correct += len(got & want)
        right = want == got if g["qs_method"] == "heading" else (bool(want & got) or want == got)
        (s.heading_qs if g["qs_method"] == "heading" else s.inferred_qs).append(right)
        s.exact_qs.append(want == got)
        if not right:
            s.mistakes.append(f"qs {sorted(got)} != {sorted(want)}: {g['text'][:70]}")
        elif want != got:
            s.mistakes.append(f"qs (not exact) {sorted(got)} != {sorted(want)}: {g['text'][:60]}")
        gp = {partner_type(x) for x in g["partners"]}
        pp = {partner_type(x) for x in p.partners}
        s.partners_gold += len(gp)
        s.partners_predicted += len(pp)
        s.partners_found += len(gp & pp)
        if gp != pp:
            s.mistakes.append(f"partners {sorted(pp)} != {sorted(gp)}: {g['text'][:60]}")
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {p.number for _, p in pairs}
    for g in gold["findings"]:
        if id(g) not in matched_gold:
            s.mistakes.append(f"missed: {g['text'][:90]}")
    for p in findings:
        if p.number not in matched_pred:
            s.mistakes.append(f"extra ({p.kind}): {p.text[:90]}")
    return s, prepared, gold


def step_figures(all_scores: list[Scores]) -> dict[str, dict[str, float]]:
    """Figures per pipeline step over every file (``graph.extract.pipeline.PIPE_NAMES``)."""

    def ratio(a: float, b: float) -> float:
        return round(a / b, 3) if b else 1.0

    total = {k: sum(getattr(s, k) for s in all_scores)
             for k in ("gold", "predicted", "matched", "kind_right", "partners_gold",
                       "partners_found", "partners_predicted", "qs_predicted",
                       "qs_correct")}  # fmt: skip
    heading = [x for s in all_scores for x in s.heading_qs]
    inferred = [x for s in all_scores for x in s.inferred_qs]
    exact = [x for s in all_scores for x in s.exact_qs]
    evidence = [x for s in all_scores for x in s.evidence]
    right = [x for s in all_scores for x in s.confidence_right]
    wrong = [x for s in all_scores for x in s.confidence_wrong]
    return {
        "findings": {"recall": ratio(total["matched"], total["gold"]),
                     "precision": ratio(total["matched"], total["predicted"])},
        "kind": {"accuracy": ratio(total["kind_right"], total["matched"]),
                 "confidence_when_right": ratio(sum(right), len(right)),
                 "confidence_when_wrong": ratio(sum(wrong), len(wrong))},
        "quality_statements": {"heading": ratio(sum(heading), len(heading)),
                               "inferred": ratio(sum(inferred), len(inferred)),
                               "exact": ratio(sum(exact), len(exact)),
                               "precision": ratio(total["qs_correct"], total["qs_predicted"])},
        "partners": {"recall": ratio(total["partners_found"], total["partners_gold"]),
                     "precision": ratio(total["partners_found"], total["partners_predicted"])},
        "evidence": {"accuracy": ratio(sum(evidence), len(evidence)), "annotated": len(evidence)},
    }  # fmt: skip


if __name__ == "__main__":
    import sys

    verbose = "-v" in sys.argv
    everything = []
    for path in gold_files():
        scores, _, _ = score_file(path)
        everything.append(scores)
        print(scores.line())
        if verbose:
            for mistake in scores.mistakes:
                print("    " + mistake)
    print("\nPer step (development set):")
    for step, figures in step_figures(everything).items():
        print(f"  {step:20} " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))
