"""The furniture of printed pages in text taken from a PDF, and the sentences it breaks.

Text copied out of a PDF keeps each page's running header and footer, its page
number and often a form feed, wherever the page broke: sometimes in the middle of a
sentence. These lines are no part of the report. A gap made only of them and of blank
lines, between a line that stops without a full stop and one that goes on in lower
case, is bridged: the sentence runs across it (its quote still the exact text of the
file, furniture and all).

>>> lines = ["The council should", "", "Page 8 of 9", "\\fOrmsby Council – Peer Challenge", "",
...          "consider a single plan.", "", "Page 9 of 9", "\\fOrmsby Council – Peer Challenge"]
>>> sorted(page_furniture(lines)), sorted(bridged_gaps(lines, page_furniture(lines)))
([2, 3, 7, 8], [1, 2, 3, 4])
"""

from __future__ import annotations

import re
from collections import Counter

# A page number alone ("7", "Page 6 of 9", "- 12 -") or at the end of a running line, set
# apart from it ("Holmbury County Council: local authority assessment    Page 14 of 22";
# not a wrapped line of prose that ends "... set out on page 12"). A number from 1 to 4
# alone is not taken for one: it may be a score on a line of its own.
PAGE_LINE = re.compile(
    r"^\s*\f?\s*(?:(?:.{0,160}(?:\s{2,}|\t|\s[|–—-]\s))?page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|"
    r"[-–]?\s*(?:[5-9]|[1-9]\d{1,3})\s*[-–]?)\s*$",
    re.I,
)
TERMINAL = ".!?:;"


def _key(line: str) -> str:
    return line.strip(" \t\f")


def _beside(lines: list[str], number: int) -> list[int]:
    """The nearest non-blank line above and below line ``number`` (at most 2 lines away)."""
    out = []
    for step in (-1, 1):
        for near in (number + step, number + 2 * step):
            if 0 <= near < len(lines) and _key(lines[near]):
                out.append(near)
                break
    return out


def page_furniture(lines: list[str]) -> set[int]:
    """Line numbers of page furniture: page numbers, form feeds, and a running header or
    footer: a line found at the page breaks of at least two pages."""
    numbers = {number for number, line in enumerate(lines) if PAGE_LINE.match(line)}
    feeds = {n for n, line in enumerate(lines) if line.lstrip(" \t").startswith("\f")}
    # what stands at each page break: the lines beside its page number, and the line its
    # form feed starts
    breaks = [set(_beside(lines, n)) for n in numbers] + [{n} for n in feeds]
    pages: Counter = Counter()
    for near in breaks:
        pages.update({_key(lines[n]) for n in near if n not in numbers})
    running = {key for key, count in pages.items() if count >= 2}
    furniture = numbers | {n for n in feeds if not _key(lines[n])}
    furniture |= {n for near in breaks for n in near if _key(lines[n]) in running}
    return furniture


def bridged_gaps(lines: list[str], furniture: set[int]) -> set[int]:
    """Line numbers of blank and furniture lines that a sentence runs across: in a gap
    holding furniture, after a line with no closing stop, before one in lower case."""
    bridged: set[int] = set()
    number = 0
    while number < len(lines):
        if number not in furniture:
            number += 1
            continue
        first = number
        while first > 0 and not lines[first - 1].strip():
            first -= 1
        last = number
        while last + 1 < len(lines) and (last + 1 in furniture or not lines[last + 1].strip()):
            last += 1
        before = lines[first - 1].rstrip() if first > 0 else ""
        after = lines[last + 1].lstrip() if last + 1 < len(lines) else ""
        if before and before[-1] not in TERMINAL and after[:1].islower():
            bridged.update(range(first, last + 1))
        number = last + 1
    return bridged
