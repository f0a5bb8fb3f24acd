"""Partners a finding names, as instances of partner types, resolved per council.

Three kinds of mention, the longest winning where they overlap:

1. A **specific name** from the partner data ("SEL ICB", "OneBexley",
   "Oxleas"): that partner, in any report.
2. A **named organisation** the text introduces: capitalised words ending in
   an organisation word ("... Integrated Care Board", "... NHS Foundation
   Trust", "... Carers Centre", "... Partnership Board") or led by one
   ("Healthwatch Northmoor"). Its type comes from its name
   (``model.partner_types.type_of_name``, "other" when the name says none).
3. A **generic mention** of a type ("the ICB", "the police", "care
   providers", "councillors", "the local authority").

Generic mentions, and names of a body an area has one of (its ICB, its SAB,
its Healthwatch), resolve to the report's council's own instance: the data's
partner ``ckg:localTo`` that council, or one minted as ``<area>-<type>`` and
labelled with the name the text gives it. National bodies (the NHS, CQC, the
LGA, ADASS, TLAP, DWP) are one node each. Generic words ("partners",
"staff", "people", "leaders", "board members") name no partner.

>>> from carekg.graph.model.vocabulary import load_vocabulary
>>> resolver = PartnerResolver(load_vocabulary(), "Northmoor County Council")
>>> resolver.partners("The ICB and Healthwatch Northmoor praised the local authority.")
['northmoor-council', 'northmoor-healthwatch', 'northmoor-icb']
>>> resolver.labels["northmoor-healthwatch"]
('Healthwatch Northmoor', 'healthwatch')
"""

from __future__ import annotations

import re
from functools import lru_cache

from carekg.graph.extract.partner_wordings import (
    ANAPHOR,
    GENERIC,
    GENERIC_PATTERNS,
    SHARED_BODIES,
    head_of,
)
from carekg.graph.extract.prefilter import Prefiltered, prefiltered, rule_set
from carekg.graph.extract.quality_statements import local_name, longest_first
from carekg.graph.model.partner_types import LOCAL_TYPES, ONE_PER_AREA, type_of_name
from carekg.graph.model.text import fold, slug
from carekg.graph.model.vocabulary import Vocabulary

# "members" alone only when nothing says whose members they are.
OTHER_MEMBERS_BEFORE = re.compile(
    r"(?:board|staff|team|family|community|committee|panel|forum|group|network|partnership|"
    r"public|its|their|our|workforce)(?:['’]s)?\s+members?$",
    re.I,
)
# A body named before a bare "members" is whose members they are: "the Alliance ...
# and members described it".
OTHER_BODY = re.compile(r"\b(?:Alliance|Forum|Network|Board|Partnership|Group|Association|Panel|"
                        r"Collaborative|charit\w+|organisations)\b")  # fmt: skip
OTHER_MEMBERS_AFTER = re.compile(
    r"^members? of (?:the public|staff|the community|the team|the board|their|his|her|a|an)\b",
    re.I,
)
# Words of an organisation's name: capitalised words and the small words names use
# inside them ("Kestrel and Vale ...", "Friends of ..."); never "the", which joins
# two mentions ("the Council and the ICB").
NAME_WORD = r"(?:[A-Z][\w'’&-]*|of|and|for|on|upon|in|&)"
ORG_WORD = (
    r"(?:Board|Trust|Partnership|Forum|Network|Alliance|Centre|Center|Hub|Commission|"
    r"Association|Collaborative|Foundation|Society|Police|Constabulary|Hospitals?|"
    r"College|University|Charity|Fire and Rescue Service|Ambulance Service|ICB|ICS)"
)
# "Northmoor Carers Centre", "Vale Partnership NHS Foundation Trust", "Healthwatch Northmoor"
NAMED = prefiltered(
    rf"\b(?:[A-Z][\w'’&-]*\s+)(?:{NAME_WORD}\s+){{0,7}}{ORG_WORD}\b"
    rf"|\b(?:Healthwatch|Age UK|Citizens Advice|Mind in|Mind)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
)
# Where one organisation's name ends and a second begins: "... ICB and Riverford ...".
TWO_NAMES = re.compile(rf"\b{ORG_WORD}\s+(?:and|&)\s+(?=[A-Z])")
# Words that open a sentence or a phrase but are no part of a name.
LEADING = re.compile(
    r"^(?:(?:The|A|An|This|That|These|Our|Its|Their|In|At|With|By|For|From|"
    r"Both|Through|Local|Each|All|Some|Many|Most|Several|Of|And|On|Where|"
    r"When|While|Whilst|Although|However|But|Also|Including|Council|"
    r"Councils|Partners|Staff|Leaders|People|Members|and|of|for|on|in)\s+)+"
)
# ^ sentence openers and generic partner words: no part of an organisation's name
# Council name forms that are no part of the area's short name.
COUNCIL_WORDS = re.compile(
    r"\b(?:london borough of|royal borough of|city of|county of|metropolitan borough council|"
    r"metropolitan district council|borough council|county council|city council|district council|"
    r"council)\b",
    re.I,
)


