"""The seven gap rules, one function each; ``gaps.find_gaps`` runs them per council.

Each rule takes the projected graph and a ``Unit`` (one council's findings, or
one report's) and returns gaps made with ``make_gap``. Its docstring says
what the gap means for a council.

>>> from carekg.graph.analyse.projection import project
>>> from carekg.graph.analyse.gaps import units_of
>>> graph = project(bexley)
>>> [unit] = units_of(graph)
>>> quoted = [e["text"] for g in unaddressed_risks(graph, unit) for e in g["evidence"]]
>>> any("reversed previously agreed Place arrangements" in text for text in quoted)
True
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from carekg.graph.analyse.projection import (
    label,
    local_name,
    nodes_of_type,
    out_links,
    quote,
    sources,
    targets,
)
from carekg.graph.analyse.wording import TfIdf, cosine, stems
from carekg.graph.model.namespaces import ID

MAX_EVIDENCE = 12

PROBLEM_KINDS = ("area_for_development", "risk")
KIND_WORDS = {
    "area_for_development": ("area for development", "areas for development"),
    "risk": ("risk", "risks"),
}
CATEGORIES = {
    "people": "people's experience",
    "staff": "feedback from staff and leaders",
    "partners": "feedback from partners",
    "processes": "processes",
    "outcomes": "outcomes",
}
# How close a finding's wording must be to an outcome's to speak of it.
SPEAKS_OF = 0.2


@dataclass
class Unit:
    """The findings gaps are looked for in: one council's (or one report's)."""

    name: str
    findings: list[str]
    reports: list[str]
    communities: dict[str, str] = field(default_factory=dict)

    @cached_property
    def members(self) -> set[str]:
        """The unit's findings as a set."""
        return set(self.findings)

    @property
    def where(self) -> str:
        """The unit in words, for reasons: "London Borough of Bexley's reports"."""
        if self.name.startswith("http"):
            return f"the report {local_name(self.name)}"
        if len(self.reports) == 1:
            return f"{self.name}'s report"
        return f"{self.name}'s {len(self.reports)} reports"


def gap_id(kind: str, detail: str, unit: str, about: Iterable[str]) -> str:
    """A stable IRI for a gap: the same kind, unit and nodes give the same IRI."""
    key = "\n".join([kind, detail, unit, *sorted(about)])
    return ID[f"analysis/gap/{hashlib.sha1(key.encode()).hexdigest()[:16]}"].value


def make_gap(
    graph: nx.MultiDiGraph,
    unit: Unit,
    kind: str,
    detail: str,
    about: list[str],
    reason: str,
    evidence: Iterable[str] = (),
    key: Iterable[str] = (),
) -> dict:
    """One gap as a dict; ``evidence`` are finding IRIs, quoted in text order.

    ``key`` adds nodes that tell this gap from others about the same nodes.
    """
    cited = sorted(
        dict.fromkeys(evidence),
        key=lambda f: (graph.nodes[f]["report"], graph.nodes[f]["start"] or 0, f),
    )
    return {
        "id": gap_id(kind, detail, unit.name, [*about, *key]),
        "kind": kind,
        "detail": detail,
        "council": unit.name,
        "about": [
            {"id": node, "label": label(graph, node), "type": graph.nodes[node].get("type")}
            for node in about
            if node in graph
        ],
        "reason": reason,
        "evidence": [quote(graph, f) for f in cited[:MAX_EVIDENCE]],
        "evidence_total": len(cited),
    }


def _kind(graph: nx.MultiDiGraph, node: str) -> str | None:
    return graph.nodes[node].get("kind")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def actions_for(graph: nx.MultiDiGraph, finding: str) -> list[str]:
    """The recommendations that act on a finding.

    A recommendation acts on a finding when it addresses the finding, a finding
    that leads to it, or the sentence that introduces the list it is an item
    of; or when the finding itself leads to the recommendation.
    """
    acted_on = {
        finding,
        *sources(graph, finding, "leadsTo"),
        *targets(graph, finding, "listItemOf"),
    }
    acts = {r for node in acted_on for r in sources(graph, node, "addresses")}
    acts |= set(targets(graph, finding, "leadsTo"))
    return sorted(r for r in acts if _kind(graph, r) == "recommendation")


