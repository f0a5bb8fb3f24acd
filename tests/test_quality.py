"""Issue 4: extraction quality against hand annotations, with the figures printed.

Run ``pytest tests/test_quality.py -s`` (or ``python tests/quality.py -v``) to see
precision and recall for each field and every disagreement.
"""

from __future__ import annotations

import pytest

from quality import gold_files, score_file

FILES = gold_files()


def test_there_are_seed_and_layout_fixtures():
    names = {p.stem for p in FILES}
    assert {"lga-peer-challenge-bexley-key-messages",
            "lga-peer-challenge-bexley-theme4-leadership"} <= names  # fmt: skip
    assert any(n.startswith("cqc-assessment") for n in names)
    assert any("numbered" in n for n in names)
    assert any(n.startswith("background") for n in names)
    assert len(names) >= 5


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_extraction_meets_the_targets(path, capsys):
    scores, prepared, gold = score_file(path)
    with capsys.disabled():
        print("\n" + scores.line())
    if not gold["findings"]:  # a background-only page
        assert scores.predicted <= 2
        return
    assert scores.recall >= 0.95, scores.mistakes
    assert scores.kind_accuracy >= 0.9, scores.mistakes
    assert scores.heading_qs_accuracy >= 0.9, scores.mistakes
    assert scores.inferred_qs_accuracy >= 0.7, scores.mistakes
    assert scores.partner_recall >= 0.9, scores.mistakes
    # Every quote is its source slice.
    from quality import report_path

    text = report_path(gold["document"]).read_text(encoding="utf-8")
    assert all(text[f.start : f.end] == f.text for f in prepared.findings)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_stated_scores_match_the_annotation(path):
    from carekg.graph.model.ratings import overall_rating

    _, prepared, gold = score_file(path)
    triples = prepared.triples
    values = {
        t.subject.value: int(t.object.value)
        for t in triples
        if t.predicate.value.endswith("#scoreValue")
    }
    stated = {int(subject.rsplit("/", 1)[-1]): value for subject, value in values.items()}
    assert stated == {int(k): v for k, v in (gold.get("scores") or {}).items()}
    rating = [t.object.value for t in triples if t.predicate.value.endswith("#overallRating")]
    expected = overall_rating(stated)
    assert rating == ([expected[0]] if expected else [])
    assert rating == ([gold["overall_rating"]] if gold.get("overall_rating") else [])
