"""What each heading means in an assurance report, and the section every sentence sits in.

A heading can name a CQC theme ("Theme 4: Leadership"), a quality statement
("Quality Statement Eight: Governance, ...", "1. Assessing people's needs",
"Safeguarding"), a part of an assessment ("Strengths", "Areas for
development", "Considerations", "Key messages", "Key findings for this quality
statement"), framework text ("What people expect", "The local authority
commitment") or background ("Introduction", "Methodology"). Any other heading
is a sub-heading and inherits the context of the heading before it.

>>> from carekg.graph.model.vocabulary import load_vocabulary
>>> role = classify_heading("Quality Statement Eight: Governance, Management, and Sustainability",
...                         load_vocabulary())
>>> role.quality_statement, role.theme
(8, 4)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from carekg.graph.extract.document import NUMBER_PREFIX, Block, Document, line_spans
from carekg.graph.extract.prefilter import prefiltered
from carekg.graph.model.text import DASHES, fold
from carekg.graph.model.vocabulary import Vocabulary

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
NUMBER = r"(\d|one|two|three|four|five|six|seven|eight|nine)"

# Section roles: which headings open which kind of content.
ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # headings that state the kind of what follows
    (
        "strengths",
        re.compile(
            r"^(key |main |areas of |particular |notable )?strengths?\b|"
            r"^what(?: i|')?s? (?:is )?working well\b|^what (?:works|went) well\b|"
            r"^(?:areas of |examples of )?(?:good|notable|positive) practice\b"
        ),
    ),
    (
        "areas",
        re.compile(
            r"^(key |main )?(areas? (for|of|to) (development|improvement|consideration|focus|"
            r"further development)|considerations|development areas|areas to consider|"
            r"challenges|things to consider|areas that need improving|what needs to improve|"
            r"what (?:could|needs to) be better|even better if|"
            r"where (?:improvement|progress) is needed|"
            r"what is not working well|what isn'?t working)"
        ),
    ),
    (
        "recommendations",
        re.compile(
            r"^(key |our )?(suggestions|recommendations|next steps for the council|"
            r"actions for the council|suggested actions)\b"
        ),
    ),
    ("risks", re.compile(r"^(key |main |significant )?risks?\b")),
    ("key-findings", re.compile(r"^key findings\b")),
    (
        "key-messages",
        re.compile(
            r"^(key messages|executive summary|summary of findings|summary|overall summary|"
            r"overall findings|findings|our findings|headline findings|conclusions?|what we found|"
            r"what people told us|what (?:the )?(?:chief )?inspectors? (?:said|found)|"
            r"what we heard|key recommendations|our view|overall)\b"
        ),
    ),
    # framework text: CQC's expectations, not findings about the council
    (
        "framework",
        re.compile(
            r"^(what people expect|the local authority commitment|local authority commitment|"
            r"our commitment|i statements?|we statements?|quality statement scores?|"
            r"indicative score|indicative rating|score)\b"
        ),
    ),
    # facts about the council and its area: context findings
    (
        "about",
        re.compile(
            r"^(about (?!this\b|the (?:report|peer|lga|care quality|assessment|local authority "
            r"assessment)|cqc\b|us\b|our\b|local authority assessments)|local context|"
            r"the local context|context|about the area|the area|demographics|population|"
            r"the council and its area|key facts|facts and figures|the local authority area|"
            r"local authority profile|financial facts)"
        ),
    ),
    # how the report was made, who made it, and press-release boilerplate: no findings
    (
        "background",
        re.compile(
            r"^(introduction|background|about (this|the)|methodology|method|"
            r"approach to the review|the peer (?:challenge|review)( process)?|"
            r"the peer team|peer team|scope( and focus)?|purpose( and scope)?|"
            r"terms of reference|(?:key )?lines of enquiry|acknowledgements?|contacts?|"
            r"further information|appendix|glossary|purpose of (this|the) report|"
            r"how we carried out|how we assess|how assessments work|our approach|"
            r"next steps|conclusion and next steps|further support|what happens next|"
            r"notes to editors|about (?:cqc|the care quality commission|the lga|us|"
            r"local authority assessments)|media enquiries|for media enquiries|ends|"
            # a page's notes: where its figures come from
            r"(?:end)?notes$|footnotes|(?:data )?sources?$|notes and sources|sources and notes|"
            r"references$)"
        ),
    ),
]
ASSESSMENT_ROLES = {"strengths", "areas", "recommendations", "risks", "key-findings",
                    "key-messages", "quality-statement", "theme"}  # fmt: skip


@dataclass
class HeadingRole:
    """What a heading tells: a theme, a quality statement and/or a section role."""

    role: str | None = None  # one of ROLE_PATTERNS' names, "theme", "quality-statement"
    theme: int | None = None
    quality_statement: int | None = None


@dataclass(slots=True)
class SectionContext:
    """The enclosing headings of a sentence."""

    heading: Block | None = None
    role: str | None = None
    theme: int | None = None
    quality_statement: int | None = None
    index: int = -1  # position of the heading block in the document
    headings: list[int] = field(default_factory=list)
    depth: int | None = None  # nesting depth of the heading that named the theme or statement


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


_FOLDED: dict[int, tuple[Vocabulary, list[tuple[int, str]]]] = {}


def _folded_names(vocab: Vocabulary) -> list[tuple[int, str]]:
    """(number, folded name) of every quality statement label, folded once per vocabulary."""
    if id(vocab) not in _FOLDED or _FOLDED[id(vocab)][0] is not vocab:
        names = [(number, fold(label)) for number, qs in vocab.quality_statements.items()
                 for label in [qs.label, *qs.alt_labels]]  # fmt: skip
        _FOLDED[id(vocab)] = (vocab, names)
    return _FOLDED[id(vocab)][1]


def _match_quality_statement(folded: str, vocab: Vocabulary) -> int | None:
    """The quality statement whose name (or variant) the folded heading starts with."""
    best: tuple[int, int] | None = None
    for number, name in _folded_names(vocab):
        if folded == name or folded.startswith(name + " "):
            if best is None or len(name) > best[1]:
                best = (number, len(name))
    return best[0] if best else None


def statements_named_in(text: str, vocab: Vocabulary) -> list[int]:
    """The quality statements whose name (or a variant) a title holds as a phrase: a
    "Safeguarding Adults Peer Review" is about safeguarding; "rated as requires
    improvement" names no statement."""
    folded = fold(text)
    return sorted({number for number, name in _folded_names(vocab)
                   if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded)})  # fmt: skip


