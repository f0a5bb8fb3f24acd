"""Similar wording: words, key phrases and TF-IDF cosine similarity, in plain Python.

Findings are compared by their content words, lightly stemmed so that "carers"
and "carer", "improved" and "improving" meet; report boilerplate ("council",
"peer team") and function words are left out. Used to match findings across
reports of one council, to find the findings that speak of an outcome, and to
name the themes that recur across councils.

>>> stems("Unpaid carers were waiting for carers' assessments")
['unpaid', 'carer', 'wait', 'carer', 'assessment']
>>> phrases("Unpaid carers were waiting for carers' assessments")
['unpaid carer', 'carer assessment']
>>> model = TfIdf([stems("unpaid carers need support"), stems("waiting lists")])
>>> a, b = stems("support for unpaid carers"), stems("unpaid carers need support")
>>> round(model.similarity(a, b), 2)
1.0
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

STOP_WORDS = frozenset(
    """
a about above across after again against all almost also although always am among an and any
are around as at be because been before being below between both but by can could did do does
doing done during each either else even ever every few for from further had has have having he
her here hers him his how however i if in into is it its itself just least less like made make
many may me might more most much must my no nor not now of off often on once one only or other
others our out over own per perhaps quite rather really same several shall she should since so
some such than that the their theirs them then there these they this those though through thus
to too under until up upon us very via was we well were what when where whether which while who
whom whose why will with within without would yet you your
council councils council's authority authorities local la las peer team review cqc lga report
found heard told said saw noted seen evident evidence clear clearly good strong some also
there's particularly including include includes included example examples way ways area areas
work working worked level levels across place however whilst within further need needs needed
time times year years month months week weeks day days risk risks significant described
acknowledged acknowledges makes works improves said told showed suggested spoke valued
""".split()
)

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")


def _stem(word: str) -> str:
    """A light English stem: plurals, -ing, -ed and a final e removed."""
    word = word.replace("’", "'").split("'")[0]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _runs(text: str) -> list[list[tuple[str, str]]]:
    """Runs of (stem, word) for content words, split where a stop word or punctuation stands."""
    runs: list[list[tuple[str, str]]] = [[]]
    for piece in re.split(r"([.,;:!?()\[\]\"“”–—/])", text.lower()):
        if not piece or re.fullmatch(r"[.,;:!?()\[\]\"“”–—/]", piece):
            runs.append([])
            continue
        for word in _WORD.findall(piece):
            word = word.replace("’", "'")
            bare = word.split("'")[0]
            if len(bare) < 3 or bare in STOP_WORDS or word in STOP_WORDS:
                runs.append([])
                continue
            runs[-1].append((_stem(word.strip("-")), bare.strip("-")))
    return [run for run in runs if run]


def stems(text: str) -> list[str]:
    """The content words of ``text``, stemmed, in order (repeats kept)."""
    return [stem for run in _runs(text) for stem, _ in run]


def phrases(text: str) -> list[str]:
    """Key phrases: pairs of adjacent content words, stemmed, in order (repeats kept)."""
    return [key for key, _ in phrases_as_written(text)]


def phrases_as_written(text: str) -> list[tuple[str, str]]:
    """Each key phrase with the words it was written in: ``("unpaid carer", "unpaid carers")``."""
    return [
        (f"{a[0]} {b[0]}", f"{a[1]} {b[1]}")
        for run in _runs(text)
        for a, b in zip(run, run[1:], strict=False)
    ]


Vector = dict[str, float]


class TfIdf:
    """TF-IDF weights learnt from a list of documents (each a list of terms).

    Terms seen in no document get the largest weight, as if seen once.
    """

    def __init__(self, documents: Iterable[list[str]]):
        frequency: Counter[str] = Counter()
        count = 0
        for document in documents:
            frequency.update(set(document))
            count += 1
        self.documents = count
        self.idf = {t: math.log((1 + count) / (1 + n)) + 1 for t, n in frequency.items()}
        self._unseen = math.log(1 + count) + 1

    def vector(self, terms: list[str]) -> Vector:
        """The unit-length TF-IDF vector of one document."""
        counts = Counter(terms)
        weights = {t: n * self.idf.get(t, self._unseen) for t, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def similarity(self, a: list[str], b: list[str]) -> float:
        """Cosine similarity of two documents' vectors, from 0 to 1."""
        return cosine(self.vector(a), self.vector(b))


def cosine(a: Vector, b: Vector) -> float:
    """Cosine similarity of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())
