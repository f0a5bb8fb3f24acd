"""Write a synthetic corpus of adult social care assurance reports, for scale tests.

    python bench/make_corpus.py OUT_DIR --councils N [--seed S]

Each invented council gets OUT_DIR/<slug>/ with an LGA peer challenge (markdown, bullets,
numbered or prose), a CQC assessment with a page per quality statement (score lines, I and we
statements, key findings) and a CQC summary (the nine scores, good practice, improvements).

Design. All wording is one phrase grammar (GRAMMAR: "key: a | b", indented lines continue a
rule, " ;; " separates rules on a line, "~" is empty). "{slot}" expands recursively to a random
alternative of a rule, of the council (partners drawn once from "make_*" rules, so "NHS X and Y
Integrated Care Board", "X and Y ICB" and "the ICB" name one body), of the quality statement in
hand ("topic"), of the voice (LA, us... as _lga/_cqc) or of a number range (RANGES). LGA text is
in the present, CQC text in the past: "<present/past>" spells a verb both ways and is, are,
has, does, do, will and can are turned. A quality statement's score sets the mix of strengths,
areas for development and risks; each section also has context, contrast and recommendation
sentences. Only string-seeded random.Random is used, one per council: a seed gives
byte-identical files and a small corpus is a prefix of a large one. Standard library only.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

GRAMMAR_TEXT = """
partner: {icb} | {icb} | {trust} | {trust} | {gp} | {ph} | {sab} | {police} | {housing} | {provider}
  | {vcs} | {vcs} | {hw} | {carers} | {partnership}
icb: NHS {place} and {region} Integrated Care Board | {place} and {region} ICB | the ICB
  | the Integrated Care Board
trust: {place} Teaching Hospitals NHS Foundation Trust | {region} Community Health NHS Trust
  | {region} Mental Health NHS Trust | the acute trust
sab: the {place} Safeguarding Adults Board | the Safeguarding Adults Board | the SAB
gp: GPs | GP practices | primary care networks ;; police: {region} Police | the police
ph: public health | the Director of Public Health | the public health team
housing: {place} Homes | housing colleagues | the housing service ;; hw: Healthwatch {place}
provider: {provider1} | {vcs_a} Care Group | home care providers | care home providers | providers
vcs: {vcs1} | {place} Community Action | the voluntary and community sector | VCSE partners
carers: {carers1} | the carers' centre ;; member: the Lead Member | elected members | {leader}
make_vcs1: {vcs_a}{vcs_b} Trust | {vcs_a}{vcs_b} CIC | {vcs_a}{vcs_b} Network | {vcs_a} Foundation
make_provider1: {vcs_a} Homecare Ltd | {vcs_a} Home Support ;; make_region: {pre}{mid}{suf}
make_carers1: the {place} Carers Centre | {place} Carers Hub ;; make_leader: the Mayor | the Leader
make_partnership: One{place} | {place} Together | {place}Care ;; other: {pre}{mid}{suf} {kind}
pre: Ash | Bram | Brad | Carr | Cran | Dal | Dun | Elm | Fen | Gar | Hal | Hart | Hol | Kel | Kin
  | Lang | Lid | Mar | Mel | Nor | Oak | Pen | Red | Ros | Sal | Shel | Stan | Thorn | Tor | Wal
suf: bury | by | caster | chester | combe | dale | don | field | ford | ham | hampton | hurst | ley
  | low | mere | minster | mouth | ness | port | stead | stoke | ton | well | wick | worth
