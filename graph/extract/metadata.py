"""Report metadata from the text: the council a report is about, its kind and date.

The council is the one the report is *about*, not the first one it names: a peer
challenge lists its peers with their own councils ("Director of Adult Social
Services, Brackenford County Council"), and reports cite other councils as
examples. Every council name is a candidate; names on a team-list line do not
count; the candidate whose area the text names most often wins, the title
lines counting extra.

>>> detect_council("Ashcombe Peer Challenge\\n- Jo Bell, Director, Brackenford County Council\\n"
...                "Ashcombe Council is ambitious. Ashcombe has strong partnerships.\\n")
'Ashcombe Council'
>>> detect_metadata("Eastbrook Borough Council\\nLGA Adult Social Care Peer Challenge")
{'council': 'Eastbrook Borough Council', 'kind': 'peer-challenge', 'date': None}
"""

from __future__ import annotations

import re
from collections import Counter

# Council names as reports write them.
COUNCIL_NAME = re.compile(
    r"\b((?:London|Royal) Borough of [A-Z][\w'-]+(?: (?:and|upon|on) [A-Z][\w'-]+)*"
    r"|[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2} (?:County|City|Borough|District|Metropolitan Borough"
    r"|Metropolitan District) Council"
    r"|(?:City|County) of [A-Z][\w'-]+ Council"
    r"|[A-Z][\w'-]+ Council)\b"
)
# Words that cannot be an area's name in "X Council".
NOT_AN_AREA = {"The", "County", "City", "Borough", "District", "Town", "Parish", "Youth", "Our",
               "This", "Each", "Every", "A", "Metropolitan", "Unitary", "Whole",
               "Full"}  # fmt: skip
# A line that lists a person with their role: a peer team member, not the subject.
TEAM_LINE = re.compile(
    r"\b(?:Director|Councillor|Cllr|Manager|Head of|Chief|Lead Member|Cabinet Member|Officer|"
    r"Peer|Principal|Executive|Assistant|Adviser|Advisor|Consultant|Member for)\b[^\n]*,"
    r"|,[^\n]*\b(?:Director|Councillor|Manager|Head of|Chief|Lead Member|Officer|Peer)\b"
)
AREA_WORDS = re.compile(
    r"\b(?:london borough of|royal borough of|city of|county of|metropolitan borough council|"
    r"metropolitan district council|borough council|county council|city council|"
    r"district council|council)\b",
    re.I,
)
TITLE_LINES = 5
TITLE_WEIGHT = 3
MAX_CANDIDATES = 25
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
STATED_DATE = re.compile(
    rf"\b(?:date(?: of (?:the )?(?:assessment|report|publication|review|visit))?|published|"
    rf"assessment date|report date)\s*[:\-–]?\s*(\d{{1,2}})(?:st|nd|rd|th)? ({MONTHS}) (\d{{4}})",
    re.I,
)


def _area(council: str) -> str:
    return " ".join(AREA_WORDS.sub(" ", council).split())


def detect_council(text: str) -> str | None:
    """The council the report is about (see the module docstring), or None."""
    lines = text.split("\n")
    candidates: dict[str, str] = {}  # area -> the fullest name seen for it
    named: Counter[str] = Counter()  # area -> how often a council name says it
    body_lines: list[str] = []  # the lines that do not list the peer team
    for number, line in enumerate(lines):
        # Every team line has a comma and every council name "Council" or "Borough of":
        # a line without them is not searched.
        if "," in line and TEAM_LINE.search(line):
            continue
        body_lines.append(line)
        if "Council" not in line and "Borough of" not in line:
            continue
        for match in COUNCIL_NAME.finditer(line):
            name = match.group(1)
            area = _area(name)
            if not area or area.split()[0] in NOT_AN_AREA:
                continue
            if len(name) > len(candidates.get(area, "")):
                candidates[area] = name
            named[area] += TITLE_WEIGHT * MAX_CANDIDATES if number < TITLE_LINES else 1
    if not candidates:
        return None
    # Each candidate costs a pass over the text: a text naming thousands of councils
    # has only its most named ones (and those in its title) counted.
    candidates = {area: candidates[area] for area, _ in named.most_common(MAX_CANDIDATES)}
    body = "\n".join(body_lines)
    title = "\n".join(lines[:TITLE_LINES])
    scores = Counter()
    for area in candidates:
        pattern = re.compile(rf"(?<![\w-]){re.escape(area)}(?![\w-])")
        scores[area] = len(pattern.findall(body)) + TITLE_WEIGHT * len(pattern.findall(title))
    best = max(candidates, key=lambda area: (scores[area], -text.find(candidates[area])))
    return candidates[best]


def detect_kind(text: str) -> str | None:
    """``peer-challenge`` or ``cqc-assessment`` where the text says which, else None."""
    lowered = text.lower()
    if "peer challenge" in lowered or "peer team" in lowered:
        return "peer-challenge"
    if "local authority assessment" in lowered or re.search(
        r"care quality commission|\bscore\s*:\s*[1-4]\b|evidence shows (?:a good|an exceptional|"
        r"some|significant)",
        lowered,
    ):
        return "cqc-assessment"
    return None


def detect_date(text: str) -> str | None:
    """The report's date (YYYY-MM-DD) where a label states it."""
    stated = STATED_DATE.search(text)
    if not stated:
        return None
    month = MONTHS.split("|").index(stated.group(2).capitalize()) + 1
    return f"{int(stated.group(3)):04d}-{month:02d}-{int(stated.group(1)):02d}"


def detect_metadata(text: str) -> dict[str, str | None]:
    """Council, kind and date where the report's own text states them."""
    return {"council": detect_council(text), "kind": detect_kind(text), "date": detect_date(text)}
