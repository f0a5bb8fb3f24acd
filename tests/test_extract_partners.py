"""Issue 9: partners as instances of partner types, resolved for the report's council."""

from __future__ import annotations

import pytest

from carekg.graph.extract.partners import PartnerResolver
from carekg.graph.model.partner_types import PARTNER_TYPES
from carekg.graph.model.vocabulary import load_vocabulary


def partners(sentence: str, council: str = "Kestrelford County Council") -> list[str]:
    return PartnerResolver(load_vocabulary(), council).partners(sentence)


def types(sentence: str, council: str = "Kestrelford County Council") -> set[str]:
    vocab = load_vocabulary()
    return {vocab.partner_type(p) for p in partners(sentence, council)}


def test_the_partner_type_scheme_has_the_format_ids():
    assert set(load_vocabulary().partner_types) == set(PARTNER_TYPES)
    assert len(PARTNER_TYPES) == 24


def test_the_icb_of_each_council_is_its_own_node():
    assert partners("The ICB funds the scheme.", "Kestrelford County Council") == [
        "kestrelford-icb"
    ]
    assert partners("The ICB funds the scheme.", "Darlton Borough Council") == ["darlton-icb"]
    assert partners("The ICB funds the scheme.", "London Borough of Bexley") == ["icb"]


def test_a_named_body_labels_its_councils_instance():
    resolver = PartnerResolver(load_vocabulary(), "Kestrelford County Council")
    assert resolver.partners("Kestrel and Vale Integrated Care Board met monthly.") == [
        "kestrelford-icb"
    ]
    assert resolver.labels["kestrelford-icb"] == ("Kestrel and Vale Integrated Care Board", "icb")


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The local authority works with the police and the fire and rescue service.",
         {"council", "police", "fire"}),
        ("Healthwatch Kestrelford ran a survey of carers.", {"healthwatch"}),
        ("Kestrel Hospitals NHS Foundation Trust and GPs joined the pilot.",
         {"nhs-trust", "primary-care"}),
        ("Public health commissioned the falls service.", {"public-health"}),
        ("The Kestrelford Carers Centre completes carers' assessments.", {"carers-organisation"}),
        ("Care homes and home care agencies reported vacancies.", {"care-providers"}),
        ("Housing associations and the DWP joined the panel.", {"housing", "dwp"}),
        ("The regional ADASS network and TLAP supported the review.", {"adass", "tlap"}),
        ("Children's services and local colleges plan transitions together.",
         {"childrens-services", "education"}),
        ("Staff in children's and adult services did not share one transitions pathway.",
         {"childrens-services"}),
        ("Concerns were screened together by police, health and social care staff.",
         {"police", "nhs"}),
        ("The local mosque and a Polish community association ran lunch clubs.",
         {"voluntary-sector"}),
        ("The Kestrelford Learning Disability Partnership Board meets quarterly.", {"other"}),
        ("Councillors and the Cabinet Member for Adults were well informed.", {"elected-members"}),
        # an ambulance service and a health trust are NHS trusts, however they are named
        ("Crisis calls were shared with the ambulance service and the police.",
         {"nhs-trust", "police"}),
        ("The community health trust and the local hospitals met every week.", {"nhs-trust"}),
        ("Both ambulance services and one health trust joined the discharge hub.", {"nhs-trust"}),
        ("Kestrel Coast Ambulance Service and Kestrel Community Health Trust shared data.",
         {"nhs-trust"}),
        # a safeguarding adults board that an area calls a partnership is still its board
        ("The Kestrelford Safeguarding Adults Partnership audits cases.", {"sab"}),
        ("The safeguarding adults partnership and faith organisations ran the campaign.",
         {"sab", "voluntary-sector"}),
        # pharmacies, dentists and opticians are primary care, as GPs are
        ("Community pharmacies and dentists joined the falls prevention offer.",
         {"primary-care"}),
        ("Optometrists referred people with sight loss to the sensory team.", {"primary-care"}),
        ("Kestrel Road Pharmacy hosted the carers' clinic.", {"primary-care"}),
        # Shared Lives is a regulated care service; grassroots and user-led groups are
        # the voluntary sector; a safeguarding children partnership is children's services
        ("Shared Lives carers offered short breaks to younger adults.", {"care-providers"}),
        ("Grassroots groups and user-led organisations shaped the strategy.",
         {"voluntary-sector"}),
        ("The local safeguarding children partnership agreed a transitions protocol.",
         {"childrens-services"}),
        # "across health, housing and ..." is the NHS; Citizens Advice is a charity
        ("Relationships across health, housing and the voluntary sector are strong.",
         {"nhs", "housing", "voluntary-sector"}),
        ("The front door is run with Kestrelford Citizens Advice.", {"voluntary-sector"}),
        # a typographic apostrophe is an apostrophe (text from the web, Word, slides)
        ("Transitions from children’s services start too late.", {"childrens-services"}),
        ("The council’s carers’ centre ran drop-in sessions.",
         {"council", "carers-organisation"}),
        # generic words name no partner; board members are not councillors
        ("Staff, leaders and partners described the culture.", set()),
        ("Couples shared lives of quiet routine before the move.", set()),
        ("Board members of the partnership were unsure how it would work.", set()),
    ],
)  # fmt: skip
def test_partner_types(sentence, expected):
    assert types(sentence) == expected