past: is:was | are:were | has:had | does:did | do:did | will:would | can:could
kind: County Council | City Council | Borough Council | Metropolitan Borough Council
vcs_a: Bright | Open | Silver | Green | Beacon | Compass | Lantern | Kindred | Willow | Meadow
vcs_b: path | door | thread | circle | steps | roots ;; mid: ~ | ~ | ~ | ~ | er | ing | en | brook
month: March | April | May | June | July | September | October | November ;; fy: 2023/24 | 2024/25
period: three months | six months | nine months | ten months | a year | 18 weeks | eight months
money: £{units}.{digit}m | £{units}.{digit} million ;; money_big: £{budget}.{digit} million
LA_lga: the Council | the Council | the council | {council} ;; visit_lga: peer challenge
LA_cqc: the local authority | the local authority | {council} ;; visit_cqc: assessment
us_lga: the peer team | peers | the team ;; published: Assessment published: {day} {month} 2025
may_wish_lga: The Council may wish to | The Council may want to | The Council should
may_wish_cqc: The local authority should | Leaders should ;; us_cqc: us
people: people who draw on care and support | unpaid carers | carers and families | older people
strength: {topic} is {good}{good_tail}. | {topic} is {good}{good_tail}.
  | {people} told {us} that {topic} <makes/made> a real difference to their lives.
  | {partner} described {topic} as {praise}. | Staff from {partner} said that {topic} is {good}.
  | {LA} has invested {money} in {topic} since {year}, and {good_result}.
  | {topic}, developed jointly with {partner}, is {good}. | {good_fact}.
  | {people} spoke positively about {topic}, and {good_fact}.
  | Working relationships between {LA} and {partner} are {warm}, and {topic} <shows/showed> this.
good: well established | well regarded | effective | well led | a clear strength | highly valued
  | consistently good | well understood by staff | responsive and flexible
good_tail: ~ | ~ | ~ | , and {people} spoke positively about it | , and {good_fact}
  | , and {partner} <values/valued> it
good_fact: {pct_high}% of people who <complete/completed> reablement <need/needed> no more support
  | {pct_high}% of safeguarding concerns are screened within one working day
  | the number of people waiting for an assessment has fallen from {n_wait} to {n_small}
  | {pct_high}% of contacts are resolved at the first point of contact
  | staff turnover has fallen to {pct_low}% | {pct_high}% of carers' assessments are on time
praise: a good example of joint working | well organised | a trusted service | open and honest
good_result: delays <have/had> fallen as a result | more people are supported to stay at home
  | outcomes for people <have/had> improved | waiting times <have/had> reduced
warm: strong | positive | mature | built on trust | open and constructive
area: {topic} is {bad}{bad_tail}. | {topic} is {bad}{bad_tail}.
  | {people} told {us} that {topic} is {bad}. | {partner} described {topic} as {critique}.
  | {LA} does not yet have {missing}.
  | There is limited evidence that {topic} <improves/improved> outcomes for people.
  | {n_wait} people are waiting for {wait_thing}, and some <have/had> waited more than {period}.
  | Around {pct_mid}% of {review_thing} are overdue.
  | Staff said that {problem} <makes/made> it hard to {staff_task}.
  | Feedback from {partner} <suggests/suggested> that {topic} does not always {meet}.
  | Data on {data_thing} is incomplete, so {LA} <cannot/could not> show that {topic} works
    for {group}.
bad: not yet consistent across teams | underdeveloped | under-resourced | out of date
  | difficult to navigate | not always timely | not well understood by staff | not yet embedded
bad_tail: ~ | ~ | , particularly for {group} | , and practice <varies/varied> between localities
  | , which {partner} <acknowledges/acknowledged>
critique: fragmented | slow to respond | hard to navigate | inconsistent | poorly joined up
wait_thing: a Care Act assessment | an occupational therapy assessment | a carer's assessment
  | a financial assessment | a review of their care | a package of home care | a DoLS assessment
review_thing: annual reviews | carers' reviews | reviews of direct payments | care home reviews
meet: meet the needs of {group} | reflect what matters to people | involve {partner} early enough
missing: a clear plan for {topic} | an agreed transitions protocol | a co-production strategy
  | an up-to-date market position statement | a shared dataset with {partner}
group: people from minority ethnic communities | autistic people | people living in rural areas
  | younger adults with complex needs | people with a learning disability | unpaid carers
problem: the shortage of {scarce} | the reliance on agency staff | the financial position
  | poor data sharing with {partner} | the pressure on {team} | the social work vacancy rate
scarce: nursing care | dementia care | supported living for working-age adults | extra care housing
  | home care in rural areas | accessible housing | personal assistants | occupational therapists
team: hospital social work teams | the locality teams | the mental health team
staff_task: keep in touch with people while they <wait/waited> | complete reviews on time
  | hold strengths-based conversations | record decisions clearly
data_thing: protected characteristics | outcomes for people | people's experience of services
risk: There is a risk that {risk_event}. | There is a risk that {risk_event}.
  | This could lead to {consequence}. | {problem} is a significant risk to {target}.
  | {problem} could result in {consequence}. | Without {fix}, there is a risk that {risk_event}.
  | As a result, {LA} <cannot/could not> be assured that {assurance}.
  | This <places/placed> {group} at risk of {harm}.
