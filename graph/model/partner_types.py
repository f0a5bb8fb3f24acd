"""Partner types: what kind of organisation a name or a partner id names.

The types are the SKOS concepts of ``ontology/partner-types.ttl`` (ids under
``https://w3id.org/carekg/partner/type/``). ``type_of_name`` reads the words an
organisation's name is made of ("... NHS Foundation Trust" is an NHS trust,
"Healthwatch ..." is Healthwatch); it works on a name as written or on the id
minted from it, so that any partner id carries its type.

>>> type_of_name("Kestrel and Vale Integrated Care Board")
'icb'
>>> type_of_name("harbourside-carers-hub")
'carers-organisation'
>>> type_of_name("Northmoor Learning Disability Partnership Board") is None
True
"""

from __future__ import annotations

import re

# Every partner type id, in the order of the scheme.
PARTNER_TYPES = (
    "council", "elected-members", "icb", "nhs-trust", "nhs", "primary-care", "public-health",
    "sab", "police", "fire", "housing", "care-providers", "voluntary-sector", "healthwatch",
    "carers-organisation", "district-council", "childrens-services", "education", "dwp", "cqc",
    "lga", "adass", "tlap", "other",
)  # fmt: skip

# Types of which each council area has one (its ICB, its SAB, its Healthwatch...):
# a generic mention ("the ICB") in a report is the report's council's own.
LOCAL_TYPES = {
    "elected-members", "icb", "public-health", "sab", "police", "fire", "housing",
    "care-providers", "voluntary-sector", "healthwatch", "carers-organisation",
    "childrens-services", "primary-care", "nhs-trust", "district-council", "education",
}  # fmt: skip
# Of the local types, those with exactly one body per area: a name the text gives
# ("Northmoor Safeguarding Adults Board") labels that one body.
ONE_PER_AREA = {"icb", "sab", "healthwatch", "public-health", "police", "fire",
                "childrens-services", "elected-members"}  # fmt: skip

# Words in an organisation's name that say its type, most specific first.
NAME_RULES: list[tuple[str, re.Pattern[str]]] = [
    (t, re.compile(p))
    for t, p in [
        ("healthwatch", r"\bhealthwatch\b"),
        (
            "sab",
            r"\bsafeguarding adults? (?:partnership )?boards?\b|\bsabs?\b|"
            r"\bsafeguarding adults? partnerships?\b",
        ),
        (
            "icb",
            r"\bintegrated care (?:boards?|systems?)\b|\bicbs?\b|\bics\b|"
            r"\bclinical commissioning groups?\b|\bccgs?\b",
        ),
        (
            "carers-organisation",
            r"\bcarers?'? (?:centre|center|hub|trust|support|network|"
            r"association|forum|service|charity|partnership|uk)s?\b",
        ),
        ("police", r"\bpolice\b|\bconstabulary\b"),
        ("fire", r"\bfire\b"),
        ("public-health", r"\bpublic health\b"),
        (
            "nhs-trust",
            r"\bnhs (?:foundation )?trusts?\b|\bfoundation trusts?\b|"
            r"\bhospitals?(?: trusts?)?\b|\b(?:acute|mental health|community|health) trusts?\b|"
            r"\bambulance services?\b",
        ),
        (
            "primary-care",
            r"\bprimary care\b|\bpcns?\b|\bgps?\b|\bgeneral practi\w*|"
            r"\bmedical (?:centre|practice)s?\b|\bpharmac(?:y|ies|ists?)\b|\bdent(?:ists?|al)\b|"
            r"\bopticians?\b|\boptometrists?\b",
        ),
        ("dwp", r"\bdepartment for work and pensions\b|\bdwp\b|\bjobcentre\b"),
        ("cqc", r"\bcare quality commission\b|\bcqc\b"),
        ("adass", r"\badass\b|\bassociation of directors of adult social services\b"),
        ("tlap", r"\bthink local act personal\b|\btlap\b"),
        ("lga", r"\blocal government association\b|\blga\b|\bpeer (?:challenge )?team\b"),
        ("nhs", r"\bnhs\b|\bnational health service\b"),
        (
            "childrens-services",
            r"\bchildren'?s? (?:services|social care|trust)\b|\bsafeguarding children\b",
        ),
        ("education", r"\bschools?\b|\bcolleges?\b|\buniversit(?:y|ies)\b|\bacadem(?:y|ies)\b"),
        ("district-council", r"\bdistrict councils?\b"),
        ("council", r"\bcouncil\b|\blondon borough of\b|\bcouncil$"),
        ("elected-members", r"\bcabinet\b|\bcouncillors?\b|\bmayor\b|\belected members?\b"),
        (
            "care-providers",
            r"\bcare homes?\b|\bhome care\b|\bdomiciliary\b|\bproviders?\b|"
            r"\bnursing homes?\b|\bshared lives\b",
        ),
        ("housing", r"\bhousing\b|\bhomes\b|\blandlords?\b"),
        (
            "voluntary-sector",
            r"\bvoluntary\b|\bcharit(?:y|ies|able)\b|\bage uk\b|\bmind\b|"
            r"\bcitizens advice\b|\bvcse?\b|\bthird sector\b|\bfaith\b|\bgrassroots\b|"
            r"\buser led\b|\bage concern\b|\bcommunity associations?\b|"
            r"\bnetworks?\b",  # a named network the rules above leave is a community one
        ),
    ]
]


def type_of_name(name: str) -> str | None:
    """The partner type an organisation's name (or a slug of it) says; None if none."""
    folded = re.sub(r"[-_]+", " ", name.lower().replace("’", "'"))
    for partner_type, pattern in NAME_RULES:
        if pattern.search(folded):
            return partner_type
    return None


def type_of_id(partner_id: str) -> str | None:
    """The type a minted partner id carries: ``<area>-<type>`` or a slug of a name."""
    local = re.split(r"[/#]", partner_id)[-1]
    for partner_type in sorted(PARTNER_TYPES, key=len, reverse=True):
        if local == partner_type or local.endswith("-" + partner_type):
            return partner_type
    return type_of_name(local)