def area_name(council: str) -> str:
    """A council's area as a short name: "Northmoor County Council" -> "Northmoor"."""
    short = " ".join(COUNCIL_WORDS.sub(" ", council).split())
    return short or council


def council_id(council: str) -> str:
    """The partner id minted for a council the data does not know: ``<area>-council``."""
    return f"{slug(area_name(council))}-council"


class PartnerResolver:
    """Partner mentions of one report, resolved to ids; ``labels`` holds minted ones.

    One resolver reads one report, sentence by sentence in order (see ``partners``)."""

    def __init__(self, vocab: Vocabulary, council: str | None = None):
        self.vocab = vocab
        self.council_id = self._council(council)
        self.area = area_name(council) if council else None
        self.labels: dict[str, tuple[str, str]] = {}  # minted id -> (label, type)
        self.last_named: dict[str, str] = {}  # head -> the body named last, for "the board"
        self.specific: list[tuple[str, Prefiltered | re.Pattern[str]]] = []
        self.local: dict[str, str] = {}  # type -> id of this council's data partner
        self.national: dict[str, str] = {}  # type -> id of a national data partner
        for partner in vocab.partners:
            pid = local_name(partner.iri)
            if partner.local_to is None and partner.type != "council":
                self.national.setdefault(partner.type or "other", pid)
            elif partner.local_to == self.council_id and partner.type in LOCAL_TYPES:
                # The council's own "Elected members" over "The Mayor" for generic mentions.
                if partner.type not in self.local or len(partner.alt_labels) > 3:
                    self.local[partner.type] = pid
            names = [n for n in [partner.label, *partner.alt_labels] if not _generic(n)]
            pattern = _exact(names)
            if pattern is not None:
                self.specific.append((pid, pattern))
        # The data's partners are the same in every report: their rule set, with the
        # generic mentions after them, is made once.
        self.in_data = len(self.specific)
        self.rules = rule_set(tuple(pattern for _pid, pattern in self.specific) + GENERIC_PATTERNS)
        if council and self.council_id:
            names = [council, f"{self.area} Council"]
            pattern = _exact(names)
            if pattern is not None:
                self.specific.append((self.council_id, pattern))
            # The area's name as the subject of what an organisation does is the
            # authority ("Kestrelford has a clear vision"); elsewhere it is the place.
            self.specific.append((self.council_id, re.compile(
                rf"^{re.escape(self.area)}(?! (?:has|had) (?:a|an) (?:\w+ )?(?:population|"
                rf"area|economy|coastline)\b)"  # the place: "Marlowe has a population of"
                # "Ashwell's prevention offer", "Tarnside's front door": what the authority
                # runs; not what the place has ("Ashwell's residents", "... villages")
                rf"(?=['’]s (?!(?:\w+ )?(?:population|residents|people|communities|towns|"
                rf"villages|wards|economy|geography|hospitals?|care homes|roads)\b)\w| "
                rf"(?:has|had|knows|"
                rf"uses|used|should|must|may|works|worked|needs|continues|recognises|"
                rf"recognised|commissions|commissioned|invested|understands|understood|knew|"
                rf"leads|led|delivers|delivered|supports|supported|manages|managed|spends|"
                rf"spent|funds|funded|responded|responds|is (?:ambitious|committed|aware|open|"
                rf"honest)|was (?:open|honest|aware))\b)")))  # fmt: skip

    def _council(self, council: str | None) -> str | None:
        if not council:
            return None
        wanted = fold(council)
        for partner in self.vocab.partners:
            names = {fold(x) for x in [partner.label, *partner.alt_labels]}
            if partner.type == "council" and wanted in names:
                return local_name(partner.iri)
        return council_id(council)

    def instance(self, partner_type: str, name: str | None = None) -> str | None:
        """The id of this report's partner of a type, minted (and labelled) when needed."""
        if partner_type == "council":
            return self.council_id
        named = name is not None and partner_type not in ONE_PER_AREA
        if named and (partner_type in LOCAL_TYPES or partner_type == "other"):
            pid = slug(name)  # one of several of its kind: the name is its identity
        elif partner_type in self.local:
            return self.local[partner_type]
        elif partner_type not in LOCAL_TYPES:
            return self.national.get(partner_type)
        elif self.area:
            pid = f"{slug(self.area)}-{partner_type}"
        else:
            pid = partner_type
        label = name or self._generic_label(partner_type)
        if pid not in self.labels or (name and self.labels[pid][0] == self._generic_label(
                partner_type)):  # fmt: skip
            self.labels[pid] = (label, partner_type)
        return pid

    def _generic_label(self, partner_type: str) -> str:
        concept = self.vocab.partner_types.get(partner_type)
        label = concept.label if concept else partner_type
        return f"{label} ({self.area})" if self.area else label

    def _named(self, sentence: str) -> list[tuple[int, int, str | None]]:
        found: list[tuple[int, int, str | None]] = []
        spans: list[tuple[int, int]] = []
        for match in NAMED.finditer(sentence):
            # "the ICB and Harbourside University Hospitals NHS Trust" names two bodies
            cuts = [m.end() for m in TWO_NAMES.finditer(match.group(0))]
            bounds = [match.start()] + [match.start() + c for c in cuts] + [match.end()]
            spans += [(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
        for span_start, span_end in spans:
            text = re.sub(r"\s+(?:and|&)\s+$", "", sentence[span_start:span_end])
            lead = LEADING.match(text)
            start = span_start + (lead.end() if lead else 0)
            end = span_start + len(text)
            name = sentence[start:end]
            if len(name.split()) < 2 or _generic(name):
                continue  # "Trust" alone, or "Safeguarding Adults Board": a generic mention
            partner_type = type_of_name(name) or "other"
            if partner_type == "council" and self.area and self.area.lower() in name.lower():
                pid = self.council_id
            elif partner_type == "lga":
                pid = self.national.get("lga")
            else:
                pid = self.instance(partner_type, name)
            found.append((start, end, pid))
        return found

    def partners(self, sentence: str) -> list[str]:
        """Partner ids the sentence names, one per partner, the longest mention winning.

        Give a report's sentences in order: "the board" (or hub, centre, forum,
        alliance) is the one named last (``last_named``), in this sentence or an
        earlier one.
        """
        matches: list[tuple[int, int, str | None]] = []
        in_data = self.in_data
        possible = self.rules.possible(sentence)  # data partners, then generic mentions
        for index in possible:
            if index >= in_data:
                break
            pid, pattern = self.specific[index]
            regex = pattern.regex if isinstance(pattern, Prefiltered) else pattern
            matches += [(m.start(), m.end(), pid) for m in regex.finditer(sentence)]
        for pid, pattern in self.specific[in_data:]:  # this report's council
            matches += [(m.start(), m.end(), pid) for m in pattern.finditer(sentence)]
        # before the capitalised names, which would mint one hub for every area
        for label, pattern in SHARED_BODIES:
            name = f"{label} ({self.area})" if self.area else label
            matches += [(m.start(), m.end(), self.instance("other", name))
                        for m in pattern.finditer(sentence)]  # fmt: skip
        matches += self._named(sentence)
        for index in possible:
            if index < in_data:
                continue
            partner_type, pattern = GENERIC[index - in_data]
            for m in pattern.regex.finditer(sentence):
                if partner_type == "elected-members" and (
                    OTHER_MEMBERS_BEFORE.search(sentence[max(0, m.start() - 12) : m.end()])
                    or OTHER_MEMBERS_AFTER.match(sentence[m.start() :])
                    or (
                        m.group(0).lower() == "members" and OTHER_BODY.search(sentence[: m.start()])
                    )
                ):
                    continue  # "board members", "members of the public" are not councillors
                matches.append((m.start(), m.end(), f"type:{partner_type}"))
        ids: set[str] = set()
        named: list[tuple[int, str, str]] = []  # (start, head, id) of bodies named by a head
        for start, end, pid in longest_first(matches):
            if isinstance(pid, str) and pid.startswith("type:"):
                pid = self.instance(pid.removeprefix("type:"))
            if pid:
                ids.add(pid)
                head = head_of(sentence[start:end])
                if head:
                    named.append((start, head, pid))
        named.sort()
        ids.update(self._referred_to(sentence, named))
        for _start, head, pid in named:
            self.last_named[head] = pid
        return sorted(ids)

    def _referred_to(self, sentence: str, named: list[tuple[int, str, str]]) -> list[str]:
        """The body each "the board" (hub, centre ...) of the sentence refers to: the last
        one named by that head before it, in this sentence or an earlier one of the report."""
        referred = []
        for match in ANAPHOR.finditer(sentence):
            head = head_of(match.group(0))
            before = [pid for start, h, pid in named if h == head and start < match.start()]
            body = before[-1] if before else self.last_named.get(head)
            if body:
                referred.append(body)
        return referred


@lru_cache(maxsize=8192)
def _generic(name: str) -> bool:
    """Whether a name is only a generic mention of a type ("the ICB", "Council")."""
    text = name.strip()
    return any(p.fullmatch(text) for _t, p in GENERIC) or text.lower() in {
        "council", "the council", "authority", "local authority", "health", "members"}  # fmt: skip


def _exact(names: list[str]) -> Prefiltered | None:
    return _exact_names(tuple(sorted({n for n in names if n.strip()}, key=len, reverse=True)))


@lru_cache(maxsize=4096)
def _exact_names(names: tuple[str, ...]) -> Prefiltered | None:
    """Compiled once per set of names: every report asks for the same partners' patterns."""
    if not names:
        return None
    alternation = "|".join(re.escape(n).replace(r"\ ", r"[\s-]+").replace("'", "['’]?")
                           for n in names)  # fmt: skip
    return prefiltered(rf"(?<![\w-])(?:{alternation})(?:'s|’s|s)?(?![\w-])", re.I)