risk_event: people's needs will escalate while they <wait/waited> | {problem} will undermine {topic}
  | young people will reach adulthood without the support they need
  | unpaid carers will reach crisis point | people will leave hospital without the right support
consequence: avoidable admissions to hospital | people losing their independence
  | delays in hospital discharge | harm to people who are already vulnerable
  | greater reliance on residential care | increased pressure on {partner}
target: the sustainability of {topic} | people who draw on care and support | all partners
  | the partnership with {partner} | the ability of {LA} to meet its Care Act duties
fix: a shared plan with {partner} | better data | additional capacity | clearer oversight by leaders
assurance: people's needs are not increasing while they <wait/waited> | providers can meet demand
  | {group} <receive/received> fair access to support | safeguarding enquiries are done on time
harm: harm | neglect | isolation | avoidable deterioration | financial abuse
rec: {may_wish} {action}. | {may_wish} {action}. | It would be helpful to {action}.
  | {LA} could consider how best to {action}.
action: develop a joint plan for {topic} with {partner} | review {topic} with {partner}
  | agree a clear trajectory for reducing overdue {review_thing} | strengthen oversight of {topic}
  | co-produce {coprod} with people who draw on care and support
  | report progress on {topic} regularly to {board} | set out how {topic} will be funded
  | improve how data on {data_thing} is collected and used
  | work with {partner} to increase the supply of {scarce} | agree how to develop {topic}
coprod: its information and advice offer | its carers' strategy | the new practice framework
board: the Health and Wellbeing Board | elected members | the Scrutiny Committee | {sab}
context: In {fy} {LA} received {n_big} safeguarding concerns, of which {pct_low}% led to a
    Section 42 enquiry. | {place} has a population of around {pop},000, and {pct_low}% are over 65.
  | The net budget for adult social care in {fy} is {money_big}. | At the time of the {visit},
    {LA} supported around {n_big} people with long-term care.
  | {topic} was introduced in {year} and is delivered with {partner}.
  | {partner} <contributes/contributed> to {topic} under a joint agreement signed in {year}.
  | There are {n_small} registered care homes and {n_small} home care agencies in {place}.
contrast: Although {topic} is {good}, {topic2} is {bad}. | {topic} is {good}; however, {topic2}
    is {bad}. | {people} valued {topic}, but {topic2} is {bad}.
  | While relationships with {partner} are {warm}, {topic} is {bad}.
topic1: the front door | the assessment process | the approach to carers' assessments
  | the financial assessment process | the occupational therapy service | the review programme
  | strengths-based practice | the sensory impairment service | case recording
topic2: the reablement service | the falls prevention programme | the information and advice offer
  | the community equipment service | social prescribing | the approach to prevention
  | the technology-enabled care offer | the community connectors service
topic3: the approach to equality and diversity | engagement with seldom-heard communities
  | the collection of equalities data | the interpreting service | the offer for autistic people
  | support for people experiencing homelessness | work with Gypsy, Roma and Traveller communities
topic4: the market position statement | the home care market | the commissioning strategy
  | the supply of nursing care | the extra care housing offer | the personal assistant market
  | contract monitoring | the fee-setting process | the direct payments offer
topic5: the partnership with {icb} | joint commissioning with {icb} | the relationship with {vcs}
  | {partnership} | the Better Care Fund plan | the community hubs programme
  | co-production with {hw} | joint work with {housing}
topic6: hospital discharge | the transitions protocol | the transfer of care hub
  | the preparing for adulthood pathway | information-sharing with {trust} | contingency planning
  | the response to provider failure | the discharge-to-assess model
topic7: the multi-agency safeguarding hub | the handling of Section 42 enquiries | the DoLS process
  | the work of {sab} | Making Safeguarding Personal | the screening of safeguarding concerns
  | learning from safeguarding adults reviews | joint work with {police} on safeguarding
topic8: the governance of adult social care | the medium-term financial plan | the risk register
  | the performance framework | scrutiny by elected members | the workforce strategy
  | the recruitment of social workers | oversight by {member}