def _framework_name(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    if data["type"] == "quality_statement":
        return f"quality statement {data['number']} ({data['label']})"
    return f"Care Act duty {data.get('notation', '')} ({data['label']})".replace("  ", " ")


def uncovered_quality_statements_and_duties(graph: nx.MultiDiGraph, unit: Unit) -> list[dict]:
    """Coverage: quality statements and Care Act duties the reports leave bare.

    CQC scores every quality statement. One with **no finding** is one the
    council has no evidence ready for; one with findings but **no strength**
    has nothing to show done well; one with **areas for development and no
    recommendation** has known weaknesses and no suggested next step. The same
    three tests apply to the Care Act duties the findings bear on; the duties
    no finding touches are one gap, listed together.
    """
    on_node: dict[str, list[str]] = {}
    for finding in unit.findings:
        for target, key in out_links(graph, finding):
            if key in ("qualityStatement", "careActDuty"):
                on_node.setdefault(target, []).append(finding)
    statements = sorted(
        nodes_of_type(graph, "quality_statement"), key=lambda n: graph.nodes[n]["number"]
    )
    found = []
    for node in statements:
        if node not in on_node:
            name = _framework_name(graph, node)
            reason = f"No finding in {unit.where} is about {name}: there is nothing to show for it."
            found.append(
                make_gap(graph, unit, "coverage", "quality-statement-no-finding", [node], reason)
            )
        found += _thin_coverage(graph, unit, node, on_node.get(node, []), "quality-statement")
    duties = sorted(nodes_of_type(graph, "care_act_duty"), key=lambda n: _section(graph, n))
    bare = [d for d in duties if d not in on_node]
    if bare:
        names = _names([f"{graph.nodes[d].get('notation', '')} {label(graph, d)}" for d in bare])
        reason = f"No finding in {unit.where} bears on these Care Act duties: {names}."
        found.append(make_gap(graph, unit, "coverage", "duty-no-finding", bare, reason))
    for node in duties:
        found += _thin_coverage(graph, unit, node, on_node.get(node, []), "duty")
    return found


def _section(graph: nx.MultiDiGraph, duty: str) -> tuple[int, str]:
    """A duty's first section number, to list duties in the Act's order."""
    notation = graph.nodes[duty].get("notation") or ""
    digits = re.search(r"\d+", notation)
    return (int(digits.group()) if digits else 0, notation)


def _thin_coverage(graph, unit: Unit, node: str, here: list[str], prefix: str) -> list[dict]:
    """No strength, or areas for development and no recommendation, on one framework node."""
    if not here:
        return []
    name = _framework_name(graph, node)
    name = name[0].upper() + name[1:]
    kinds = Counter(_kind(graph, f) for f in here)
    areas = [f for f in here if _kind(graph, f) == "area_for_development"]
    found = []
    if not kinds["strength"]:
        reason = (
            f"{name} has {_plural(len(here), 'finding')} in {unit.where} but no strength: "
            "nothing says what is done well."
        )
        found.append(
            make_gap(graph, unit, "coverage", f"{prefix}-no-strength", [node], reason, here)
        )
    if areas and not kinds["recommendation"]:
        reason = (
            f"{name} has {_plural(len(areas), 'area')} for development in {unit.where} and no "
            "recommendation: no next step is suggested."
        )
        detail = f"{prefix}-areas-without-recommendation"
        found.append(make_gap(graph, unit, "coverage", detail, [node], reason, areas))
    return found


def _threatened(graph: nx.MultiDiGraph, findings: list[str]) -> list[str]:
    return sorted({o for f in findings for o in targets(graph, f, "threatens")})


def _partners(graph: nx.MultiDiGraph, findings: list[str]) -> list[str]:
    return sorted({label(graph, p) for f in findings for p in targets(graph, f, "involves")})


def unaddressed_risks(graph: nx.MultiDiGraph, unit: Unit) -> list[dict]:
    """Risks that no recommendation addresses.

    A risk the reports name but suggest nothing for is the sharpest gap a
    council can carry into an assessment: the danger is known and no action
    is on record. Risks that lead one to another are one gap, quoted together
    with what leads to them.
    """
    members = unit.members
    open_risks = [
        f for f in unit.findings if _kind(graph, f) == "risk" and not actions_for(graph, f)
    ]
    chains = nx.Graph()
    chains.add_nodes_from(open_risks)
    for risk in open_risks:
        for consequence in targets(graph, risk, "leadsTo"):
            if consequence in chains:
                chains.add_edge(risk, consequence)
    found = []
    for group in sorted((sorted(c) for c in nx.connected_components(chains)), key=lambda g: g[0]):
        causes = [c for r in group for c in sources(graph, r, "leadsTo") if c in members]
        partners = _partners(graph, group + causes)
        outcomes = [label(graph, o) for o in _threatened(graph, group)]
        one = len(group) == 1
        what = (
            "this risk or what leads to it"
            if one
            else f"these {len(group)} linked risks or what leads to them"
        )
        reason = f"No recommendation in {unit.where} addresses {what}"
        if partners or outcomes:
            facts = [f"involve{'s' if one else ''} {_names(partners)}"] if partners else []
            facts += [f"threaten{'s' if one else ''} {_names(outcomes)}"] if outcomes else []
            reason += f"; {'it' if one else 'they'} " + " and ".join(facts)
        found.append(
            make_gap(
                graph,
                unit,
                "unaddressed-risk",
                "no-recommendation",
                group,
                reason + ".",
                group + causes,
            )
        )
    return found


def areas_without_action(graph: nx.MultiDiGraph, unit: Unit) -> list[dict]:
    """Areas for development with no action.

    A weakness the reports name with no recommendation to act on it (or on
    what leads to it) is one the council must plan for itself: the peer team
    or CQC saw it, and nothing in the reports says what to do next.
    """
    found = []
    for area in unit.findings:
        if _kind(graph, area) != "area_for_development" or actions_for(graph, area):
            continue
        partners = _partners(graph, [area])
        reason = f"No recommendation in {unit.where} acts on this area for development"
        reason += f" (involving {_names(partners)})" if partners else ""
        found.append(
            make_gap(
                graph,
                unit,
                "area-without-action",
                "no-recommendation",
                [area],
                reason + ".",
                [area],
            )
        )
    return found


def _speaking_of(graph: nx.MultiDiGraph, unit: Unit, outcome: str, skip: set[str]) -> list[str]:
    """Areas for development and risks whose wording is close to an outcome's label."""
    problems = [f for f in unit.findings if _kind(graph, f) in PROBLEM_KINDS and f not in skip]
    words = {f: stems(graph.nodes[f]["text"]) for f in problems}
    model = TfIdf(words.values())
    target = model.vector(stems(label(graph, outcome)))
    scored = [(cosine(target, model.vector(words[f])), f) for f in problems]
    return [f for score, f in sorted(scored, key=lambda s: (-s[0], s[1])) if score >= SPEAKS_OF][:5]


def threatened_outcomes_without_evidence(graph: nx.MultiDiGraph, unit: Unit) -> list[dict]:
    """Outcomes that are threatened but that no finding evidences.

    When a report warns that an outcome for people is at risk and nothing in
    the reports shows it being achieved, the council cannot answer CQC's
    question "what difference does this make to people?". The findings that
    speak of the outcome in similar words are quoted with the risks.
    """
    evidenced = {o for f in unit.findings for o in targets(graph, f, "evidences")}
    found = []
    for outcome in _threatened(graph, unit.findings):
        if outcome in evidenced:
            continue
        threats = [f for f in sources(graph, outcome, "threatens") if f in unit.members]
        related = _speaking_of(graph, unit, outcome, set(threats))
        reason = (
            f"The outcome “{label(graph, outcome)}” is threatened by "
            f"{_plural(len(threats), 'finding')} in {unit.where}, but no finding there "
            "shows evidence that it is achieved"
        )
        if related:
            reason += f"; {_plural(len(related), 'other finding')} speak of it in similar words"
        found.append(
            make_gap(
                graph,
                unit,
                "unevidenced-outcome",
                "threatened-not-evidenced",
                [outcome],
                reason + ".",
                threats + related,
            )
        )
    return found


def partners_only_in_problems(graph: nx.MultiDiGraph, unit: Unit) -> list[dict]:
    """Partners that appear only in risks or areas for development.

    A partner the reports mention only when something is wrong, never for a
    strength, a recommendation or plain context, is a relationship the
    council may need to repair or at least to describe better.
    """
    by_partner: dict[str, list[str]] = {}
    for finding in unit.findings:
        for partner in targets(graph, finding, "involves"):
            by_partner.setdefault(partner, []).append(finding)
    found = []
    for partner, findings in sorted(by_partner.items()):
        kinds = Counter(_kind(graph, f) for f in findings)
        if set(kinds) - set(PROBLEM_KINDS):
            continue
        said = _names([_plural(n, *KIND_WORDS[k]) for k, n in sorted(kinds.items())])
        reason = (
            f"{label(graph, partner)} appears in {unit.where} only in {said}: "
            "nothing says what works with this partner or what to do next."
        )
        found.append(
            make_gap(
                graph,
                unit,
                "problem-only-partner",
                "only-risks-and-areas",
                [partner],
                reason,
                findings,
            )
        )
    return found


def single_evidence_category(graph: nx.MultiDiGraph, unit: Unit) -> list[dict]:
    """Evidence gaps: quality statements whose findings come from one kind of evidence.

    CQC gathers evidence from people's experience, staff and leaders,
    partners, processes and outcomes. A quality statement whose findings all
    rest on one category, or on none from people's experience, is one where
    the council's case is thin. Only findings that carry an evidence category
    count; when none does, this rule reports nothing.
    """
    by_statement: dict[str, list[str]] = {}
    for finding in unit.findings:
        if graph.nodes[finding]["evidence_categories"]:
            for statement in targets(graph, finding, "qualityStatement"):
                by_statement.setdefault(statement, []).append(finding)
    found = []
    for statement in sorted(by_statement, key=lambda n: graph.nodes[n].get("number", 0)):
        findings = by_statement[statement]
        present = {c for f in findings for c in graph.nodes[f]["evidence_categories"]}
        if len(present) > 1 and "people" in present:
            continue
        missing = [CATEGORIES[c] for c in CATEGORIES if c not in present]
        have = _names([CATEGORIES.get(c, c) for c in sorted(present)])
        reason = (
            f"The findings on {_framework_name(graph, statement)} in {unit.where} rest on "
            f"{have} only; there is no evidence from {_names(missing)}."
        )
        detail = "one-category" if len(present) == 1 else "no-peoples-experience"
        found.append(
            make_gap(graph, unit, "evidence-category", detail, [statement], reason, findings)
        )
    return found