def _short_name(folded: str, vocab: Vocabulary) -> int | None:
    """The quality statement a short heading is named after ("Safeguarding enquiries"),
    not a longer sub-heading that happens to begin with its name."""
    number = _match_quality_statement(folded, vocab)
    if number is None:
        return None
    name_words = len(fold(vocab.quality_statements[number].label).split())
    return number if len(folded.split()) <= name_words + 3 else None


def _theme_named(folded: str, vocab: Vocabulary) -> int | None:
    """The theme a heading names by any of its names ("Ensuring safety"), the council's
    own name standing for "the local authority" ("How Testshire works with people")."""
    for number, concept in vocab.themes.items():
        for name in (fold(label) for label in [concept.label, *concept.alt_labels]):
            if folded == name:
                return number
            how = re.match(r"how (?:the local authority|local authorities) (.+)$", name)
            if how and re.fullmatch(rf"how .{{1,60}}? {re.escape(how.group(1))}", folded):
                return number
    return None


def classify_heading(text: str, vocab: Vocabulary) -> HeadingRole:
    """Say what a heading names; ``HeadingRole()`` for an ordinary sub-heading."""
    folded = fold(NUMBER_PREFIX.sub("", text))
    whole = fold(text)
    qs = re.match(rf"^(?:cqc )?(?:quality statement |qs ?){NUMBER}\b", whole)  # "QS1: ..." too
    if qs:
        number = _number(qs.group(1))
        if number in vocab.quality_statements:
            theme = vocab.quality_statements[number].theme
            return HeadingRole("quality-statement", theme, number)
    named = re.match(r"^(?:cqc )?quality statement (.+)$", folded)
    if named:  # "Quality statement: Safeguarding"
        number = _match_quality_statement(named.group(1), vocab)
        if number is not None:
            theme = vocab.quality_statements[number].theme
            return HeadingRole("quality-statement", theme, number)
    parts = re.split(rf"\s*[:{DASHES}]\s+", text, maxsplit=1)
    if len(parts) == 2:  # "Working with people: Assessing needs"
        number = _short_name(fold(parts[1]), vocab)
        if number is not None:
            theme = vocab.quality_statements[number].theme
            return HeadingRole("quality-statement", theme, number)
    theme = re.match(rf"^theme {NUMBER}\b", folded)  # "6. Theme 4: Leadership" too
    if theme and 1 <= _number(theme.group(1)) <= 4:
        return HeadingRole("theme", _number(theme.group(1)), None)
    number = _theme_named(folded, vocab)
    if number is not None:
        return HeadingRole("theme", number, None)
    number = _short_name(folded, vocab)
    if number is not None:
        return HeadingRole("quality-statement", vocab.quality_statements[number].theme, number)
    for role, pattern in ROLE_PATTERNS:
        if pattern.match(folded):
            return HeadingRole(role)
    return HeadingRole()