topic9: the quality assurance framework | the case file audit programme | the improvement plan
  | the principal social worker role | the learning and development offer | the practice forum
  | the use of feedback from people | the digital innovation programme
qs1: Assessing needs | Assessing people's needs ;; qs3: Equity in experience and outcomes
qs2: Supporting people to live healthier lives | Supporting people to lead healthier lives
qs4: Care provision, integration and continuity | Care provision, integration and continuity of care
qs5: Partnerships and communities | Partnership and communities ;; qs7: Safeguarding
qs6: Safe pathways, systems and transitions | Safe systems, pathways and transitions
qs8: Governance, management and sustainability ;; qs9: Learning, improvement and innovation
sub1: Assessment and care planning | Timeliness of reviews | Support for carers
sub2: Preventing needs | Information and advice ;; sub3: Understanding communities | Inequalities
sub4: Understanding the market | Capacity and quality | Integration and continuity
sub5: Working with health | The voluntary sector | Co-production ;; sub6: Safety management
  | Safety during transitions | Contingency planning ;; sub7: Safeguarding systems | Enquiries
sub8: Governance and accountability | Strategic planning | Managing risk ;; sub9: Learning
  | Improvement and innovation | Quality assurance
we: We assess people's care, health and wellbeing needs with them. | We help people to stay well
  and independent. | We seek out people who face inequality and remove barriers. | We shape a
  diverse market so that care is joined up. | We plan care with partners and communities. | We
  keep people safe when they move between services. | We protect people from abuse and neglect.
  | We manage risks, resources and performance well. | We learn from people and improve.
i_statement: I get advice that helps me to stay well. | I have care that fits around my life. | I
  feel safe and I can manage risks. | When I move between services, people talk to each other.
shows: significant shortfalls | some shortfalls | a good standard | an exceptional standard
lga_theme: Working with people | Providing support | Ensuring safety within the system | Leadership
cqc_theme: How {council} works with people | Providing support
  | How {council} ensures safety within the system | Leadership
area_heading: Areas for development | Considerations | Areas for consideration ;; days: two | three
word: Zero | One | Two | Three | Four | Five | Six | Seven | Eight | Nine ;; dash: - | – | —
first: Alex | Priya | Tom | Helen | Aisha | Ruth ;; peer: {first} {last}, {role}, {other}
last: Holloway | Akande | Lindqvist | Reid | Marsh | Sadiq | Lloyd | Price | Okoro | Barnes | Webb
role: Director of Adult Social Services | Principal Social Worker | Head of Safeguarding
  | Cabinet Member for Adult Social Care | Assistant Director of Commissioning
intro: {council} asked the Local Government Association (LGA) to carry out a peer challenge of adult
    social care before its assessment by the Care Quality Commission (CQC). The team spent {days}
    days on site and held {meetings} meetings with people, carers, staff and partners.
"""

RANGES = {
    **{"n_small": (12, 380), "n_wait": (90, 1900), "n_big": (1200, 9800), "pop": (85, 999)},
    **{"pct_low": (6, 29), "pct_mid": (18, 55), "pct_high": (62, 97), "year": (2018, 2023)},
    **{"day": (1, 28), "units": (0, 9), "digit": (1, 9), "budget": (35, 420), "meetings": (30, 60)},
}
VOICED = {"LA", "us", "visit", "may_wish"}
FIXED = ["region", "vcs1", "provider1", "carers1", "partnership", "leader"]  # one per council
THEME_QS = {1: (1, 2, 3), 2: (4, 5), 3: (6, 7), 4: (8, 9)}
SLOT, TENSE = re.compile(r"\{(\w+)\}"), re.compile(r"<([^/>]*)/([^>]*)>")


def parse_grammar(text: str) -> dict[str, list[str]]:
    rules = {}
    for block in re.split(r"\n(?! )", text.strip()):
        for rule in " ".join(block.split()).split(" ;; "):
            key, _, body = rule.partition(": ")
            rules[key] = [alt.strip().replace("~", "") for alt in body.split("|")]
    return rules


GRAMMAR = parse_grammar(GRAMMAR_TEXT)
PAST = dict(pair.split(":") for pair in GRAMMAR["past"])  # the CQC voice turns these words
AUX = re.compile(r"\b(" + "|".join(PAST) + r")\b")


class Writer:
    """Expands grammar slots into sentences in one report's voice, and counts them."""

    def __init__(self, rng: random.Random, slots: dict[str, list[str]], voice: str = "") -> None:
        self.rng, self.slots, self.voice = rng, slots, voice
        self.qs = self.count = 0

    def pick(self, key: str) -> str:
        if key in RANGES:
            n = self.rng.randint(*RANGES[key])
            return f"{n:,}" if key.startswith("n_") else str(n)
        if key.startswith("topic"):
            key = f"topic{self.qs}"
        elif key in VOICED:
            key = f"{key}_{self.voice}"
        return self.rng.choice(self.slots[key])

    def fill(self, text: str) -> str:
        return SLOT.sub(lambda m: self.fill(self.pick(m.group(1))), text)

    def sentence(self, kind: str, qs: int = 0) -> str:
        """One sentence of a kind, about quality statement qs (0: the current one, -1: any)."""
        self.qs, past = self.rng.randint(1, 9) if qs < 0 else qs or self.qs, self.voice == "cqc"
        self.count += 1
        text = TENSE.sub(lambda m: m.group(2 if past else 1), self.fill(self.pick(kind)))
        if past and kind != "rec":
            text = AUX.sub(lambda m: PAST[m.group(1)], text)
        return text[0].upper() + text[1:]

    def sentences(self, kinds: list[str], qs: int = 0) -> list[str]:
        return [self.sentence(kind, qs) for kind in kinds]


