"""The synthetic corpus generator (bench/make_corpus.py): determinism, layout, scores."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "make_corpus.py"
spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
make_corpus = sys.modules["make_corpus"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_corpus)  # registered first: dataclasses look the module up


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_gives_byte_identical_files(tmp_path):
    for name in ("a", "b"):
        make_corpus.write_corpus(tmp_path / name, 4, seed=7)
    first, second = files(tmp_path / "a"), files(tmp_path / "b")
    assert len(first) == 12
    assert first == second


def test_other_seed_gives_other_text_and_small_corpus_is_a_prefix(tmp_path):
    make_corpus.write_corpus(tmp_path / "a", 2, seed=7)
    make_corpus.write_corpus(tmp_path / "b", 2, seed=8)
    make_corpus.write_corpus(tmp_path / "c", 3, seed=7)
    assert files(tmp_path / "a") != files(tmp_path / "b")
    assert files(tmp_path / "a").items() <= files(tmp_path / "c").items()


def test_council_names_are_unique():
    names = [c.name for c in make_corpus.make_councils(300, seed=1)]
    assert len(set(names)) == len(names) == 300


def test_scores_agree_between_assessment_and_summary(tmp_path):
    make_corpus.write_corpus(tmp_path, 5, seed=3)
    for folder in tmp_path.iterdir():
        council = next(c for c in make_corpus.make_councils(5, 3) if c.slug == folder.name)
        page = (folder / f"cqc-assessment-{folder.name}.txt").read_text()
        summary = next(folder.glob("cqc-assessment-*-summary.*")).read_text()
        assert [int(s) for s in re.findall(r"^Score: (\d)", page, re.M)] == council.scores
        listed = re.findall(r"(?:[–—-] |\| )(\d)(?: \|)?$", summary, re.M)
        assert [int(s) for s in listed] == council.scores
        lga = next(folder.glob("lga-peer-challenge-*")).read_text()
        assert "Theme 4: Leadership" in lga and re.search(r"may w(ish|ant) to|should", lga)


def test_cli_prints_one_summary_line(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path), "--councils", "2", "--seed", "5"],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("2 councils, 6 files, ")
    sentences = int(re.search(r"~([\d,]+) sentences", lines[0])[1].replace(",", ""))
    assert 500 <= sentences <= 700  # about 300 findings a council