@dataclass(slots=True)
class Section:
    """A heading that opens a section, with what it names and the text it spans."""

    index: int  # the heading's block index
    heading: str
    role: str | None
    theme: int | None
    quality_statement: int | None
    start: int
    end: int


def document_sections(document: Document, contexts: list[SectionContext]) -> list[Section]:
    """The sections of a document: each heading that opens one, up to the next heading."""
    headings = [i for i, b in enumerate(document.blocks) if b.kind == "heading"]
    ends = {i: document.blocks[j].start for i, j in zip(headings, headings[1:], strict=False)}
    text_end = len(document.text.rstrip())
    return [
        Section(i, document.blocks[i].text, contexts[i].role, contexts[i].theme,
                contexts[i].quality_statement, document.blocks[i].start, ends.get(i, text_end))
        for i in headings
        if contexts[i].index == i
    ]  # fmt: skip


# Framework text speaks as the person ("I have care ...") or as the council in the
# present tense ("We work with people ..."); CQC's findings do neither.
FRAMEWORK_TEXT = re.compile(
    r"^(?:(?:I|We)\s+(?!saw|heard|found|were|reviewed|spoke|looked|also|received|asked|did|"
    r"could|noted|observed|read|sampled|tracked|met|checked|considered|visited|identified|was)|"
    # the person's expectation in other words: "My care is there when I need it", "As an
    # unpaid carer, my own needs are recognised"
    r"My\s|As an? [^,]{2,40},\s+(?:I|my)\s)"
)


def _after_framework(current: SectionContext) -> str | None:
    """The role that follows framework text: the quality statement's own assessment."""
    return "quality-statement" if current.quality_statement is not None else None