def test_partner_type_of_minted_ids():
    vocab = load_vocabulary()
    assert vocab.partner_type("kestrelford-council") == "council"
    assert vocab.partner_type("kestrelford-healthwatch") == "healthwatch"
    assert vocab.partner_type("kestrel-hospitals-nhs-foundation-trust") == "nhs-trust"
    assert vocab.partner_type("providers") == "care-providers"
    assert vocab.partner_type("lga-peer-team") == "lga"
    assert vocab.partner_type("kestrel-road-pharmacy") == "primary-care"
    assert vocab.partner_type("kestrelford-shared-lives-scheme") == "care-providers"
    assert vocab.partner_type("kestrelford-asian-elders-network") == "voluntary-sector"
    assert vocab.partner_type("kestrelford-somali-community-association") == "voluntary-sector"
    assert vocab.partner_type("kestrelford-primary-care-network") == "primary-care"


def test_the_board_is_the_board_named_last():
    resolver = PartnerResolver(load_vocabulary(), "Kestrelford County Council")
    assert resolver.partners("The Board met.") == []  # no board named yet
    assert resolver.partners("The Safeguarding Adults Board has an independent chair.") == [
        "kestrelford-sab"
    ]
    assert resolver.partners("The Board may wish to test its assurance.") == ["kestrelford-sab"]
    # the ICB is "the ICB": "the board" after it is still the safeguarding board
    assert resolver.partners("The ICB funds the hub, and the board agreed it.") == [
        "kestrelford-icb",
        "kestrelford-sab",
    ]
    assert resolver.partners("Partners said the board was well attended.") == ["kestrelford-sab"]
    # neither board members nor the idiom
    assert resolver.partners("Board members and the board's members were unsure.") == []
    assert resolver.partners("The board's members met.") == []  # not councillors either
    assert resolver.partners("Support was evident across the board.") == []


def test_the_hub_or_centre_is_the_one_named_last_by_that_word():
    resolver = PartnerResolver(load_vocabulary(), "Kestrelford County Council")
    assert resolver.partners("Carers said the hub was hard to reach.") == []  # none named yet
    (hub,) = resolver.partners("The Kestrelford Carers' Hub offers short breaks.")
    assert resolver.labels[hub][1] == "carers-organisation"
    assert resolver.partners("Carers who used the hub described it as a lifeline.") == [hub]
    # a board named since does not take "the hub"; "the partnership" refers to nothing
    assert resolver.partners("The Safeguarding Adults Board audits cases.") == ["kestrelford-sab"]
    assert resolver.partners("The hub and the board share a plan.") == sorted(
        [hub, "kestrelford-sab"]
    )
    assert resolver.partners("The partnership has matured.") == []


def test_each_areas_multi_agency_safeguarding_hub_is_its_own_node():
    vocab = load_vocabulary()
    one = PartnerResolver(vocab, "Kestrelford County Council")
    other = PartnerResolver(vocab, "Fenmouth City Council")
    assert one.partners("The multi-agency safeguarding hub (MASH) screens concerns.") == [
        "multi-agency-safeguarding-hub-kestrelford"
    ]
    assert one.partners("Police officers sit in the Multi-Agency Safeguarding Hub.") == [
        "kestrelford-police",
        "multi-agency-safeguarding-hub-kestrelford",
    ]
    assert other.partners("Vacancies in the MASH stand at 18%.") == [
        "multi-agency-safeguarding-hub-fenmouth"
    ]
    assert one.labels["multi-agency-safeguarding-hub-kestrelford"][1] == "other"
    assert other.partners("The cafe served mash and peas.") == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the area is the authority when it acts, not when it has a population
        ("Kestrelford has a clear vision for adult social care.", ["kestrelford-council"]),
        ("Kestrelford has a population of around 318,000.", []),
        ("Kestrelford had an ageing population and rising demand.", []),
        ("Kestrelford understands its own strengths and weaknesses well.",
         ["kestrelford-council"]),
        ("Kestrelford is open about where it needs to improve.", ["kestrelford-council"]),
        ("Kestrelford is a coastal county with a busy port.", []),
        # what the authority runs; health as a partner in integration
        ("Kestrelford's prevention offer was innovative.", ["kestrelford-council"]),
        ("Kestrelford's residents are older than average.", []),
        ("Integration with health was exemplary.", ["nhs"]),
        ("Data from social care, health and housing was combined.",
         ["kestrelford-housing", "nhs"]),
        ("The health and wellbeing board met.", []),
    ],
)  # fmt: skip
def test_the_area_as_the_authority_and_health_as_a_partner(sentence, expected):
    resolver = PartnerResolver(load_vocabulary(), "Kestrelford County Council")
    assert resolver.partners(sentence) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the council's people by the word alone; another tier's are that tier's
        ("Jobcentre Plus advisers sit with council social workers in two hubs.",
         {"dwp", "council"}),
        ("District council officers said the advice line was good.", {"district-council"}),
        # an ICB by its initials run together
        ("The local authority and KVICB had agreed a joint plan.", {"council", "icb"}),
        # the sector named as a list with "and"
        ("The voluntary, community and faith sector was a strong partner.",
         {"voluntary-sector"}),
        # a carers' charity by its name, not a document or a day named for carers
        ("Carers told us that Carers Together Kestrelford was easy to reach.",
         {"carers-organisation"}),
        ("The Carers Strategy was refreshed in 2025.", set()),
        # NHS staff by their work, not public health's
        ("Community health staff and reablement workers share a base.", {"nhs"}),
        ("The public health team ran the falls campaign.", {"public-health"}),
    ],
)  # fmt: skip
def test_council_staff_run_together_initials_sector_lists_and_carers_charities(sentence, expected):
    assert types(sentence) == expected