@dataclass
class Council:
    name: str
    slug: str
    scores: list[int]
    slots: dict[str, list[str]]


def make_council(index: int, place: str, seed: int) -> Council:
    rng = random.Random(f"{seed}:council:{index}")
    w = Writer(rng, GRAMMAR | {"place": [place]})
    slots = {"place": [place]} | {key: [w.fill(w.pick("make_" + key))] for key in FIXED}
    slots["council"] = [name := f"{place} {w.pick('kind')}"]
    base = rng.choice([1.8, 2.3, 2.7, 3.1, 3.5])
    scores = [min(4, max(1, round(rng.gauss(base, 0.75)))) for _ in range(9)]
    return Council(name, name.lower().replace(" ", "-"), scores, GRAMMAR | slots)


def make_councils(count: int, seed: int) -> list[Council]:
    w = Writer(random.Random(f"{seed}:names"), GRAMMAR)
    places: list[str] = []
    while len(places) < count:
        if (place := w.fill("{pre}{mid}{suf}")) not in places:
            places.append(place)
    return [make_council(i, place, seed) for i, place in enumerate(places)]


def plan(score: int, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """Kinds of sentence for one quality statement (strengths, problems, recommendations)."""
    jitter = rng.randint(-1, 1)
    areas, risks = max(0, 9 - 2 * score - jitter), max(0, 3 - score + rng.randint(0, 1))
    problems = ["contrast"]
    for i in range(max(areas, risks)):
        problems += ["area"] * (i < areas) + ["risk"] * (i < risks)
    return ["strength"] * max(1, 2 + 2 * score + jitter), problems, ["rec"] * rng.randint(1, 3)


def groups(items: list[str], rng: random.Random) -> list[list[str]]:
    """Cut sentences into paragraphs of two to five."""
    out: list[list[str]] = []
    while (done := sum(map(len, out))) < len(items):
        out.append(items[done : done + rng.randint(2, 5)])
    return out


class Page:
    """Blocks of a report in a style: md, bullets, numbered, prose or plain (CQC text)."""

    def __init__(self, style: str, rng: random.Random) -> None:
        self.style, self.rng, self.blocks = style, rng, []
        self.section = self.para = 0
        self.mark = "-" if style == "md" else "•"
        self.wrap = style == "bullets" and rng.random() < 0.5

    def heading(self, level: int, text: str) -> None:
        if self.style == "numbered" and level == 2:
            self.section, self.para = self.section + 1, 0
            text = f"{self.section}. {text}"
        self.blocks.append("#" * level + " " + text if self.style == "md" else text)

    def items(self, sentences: list[str], listed: bool = False) -> None:
        """Findings as bullets, numbered or prose paragraphs; listed=True always bullets."""
        if listed or self.style in ("md", "bullets"):
            self.blocks.append("\n".join(self.wrapped(f"{self.mark} {s}") for s in sentences))
        elif self.style == "numbered":
            for sentence in sentences:
                self.paragraph([sentence])
        else:
            for group in groups(sentences, self.rng):
                self.paragraph(group)

    def paragraph(self, sentences: list[str]) -> None:
        text = " ".join(sentences)
        if self.style == "numbered" and self.section:
            self.para += 1
            text = f"{self.section}.{self.para} {text}"
        self.blocks.append(self.wrapped(text))

    def wrapped(self, text: str) -> str:
        return textwrap.fill(text, 80, subsequent_indent="  ") if self.wrap else text


def lga_section(page: Page, w: Writer, qs: int, score: int) -> None:
    strengths, problems, recs = plan(score, w.rng)
    name = w.pick(f"qs{qs}")
    words = " ".join(x if x in ("and", "to", "in") else x[0].upper() + x[1:] for x in name.split())
    page.heading(3, w.rng.choice([f"Quality Statement {w.slots['word'][qs]}: {words}", name]))
    if w.rng.random() < 0.4:
        page.paragraph([w.sentence("context", qs)])
    strengths, problems = w.sentences(strengths, qs), w.sentences(problems)
    if page.style == "prose" and w.rng.random() < 0.5:  # prose without sub-headings
        return page.items(strengths + problems + w.sentences(recs))
    page.heading(4, "Strengths")
    page.items(strengths)
    page.heading(4, w.pick("area_heading"))
    if page.style in ("md", "bullets") and w.rng.random() < 0.3:
        page.items(problems)  # then a lead-in and a list of actions
        page.paragraph(["The Council may wish to consider the following actions:"])
        actions = [w.fill("{action};") for _ in recs + ["rec"]]
        w.count += len(actions)
        page.items([*actions[:-1], actions[-1][:-1] + "."])
    else:
        page.items(problems + w.sentences(recs))


def lga_report(c: Council, rng: random.Random) -> tuple[str, str, int]:
    style = rng.choice(["md", "bullets", "numbered", "prose"])
    w, page = Writer(rng, c.slots, "lga"), Page(style, rng)
    page.heading(1, c.name)
    page.paragraph(["Adult Social Care Peer Challenge"])
    page.paragraph([w.fill("Feedback Report – {day} {month} 2024")])
    page.heading(2, "Introduction")
    page.paragraph([w.fill("{intro}"), "The peer team was:"])
    page.items([w.fill("{peer}") for _ in range(rng.randint(3, 5))], listed=True)
    page.heading(2, w.fill("About {place}"))
    page.paragraph(w.sentences(["context", "context"], -1))
    page.heading(2, "Key messages")
    kinds = ["strength", "strength", "contrast", "area", "risk", "area", "rec"]
    (page.items if rng.random() < 0.5 else page.paragraph)(w.sentences(kinds, -1))
    for theme, numbers in THEME_QS.items():
        page.heading(2, f"Theme {theme}: {w.slots['lga_theme'][theme - 1]}")
        for qs in numbers:
            lga_section(page, w, qs, c.scores[qs - 1])
    name = f"lga-peer-challenge-{c.slug}.{'md' if style == 'md' else 'txt'}"
    return name, "\n\n".join(page.blocks), w.count


def cqc_page(page: Page, w: Writer, qs: int, score: int) -> None:
    line = w.rng.choice(["Score: {}", "Score: {}", "Score: {} out of 4"]).format(score)
    shows = w.slots["shows"][score - 1]
    page.blocks += [w.pick(f"qs{qs}"), w.fill(f"{line}\n{score} {{dash}} Evidence shows {shows}")]
    if w.rng.random() < 0.9:
        page.blocks += ["What people expect", *w.rng.sample(w.slots["i_statement"], 2)]
    page.blocks += ["The local authority commitment", w.slots["we"][qs - 1]]
    page.blocks.append("Key findings for this quality statement")
    strengths, problems, _ = plan(score, w.rng)
    sentences = w.sentences(["context", *strengths, *problems, "area"], qs)
    heads = w.slots[f"sub{qs}"]
    subheads = w.rng.sample(heads, w.rng.randint(2, len(heads)))
    size = -(-len(sentences) // len(subheads))
    for i, head in enumerate(subheads):
        page.blocks.append(head)
        page.items(sentences[i * size : (i + 1) * size])


def cqc_report(c: Council, rng: random.Random) -> tuple[str, str, int]:
    w, page, day = Writer(rng, c.slots, "cqc"), Page("plain", rng), rng.randint(1, 14)
    activity = f"Assessment activity: {day} to {day + 11} {{month}} 2024"
    page.blocks += [f"{c.name}: local authority assessment", w.fill("{published}\n" + activity)]
    page.blocks += ["Overall summary", " ".join(w.sentences(["strength", "contrast", "area"], -1))]
    for theme, numbers in THEME_QS.items():
        page.blocks.append(f"Theme {theme}: " + w.fill(w.slots["cqc_theme"][theme - 1]))
        for qs in numbers:
            cqc_page(page, w, qs, c.scores[qs - 1])
    return f"cqc-assessment-{c.slug}.txt", "\n\n".join(page.blocks), w.count


def rating(scores: list[int]) -> str:
    percent = round(100 * sum(scores) / 36)
    bands = [(88, "Outstanding"), (63, "Good"), (39, "Requires improvement")]
    return next((name for floor, name in bands if percent >= floor), "Inadequate")


def score_lines(w: Writer, scores: list[int], md: bool) -> str:
    pairs = [(w.pick(f"qs{q}"), s) for q, s in enumerate(scores, 1)]
    if md and w.rng.random() < 0.4:
        rows = [f"| {n} | {s} |" for n, s in pairs]
        return "\n".join(["| Quality statement | Score |", "| --- | --- |", *rows])
    return "\n".join(w.fill(f"{q}. {n} {{dash}} {s}") for q, (n, s) in enumerate(pairs, 1))


def summary_report(c: Council, rng: random.Random) -> tuple[str, str, int]:
    w, page = Writer(rng, c.slots, "cqc"), Page("md" if rng.random() < 0.6 else "plain", rng)
    ranked = sorted(range(1, 10), key=lambda q: (-c.scores[q - 1], q))
    page.heading(1, f"{c.name}: local authority assessment")
    page.paragraph([w.fill("{published}")])
    page.heading(2, "Overall summary")
    page.paragraph([f"Overall rating: {rating(c.scores)}"])
    page.heading(3, "Quality statement scores")
    page.paragraph([f"{c.name}'s scores for each quality statement are:"])
    page.blocks.append(score_lines(w, c.scores, page.style == "md"))
    page.heading(2, "Summary of findings")
    page.paragraph(w.sentences(["strength", "contrast", "area", "risk"], -1))
    page.heading(3, "Areas of good practice")
    page.items([w.sentence("strength", q) for q in ranked[:3]], listed=True)
    page.heading(3, "Areas for improvement")
    poor = [w.sentence("area", q) for q in ranked[-4:]] + [w.sentence("rec", ranked[-1])]
    page.items(poor, listed=True)
    name = f"cqc-assessment-{c.slug}-summary.{'md' if page.style == 'md' else 'txt'}"
    return name, "\n\n".join(page.blocks), w.count


def write_corpus(out: Path, councils: int, seed: int) -> tuple[int, int, int]:
    """Write the corpus; return (files, bytes, sentences)."""
    files = size = sentences = 0
    for c in make_councils(councils, seed):
        rng = random.Random(f"{seed}:text:{c.slug}")
        (out / c.slug).mkdir(parents=True, exist_ok=True)
        for name, text, count in [f(c, rng) for f in (lga_report, cqc_report, summary_report)]:
            if rng.random() < 0.5:  # typographic apostrophes in half the files
                text = text.replace("'", "’")
            data = (text + "\n").encode("utf-8")
            (out / c.slug / name).write_bytes(data)
            files, size, sentences = files + 1, size + len(data), sentences + count
    return files, size, sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write into")
    parser.add_argument("--councils", type=int, required=True, help="number of councils")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if not 1 <= args.councils <= 3000:  # the syllables make about 3,700 distinct places
        parser.error("--councils must be between 1 and 3000")
    start = time.perf_counter()
    files, size, sentences = write_corpus(args.out_dir, args.councils, args.seed)
    summary = f"{args.councils} councils, {files} files, {size:,} bytes, ~{sentences:,} sentences"
    print(f"{summary} in {time.perf_counter() - start:.1f}s -> {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