def heading_depth(block: Block) -> int | None:
    """How deeply a heading is nested: its Markdown level, or the parts of its number
    ("4." is 1, "3.4" is 2); None when the file says neither."""
    if block.level:
        return block.level
    number = re.match(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s", block.text)
    return len(number.group(1).split(".")) if number else None


REPORT_LIST = re.compile(r"^(?:key|main|our|summary of)\b")


def _heading_context(
    block: Block, index: int, role: HeadingRole, current: SectionContext
) -> SectionContext:
    """The context a heading opens, given what the heading above it said."""
    depth = heading_depth(block)
    if role.role == "theme":
        return SectionContext(block, "theme", role.theme, None, index, depth=depth)
    if role.role == "quality-statement":
        return SectionContext(block, "quality-statement", role.theme, role.quality_statement,
                              index, depth=depth)  # fmt: skip
    if role.role in {"key-messages", "background", "about"}:
        return SectionContext(block, role.role, None, None, index)
    if role.role is not None:
        # "Strengths" under a theme belongs to it; "4. Recommendations" after "3.4
        # Leadership" is not its child, nor is "## 7. Recommendations" after "## 6. Theme
        # 4" (a list of advice at the theme's own level is the report's, not the theme's).
        known = depth is not None and current.depth is not None
        shallower = known and depth < current.depth
        listed = role.role in {"recommendations", "risks"}
        sibling = known and depth == current.depth and listed
        # "Key recommendations", "Our recommendations": the report's own list, wherever
        # it stands (a letter's closing list after its last theme).
        overall = listed and REPORT_LIST.match(fold(NUMBER_PREFIX.sub("", block.text)))
        if shallower or sibling or overall:
            return SectionContext(block, role.role, None, None, index)
        return SectionContext(block, role.role, current.theme, current.quality_statement, index,
                              depth=current.depth)  # fmt: skip
    # A sub-heading keeps what the heading above it said; under framework text it
    # opens the quality statement's findings (pages without "Key findings").
    inherited = _after_framework(current) if current.role == "framework" else current.role
    return SectionContext(block, inherited, current.theme, current.quality_statement, index,
                          depth=current.depth)  # fmt: skip


def _labelled(label: str, current: SectionContext, roles: dict[str, HeadingRole],
              vocab: Vocabulary) -> SectionContext:  # fmt: skip
    """The context of a paragraph that opens with a run-in label ("Strength:"): what the
    label says, within the section it stands in (which goes on after it)."""
    if label not in roles:
        roles[label] = classify_heading(label, vocab)
    role = roles[label].role
    if role not in ASSESSMENT_ROLES:
        return current
    return SectionContext(current.heading, role, current.theme, current.quality_statement,
                          current.index, depth=current.depth)  # fmt: skip


def section_contexts(document: Document, vocab: Vocabulary) -> list[SectionContext]:
    """For every block, the section context it sits in (headings get their own).

    Under a framework heading ("What people expect", "The local authority
    commitment") the framework text is the first paragraph and any that speak as
    "I" or as the council's "We"; a paragraph after it that does neither is a
    finding of the quality statement (CQC pages without "Key findings").
    """
    contexts: list[SectionContext] = []
    current = SectionContext()
    framework_paragraphs = 0
    roles: dict[str, HeadingRole] = {}
    columns: dict[int, SectionContext] = {}  # in a table: each column's header context
    for index, block in enumerate(document.blocks):
        if block.table >= 0:
            # A table's cell sits under its column's header (a sub-heading of the
            # section the table is in); the section goes on after the table.
            if block.kind == "heading":
                if block.text not in roles:
                    roles[block.text] = classify_heading(block.text, vocab)
                columns[block.column] = _heading_context(block, index, roles[block.text],
                                                         current)  # fmt: skip
            contexts.append(columns.get(block.column, current))
            continue
        columns.clear()
        if block.label:
            contexts.append(_labelled(block.label, current, roles, vocab))
            continue
        if block.kind == "heading" and not (
            SCORE_LINE.search(block.text) or score_list_item(block.text)
        ):  # "9. Learning, improvement and innovation – 3" lists a score, opens nothing
            if block.text not in roles:  # a heading repeated costs one classification
                roles[block.text] = classify_heading(block.text, vocab)
            current = _heading_context(block, index, roles[block.text], current)
            framework_paragraphs = 0
        elif (
            current.role == "framework"
            and current.quality_statement is not None
            and not SCORE_LINE.search(block.text)
        ):
            framework_paragraphs += 1
            if framework_paragraphs > 1 and not FRAMEWORK_TEXT.match(block.text):
                current = SectionContext(current.heading, _after_framework(current),
                                         current.theme, current.quality_statement,
                                         current.index, depth=current.depth)  # fmt: skip
        contexts.append(current)
    return contexts


# --- Scores -------------------------------------------------------------------------------
# (One optional group around the separator: "\s*[-:]?\s*" would backtrack over a long
# run of spaces in time quadratic in its length.)
# "Score: 3", "Score awarded: 3 out of 4", "scored 3"
SCORE_LINE = prefiltered(rf"\bscored?(?: awarded| given)?(?:\s*[{DASHES}:])?\s*([1-4])\b", re.I)
SCORE_MEANING = re.compile(rf"^\s*([1-4])\s*[{DASHES}:.]\s*evidence shows\b", re.I)
# "1. Assessing people's needs – 3", "- Assessing needs: 2", "| Assessing needs | 2 |",
# "Assessing needs — scored 3 (Evidence shows a good standard)"
SCORE_LIST_ITEM = re.compile(
    rf"^\s*\|?\s*(?:[-*•]\s*)?(?:(\d)[.)]?\s+)?([A-Za-z][^{DASHES}|:]*?)\s*"
    rf"(?:[{DASHES}:]|\|)\s*(?:scored?\s*:?\s*)?([1-4])(?:\s*(?:/\s*4|out of 4))?"
    r"(?:\s*\([^()]{1,60}\))?\s*\|?\s*$",
    re.I,
)


MAX_SCORE_ITEM = 200  # a score list item is one short line


def score_list_item(text: str) -> re.Match[str] | None:
    """A score listed on its own line; longer text is never one (and is not searched)."""
    return SCORE_LIST_ITEM.match(text) if len(text) <= MAX_SCORE_ITEM else None


@dataclass
class StatedScore:
    """A score a report states for one quality statement, with where it says so."""

    quality_statement: int
    score: int
    start: int
    end: int
    text: str


def stated_scores(
    document: Document, contexts: list[SectionContext], vocab: Vocabulary
) -> list[StatedScore]:
    """Scores stated in the report: "Score: 3" under a quality statement, or a press list."""
    found: dict[int, StatedScore] = {}
    for block, context in zip(document.blocks, contexts, strict=True):
        listed = False
        for start, end in line_spans(block.text):  # a table's rows may come as one block
            line = block.text[start:end]
            start += block.start
            item = score_list_item(line)
            if item:
                stated, name, score = item.group(1), item.group(2), int(item.group(3))
                named = _match_quality_statement(fold(name), vocab)
                number = int(stated) if stated else named
                # A line that names no statement ("Score: 2" under a statement's name) is
                # not a list item: the statement it scores is its section's.
                if number is not None and (named == number or (named is None and stated)):
                    listed = True
                    found.setdefault(
                        number, StatedScore(number, score, start, start + len(line), line)
                    )
        if listed:
            continue
        match = SCORE_LINE.search(block.text) or SCORE_MEANING.match(block.text)
        qs = context.quality_statement
        if match and qs is not None and len(block.text) < 80:
            found.setdefault(
                qs, StatedScore(qs, int(match.group(1)), block.start, block.end, block.text)
            )
    return sorted(found.values(), key=lambda s: s.quality_statement)


def is_assessment(role: str | None) -> bool:
    """Whether sentences in a section of this role are assessment (findings by default)."""
    return role in ASSESSMENT_ROLES
