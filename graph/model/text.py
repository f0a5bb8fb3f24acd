"""Small text forms used across layers: folded text, slugs, one-line messages, short IRIs.

>>> slug("London Borough of Bexley")
'london-borough-of-bexley'
>>> fold("Safe systems – pathways & transitions")
'safe systems pathways and transitions'
>>> compact("https://w3id.org/carekg/cqc/qs8")
'cqc:qs8'
"""

from __future__ import annotations

import re

from carekg.graph.model.namespaces import PREFIXES

DASHES = "\\-‐‑‒–—―"  # escaped hyphen first, so it is never read as a range
MAX_MESSAGE = 300


def fold(text: str) -> str:
    """Lower-case, plain apostrophes and dashes, no punctuation but word breaks."""
    text = text.lower().replace("’", "'").replace("‘", "'").replace("&", " and ")
    text = re.sub(f"[{DASHES}]", "-", text)
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# A word a line break hyphenated ("safe-" / "guarding" in text taken from a PDF).
_LINE_HYPHEN = re.compile(r"(?<=[a-z])-[ \t]*\n\s*(?=[a-z])")


def unwrapped(text: str) -> str:
    """A sentence on one line, as the rules read it: a word a line break hyphenated is
    whole again, and every run of white space is one space.

    >>> unwrapped("the adult safe-\\nguarding hub,\\n  and  staff")
    'the adult safeguarding hub, and staff'
    """
    if "\n" in text and "-" in text:
        text = _LINE_HYPHEN.sub("", text)
    return " ".join(text.split())


# A label, not prose: a table cell or a row of them ("Lead", "Director of Commissioning",
# "Care homes"): at most this many words, and no sentence end.
MAX_LABEL_WORDS = 8
_CLOSES_SENTENCE = re.compile(r"[.!?][\"'”’)]*$")


def closes_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does (a stop, perhaps inside a closing quote)."""
    return bool(_CLOSES_SENTENCE.search(text))


def is_label(text: str) -> bool:
    """Whether a short piece of text names something rather than saying it.

    >>> is_label("Director of Adult Social Services"), is_label("Waits are long.")
    (True, False)
    """
    return len(text.split()) <= MAX_LABEL_WORDS and not closes_sentence(text)


def slug(text: str) -> str:
    """A lower-case, hyphenated identifier for names and phrases."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def one_line(text: object) -> str:
    """Whitespace folded to single spaces, cut to a readable length."""
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def compact(iri: str) -> str:
    """An IRI as a prefixed name when a carekg prefix covers it, else the IRI."""
    best = ""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(base) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        local = iri[len(PREFIXES[best]) :]
        if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._/-]*", local or "x"):
            return f"{best}:{local}"
    return iri
