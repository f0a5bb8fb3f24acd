"""What ingestion needs to know of the reference data, read from the shipped Turtle.

The CQC framework, the Care Act duties and the partners are data in
``ontology/*.ttl`` and ``data/partners.ttl``; this module reads them once into
plain Python objects (labels, numbers, indicative terms) so that the text rules
in ``findings.py`` match exactly what the graph says.

>>> vocab = load_vocabulary()
>>> vocab.quality_statements[8].label
'Governance, management and sustainability'
>>> vocab.quality_statements[8].theme
4
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, parse

from carekg.graph.model.namespaces import CKG, CQC, RDF, SKOS
from carekg.graph.model.package_data import ontology_files, partners_file
from carekg.graph.model.partner_types import type_of_id


@dataclass
class Concept:
    """A framework concept, Care Act duty or partner with the labels that name it."""

    iri: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # ckg:indicativeTerm
    number: int | None = None
    theme: int | None = None  # for quality statements
    notation: str | None = None
    type: str | None = None  # for partners: ckg:partnerType local name
    local_to: str | None = None  # for partners: the council id whose area it serves
    we_statement: str | None = None


@dataclass
class Vocabulary:
    """The framework, duties and partners, indexed for the text rules."""

    themes: dict[int, Concept]
    quality_statements: dict[int, Concept]
    duties: list[Concept]
    partners: list[Concept]
    partner_types: dict[str, Concept] = field(default_factory=dict)  # type id -> concept

    def partner(self, partner_id: str) -> Concept | None:
        """The partner of the shipped data with this id (its IRI's local name)."""
        local = re.split(r"[/#]", partner_id)[-1]
        return next((p for p in self.partners if p.iri.rsplit("/", 1)[-1] == local), None)

    def partner_type(self, partner_id: str) -> str | None:
        """The partner type id of a partner id: from the data, else from the id itself.

        Ids minted per report carry their type: ``northmoor-icb``, a council's
        ``northmoor-council``, or the slug of an organisation's name.

        >>> vocab = load_vocabulary()
        >>> vocab.partner_type("icb"), vocab.partner_type("northmoor-sab")
        ('icb', 'sab')
        >>> vocab.partner_type("vale-partnership-nhs-foundation-trust")
        'nhs-trust'
        >>> vocab.partner_type("northmoor-learning-disability-partnership-board")
        'other'
        """
        if not partner_id:
            return None
        known = self.partner(partner_id)
        if known is not None:
            return known.type
        return type_of_id(partner_id) or "other"


def _triples(paths: list[Path]) -> dict[str, dict[str, list]]:
    """subject IRI -> predicate IRI -> list of object values."""
    out: dict[str, dict[str, list]] = {}
    for path in paths:
        with open(path, "rb") as handle:
            for triple in parse(handle, format=RdfFormat.TURTLE):
                if not isinstance(triple.subject, NamedNode):
                    continue
                obj = triple.object
                value = obj.value
                if getattr(obj, "datatype", None) is not None and obj.datatype.value.endswith(
                    "#integer"
                ):
                    value = int(value)
                preds = out.setdefault(triple.subject.value, {})
                preds.setdefault(triple.predicate.value, []).append(value)
    return out


def _first(preds: dict[str, list], predicate: NamedNode, default=None):
    values = preds.get(predicate.value)
    return values[0] if values else default


def _concept(iri: str, preds: dict[str, list]) -> Concept:
    return Concept(
        iri=iri,
        label=_first(preds, SKOS.prefLabel, iri.rsplit("/", 1)[-1]),
        alt_labels=list(preds.get(SKOS.altLabel.value, [])),
        terms=[t.lower() for t in preds.get(CKG.indicativeTerm.value, [])],
        number=_first(preds, CKG.number),
        notation=_first(preds, SKOS.notation),
        we_statement=_first(preds, CKG.weStatement),
    )


@cache
def load_vocabulary() -> Vocabulary:
    """Read the shipped framework, Care Act duties and partners (cached per process)."""
    data = _triples([*ontology_files(), partners_file()])
    types = {iri: set(p.get(RDF.type.value, [])) for iri, p in data.items()}
    themes: dict[int, Concept] = {}
    statements: dict[int, Concept] = {}
    duties: list[Concept] = []
    partners: list[Concept] = []
    partner_types: dict[str, Concept] = {}
    for iri, preds in data.items():
        kinds = types[iri]
        if CKG.Theme.value in kinds:
            concept = _concept(iri, preds)
            themes[concept.number] = concept
        elif CKG.QualityStatement.value in kinds:
            concept = _concept(iri, preds)
            broader = _first(preds, SKOS.broader, "")
            concept.theme = int(broader.removeprefix(str(CQC) + "theme")) if broader else None
            statements[concept.number] = concept
        elif CKG.CareActDuty.value in kinds:
            duties.append(_concept(iri, preds))
        elif CKG.Partner.value in kinds:
            concept = _concept(iri, preds)
            partner_type = _first(preds, CKG.partnerType)
            concept.type = re.split(r"[/#]", partner_type)[-1] if partner_type else None
            local_to = _first(preds, CKG.localTo)
            concept.local_to = re.split(r"[/#]", local_to)[-1] if local_to else None
            partners.append(concept)
        elif CKG.PartnerType.value in kinds:
            concept = _concept(iri, preds)
            partner_types[re.split(r"[/#]", iri)[-1]] = concept
    return Vocabulary(themes, statements, duties, partners, partner_types)
